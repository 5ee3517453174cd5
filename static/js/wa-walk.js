// The WhatsApp walk-through list: a link opened is marked "sudah dibuka", remembered in this browser
// only (localStorage, per meeting and list), so the secretariat can go down the list one after another.
(function () {
  "use strict";
  var list = document.getElementById("wa-list");
  if (!list) return;
  var storeKey = "raker.wa." + list.dataset.list;
  var opened = {};
  try { opened = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { opened = {}; }

  function save() {
    try { localStorage.setItem(storeKey, JSON.stringify(opened)); } catch (e) { /* private mode: this page only */ }
  }

  function mark(item) {
    item.classList.add("is-opened");
    var label = item.querySelector(".wa-opened");
    if (label) label.hidden = false;
  }

  function count() {
    var done = list.querySelectorAll("li.is-opened").length;
    var total = list.querySelectorAll("li[data-key] a.wa-link").length;
    var out = document.getElementById("wa-progress");
    if (out) out.textContent = out.dataset.template.replace("{done}", done).replace("{total}", total);
  }

  list.querySelectorAll("li[data-key]").forEach(function (item) {
    if (opened[item.dataset.key]) mark(item);
    var link = item.querySelector("a.wa-link");
    if (!link) return;
    link.addEventListener("click", function () {
      opened[item.dataset.key] = Date.now();
      save();
      mark(item);
      count();
    });
  });

  var next = document.getElementById("wa-next");
  if (next) {
    next.hidden = false;
    next.addEventListener("click", function () {
      var link = list.querySelector("li[data-key]:not(.is-opened) a.wa-link");
      if (link) { link.focus(); link.scrollIntoView({ block: "center" }); }
    });
  }
  var reset = document.getElementById("wa-reset");
  if (reset) {
    reset.hidden = false;
    reset.addEventListener("click", function () {
      opened = {};
      save();
      list.querySelectorAll("li.is-opened").forEach(function (item) {
        item.classList.remove("is-opened");
        var label = item.querySelector(".wa-opened");
        if (label) label.hidden = true;
      });
      count();
    });
  }
  count();
})();
