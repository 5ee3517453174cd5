// The door scanner (daftar ulang). An ES module, loaded from our origin only (CSP: no inline code).
//
// Online: every QR read is POSTed to the check-in API with a fresh nonce, the gate, a device id and
// the scan time; the answer is shown full screen for ~2 s (green / amber / red) with a beep and a
// vibration. Offline (navigator.onLine false, or a request failing or taking > 4 s): the page
// decides from the offline bundle (SHA-256 of the QR text → name, delegation, role, state) kept in
// IndexedDB, remembers local check-ins per day, and queues the scan; the queue goes to the batch
// endpoint with the original nonces and times when the network is back. A retried nonce never
// counts twice on the server, so a request that timed out but did arrive is harmless.
"use strict";

const $ = (id) => document.getElementById(id);
const config = JSON.parse($("scanner-config").textContent);
const T = JSON.parse($("scanner-strings").textContent);
const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));

const NETWORK_TIMEOUT = 4000;   // a scan request slower than this is decided locally
const RESULT_MS = 2000;         // how long the full-screen answer stays
const REPEAT_MS = 3000;         // the same code seen again within this time is ignored
const SCAN_EVERY = 200;         // ms between two detection attempts
const BUNDLE_EVERY = 5 * 60 * 1000;
const STATS_EVERY = 30 * 1000;
const SYNC_EVERY = 15 * 1000;
const DEGRADED_MS = 30 * 1000;  // after a failed request, decide locally for this long
const BATCH_SIZE = 100;

const state = {
  csrf: document.querySelector('meta[name="csrf-token"]').content,
  detector: null,
  stream: null,
  scanning: false,
  processing: false,
  lastCode: null,
  lastSeen: 0,
  degradedUntil: 0,
  bundle: null,
  index: new Map(),
  stats: null,
  queue: [],
  syncing: false,
  hideTimer: 0,
  lastOk: null,           // {checkin_id, name} of the last online ok, for the signature pad
  signatureFor: null,
  audio: null,
  sessionProblem: false,
};

// ---- small helpers ------------------------------------------------------------------------

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function stored(key, make) {
  let value = null;
  try { value = localStorage.getItem(key); } catch (error) { /* private mode */ }
  if (!value && make) {
    value = make();
    try { localStorage.setItem(key, value); } catch (error) { /* keep it in memory */ }
  }
  return value;
}

const deviceId = stored("raker.scanner.device", () => "web-" + uuid());
const gateName = () => stored("raker.scanner.gate") || "";

async function sha256hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
}

function zoned(date, options) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: config.timezone, ...options }).formatToParts(date);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

function dayOf(iso) {  // YYYY-MM-DD in the event's time zone
  const p = zoned(new Date(iso), { year: "numeric", month: "2-digit", day: "2-digit" });
  return `${p.year}-${p.month}-${p.day}`;
}

