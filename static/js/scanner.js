// The door scanner (daftar ulang), and the room scanner of a session (a sidang komisi's attendance).
// ES modules, loaded from our origin only (CSP: no inline code); this one wires the page together:
//   scanner-page.js      the page's elements, settings, strings
//   scanner-store.js     IndexedDB and localStorage on the phone
//   scanner-network.js   the API calls, with a time limit and the degraded spell after a failure
//   scanner-decision.js  the local decision (pure), the same for a badge and a search result
//   scanner-offline.js   reading and searching the offline bundle (pure)
//   scanner-sync.js      the queue of offline scans and signatures, sent when the network is back
//   scanner-feedback.js  the full-screen answer, beep and vibration
//   scanner-signature.js the signature pad
//
// Online: every QR read is POSTed to the check-in API with a fresh nonce, the gate (and in a room
// the session), a device id and the scan time; the answer is shown full screen. Offline
// (navigator.onLine false, or a request failing or taking > 4 s): the page decides from the
// offline bundle kept in IndexedDB, remembers local check-ins, and queues the scan for later.
"use strict";

import { decide, fromSearchRow, localKey } from "./scanner-decision.js";
import { hideResult, showResult, unlockAudio } from "./scanner-feedback.js";
import { api, onFailure, online, recovered, showNetState } from "./scanner-network.js";
import { codeHash, nipDigits, readBundle, search as searchBundle } from "./scanner-offline.js";
import { $, clock, config, dayOf, fmt, notice, T, today, uuid } from "./scanner-page.js";
import { closeSignature, signatureOpen } from "./scanner-signature.js";
import { keep, stored } from "./scanner-store.js";
import { db, enqueue, loadQueue, onQueue, queue, remember, scanBody, sync } from "./scanner-sync.js";

const REPEAT_MS = 3000;         // the same code seen again within this time is ignored
const SCAN_EVERY = 200;         // ms between two detection attempts
const BUNDLE_EVERY = 5 * 60 * 1000;
const STATS_EVERY = 30 * 1000;
const SYNC_EVERY = 15 * 1000;

const state = {
  detector: null,
  stream: null,
  scanning: false,
  processing: false,
  lastCode: null,
  lastSeen: 0,
  bundle: null,
  index: null,            // readBundle(bundle): rows, byHash, byId
  stats: null,
};

const deviceId = stored("raker.scanner.device", () => "web-" + uuid());
const gateName = () => stored("raker.scanner.gate") || "";
const SESSION_KEY = `raker.scanner.session.${config.event}`;
// The session this phone records (a room), or null at the gate (daftar ulang).
const chosenSession = () => (config.sessions || []).find((s) => String(s.id) === stored(SESSION_KEY)) || null;

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
    // The ETag of the bundle this phone holds: unchanged, the server answers 304 and sends nothing.
    const held = state.bundle && state.bundle.event === config.event ? state.bundle : null;
    const { ok, status, data, etag } = await api(`${config.api}/bundle`, { timeout: 20000, etag: held && held.etag });
    if (status === 304 && held) {
      const bundle = { ...held, fetched_at: new Date().toISOString() };
      await db.put("bundles", bundle);
      useBundle(bundle);
    } else if (ok && data && Array.isArray(data.participants)) {
      const bundle = { ...data, event: config.event, etag, fetched_at: new Date().toISOString() };
      await db.put("bundles", bundle);
      useBundle(bundle);
    }
  } catch (error) {
    onFailure(error);
  }
}

// The person a scan names, from the bundle (or the online search's row for someone newer than the
// bundle), or the answer when there is none.
async function personOf(scan) {
  if (scan.registration_id !== undefined) {
    const row = state.index && state.index.byId.get(scan.registration_id);
    if (row) return { person: row };
    return scan.row ? { person: fromSearchRow(scan.row, dayOf(scan.scanned_at)) }
      : { answer: { status: "unchecked", message: T.bundle_none } };
  }
  if (!state.index) return { answer: { status: "unchecked", message: T.bundle_none } };
  const row = state.index.byHash.get(await codeHash(state.index, scan.code));
  return row ? { person: row } : { answer: { status: "invalid" } };
}

// The decision on the phone (scanner-decision.js), with what this phone saw before, and the
// check-in it makes remembered.
async function decideLocally(scan) {
  const { person, answer } = await personOf(scan);
  if (answer) return answer;
  const session = chosenSession();
  const day = dayOf(scan.scanned_at);
  const key = localKey(config.event, day, person.key, session);
  const earlier = await db.get("local", key);
  const decided = decide(person, {
    scan, day, days: (state.bundle && state.bundle.days) || config.days, session,
    earlier: earlier ? { at: earlier.first_checked_in_at, gate: earlier.gate } : null,
  });
  if (decided.status === "ok") await db.put("local", { key, first_checked_in_at: scan.scanned_at, gate: scan.gate });
  return decided;
}

// ---- counter ---------------------------------------------------------------------------------

// At the gate the counter is the day's daftar ulang; in a room (a session chosen) it is the session's
// attendance, against its commission's members (the whole meeting for a session of no commission).
async function refreshStats() {
  if (!online()) return;
  const session = chosenSession();
  try {
    const query = session ? `?session_id=${encodeURIComponent(session.id)}` : "";
    const { ok, data } = await api(`${config.api}/stats${query}`);
    if (ok && data) {
      state.stats = data;
      showCounter();
    }
  } catch (error) {
    onFailure(error);
  }
}

