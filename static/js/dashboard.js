// Live attendance dashboard: redraws the numbers, who has not arrived and the arrivals chart every 10 seconds.
// The chart is a plain SVG bar chart (a few dozen bars): no charting library needed for that.
(function () {
  "use strict";
  var status = document.getElementById("live-status");
  var chart = document.getElementById("arrivals-chart");
  if (!status || !chart) return;
  var SVG = "http://www.w3.org/2000/svg";
  var LABEL_HALF = 16;
  // "… dan {count} lainnya": the names of a delegation are its first few only (live.json missing_count).
  var table = document.getElementById("by-delegation");
  var moreText = (table && table.dataset.moreText) || "… +{count}";

  function draw(arrivals) {
    while (chart.firstChild) chart.removeChild(chart.firstChild);
    var width = 600, height = 180, bottom = 20;
    var max = arrivals.reduce(function (m, a) { return Math.max(m, a.count); }, 1);
    var slot = width / Math.max(arrivals.length, 1);
    arrivals.forEach(function (a, i) {
      var h = (height - bottom - 14) * a.count / max;
      var bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("x", String(i * slot + slot * 0.15));
      bar.setAttribute("y", String(height - bottom - h));
      bar.setAttribute("width", String(slot * 0.7));
      bar.setAttribute("height", String(h));
      bar.setAttribute("class", "bar");
      var title = document.createElementNS(SVG, "title");
      title.textContent = a.time + ": " + a.count;
      bar.appendChild(title);
      chart.appendChild(bar);
      if (a.count) {  // an empty quarter is only a place on the time axis
        var value = document.createElementNS(SVG, "text");
        value.setAttribute("x", String(i * slot + slot / 2));
        value.setAttribute("y", String(height - bottom - h - 3));
        value.setAttribute("class", "bar-value");
        value.textContent = String(a.count);
        chart.appendChild(value);
      }
      if (arrivals.length <= 16 || /\.00$/.test(a.time)) {  // on a long day, the whole hours
        var label = document.createElementNS(SVG, "text");
        var x = i * slot + slot / 2;
        label.setAttribute("y", String(height - 5));
        label.setAttribute("class", "bar-label");
        label.textContent = a.time;
        // Centred under its bar, except where half a label ("07.00", about 30 units) would leave the
        // chart: the first hour then starts at the left edge, the last ends at the right one.
        if (x < LABEL_HALF) { x = 0; label.style.textAnchor = "start"; }
        else if (x > width - LABEL_HALF) { x = width; label.style.textAnchor = "end"; }
        label.setAttribute("x", String(x));
        chart.appendChild(label);
      }
    });
  }

  function set(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = String(value);
  }

  function refresh() {
    fetch(status.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        set("present-today", data.present_today);
        set("checked-in", data.stats.checked_in);
        set("expected", data.stats.expected);
        set("review-count", data.review);
        data.stats.by_delegation.forEach(function (row) {
          var tr = document.querySelector('tr[data-delegation="' + row.id + '"]');
          if (!tr) return;
          tr.querySelector('[data-field="checked_in"]').textContent = String(row.checked_in);
          var missing = data.missing[String(row.id)] || [];
          var more = ((data.missing_count || {})[String(row.id)] || missing.length) - missing.length;
          tr.querySelector('[data-field="missing"]').textContent = missing.length
            ? missing.map(function (m) { return m.name; }).join(", ") + (more > 0 ? " " + moreText.replace("{count}", String(more)) : "")
            : "—";
          var reminder = tr.querySelector('[data-field="reminder"]');
          var link = (data.reminders || {})[String(row.id)];
          if (reminder) { if (link) reminder.href = link; reminder.hidden = !link; }
        });
        draw(data.arrivals);
        status.textContent = status.dataset.okText || status.textContent;
        status.classList.remove("stale");
      })
      .catch(function () { status.classList.add("stale"); });
  }

  draw(JSON.parse(document.getElementById("arrivals-data").textContent));
  status.dataset.okText = status.textContent;
  setInterval(refresh, 10000);
})();
