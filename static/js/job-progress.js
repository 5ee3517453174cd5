// A job's page: poll its status.json each second, move the bar, offer the file when done.
// Without JavaScript the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-bar");
  var state = document.getElementById("job-state");
  var message = document.getElementById("job-message");
  var download = document.getElementById("job-download");
  var link = document.getElementById("job-file");
  var texts = document.getElementById("job-texts").dataset;
  var failures = 0;

  function show(job) {
    bar.value = job.percent;
    bar.textContent = job.percent + " %";
    if (job.state === "running") {
      state.textContent = texts.running.replace("{done}", job.done).replace("{total}", job.total);
    } else {
      state.textContent = texts[job.state] || "";
    }
    message.hidden = !job.message;
    message.textContent = job.message || "";
    message.className = job.state === "failed" ? "flash error" : "hint";
    if (job.state === "done" && job.download_url) {
      link.href = job.download_url;
      link.textContent = texts.download.replace("{name}", job.filename || "");
      download.hidden = false;
    }
    return job.state === "queued" || job.state === "running";
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        failures = 0;
        if (show(job)) { window.setTimeout(poll, 1000); }
      })
      .catch(function () {
        failures += 1;
        if (failures > 5) { state.textContent = texts.lost; return; }
        window.setTimeout(poll, 2000);
      });
  }

  if (state.textContent.trim() !== texts.done) { window.setTimeout(poll, 500); }
}());
