// The plenary's live panels (console, projector, delegate's phone): the server pushes the live state
// by server-sent events (data-stream-url) whenever it changes, and the panels marked data-live are
// rebuilt from it (text only, never HTML from the data). The server ends each stream after a while and
// EventSource reconnects; when the stream fails (a proxy that buffers, no EventSource), state.json is
// asked for once a second instead. When the item or the vote changes, the console and the phone
// reload (their forms depend on it), unless someone is typing there.
(function () {
  "use strict";
  var root = document.querySelector("[data-state-url]");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("pleno-labels").textContent);
  var projector = root.tagName === "BODY";
  var version = root.getAttribute("data-version");
  // The shape of the state the page was rendered with (live.py): a change seen at the very first poll counts too.
  var shape = root.getAttribute("data-shape");

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function panel(name) { return root.querySelectorAll('[data-live="' + name + '"]'); }
  function replaceAll(name, build) {
    panel(name).forEach(function (node) {
      while (node.firstChild) node.removeChild(node.firstChild);
      build(node);
    });
  }

  function render(state) {
    replaceAll("item", function (node) {
      if (!state.item) { node.appendChild(el("p", "live-label", labels.no_item)); return; }
      node.appendChild(el("p", "live-label", labels.topic_prefix + " · " + state.item.topic));
      var number = el("p", "live-number", state.item.number);
      if (state.item.origin) {
        number.appendChild(document.createTextNode(" "));
        number.appendChild(el("span", "live-origin", state.item.origin));
      }
      node.appendChild(number);
      node.appendChild(el("p", "live-text", state.item.text));
      if (state.item.subs.length) {
        var list = el("ol", "live-subs");
        state.item.subs.forEach(function (sub) {
          var li = el("li");
          li.appendChild(el("span", "live-letter", sub.letter + "."));
          li.appendChild(document.createTextNode(" " + sub.text));
          list.appendChild(li);
        });
        node.appendChild(list);
      }
    });
    // Proposed changes to the item (sidang/_amendments.html): words removed in <del>, added in <ins>.
    replaceAll("amendments", function (node) {
      var amendments = state.amendments || [];
      node.hidden = !amendments.length;
      amendments.forEach(function (amendment) {
        var box = el("div", "live-amendment");
        box.appendChild(el("p", "live-label", fill(labels.amendment_from, { who: amendment.delegation })));
        var text = el("p", "live-diff");
        amendment.diff.forEach(function (part, index) {
          if (index) text.appendChild(document.createTextNode(" "));
          var tag = part[0] === "insert" ? "ins" : part[0] === "delete" ? "del" : null;
          text.appendChild(tag ? el(tag, null, part[1]) : document.createTextNode(part[1]));
        });
        box.appendChild(text);
        node.appendChild(box);
      });
    });
    replaceAll("speaking", function (node) {
      if (!state.speaking) { node.appendChild(el("p", "live-label", labels.nobody)); return; }
      node.appendChild(el("p", "live-label", labels.speaking));
      var who = el("p", "live-speaker", state.speaking.name + " ");
      who.appendChild(el("span", "meta", "(" + state.speaking.delegation + ")"));
      node.appendChild(who);
      var timer = el("p", "live-timer", "–:––");
      timer.setAttribute("data-started", state.speaking.started_at);
      timer.setAttribute("data-seconds", state.speaking_seconds);
      node.appendChild(timer);
    });
    replaceAll("waiting", function (node) {
      // an empty list is a plain note, not "1. Belum ada …"
      if (!state.waiting.length) { node.appendChild(el("p", "live-empty meta", labels.empty)); return; }
      var list = el("ol", "live-waiting");
      state.waiting.forEach(function (person) {
        var li = el("li");
        if (person.kind === "interupsi") li.appendChild(el("strong", null, labels.interupsi + ": "));
        li.appendChild(document.createTextNode(person.name + " "));
        li.appendChild(el("span", "meta", "(" + person.delegation + ")"));
        list.appendChild(li);
      });
      node.appendChild(list);
    });
    replaceAll("quorum", function (node) {
      node.classList.toggle("is-short", !state.quorum.met);
      node.textContent = fill(labels.quorum, state.quorum) + " — " + (state.quorum.met ? labels.met : labels.short);
    });
    replaceAll("vote", function (node) {
      var vote = state.vote;
      if (!vote) return;
      node.appendChild(el("p", "live-label", vote.state === "open" ? labels.vote_open : labels.vote_result));
      node.appendChild(el("p", "live-text", vote.question));
      if (vote.state === "open") {
        node.appendChild(el("p", null, fill(labels.cast, vote)));
      } else {
        var line = el("p", null, fill(labels.result, vote) + " — ");
        line.appendChild(el("strong", null, vote.passed ? labels.passed : labels.failed));
        node.appendChild(line);
      }
    });
    tick();
    if (projector) fit();
  }

  // The projector never scrolls (nobody in the hall can scroll it): a panel whose text does not fit gets
  // smaller type, down to FIT_MIN of its size (sub-points still 2.6 % of the screen's height, about 24 pt
  // on a 1024×768 slide); what still does not fit is shown a screen at a time, PAGE_MS each, with
  // "Layar n dari m" in the footer.
  var FIT_MIN = 0.7;
  var PAGE_MS = parseInt(root.getAttribute("data-page-ms"), 10) || 8000;
  var page = 0;
  function overflowing(box) { return box.scrollHeight > box.clientHeight + 1; }
  function shrink(box) {
    var scale = 1;
    box.style.setProperty("--fit", "1");
    box.scrollTop = 0;
    while (overflowing(box) && scale > FIT_MIN) {
      scale = Math.max(FIT_MIN, scale - 0.05);
      box.style.setProperty("--fit", scale.toFixed(2));
    }
  }
  // Where each screen starts: at the first line of text (a paragraph, a sub-point) that did not fit wholly
  // on the screen before, so nothing is cut in two between screens unless it is taller than a screen.
  var starts = [0];
  function screens(box) {
    var found = [0];
    var blocks = Array.prototype.slice.call(box.querySelectorAll("p, li"));
    var start = 0;
    while (start + box.clientHeight < box.scrollHeight) {
      var next = null;
      for (var i = 0; i < blocks.length; i++) {
        var top = blocks[i].offsetTop;
        if (top > start && top + blocks[i].offsetHeight > start + box.clientHeight) { next = top; break; }
      }
      next = next === null || next - start < 1 ? start + box.clientHeight : next;
      found.push(next);
      start = next;
    }
    return found;
  }
  function showPage() {
    var box = root.querySelector(".projector-main");
    var pager = root.querySelector("[data-pager]");
    if (page >= starts.length) page = 0;
    box.scrollTop = starts[page];
    pager.hidden = starts.length < 2;
    pager.textContent = fill(labels.pager, { page: page + 1, pages: starts.length });
  }
  function fit() {
    root.querySelectorAll(".projector-main, .projector-side").forEach(shrink);
    starts = screens(root.querySelector(".projector-main"));
    page = 0;
    showPage();
  }

  function shapeOf(state) { return state.shape; }
  function typing() {
    var active = document.activeElement;
    return active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && active.type !== "hidden";
  }

  function tick() {
    root.querySelectorAll(".live-timer[data-started]").forEach(function (timer) {
      var started = Date.parse(timer.getAttribute("data-started"));
      var limit = parseInt(timer.getAttribute("data-seconds"), 10) || 0;
      var left = Math.round(limit - (Date.now() - started) / 1000);
      var over = left < 0;
      var seconds = Math.abs(left);
      timer.textContent = (over ? "+" : "") + Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
      timer.classList.toggle("is-over", over);
    });
  }

  function offline(on) {
    panel("offline").forEach(function (node) { node.hidden = !on; });
  }

  // Once the page is being left (a form sent, a link followed), a change pushed meanwhile must not
  // reload it: the reload would replace the navigation under way and lose the message it brings
  // ("Usulan perubahan terkirim"). The new page renders the change anyway.
  var leaving = false;
  document.addEventListener("submit", function (event) { if (!event.defaultPrevented) leaving = true; });
  window.addEventListener("beforeunload", function () { leaving = true; });
  window.addEventListener("pageshow", function () { leaving = false; });  // back to this page (bfcache)

  function receive(state) {
    if (leaving) return;
    offline(false);
    if (shape === null) shape = shapeOf(state);  // the projector: no forms
    if (state.version === version) return;
    version = state.version;
    if (!projector && shapeOf(state) !== shape && !typing()) { window.location.reload(); return; }
    render(state);
  }

  function poll() {
    fetch(root.getAttribute("data-state-url"), { cache: "no-cache", credentials: "same-origin",
                                                  headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(receive)
      .catch(function () { offline(true); })
      .then(function () { window.setTimeout(poll, 1000); });
  }

  // Polling from the first failure of a stream that never delivered, or after three in a row.
  function listen() {
    var url = root.getAttribute("data-stream-url");
    if (!url || !window.EventSource) { window.setTimeout(poll, 1000); return; }
    var source = new EventSource(url);
    var delivered = false;
    var failures = 0;
    source.onopen = function () { failures = 0; };
    source.addEventListener("state", function (message) {
      delivered = true;
      receive(JSON.parse(message.data));
    });
    source.onerror = function () {
      failures += 1;
      if (source.readyState === EventSource.CLOSED || !delivered || failures >= 3) {
        source.close();
        offline(true);
        window.setTimeout(poll, 1000);
      }
    };
  }

  window.setInterval(tick, 250);
  tick();
  if (projector) {
    fit();
    window.addEventListener("resize", fit);
    window.setInterval(function () { page += 1; showPage(); }, PAGE_MS);
  }
  listen();
})();