function clock(iso) {  // "09.05" in the event's time zone
  const p = zoned(new Date(iso || Date.now()), { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${p.hour}.${p.minute}`;
}

function notice(text) {
  $("notice").textContent = text || "";
}

// ---- IndexedDB: the offline bundle, the queue, local check-ins ----------------------------

const dbReady = new Promise((resolve, reject) => {
  const request = indexedDB.open("raker-scanner", 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    db.createObjectStore("bundles", { keyPath: "event" });
    db.createObjectStore("queue", { keyPath: "nonce" }).createIndex("event", "event");
    db.createObjectStore("local", { keyPath: "key" });  // event|day|hash → first local check-in
  };
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

async function idb(store, mode, action) {
  const db = await dbReady;
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = action(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

const db = {
  get: (store, key) => idb(store, "readonly", (s) => s.get(key)),
  put: (store, value) => idb(store, "readwrite", (s) => s.put(value)),
  remove: (store, key) => idb(store, "readwrite", (s) => s.delete(key)),
  queued: () => idb("queue", "readonly", (s) => s.index("event").getAll(config.event)),
};

// ---- network ------------------------------------------------------------------------------

class NetworkFailure extends Error {}

function online() {
  return navigator.onLine && Date.now() >= state.degradedUntil;
}

function degrade() {
  state.degradedUntil = Date.now() + DEGRADED_MS;
  showNetState();
}

function recovered() {
  if (state.degradedUntil) {
    state.degradedUntil = 0;
    showNetState();
  }
}

async function refreshSession() {
  let response;
  try {
    response = await fetch(config.session, { credentials: "same-origin", redirect: "manual", cache: "no-store" });
  } catch (error) {
    return false;
  }
  const type = response.headers.get("Content-Type") || "";
  if (response.ok && type.includes("json")) {
    state.csrf = (await response.json()).csrf_token;
    state.sessionProblem = false;
    return true;
  }
  state.sessionProblem = true;
  notice(T.session_expired);
  return false;
}

// {status, data} for any HTTP answer; NetworkFailure when no answer came in time.
async function api(url, { method = "GET", body = null, timeout = NETWORK_TIMEOUT, retry = true } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    const headers = { Accept: "application/json" };
    if (body !== null) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRFToken"] = state.csrf;
    response = await fetch(url, {
      method, headers, body: body === null ? undefined : JSON.stringify(body),
      credentials: "same-origin", cache: "no-store", signal: controller.signal,
    });
  } catch (error) {
    throw new NetworkFailure(String(error));
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  recovered();
  if (response.status === 400 && retry && data && /csrf/i.test(data.message || "")) {
    // The token in the page expired or belongs to an older session: fetch a fresh one, once.
    if (await refreshSession()) return api(url, { method, body, timeout, retry: false });
  }
  if (response.status === 401) {
    state.sessionProblem = true;
    notice(T.session_expired);
  } else if (response.status === 403) {
    notice(T.forbidden);
  }
  return { status: response.status, ok: response.ok, data };
}

// ---- the offline bundle -------------------------------------------------------------------

function useBundle(bundle) {
  state.bundle = bundle;
  state.index = new Map(bundle.participants.map((p) => [p.hash, p]));
  $("bundle-info").textContent = fmt(T.bundle_info, { n: bundle.participants.length, time: clock(bundle.fetched_at) });
  $("bundle-info").dataset.loaded = "1";
}

async function refreshBundle() {
  if (!online()) return;
  try {
    const { ok, data } = await api(`${config.api}/bundle`, { timeout: 20000 });
    if (ok && data && Array.isArray(data.participants)) {
      const bundle = { ...data, event: config.event, fetched_at: new Date().toISOString() };
      await db.put("bundles", bundle);
      useBundle(bundle);
    }
  } catch (error) {
    if (error instanceof NetworkFailure) degrade(); else throw error;
  }
}

function localKey(day, hash) {
  return `${config.event}|${day}|${hash}`;
}

async function remember(code, answer) {
  // What the server said, so an offline decision later knows who is already in.
  if (!code || !["ok", "already_checked_in"].includes(answer.status)) return;
  const first = answer.status === "ok" ? answer.checked_in_at : answer.first_checked_in_at;
  if (!first) return;
  const key = localKey(dayOf(first), await sha256hex(code.trim()));
  if (!(await db.get("local", key))) {
    await db.put("local", { key, first_checked_in_at: first,
      gate: answer.status === "ok" ? answer.gate : answer.first_gate });
  }
}

async function decideLocally(scan) {
  if (scan.registration_id !== undefined) {  // a manual check-in: the search row told us who
    const row = scan.row;
    const person = { name: row.name, delegation: row.delegation, role: row.role };
    if (row.state === "cancelled") return { status: "cancelled", ...person };
    if (row.state !== "approved") return { status: "not_approved", ...person };
    return row.checked_in_today ? { status: "already_checked_in", ...person }
      : { status: "ok", ...person, checked_in_at: scan.scanned_at, gate: scan.gate };
  }
  if (!state.bundle) return { status: "unchecked", message: T.bundle_none };
  const hash = await sha256hex(scan.code.trim());
  const row = state.index.get(hash);
  if (!row) return { status: "invalid" };
  const person = { name: row.name, delegation: row.delegation, role: row.role };
  if (row.state === "cancelled") return { status: "cancelled", ...person };
  if (row.state !== "approved") return { status: "not_approved", ...person };
  const day = dayOf(scan.scanned_at);
  if (!(state.bundle.days || config.days).includes(day)) return { status: "not_today", ...person };
  const before = row.checked_in && row.checked_in[day];  // checked in at another gate before the bundle was made
  if (before) {
    return { status: "already_checked_in", ...person, first_checked_in_at: before.at, first_gate: before.gate };
  }
  const key = localKey(day, hash);
  const earlier = await db.get("local", key);
  if (earlier) {
    return { status: "already_checked_in", ...person, first_checked_in_at: earlier.first_checked_in_at,
      first_gate: earlier.gate };
  }
  await db.put("local", { key, first_checked_in_at: scan.scanned_at, gate: scan.gate });
  return { status: "ok", ...person, checked_in_at: scan.scanned_at, gate: scan.gate };
}

// ---- queue of offline scans ----------------------------------------------------------------

async function enqueue(scan, localStatus) {
  const item = { event: config.event, nonce: scan.nonce, gate: scan.gate, scanned_at: scan.scanned_at,
    device: scan.device, local_status: localStatus };
  if (scan.registration_id !== undefined) item.registration_id = scan.registration_id;
  else item.code = scan.code;
  await db.put("queue", item);
  await loadQueue();
}

async function loadQueue() {
  state.queue = await db.queued();
  const count = $("queue-count");
  count.textContent = fmt(T.queued, { n: state.queue.length });
  count.dataset.count = String(state.queue.length);
  count.classList.toggle("pill-queue", state.queue.length > 0);
  showCounter();
}

async function sync() {
  if (state.syncing || !navigator.onLine) return;
  state.syncing = true;
  let sent = 0;
  try {
    const items = (await db.queued()).sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
    for (let start = 0; start < items.length; start += BATCH_SIZE) {
      const chunk = items.slice(start, start + BATCH_SIZE);
      const scans = chunk.map(({ code, registration_id, gate, nonce, scanned_at, device }) =>
        (registration_id !== undefined ? { registration_id, gate, nonce, scanned_at, device }
          : { code, gate, nonce, scanned_at, device }));
      const { ok, data } = await api(`${config.api}/batch`, { method: "POST", body: { scans }, timeout: 20000 });
      if (!ok || !data || !Array.isArray(data.results)) break;  // kept for the next attempt
      for (let i = 0; i < chunk.length; i += 1) {
        const answer = data.results[i];
        if (answer && answer.status) {
          await db.remove("queue", chunk[i].nonce);
          await remember(chunk[i].code, answer);
          sent += 1;
        }
      }
    }
  } catch (error) {
    if (error instanceof NetworkFailure) degrade(); else console.warn("sync", error);
  } finally {
    state.syncing = false;
    await loadQueue();
  }
  if (sent) {
    notice(fmt(T.synced, { n: sent }));
    await refreshStats();
  }
}

// ---- counter and online state ----------------------------------------------------------------

async function refreshStats() {
  if (!online()) return;
  try {
    const { ok, data } = await api(`${config.api}/stats`);
    if (ok && data) {
      state.stats = data;
      showCounter();
    }
  } catch (error) {
    if (error instanceof NetworkFailure) degrade(); else throw error;
  }
}

function showCounter() {
  if (!state.stats) return;
  const today = dayOf(new Date().toISOString());
  const day = (state.stats.by_day || []).find((d) => d.day === today);
  const pending = state.queue.filter((q) => q.local_status === "ok").length;
  const present = (day ? day.checked_in : state.stats.checked_in) + pending;
  const counter = $("counter");
  counter.textContent = fmt(T.counter, { n: present, m: state.stats.expected });
  counter.dataset.present = String(present);
}

function showNetState() {
  const pill = $("net-state");
  const up = online();
  pill.textContent = up ? T.online : T.offline;
  pill.dataset.online = up ? "1" : "0";
  pill.classList.toggle("pill-online", up);
  pill.classList.toggle("pill-offline", !up);
}

// ---- feedback: full-screen result, beep, vibration ---------------------------------------------

function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  if (!state.audio) state.audio = new Context();
  if (state.audio.state === "suspended") state.audio.resume().catch(() => {});
}

function beep(kind) {
  const ctx = state.audio;
  if (!ctx || ctx.state !== "running") return;  // no tap on the page yet: browsers forbid sound
  const tones = { ok: [[880, 0, 0.12]], already: [[660, 0, 0.1], [660, 0.17, 0.1]], bad: [[220, 0, 0.45]] }[kind];
  const t0 = ctx.currentTime;
  for (const [frequency, start, length] of tones) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = kind === "bad" ? "square" : "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t0 + start);
    gain.gain.exponentialRampToValueAtTime(0.25, t0 + start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + start + length);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(t0 + start);
    oscillator.stop(t0 + start + length + 0.02);
  }
}

function vibrate(kind) {
  // Chrome refuses (and complains) before the first tap on the page.
  if (!navigator.vibrate || !(navigator.userActivation && navigator.userActivation.hasBeenActive)) return;
  navigator.vibrate({ ok: [80], already: [80, 80, 80], bad: [250, 100, 250] }[kind]);
}

function showResult(answer, { offline = false } = {}) {
  const status = answer.status;
  const kind = status === "ok" ? "ok" : (status === "already_checked_in" || status === "unchecked") ? "already" : "bad";
  const box = $("result");
  box.className = `result result-${kind}`;
  box.dataset.status = status;
  box.dataset.offline = offline ? "1" : "0";
  $("result-title").textContent = T[status] || T.error;
  $("result-name").textContent = answer.name || "";
  $("result-detail").textContent = [answer.delegation, answer.role].filter(Boolean).join(" · ");
  let message = answer.message || T[`msg_${status}`] || "";
  if (status === "already_checked_in" && answer.first_checked_in_at) {
    const time = clock(answer.first_checked_in_at);
    message = `${message} ${answer.first_gate ? fmt(T.first_at, { time, gate: answer.first_gate })
      : fmt(T.first_at_nogate, { time })}.`.trim();
  }
  $("result-message").textContent = message;
  $("result-offline").hidden = !offline;
  const canSign = status === "ok" && !offline && Boolean(answer.checkin_id);
  $("result-sign").hidden = !canSign;
  box.hidden = false;
  beep(kind);
  vibrate(kind);
  clearTimeout(state.hideTimer);
  state.hideTimer = setTimeout(hideResult, RESULT_MS);

  if (answer.name) {
    $("last").hidden = false;
    $("last-text").textContent = `${fmt(T.last, { name: answer.name })} — ${T[status] || status}${offline ? ` (${T.offline})` : ""}`;
    state.lastOk = canSign ? { checkin_id: answer.checkin_id, name: answer.name } : null;
    $("last-sign").hidden = !canSign;
  }
}

function hideResult() {
  clearTimeout(state.hideTimer);
  $("result").hidden = true;
}

// ---- one scan ----------------------------------------------------------------------------

async function submit(scan) {
  const body = { gate: scan.gate, nonce: scan.nonce, scanned_at: scan.scanned_at, device: scan.device };
  if (scan.registration_id !== undefined) body.registration_id = scan.registration_id; else body.code = scan.code;
  let answer = null;
  if (online()) {
    try {
      const { data } = await api(config.api, { method: "POST", body });
      if (data && data.status) answer = data;
      else if (data && data.message) notice(fmt(T.server_error, { error: data.message }));
    } catch (error) {
      if (!(error instanceof NetworkFailure)) throw error;
      degrade();
    }
  }
  if (answer) {
    if (scan.code) await remember(scan.code, answer);
    showResult(answer);
    if (answer.status === "ok") {
      if (state.stats) { state.stats.checked_in += 1; bumpToday(); }
      refreshStats();
    }
    return;
  }
  // No answer from the server (offline, slow, session ended): decide here and send it later
  // with the same nonce and scan time.
  const local = await decideLocally(scan);
  await enqueue(scan, local.status);
  showResult(local, { offline: true });
}

function bumpToday() {
  const today = dayOf(new Date().toISOString());
  const day = (state.stats.by_day || []).find((d) => d.day === today);
  if (day) day.checked_in += 1;
  showCounter();
}

function newScan(extra) {
  return { gate: gateName(), nonce: uuid(), scanned_at: new Date().toISOString(), device: deviceId, ...extra };
}

async function onCode(text) {
  const now = Date.now();
  if (text === state.lastCode && now - state.lastSeen < REPEAT_MS) {
    state.lastSeen = now;  // still in front of the camera: not a new scan
    return;
  }
  state.lastCode = text;
  state.lastSeen = now;
  await submit(newScan({ code: text }));
}

// ---- camera and decoder --------------------------------------------------------------------

async function makeDetector() {
  if ("BarcodeDetector" in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) return new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (error) { /* fall back to the polyfill */ }
  }
  const { BarcodeDetector, prepareZXingModule } = await import(config.ponyfill);
  const wasmUrl = new URL(config.wasm, window.location.href).href;
  // Never the library's default CDN: the .wasm comes from our /static (and the service worker's cache).
  await prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: ["qr_code"] });
}

async function startCamera() {
  const status = $("camera-status");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    status.textContent = T.camera_missing;
    return false;
  }
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({
      audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (error) {
    status.textContent = error.name === "NotAllowedError" ? T.camera_denied
      : (error.name === "NotFoundError" || error.name === "OverconstrainedError") ? T.camera_missing
        : fmt(T.camera_error, { error: error.message || error.name });
    return false;
  }
  const video = $("camera");
  video.srcObject = state.stream;
  try { await video.play(); } catch (error) { /* autoplay of a muted video is allowed; play() may still race */ }
  return true;
}

async function detectLoop() {
  const video = $("camera");
  if (state.detector && !state.processing && $("signature").hidden && !document.hidden
      && video.readyState >= 2 && video.videoWidth > 0) {
    state.processing = true;
    try {
      const codes = await state.detector.detect(video);
      const text = codes.length ? codes[0].rawValue : "";
      if (text) await onCode(text);
    } catch (error) {
      console.warn("scan", error);
    } finally {
      state.processing = false;
    }
  }
  setTimeout(detectLoop, SCAN_EVERY);
}

// Loaded as soon as the page opens (also before the gate is named), so a page opened once while
// online has its decoder (and the .wasm in the service worker's cache) before the network drops.
let decoder = null;
function loadDecoder() {
  if (!decoder) {
    decoder = makeDetector().then((detector) => {
      state.detector = detector;
      $("camera-status").dataset.decoder = "ready";
      return detector;
    });
    decoder.catch(() => {});
  }
  return decoder;
}

async function startScanner() {
  if (state.scanning) return;
  state.scanning = true;
  const status = $("camera-status");
  status.textContent = T.camera_starting;
  const [camera, detector] = await Promise.all([
    startCamera(),
    loadDecoder().catch((error) => {
      status.textContent = fmt(T.decoder_error, { error: error.message || String(error) });
      return null;
    }),
  ]);
  if (camera && detector) {
    status.textContent = T.camera_ready;
    status.dataset.ready = "1";
    detectLoop();
  }
}

// ---- gate name -----------------------------------------------------------------------------

function showGate() {
  const gate = gateName();
  $("gate-form").hidden = Boolean(gate);
  $("gate-line").hidden = !gate;
  $("gate-name").textContent = gate;
}

$("gate-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = $("gate-input").value.trim().slice(0, 60);
  if (!value) {
    notice(T.gate_required);
    return;
  }
  try { localStorage.setItem("raker.scanner.gate", value); } catch (error) { /* ignore */ }
  notice("");
  showGate();
  startScanner();
});

$("gate-change").addEventListener("click", () => {
  $("gate-input").value = gateName();
  $("gate-form").hidden = false;
  $("gate-line").hidden = true;
  $("gate-input").focus();
});

// ---- manual search -------------------------------------------------------------------------

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const query = $("search-input").value.trim();
  const status = $("search-status");
  const list = $("search-results");
  list.replaceChildren();
  if (query.length < 2) {
    status.textContent = T.search_short;
    return;
  }
  if (!online()) {
    status.textContent = T.search_offline;
    return;
  }
  let rows;
  try {
    const { ok, data } = await api(`${config.api}/search?q=${encodeURIComponent(query)}`);
    rows = ok && Array.isArray(data) ? data : [];
  } catch (error) {
    degrade();
    status.textContent = T.search_offline;
    return;
  }
  status.textContent = rows.length ? "" : T.search_none;
  for (const row of rows) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = row.name;
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = [row.delegation, row.role, row.state !== "approved" ? T[`state_${row.state}`] || row.state : ""]
      .filter(Boolean).join(" · ");
    button.append(who, where);
    if (row.checked_in_today) {
      const done = document.createElement("span");
      done.className = "done";
      done.textContent = T.already_today;
      button.append(done);
    }
    button.addEventListener("click", async () => {
      unlockAudio();
      list.replaceChildren();
      $("search-input").value = "";
      await submit(newScan({ registration_id: row.registration_id, row }));
    });
    item.append(button);
    list.append(item);
  }
});

// ---- signature pad -------------------------------------------------------------------------

const pad = $("signature-pad");
const pen = pad.getContext("2d");
let drawing = false;
let inked = false;

function padPoint(event) {
  const box = pad.getBoundingClientRect();
  return [(event.clientX - box.left) * (pad.width / box.width), (event.clientY - box.top) * (pad.height / box.height)];
}

function clearPad() {
  pen.clearRect(0, 0, pad.width, pad.height);
  inked = false;
  $("signature-status").textContent = "";
}

pad.addEventListener("pointerdown", (event) => {
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  drawing = true;
  const [x, y] = padPoint(event);
  pen.lineWidth = 3;
  pen.lineCap = "round";
  pen.lineJoin = "round";
  pen.strokeStyle = "#000";
  pen.beginPath();
  pen.moveTo(x, y);
  pen.lineTo(x + 0.1, y + 0.1);
  pen.stroke();
  inked = true;
});
pad.addEventListener("pointermove", (event) => {
  if (!drawing) return;
  event.preventDefault();
  const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
  for (const e of events.length ? events : [event]) {
    const [x, y] = padPoint(e);
    pen.lineTo(x, y);
  }
  pen.stroke();
});
for (const type of ["pointerup", "pointercancel"]) {
  pad.addEventListener(type, () => { drawing = false; });
}

function openSignature(target) {
  if (!target) return;
  hideResult();
  state.signatureFor = target;
  $("signature-who").textContent = target.name;
  clearPad();
  $("signature").hidden = false;
}

function closeSignature() {
  $("signature").hidden = true;
  state.signatureFor = null;
}

$("signature-clear").addEventListener("click", clearPad);
$("signature-cancel").addEventListener("click", closeSignature);
$("signature-save").addEventListener("click", async () => {
  const status = $("signature-status");
  if (!inked) {
    status.textContent = T.signature_empty;
    return;
  }
  const target = state.signatureFor;
  try {
    const { ok, data } = await api(`${config.api}/${target.checkin_id}/signature`, {
      method: "POST", body: { png: pad.toDataURL("image/png") }, timeout: 15000,
    });
    if (ok) {
      closeSignature();
      notice(T.signature_saved);
      $("last-sign").hidden = true;
      return;
    }
    const reason = data && (data.fields ? Object.values(data.fields).join(" ") : data.message);
    status.textContent = fmt(T.signature_failed, { error: reason || "HTTP" });
  } catch (error) {
    status.textContent = fmt(T.signature_failed, { error: T.offline });
  }
});

$("result-sign").addEventListener("click", (event) => {
  event.stopPropagation();
  openSignature(state.lastOk);
});
$("last-sign").addEventListener("click", () => openSignature(state.lastOk));
$("result-close").addEventListener("click", hideResult);
$("result").addEventListener("click", (event) => {
  if (event.target === event.currentTarget || event.target.closest(".result-box")) hideResult();
});

// ---- start -----------------------------------------------------------------------------------

async function start() {
  document.addEventListener("pointerdown", unlockAudio, { passive: true });
  document.addEventListener("keydown", unlockAudio);
  showNetState();
  window.addEventListener("online", () => {
    recovered();
    showNetState();
    sync();
    refreshStats();
    refreshBundle();
  });
  window.addEventListener("offline", showNetState);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.serviceWorker, { scope: config.scope })
      .catch((error) => console.warn("service worker", error));
  }
  const saved = await db.get("bundles", config.event);
  if (saved) useBundle(saved);
  await loadQueue();

  loadDecoder();
  showGate();
  if (gateName()) startScanner();

  if (online()) {
    await Promise.all([refreshBundle(), refreshStats()]);
    sync();
  }
  setInterval(refreshBundle, BUNDLE_EVERY);
  setInterval(refreshStats, STATS_EVERY);
  setInterval(() => { showNetState(); sync(); }, SYNC_EVERY);
}

start();
