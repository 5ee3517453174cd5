// The door scanner (daftar ulang). An ES module, loaded from our origin only (CSP: no inline code).
//
// Online: every QR read is POSTed to the check-in API with a fresh nonce, the gate, a device id and
// the scan time; the answer is shown full screen for ~2 s (green / amber / red) with a beep and a
// vibration. Offline (navigator.onLine false, or a request failing or taking > 4 s): the page
// decides from the offline bundle (SHA-256 of the QR text → name, delegation, role, state) kept in
// IndexedDB, remembers local check-ins per day, and queues the scan; the queue goes to the batch
// endpoint with the original nonces and times when the network is back. A retried nonce never
// counts twice on the server, so a request that timed out but did arrive is harmless.
// Offline, the search looks in the bundle (name, or the full NIP by its hash) and a chosen person is
// checked in locally exactly as a scan. A signature taken offline waits in IndexedDB with the scan's
// nonce and is uploaded once the synced scan has told us its check-in id.
"use strict";

import { codeHash, nipDigits, readBundle, search as searchBundle } from "./scanner-offline.js";

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
const MAX_SIGNATURE_CHARS = Math.floor(512 * 1024 * 4 / 3) + 32;  // the server's 512 KB PNG, as a data: URL

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
  index: null,            // readBundle(bundle): rows, byHash, byId
  stats: null,
  queue: [],
  signatures: [],         // waiting on the phone (offline, or their upload failed)
  syncing: false,
  hideTimer: 0,
  lastOk: null,           // who the signature pad is for: {checkin_id, name} online, {nonce, name, scan} offline
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
  const request = indexedDB.open("raker-scanner", 2);
  request.onupgradeneeded = (event) => {
    const db = request.result;
    if (event.oldVersion < 1) {
      db.createObjectStore("bundles", { keyPath: "event" });
      db.createObjectStore("queue", { keyPath: "nonce" }).createIndex("event", "event");
      db.createObjectStore("local", { keyPath: "key" });  // event|day|person → first local check-in
    }
    if (event.oldVersion < 2) {
      // key: the offline scan's nonce, or "c<checkin id>" when only the upload failed
      db.createObjectStore("signatures", { keyPath: "key" }).createIndex("event", "event");
    }
  };
  request.onsuccess = () => {
    request.result.onversionchange = () => request.result.close();  // let a newer page upgrade
    resolve(request.result);
  };
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
  signatures: () => idb("signatures", "readonly", (s) => s.index("event").getAll(config.event)),
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
  state.index = readBundle(bundle);
  $("bundle-info").textContent = fmt(T.bundle_info, { n: state.index.rows.length, time: clock(bundle.fetched_at) });
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

function localKey(day, person) {  // person: "r<registration id>" (see readBundle)
  return `${config.event}|${day}|${person}`;
}

async function remember(answer) {
  // What the server said, so an offline decision later knows who is already in.
  if (!["ok", "already_checked_in"].includes(answer.status) || answer.registration_id === undefined) return;
  const first = answer.status === "ok" ? answer.checked_in_at : answer.first_checked_in_at;
  if (!first) return;
  const key = localKey(dayOf(first), `r${answer.registration_id}`);
  if (!(await db.get("local", key))) {
    await db.put("local", { key, first_checked_in_at: first,
      gate: answer.status === "ok" ? answer.gate : answer.first_gate });
  }
}

function decideFromSearchRow(scan) {
  // A person found by the online search but missing from the bundle (newer than it): the row says who.
  const row = scan.row;
  const person = { name: row.name, delegation: row.delegation, role: row.role };
  if (row.state === "cancelled") return { status: "cancelled", ...person };
  if (row.state !== "approved") return { status: "not_approved", ...person };
  return row.checked_in_today ? { status: "already_checked_in", ...person }
    : { status: "ok", ...person, checked_in_at: scan.scanned_at, gate: scan.gate };
}

