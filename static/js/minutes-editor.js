// Notulen editor: repeatable rows (points, Q&A) added and removed in the page, and autosave.
// Without JavaScript the form still works: it offers one blank row of each kind and saves by POST.
// Autosave posts the content as JSON about every 20 s after a change, with the revision the page
// was loaded at; a 409 answer means someone else saved meanwhile: a warning (Simpan then opens both versions per part) is
// shown and autosave stops, so nothing is overwritten.
(function () {
  "use strict";
  var form = document.getElementById("minutes-form");
  if (!form || form.dataset.locked) { return; }
  var INTERVAL = 20000;
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var messages = document.getElementById("minutes-messages").dataset;
  var status = document.getElementById("minutes-status");
  var base = document.getElementById("base_revision");
  var dirty = false, busy = false, stopped = false;
  // The page answering a conflicting save: no autosave until the person saves knowingly.
  if (!document.getElementById("minutes-conflict").hidden) { stopped = true; }

  function say(text) { if (status) { status.textContent = text; } }

  function showRemoveButtons(list) {
    list.querySelectorAll("[data-remove-row]").forEach(function (button) { button.hidden = false; });
  }

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    var kind = button.dataset.addRow;
    var list = form.querySelector('[data-rows="' + kind + '"]');
    var template = document.getElementById("minutes-template-" + kind);
    button.hidden = false;
    showRemoveButtons(list);
    button.addEventListener("click", function () {
      var row = template.content.firstElementChild.cloneNode(true);
      list.appendChild(row);
      showRemoveButtons(list);
      var first = row.querySelector("textarea, input");
      if (first) { first.focus(); }
    });
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) { return; }
    var row = button.closest("[data-row]");
    if (row) { row.remove(); dirty = true; say(messages.unsaved); }
  });

  function values(name) {
    return Array.prototype.map.call(form.querySelectorAll('[name="' + name + '"]'), function (el) { return el.value; });
  }

  function content() {
    var keys = ["asker", "delegation", "question", "answer", "answerer"];
    var columns = keys.map(function (key) { return values("qa_" + key); });
    var qa = columns[0].map(function (_, i) {
      var row = {};
      keys.forEach(function (key, k) { row[key] = columns[k][i] || ""; });
      return row;
    });
    function one(name) { var el = form.querySelector('[name="' + name + '"]'); return el ? el.value : ""; }
    return {
      leader: one("leader"), attendance_note: one("attendance_note"), opening: one("opening"),
      notulis_rank: one("notulis_rank"), notulis_nip: one("notulis_nip"),
      closing: one("closing"), discussion: values("discussion"), conclusions: values("conclusions"), qa: qa
    };
  }

  function showConflict(data) {
    stopped = true;
    say(messages.unsaved);
    var box = document.getElementById("minutes-conflict");
    document.getElementById("minutes-conflict-who").textContent = messages.conflict
      .replace("{name}", data.saved_by || "?").replace("{n}", String(data.revision));
    box.hidden = false;
    box.scrollIntoView({ block: "start" });
  }

  function autosave() {
    if (!dirty || busy || stopped) { return; }
    busy = true;
    dirty = false;
    say(messages.saving);
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": tokenMeta ? tokenMeta.content : "" },
      body: JSON.stringify({ base_revision: parseInt(base.value, 10), content: content() })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) {
          base.value = data.revision;
          document.querySelectorAll("[data-base-revision]").forEach(function (el) { el.value = data.revision; });
          say(messages.saved.replace("{n}", String(data.revision)));
        } else if (response.status === 409 && data.conflict) {
          showConflict(data);
        } else {
          dirty = true;
          say(data.error || messages.failed);
          if (response.status === 423) { stopped = true; }
        }
      });
    }).catch(function () {
      dirty = true;
      say(messages.failed);
    }).then(function () { busy = false; });
  }

  form.addEventListener("input", function () { dirty = true; say(messages.unsaved); });
  form.addEventListener("submit", function () { stopped = true; });
  window.setInterval(autosave, INTERVAL);
}());
