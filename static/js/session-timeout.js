// The idle-timeout warning (WCAG 2.2.1 Timing adjustable). The server ends a session after
// SESSION_IDLE_SECONDS without a request; this page was a request, so the session lasts at least that
// long from now (data-seconds). A few minutes before (data-warn-seconds) the warning opens and takes
// focus; "Förläng sessionen" posts to the extend URL, which saves the session with a new expiry, and
// the timer starts again. Any htmx request made by the page counts as activity too. When the time is
// up the warning says so and offers to log in again (what was typed stays as a draft, see drafts.js).
(function () {
  "use strict";
  var box = document.getElementById("session-timeout");
  if (!box) {
    return;
  }
  var warnSeconds = parseInt(box.dataset.warnSeconds, 10);
  var timers = [];
  var returnFocus = null;

  function show(state) {
    box.querySelectorAll("[data-state]").forEach(function (el) {
      el.hidden = el.dataset.state.split(" ").indexOf(state) < 0;
    });
    box.setAttribute("aria-labelledby", state === "expired" ? "session-timeout-expired" : "session-timeout-title");
    box.hidden = false;
  }

  function clock(date) {
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  function expire() {
    show("expired");
    var login = box.querySelector("[data-login]");
    login.href = box.dataset.loginUrl;
    login.focus();
  }

  function warn(endsAt, canExtend) {
    box.querySelectorAll("[data-at]").forEach(function (el) { el.textContent = clock(endsAt); });
    show(canExtend ? "warning" : "limit");
    if (!canExtend) {
      return;
    }
    if (!box.contains(document.activeElement)) {
      returnFocus = document.activeElement;
    }
    box.querySelector("[data-extend]").focus();
  }

  function schedule(seconds) {
    timers.forEach(clearTimeout);
    var endsAt = new Date(Date.now() + seconds * 1000);
    // Warn a few minutes before; with a short limit, half-way.
    var warnAfter = Math.max(seconds - warnSeconds, seconds / 2);
    // Extending no longer helps when the absolute limit after login leaves no more than the warning time.
    var canExtend = seconds > warnSeconds;
    timers = [
      setTimeout(function () { warn(endsAt, canExtend); }, warnAfter * 1000),
      setTimeout(expire, seconds * 1000),
    ];
  }

  function hide() {
    box.hidden = true;
    if (returnFocus && document.contains(returnFocus)) {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  box.querySelector("[data-extend]").addEventListener("click", function () {
    fetch(box.dataset.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": box.dataset.csrf, "Accept": "application/json" },
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return response.ok && json ? response.json() : null;
      })
      .then(function (data) {
        if (data === null) {
          expire();
          return;
        }
        hide();
        box.dataset.extended = String(parseInt(box.dataset.extended || "0", 10) + 1);
        schedule(data.seconds);
      })
      .catch(expire);
  });

  // The page's own htmx requests keep the session alive as well.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful && box.hidden) {
      schedule(parseInt(box.dataset.seconds, 10));
    }
  });

  schedule(parseInt(box.dataset.seconds, 10));
})();
