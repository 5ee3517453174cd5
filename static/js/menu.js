// The main menu is a <details> so it folds on a phone without JavaScript. Browsers do not render a
// closed <details>' content whatever the CSS says, so on wide screens it is simply kept open.
(function () {
  "use strict";
  var menu = document.querySelector("details.menu");
  if (!menu || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 52rem)");
  function apply() { if (wide.matches) menu.open = true; }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
})();
