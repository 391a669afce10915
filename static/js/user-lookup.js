// User lookup (iop/user_lookup.py): fills an input's <datalist> from its JSON endpoint as the user
// types, instead of a dropdown carrying every user. No dependencies; runs on inputs with
// data-lookup-url.
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY_MS = 200;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-lookup-url");
    if (!list || !url) return;
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH || query === last) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        last = query;
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.value;
              option.label = item.label;
              option.textContent = item.label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* the field still accepts a typed username */ });
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-lookup-url]").forEach(attach);
})();