// The same decision for a badge and for a person chosen in the search: the bundle's row, then
// the check-ins the bundle knew of, then those made or seen on this phone.
async function decideLocally(scan) {
  let row;
  if (scan.registration_id !== undefined) {
    row = state.index && state.index.byId.get(scan.registration_id);
    if (!row) return scan.row ? decideFromSearchRow(scan) : { status: "unchecked", message: T.bundle_none };
  } else {
    if (!state.index) return { status: "unchecked", message: T.bundle_none };
    row = state.index.byHash.get(await codeHash(state.index, scan.code));
    if (!row) return { status: "invalid" };
  }
  const person = { name: row.name, delegation: row.delegation, role: row.role };
  if (row.state === "cancelled") return { status: "cancelled", ...person };
  if (row.state !== "approved") return { status: "not_approved", ...person };
  const day = dayOf(scan.scanned_at);
  if (!(state.bundle.days || config.days).includes(day)) return { status: "not_today", ...person };
  const before = row.checkedIn[day];  // checked in at another gate before the bundle was made
  if (before) {
    return { status: "already_checked_in", ...person, first_checked_in_at: before.at, first_gate: before.gate };
  }
  const key = localKey(day, row.key);
  const earlier = await db.get("local", key);
  if (earlier) {
    return { status: "already_checked_in", ...person, first_checked_in_at: earlier.first_checked_in_at,
      first_gate: earlier.gate };
  }
  await db.put("local", { key, first_checked_in_at: scan.scanned_at, gate: scan.gate });
  return { status: "ok", ...person, checked_in_at: scan.scanned_at, gate: scan.gate };
}

// ---- queue of offline scans and signatures ----------------------------------------------------

// What the API receives for a scan (one shape for /checkins and /checkins/batch).
function scanBody(scan) {
  const body = { gate: scan.gate, nonce: scan.nonce, scanned_at: scan.scanned_at, device: scan.device };
  if (scan.registration_id !== undefined) body.registration_id = scan.registration_id; else body.code = scan.code;
  return body;
}

async function enqueue(scan, localStatus) {
  await db.put("queue", { event: config.event, ...scanBody(scan), local_status: localStatus });
  await loadQueue();
}

async function loadQueue() {
  [state.queue, state.signatures] = await Promise.all([db.queued(), db.signatures()]);
  const signatures = state.signatures.length;
  const total = state.queue.length + signatures;
  const count = $("queue-count");
  count.textContent = signatures ? fmt(T.queued_signatures, { n: total, s: signatures }) : fmt(T.queued, { n: total });
  count.dataset.count = String(total);
  try { localStorage.setItem("raker-scanner-pending", String(total)); } catch (error) { /* private mode: no guard */ }
  count.dataset.signatures = String(signatures);
  count.classList.toggle("pill-queue", total > 0);
  showCounter();
}

// A signature kept on the phone: for an offline scan (key = its nonce, with the scan itself so it
// can be asked again), or for a known check-in whose upload failed (key = "c" + id).
async function keepSignature(target, png) {
  const key = target.checkin_id ? `c${target.checkin_id}` : target.nonce;
  await db.put("signatures", { key, event: config.event, name: target.name, png, taken_at: new Date().toISOString(),
    checkin_id: target.checkin_id, nonce: target.nonce, scan: target.scan });
  await loadQueue();
}

function dropSignature(signature, reason) {
  notice(fmt(T.signature_dropped, { name: signature.name || "", error: reason }));
  return db.remove("signatures", signature.key);
}

// The server answered the signature's scan: keep its check-in id, or give up when there is none
// (refused at the server, e.g. cancelled since the bundle was made).
async function linkSignature(signature, answer) {
  if (answer.checkin_id && (answer.status === "ok" || answer.status === "already_checked_in")) {
    await db.put("signatures", { ...signature, checkin_id: answer.checkin_id });
  } else {
    await dropSignature(signature, answer.message || T[answer.status] || answer.status);
  }
}

async function uploadSignatures() {
  let uploaded = 0;
  for (const signature of await db.signatures()) {
    if (!signature.checkin_id) continue;
    const { ok, status, data } = await api(`${config.api}/${signature.checkin_id}/signature`, {
      method: "POST", body: { png: signature.png, keep_existing: true }, timeout: 15000,
    });
    if (ok) {
      await db.remove("signatures", signature.key);
      uploaded += 1;
    } else if (status === 404 || status === 409 || (status === 400 && data && data.fields)) {
      // Refused for good (not a usable PNG, no such check-in, the person already signed at another
      // gate: the first signature stands): sending it again would not help.
      await dropSignature(signature, data && data.fields ? Object.values(data.fields).join(" ")
        : (data && data.message) || `HTTP ${status}`);
    } else {
      break;  // session ended or server trouble: kept for the next attempt
    }
  }
  return uploaded;
}