function showCounter() {
  const counter = $("counter");
  const session = chosenSession();
  if (session) {
    const known = state.stats && state.stats.session && state.stats.session.id === session.id ? state.stats.session : null;
    if (!known) {  // not asked for this session yet (just chosen, or offline since): no gate figure instead
      counter.textContent = fmt(T.counter_session, { n: "–", m: "–" });
      delete counter.dataset.present;
      counter.dataset.mode = "session";
      return;
    }
    const pending = queue.scans.filter((q) => q.local_status === "ok" && q.session_id === session.id).length;
    const present = known.attended + pending;
    counter.textContent = fmt(T.counter_session, { n: present, m: known.expected });
    counter.dataset.present = String(present);
    counter.dataset.mode = "session";
    return;
  }
  if (!state.stats) return;
  const day = (state.stats.by_day || []).find((d) => d.day === today());
  const pending = queue.scans.filter((q) => q.local_status === "ok" && q.session_id === undefined).length;
  const present = (day ? day.checked_in : state.stats.checked_in) + pending;
  counter.textContent = fmt(T.counter, { n: present, m: state.stats.expected });
  counter.dataset.present = String(present);
  counter.dataset.mode = "gate";
}

function bumpToday() {
  const day = (state.stats.by_day || []).find((d) => d.day === today());
  if (day) day.checked_in += 1;
  showCounter();
}

function bumpSession(sessionId) {
  const known = state.stats && state.stats.session;
  if (known && known.id === sessionId) known.attended += 1;
  showCounter();
}

onQueue({ changed: showCounter, synced: refreshStats });

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
      onFailure(error);
    }
  }
  if (answer) {
    await remember(answer);
    showResult(answer);
    if (answer.status === "ok") {
      if (scan.session_id === undefined) {
        if (state.stats) { state.stats.checked_in += 1; bumpToday(); }
      } else {
        bumpSession(scan.session_id);
      }
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

function newScan(extra) {
  const session = chosenSession();
  const scan = { gate: gateName(), nonce: uuid(), scanned_at: new Date().toISOString(), device: deviceId, ...extra };
  if (session) scan.session_id = session.id;
  return scan;
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
  if (state.detector && !state.processing && !signatureOpen() && !document.hidden
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

// ---- gate name and place (the gate, or a session's room) ----------------------------------------

function sessionLabel(session) {
  return [session.title, session.room, session.when].filter(Boolean).join(" · ");
}

function fillSessions() {
  const select = $("session-input");
  if (!select) return;
  for (const session of config.sessions || []) {
    const option = document.createElement("option");
    option.value = String(session.id);
    option.textContent = sessionLabel(session);
    select.append(option);
  }
}

function showGate() {
  const gate = gateName();
  const session = chosenSession();
  $("gate-form").hidden = Boolean(gate);
  $("gate-line").hidden = !gate;
  $("gate-name").textContent = gate;
  $("session-line").hidden = !gate || !session;
  $("session-name").textContent = session ? sessionLabel(session) : "";
  document.body.dataset.scannerSession = session ? String(session.id) : "";
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
  keep("raker.scanner.gate", value);
  keep(SESSION_KEY, $("session-input") ? $("session-input").value : "");
  notice("");
  showGate();
  showCounter();
  refreshStats();  // the counter of the place now chosen: the gate's day, or the session's room
  startScanner();
});

$("manual-jump").addEventListener("click", (event) => {
  event.preventDefault();
  $("search-input").scrollIntoView({ block: "center" });
  $("search-input").focus();
});

$("gate-change").addEventListener("click", () => {
  $("gate-input").value = gateName();
  if ($("session-input")) $("session-input").value = (chosenSession() || { id: "" }).id;
  $("gate-form").hidden = false;
  $("gate-line").hidden = true;
  $("session-line").hidden = true;
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
      onFailure(error);
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
    where.textContent = [row.delegation, row.position, row.nip_masked, T[`role_${row.role}`] || row.role,
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
  const day = today();
  const session = chosenSession();
  const rows = [];
  for (const row of found.rows) {
    const seen = session ? row.attended[session.id] : row.checkedIn[day];
    const done = Boolean(seen) || Boolean(await db.get("local", localKey(config.event, day, row.key, session)));
    rows.push({ registration_id: row.id, name: row.name, delegation: row.delegation, role: row.role,
      state: row.state, checked_in_today: done });
  }
  return rows;
}

// ---- keyboard and the full-screen answer ----------------------------------------------------------

$("result-close").addEventListener("click", hideResult);
// Keyboard users close the full-screen answer (and the signature sheet) with Escape.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  if (signatureOpen()) closeSignature();
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
  // The gate's name and the session come from localStorage: shown before anything is awaited, so the
  // page says where it scans as soon as it is loaded (from the service worker's cache too).
  fillSessions();
  showGate();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.serviceWorker, { scope: config.scope })
      .catch((error) => console.warn("service worker", error));
  }
  const saved = await db.get("bundles", config.event);
  if (saved) useBundle(saved);
  await loadQueue();

  loadDecoder();
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
