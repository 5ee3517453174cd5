// The main menu is a <details> so it folds on a phone without JavaScript. Browsers do not render a
// closed <details>' content whatever the CSS says, so on wide screens it is simply kept open.
(function () {
  "use strict";
  // Logging out clears the phone's stored data (Clear-Site-Data), queued offline check-ins included:
  // the scanner keeps their number in localStorage, and a logout with some left asks first.
  var logout = document.getElementById("logout-form");
  if (logout) {
    logout.addEventListener("submit", function (event) {
      var pending = Number(window.localStorage && localStorage.getItem("raker-scanner-pending")) || 0;
      if (pending > 0 && !window.confirm(logout.dataset.pendingWarning.replace("{n}", String(pending)))) {
        event.preventDefault();
      }
    });
  }
  var menu = document.querySelector("details.menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 52rem)");
  function apply() { if (wide.matches) menu.open = true; }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
})();
