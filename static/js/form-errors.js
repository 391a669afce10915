// After a failed submission, move focus to the first field with an error, so keyboard and screen-reader
// users land on it and hear its message (tied to the field with aria-describedby).
document.addEventListener("DOMContentLoaded", function () {
  var field = document.querySelector("main [aria-invalid='true'], main .is-invalid");
  if (field && typeof field.focus === "function") {
    field.focus();
  }
});