async function sync() {
  if (state.syncing || !navigator.onLine) return;
  state.syncing = true;
  let sent = 0;
  let signed = 0;
  try {
    const queued = await db.queued();
    const waiting = new Map((await db.signatures()).filter((s) => s.nonce && !s.checkin_id).map((s) => [s.nonce, s]));
    // A signature taken after its scan was sent: the scan goes again with its nonce, and the server
    // gives the first answer again (with the check-in id) without counting anything twice.
    const pending = new Set(queued.map((q) => q.nonce));
    const again = [...waiting.values()].filter((s) => !pending.has(s.nonce) && s.scan).map((s) => s.scan);
    const items = [...queued, ...again].sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
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
          const nonce = chunk[i].nonce;
          if (pending.has(nonce)) {
            await db.remove("queue", nonce);
            sent += 1;
          }
          await remember(answer);
          if (waiting.has(nonce)) await linkSignature(waiting.get(nonce), answer);
        }
      }
    }
    signed = await uploadSignatures();
  } catch (error) {
    if (error instanceof NetworkFailure) degrade(); else console.warn("sync", error);
  } finally {
    state.syncing = false;
    await loadQueue();
  }
  if (sent || signed) {
    notice([sent ? fmt(T.synced, { n: sent }) : "", signed ? fmt(T.signatures_synced, { n: signed }) : ""]
      .filter(Boolean).join(" "));
    if (sent) await refreshStats();
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

function showResult(answer, { offline = false, scan = null } = {}) {
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
  // Online the check-in id is known; offline the signature waits with the scan's nonce.
  let signFor = null;
  if (status === "ok" && answer.checkin_id) signFor = { checkin_id: answer.checkin_id, name: answer.name };
  else if (status === "ok" && offline && scan) signFor = { nonce: scan.nonce, name: answer.name, scan: scanBody(scan) };
  const canSign = Boolean(signFor);
  $("result-sign").hidden = !canSign;
  box.hidden = false;
  beep(kind);
  vibrate(kind);
  clearTimeout(state.hideTimer);
  state.hideTimer = setTimeout(hideResult, RESULT_MS);

  if (answer.name) {
    $("last").hidden = false;
    $("last-text").textContent = `${fmt(T.last, { name: answer.name })} — ${T[status] || status}${offline ? ` (${T.offline})` : ""}`;
    state.lastOk = signFor;
    $("last-sign").hidden = !canSign;
  }
}

function hideResult() {
  clearTimeout(state.hideTimer);
  $("result").hidden = true;
}

// ---- one scan ----------------------------------------------------------------------------

async function submit(scan) {
  const body = scanBody(scan);
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
    await remember(answer);
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
  showResult(local, { offline: true, scan });
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
    // A refusal is remembered by the browser: say where to allow it (no prompt comes again).
    $("camera-help").hidden = error.name !== "NotAllowedError";
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
  // The camera waits for the gate name: say so instead of "Menyiapkan kamera…" forever.
  $("camera-waiting").hidden = Boolean(gate) || state.scanning;
  if (!gate && !state.scanning) {
    $("camera-status").textContent = T.gate_first;
    $("gate-input").focus();
  }
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

$("manual-jump").addEventListener("click", (event) => {
  event.preventDefault();
  $("search-input").scrollIntoView({ block: "center" });
  $("search-input").focus();
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
  let rows = null;
  if (online()) {
    try {
      const { ok, data } = await api(`${config.api}/search?q=${encodeURIComponent(query)}`);
      if (ok && Array.isArray(data)) rows = data;
    } catch (error) {
      if (!(error instanceof NetworkFailure)) throw error;
      degrade();
    }
  }
  const local = rows === null;
  if (local) {  // offline, too slow, or the session ended: look in the bundle on this phone
    rows = await searchOffline(query);
    if (typeof rows === "string") {
      status.textContent = rows;
      return;
    }
  }
  const digits = nipDigits(query);
  const partNip = digits !== null && digits.length >= 4 && digits.length !== 18;
  // The server finds a NIP only when typed whole: say so rather than "nobody".
  status.textContent = rows.length ? (local ? T.search_local : "") : (partNip ? T.search_nip_whole : T.search_none);
  for (const row of rows) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = row.name;
    const where = document.createElement("span");
    where.className = "where";
    // Jabatan and the masked NIP (online answers only) tell namesakes apart.
    where.textContent = [row.delegation, row.position, row.nip_masked, row.role,
      row.state !== "approved" ? T[`state_${row.state}`] || row.state : ""].filter(Boolean).join(" · ");
    button.append(who, where);
    if (row.checked_in_today) {
      const done = document.createElement("span");
      done.className = "done";
      done.textContent = T.already_today;
      button.append(done);
    }
    button.addEventListener("click", () => {
      unlockAudio();
      confirmPerson(row, button, async () => {
        list.replaceChildren();
        status.textContent = "";
        $("search-input").value = "";
        await submit(newScan({ registration_id: row.registration_id, row }));
      });
    });
    item.append(button);
    list.append(item);
  }
});

// The person card: who a tap on a search result would check in, before it does (name, delegation,
// jabatan, masked NIP). The scan is sent only on "Ya, daftar ulang"; "Bukan" returns to the list.
let cardAction = null;
let cardOpener = null;

function confirmPerson(row, opener, action) {
  const card = $("person-card");
  if (typeof card.showModal !== "function") {  // no <dialog>: the old behaviour, one tap
    action();
    return;
  }
  $("person-card-name").textContent = row.name;
  $("person-card-delegation").textContent = row.delegation || "—";
  $("person-card-position").textContent = row.position || "";
  $("person-card-position-row").hidden = !row.position;  // the offline bundle carries no jabatan
  $("person-card-nip").textContent = row.nip_masked || "";
  $("person-card-nip-row").hidden = !row.nip_masked;
  $("person-card-role").textContent = T[`role_${row.role}`] || row.role || "";
  $("person-card-role-row").hidden = !row.role;
  $("person-card-note").textContent = [row.checked_in_today ? T.already_today : "",
    row.state && row.state !== "approved" ? T[`state_${row.state}`] || row.state : ""].filter(Boolean).join(" · ");
  cardAction = action;
  cardOpener = opener;
  card.showModal();
  $("person-card-confirm").focus();
}

$("person-card-confirm").addEventListener("click", async () => {
  const action = cardAction;
  cardAction = null;
  $("person-card").close();
  if (action) await action();
});
$("person-card-cancel").addEventListener("click", () => $("person-card").close());
$("person-card").addEventListener("close", () => {
  if (cardAction && cardOpener) cardOpener.focus();  // closed without confirming: back to the list
  cardAction = null;
});

// Rows of the bundle shaped like the online search's answer, or the reason there are none.
async function searchOffline(query) {
  if (!state.index || !state.index.byId.size) return T.search_no_bundle;
  const found = await searchBundle(state.index, query);
  if (found.reason) return T[`search_${found.reason}`];
  const today = dayOf(new Date().toISOString());
  const rows = [];
  for (const row of found.rows) {
    const done = Boolean(row.checkedIn[today]) || Boolean(await db.get("local", localKey(today, row.key)));
    rows.push({ registration_id: row.id, name: row.name, delegation: row.delegation, role: row.role,
      state: row.state, checked_in_today: done });
  }
  return rows;
}

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
  // A modal dialog takes the focus (and gives it back when closed), for keyboard and screen readers.
  state.focusBefore = document.activeElement;
  $("signature-title").focus();
}

