// A character counter under every field with a length limit (data-maxlength, set by iop/text_limits.py).
// Nothing is cut: the browser's maxlength would silently drop pasted text, so the server refuses a too
// long value with a message at the field and this counter warns while typing.
(function () {
  "use strict";
  var SHOW_SHORT_FIELD_AT = 0.8; // one-line fields show their counter only near the limit
  var counted = 0;
  function attach(field) {
    if (field.dataset.counterAttached) return;
    field.dataset.counterAttached = "1";
    var max = parseInt(field.dataset.maxlength, 10);
    if (!max) return;
    counted += 1;
    var counter = document.createElement("div");
    counter.className = "form-text char-counter";
    counter.id = (field.id || "field-" + counted) + "-counter";
    var alert = document.createElement("span");
    alert.className = "visually-hidden";
    alert.setAttribute("aria-live", "polite");
    var visible = document.createElement("span");
    visible.setAttribute("aria-hidden", "true");
    counter.appendChild(visible);
    counter.appendChild(alert);
    var describedBy = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    describedBy.push(counter.id);
    field.setAttribute("aria-describedby", describedBy.join(" "));
    field.insertAdjacentElement("afterend", counter);
    var isLong = field.tagName === "TEXTAREA";
    var wasOver = false;
    function update() {
      var n = field.value.length;
      var over = n > max;
      visible.textContent = over
        ? n + " av högst " + max + " tecken – " + (n - max) + " för många"
        : n + " av högst " + max + " tecken";
      counter.classList.toggle("text-danger", over);
      counter.classList.toggle("fw-semibold", over);
      counter.hidden = !isLong && !over && n < max * SHOW_SHORT_FIELD_AT;
      if (over !== wasOver) {
        alert.textContent = over ? "Texten är för lång: högst " + max + " tecken." : "";
        wasOver = over;
      }
    }
    field.addEventListener("input", update);
    update();
  }
  function scan(root) {
    (root || document).querySelectorAll("[data-maxlength]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
  if (document.readyState !== "loading") scan(document);
})();
