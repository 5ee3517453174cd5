// Copy buttons: <button data-copy="INPUT-ID" data-copied="…" data-copy-failed="…">; the outcome is
// announced in the element with data-copy-status="INPUT-ID" (role="status"). No inline script (CSP).
(function () {
  "use strict";
  function announce(id, text) {
    var status = document.querySelector('[data-copy-status="' + id + '"]');
    if (status) status.textContent = text;
  }

  function fallback(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.dataset.copy;
      var input = document.getElementById(id);
      if (!input) return;
      var done = function () { announce(id, button.dataset.copied || ""); };
      var failed = function () {
        if (fallback(input)) done(); else announce(id, button.dataset.copyFailed || "");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, failed);
      } else {
        failed();
      }
    });
  });
})();
