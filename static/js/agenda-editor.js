// Agenda day editor: places the session blocks on the timeline grid (rows of 5 minutes, one column
// per room) from their data-* attributes — the CSP allows no inline styles, so positions are set
// here through the CSSOM — and lets the secretariat drag a block to another time or room, or drag
// its bottom edge to change its length, snapping to 5 minutes. Each change is POSTed as JSON to the
// block's move URL with the CSRF token from <meta name="csrf-token">, then the page reloads so the
// conflict warnings are recomputed by the server. Keyboard users use the session form instead.
(function () {
  "use strict";
  var grid = document.getElementById("timeline");
  if (!grid) return;
  var SLOT = Number(grid.dataset.slot) || 5;
  var first = Number(grid.dataset.first);
  var last = Number(grid.dataset.last);
  var limit = Math.min(last, 24 * 60 - SLOT);   // an end of 24.00 cannot be written as a time of the day
  var rows = (last - first) / SLOT;
  var columns = Array.prototype.slice.call(grid.querySelectorAll(".tl-col"));
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute("content") : "";

  function row(minute) { return 2 + (minute - first) / SLOT; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(minute, sep) { return pad(Math.floor(minute / 60)) + (sep || ".") + pad(minute % 60); }
  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  function place(el, start, end, col) {
    el.style.gridRow = row(start) + " / " + row(end);
    el.style.gridColumn = String(col + 2);
  }

  grid.style.gridTemplateColumns = "3.5rem repeat(" + columns.length + ", minmax(9rem, 1fr))";
  grid.style.gridTemplateRows = "auto repeat(" + rows + ", var(--tl-slot))";
  grid.querySelectorAll(".tl-head").forEach(function (el) { el.style.gridColumn = String(Number(el.dataset.col) + 2); });
  grid.querySelectorAll(".tl-hour").forEach(function (el) {
    var start = Number(el.dataset.start);
    el.style.gridRow = row(start) + " / " + row(Math.min(start + 60, last));
  });
  columns.forEach(function (el) {
    el.style.gridRow = "2 / " + (2 + rows);
    el.style.gridColumn = String(Number(el.dataset.col) + 2);
  });
  var blocks = Array.prototype.slice.call(grid.querySelectorAll(".tl-block"));
  blocks.forEach(function (el) {
    place(el, Number(el.dataset.start), Number(el.dataset.end), Number(el.dataset.col));
  });
  grid.classList.add("tl-ready");

  function columnAt(x) {
    for (var i = 0; i < columns.length; i++) {
      var box = columns[i].getBoundingClientRect();
      if (x >= box.left && x < box.right) return i;
    }
    return null;
  }

  function send(el, start, end, col) {
    var room = columns[col].dataset.room;
    var day = grid.dataset.day;
    el.classList.add("saving");
    return fetch(el.dataset.moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ starts_at: day + "T" + clock(start, ":"), ends_at: day + "T" + clock(end, ":"), room_id: room })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) window.alert(body.message || grid.dataset.error);
      });
    }, function () {
      window.alert(grid.dataset.error);
    }).then(function () { window.location.reload(); });
  }

  var drag = null;
  var justDragged = false;

  function onMove(event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    var el = drag.el;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved) {
      if (Math.abs(dx) < 4 && Math.abs(dy) < 4) return;
      drag.moved = true;
      el.classList.add("dragging");
    }
    event.preventDefault();
    var delta = Math.round(dy / drag.slotPx) * SLOT;
    var start = drag.start, end = drag.end, col = drag.col;
    if (drag.mode === "move") {
      var length = drag.end - drag.start;
      start = clamp(drag.start + delta, first, limit - length);
      end = start + length;
      var over = columnAt(event.clientX);
      if (over !== null) col = over;
    } else {
      end = clamp(drag.end + delta, drag.start + SLOT, limit);
    }
    drag.now = { start: start, end: end, col: col };
    place(el, start, end, col);
    var label = el.querySelector(".tl-time");
    if (label) label.textContent = clock(start) + "–" + clock(end);
  }

  function onEnd(event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    var state = drag, el = drag.el;
    drag = null;
    if (!state.moved) return;  // a plain click: follow the title link as usual
    justDragged = true;
    window.setTimeout(function () { justDragged = false; }, 0);
    el.classList.remove("dragging");
    var now = state.now;
    if (event.type === "pointercancel" || (now.start === state.start && now.end === state.end && now.col === state.col)) {
      place(el, state.start, state.end, state.col);
      var label = el.querySelector(".tl-time");
      if (label) label.textContent = clock(state.start) + "–" + clock(state.end);
      return;
    }
    send(el, now.start, now.end, now.col);
  }

  // Moves are followed on the whole document: the pointer leaves the block while resizing it.
  document.addEventListener("pointermove", onMove);
  document.addEventListener("pointerup", onEnd);
  document.addEventListener("pointercancel", onEnd);

  blocks.forEach(function (el) {
    el.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || drag) return;
      var resizing = event.target.classList.contains("tl-resize");
      drag = {
        el: el, mode: resizing ? "resize" : "move", pointer: event.pointerId, x: event.clientX, y: event.clientY,
        start: Number(el.dataset.start), end: Number(el.dataset.end), col: Number(el.dataset.col),
        slotPx: columns[0].getBoundingClientRect().height / rows, moved: false
      };
      drag.now = { start: drag.start, end: drag.end, col: drag.col };
      if (resizing) event.preventDefault();
    });
    el.addEventListener("click", function (event) {
      if (justDragged) { event.preventDefault(); event.stopPropagation(); }
    }, true);
  });
})();
