// The queue of offline scans and of signatures taken on the phone, and sending them when the
// network is back: scans to the batch endpoint with their original nonces and times (a retried
// nonce never counts twice on the server), then the signatures once their check-in id is known.
"use strict";

import { localKey } from "./scanner-decision.js";
import { api, degrade, NetworkFailure } from "./scanner-network.js";
import { $, config, dayOf, fmt, notice, T } from "./scanner-page.js";
import { openStore } from "./scanner-store.js";

const BATCH_SIZE = 100;

export const db = openStore(config.event);
export const queue = { scans: [], signatures: [] };
const hooks = { changed: () => {}, synced: async () => {} };
let syncing = false;

// changed(): the queue's length changed (the counter counts queued check-ins); synced(): scans went.
export function onQueue({ changed, synced }) {
  hooks.changed = changed;
  hooks.synced = synced;
}

// What the API receives for a scan (one shape for /checkins and /checkins/batch).
export function scanBody(scan) {
  const body = { gate: scan.gate, nonce: scan.nonce, scanned_at: scan.scanned_at, device: scan.device };
  if (scan.session_id !== undefined) body.session_id = scan.session_id;
  if (scan.registration_id !== undefined) body.registration_id = scan.registration_id; else body.code = scan.code;
  return body;
}

// What the server said, so an offline decision later knows who is already in.
export async function remember(answer) {
  if (!["ok", "already_checked_in"].includes(answer.status) || answer.registration_id === undefined) return;
  const first = answer.status === "ok" ? answer.checked_in_at : answer.first_checked_in_at;
  if (!first) return;
  const session = answer.session_id !== undefined ? { id: answer.session_id } : null;
  const key = localKey(config.event, dayOf(first), `r${answer.registration_id}`, session);
  if (!(await db.get("local", key))) {
    await db.put("local", { key, first_checked_in_at: first,
      gate: answer.status === "ok" ? answer.gate : answer.first_gate });
  }
}

export async function enqueue(scan, localStatus) {
  await db.put("queue", { event: config.event, ...scanBody(scan), local_status: localStatus });
  await loadQueue();
}

export async function loadQueue() {
  [queue.scans, queue.signatures] = await Promise.all([db.queued(), db.signatures()]);
  const signatures = queue.signatures.length;
  const total = queue.scans.length + signatures;
  const count = $("queue-count");
  count.textContent = signatures ? fmt(T.queued_signatures, { n: total, s: signatures }) : fmt(T.queued, { n: total });
  count.dataset.count = String(total);
  try { localStorage.setItem("raker-scanner-pending", String(total)); } catch (error) { /* private mode: no guard */ }
  count.dataset.signatures = String(signatures);
  count.classList.toggle("pill-queue", total > 0);
  hooks.changed();
}

// A signature kept on the phone: for an offline scan (key = its nonce, with the scan itself so it
// can be asked again), or for a known check-in whose upload failed (key = "c" + id).
export async function keepSignature(target, png) {
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

export async function sync() {
  if (syncing || !navigator.onLine) return;
  syncing = true;
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
      const scans = chunk.map((item) => scanBody(item));
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
    syncing = false;
    await loadQueue();
  }
  if (sent || signed) {
    notice([sent ? fmt(T.synced, { n: sent }) : "", signed ? fmt(T.signatures_synced, { n: signed }) : ""]
      .filter(Boolean).join(" "));
    if (sent) await hooks.synced();
  }
}
