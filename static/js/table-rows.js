// Table forms (iop/forms_tables.py): "add row" clones the formset's empty row, and the arrow buttons move
// a row up or down and renumber the hidden ORDER fields, without a round trip. Without JavaScript the
// arrows post the form and the server moves the row; nothing is saved until "Spara".
(function () {
  function renumber(container) {
    var rows = container.querySelectorAll("tbody[data-rows] > tr");
    rows.forEach(function (row, i) {
      var order = row.querySelector("input[name$='-ORDER']");
      if (order) { order.value = String(i + 1); }
    });
  }
  function announce(container, text) {
    var region = document.getElementById("table-rows-status");
    if (region) { region.textContent = text; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (button) {
      var container = button.closest("[data-table-formset]");
      var row = button.closest("tr");
      if (!container || !row || !row.parentElement.hasAttribute("data-rows")) { return; }
      event.preventDefault();
      var up = button.getAttribute("data-move") === "up";
      var sibling = up ? row.previousElementSibling : row.nextElementSibling;
      if (sibling) {
        if (up) { row.parentElement.insertBefore(row, sibling); } else { row.parentElement.insertBefore(sibling, row); }
        renumber(container);
        button.focus();
        announce(container, up ? "Raden flyttades upp." : "Raden flyttades ned.");
      }
      return;
    }
    var add = event.target.closest("[data-add-row]");
    if (add) {
      var box = add.closest("[data-table-formset]");
      var prefix = box.getAttribute("data-table-formset");
      var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
      var index = parseInt(total.value, 10);
      var html = box.querySelector("template[data-empty-row]").innerHTML
        .replace(/__prefix__/g, String(index)).replace(/__n__/g, String(index + 1));
      var body = box.querySelector("tbody[data-rows]");
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      renumber(box);
      var first = body.lastElementChild.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-add-row]").forEach(function (b) { b.hidden = false; });
  });
})();
