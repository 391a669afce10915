// Drafts of long forms (talk notes, report narratives): a form marked `data-draft` keeps what is typed
// in its text fields in this tab's sessionStorage until the form has been saved, so an expired session,
// a lost connection or a reload loses nothing.
//
// sessionStorage, not localStorage, because talk notes may be confidential (OSL): it belongs to one tab,
// is never sent to the server and is gone when the tab is closed. Drafts are also removed when the form
// has been saved (the next page is not the form again) and at logout. Only text is kept, never the
// choice fields (they are quick to redo and change the form's layout).
(function () {
  "use strict";
  var PREFIX = "iop-draft:";
  var PENDING = "iop-draft-pending";
  var TEXT_TYPES = ["text", "textarea", "date", "datetime-local", "time", "number", "email", "tel", "url"];
  var store;
  try {
    store = window.sessionStorage;
    store.setItem(PENDING + "-probe", "1");
    store.removeItem(PENDING + "-probe");
  } catch (e) {
    return; // storage disabled: forms work as before, without drafts
  }

  function keyOf(form) {
    return PREFIX + window.location.pathname + "#" + form.dataset.draft;
  }

  function textFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && TEXT_TYPES.indexOf(el.type) >= 0;
    });
  }

  function read(key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function save(form) {
    var data = {};
    textFields(form).forEach(function (el) {
      if (el.value !== el.defaultValue) {
        data[el.name] = el.value;
      }
    });
    if (Object.keys(data).length) {
      store.setItem(keyOf(form), JSON.stringify(data));
    } else {
      store.removeItem(keyOf(form));
    }
  }

  // Fill fields still showing what the server sent; returns how many were filled.
  function restore(form, data) {
    var filled = 0;
    textFields(form).forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(data, el.name) && el.value === el.defaultValue && el.value !== data[el.name]) {
        el.value = data[el.name];
        filled += 1;
      }
    });
    return filled;
  }

  function notice(form) {
    var box = document.createElement("div");
    box.className = "alert alert-info draft-notice";
    box.setAttribute("role", "status");
    var text = document.createElement("span");
    text.textContent = form.dataset.draftRestored;
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-dark";
    discard.textContent = form.dataset.draftDiscard;
    discard.addEventListener("click", function () {
      store.removeItem(keyOf(form));
      window.location.reload();
    });
    box.appendChild(text);
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft]"));
  var keys = forms.map(keyOf);
  var loggedIn = Boolean(document.getElementById("session-timeout"));

  // The form posted last time: came it back (errors) or did we move on (saved)?
  var pending = store.getItem(PENDING);
  if (pending && loggedIn) {
    if (keys.indexOf(pending) < 0) {
      store.removeItem(pending);
    }
    store.removeItem(PENDING);
  }

  forms.forEach(function (form) {
    var key = keyOf(form);
    var data = read(key);
    var failedSubmission = form.querySelector("[aria-invalid='true'], .is-invalid");
    if (data && !failedSubmission && restore(form, data)) {
      notice(form);
    }
    form.addEventListener("input", function () {
      save(form);
    });
    form.addEventListener("submit", function () {
      save(form);
      store.setItem(PENDING, key);
    });
    // Fields swapped in by htmx (the talk kind's own questions) get their drafted text back too.
    form.addEventListener("htmx:afterSettle", function () {
      var current = read(key);
      if (current) {
        restore(form, current);
      }
    });
  });

  // Logging out on purpose removes every draft of this tab.
  document.querySelectorAll("form[data-clear-drafts]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Object.keys(store).forEach(function (key) {
        if (key.indexOf(PREFIX) === 0 || key === PENDING) {
          store.removeItem(key);
        }
      });
    });
  });
})();