function closeSignature() {
  $("signature").hidden = true;
  if (state.focusBefore && document.contains(state.focusBefore)) state.focusBefore.focus();
  state.focusBefore = null;
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
  const png = pad.toDataURL("image/png");
  if (png.length > MAX_SIGNATURE_CHARS) {
    status.textContent = T.signature_too_big;
    return;
  }
  const target = state.signatureFor;
  if (target.checkin_id && online()) {
    try {
      const { ok, data } = await api(`${config.api}/${target.checkin_id}/signature`, {
        method: "POST", body: { png }, timeout: 15000,
      });
      if (ok) {
        closeSignature();
        notice(T.signature_saved);
        $("last-sign").hidden = true;
        return;
      }
      if (data && data.fields) {  // refused (e.g. empty): the petugas can draw again
        status.textContent = fmt(T.signature_failed, { error: Object.values(data.fields).join(" ") });
        return;
      }
      // the session ended or the server failed: kept on the phone below, sent later
    } catch (error) {
      if (!(error instanceof NetworkFailure)) throw error;
      degrade();
    }
  }
  await keepSignature(target, png);
  closeSignature();
  notice(T.signature_kept);
  $("last-sign").hidden = true;
  sync();
});

$("result-sign").addEventListener("click", (event) => {
  event.stopPropagation();
  openSignature(state.lastOk);
});
$("last-sign").addEventListener("click", () => openSignature(state.lastOk));
$("result-close").addEventListener("click", hideResult);
// Keyboard users close the full-screen answer (and the signature sheet) with Escape.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (!$("signature").hidden) closeSignature();
  else if (!$("result").hidden) hideResult();
});
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
