// The "done" page: while the mail is still queued, ask every 5 s what became of it and show the
// matching sentence (the sentences are in the page; this only chooses one). Stops after 10 minutes.
(function () {
  "use strict";
  var box = document.getElementById("mail-status");
  if (!box) return;
  var tries = 0;

  function show(state) {
    box.dataset.delivery = state;
    box.querySelectorAll("[data-when]").forEach(function (p) { p.hidden = p.dataset.when !== state; });
  }

  function ask() {
    if (box.dataset.delivery !== "queued" || tries++ > 120) return;
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { if (data.delivery && data.delivery !== box.dataset.delivery) show(data.delivery); })
      .catch(function () {})
      .then(function () { setTimeout(ask, 5000); });
  }

  setTimeout(ask, 5000);
})();
