// Report order form: show only the fields the chosen report type needs (the server checks them anyway).
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  var data = document.getElementById("report-needs");
  if (!form || !data) return;
  var needs = JSON.parse(data.textContent);
  var kind = form.querySelector("select[name=kind]");
  var optional = ["partnership", "year", "quarter"];
  function update() {
    var wanted = needs[kind.value] || optional;
    optional.forEach(function (name) {
      var wrapper = document.getElementById("div_id_" + name);
      if (!wrapper) return;
      var shown = wanted.indexOf(name) !== -1;
      wrapper.hidden = !shown;
      var input = wrapper.querySelector("input, select");
      if (input) input.disabled = !shown;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
