// What the petugas sees and hears after a scan: the full-screen answer for ~2 s (green / amber /
// red), a beep and a vibration, and the "last scanned" line with its signature button.
"use strict";

import { $, clock, fmt, T } from "./scanner-page.js";
import { scanBody } from "./scanner-sync.js";

const RESULT_MS = 2000;  // how long the full-screen answer stays

// Who the signature pad is for: {checkin_id, name} online, {nonce, name, scan} offline.
export const last = { signFor: null };
let audio = null;
let hideTimer = 0;

export function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  if (!audio) audio = new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
}

function beep(kind) {
  const ctx = audio;
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

// Green for a check-in, amber for one already made, not checkable, or (in a room) recorded for
// someone of another commission, red for a refusal.
function kindOf(answer) {
  if (answer.status === "ok") return answer.member === false ? "already" : "ok";
  return answer.status === "already_checked_in" || answer.status === "unchecked" ? "already" : "bad";
}

function titleOf(answer) {
  const inRoom = answer.session_id !== undefined && answer.session_id !== null;
  if (inRoom && answer.status === "ok" && answer.member === false) {
    return fmt(T.not_member, { commission: answer.commission || "" });
  }
  return (inRoom && T[`${answer.status}_session`]) || T[answer.status] || T.error;
}

export function showResult(answer, { offline = false, scan = null } = {}) {
  const status = answer.status;
  const kind = kindOf(answer);
  const box = $("result");
  box.className = `result result-${kind}`;
  box.dataset.status = status;
  box.dataset.member = answer.member === false ? "0" : answer.member === true ? "1" : "";
  box.dataset.offline = offline ? "1" : "0";
  const title = titleOf(answer);
  $("result-title").textContent = title;
  $("result-name").textContent = answer.name || "";
  $("result-detail").textContent = [answer.delegation, answer.role].filter(Boolean).join(" · ");
  const inRoom = answer.session_id !== undefined && answer.session_id !== null;
  let message = answer.message || (inRoom && T[`msg_${status}_session`]) || T[`msg_${status}`] || "";
  if (status === "already_checked_in" && answer.first_checked_in_at) {
    const time = clock(answer.first_checked_in_at);
    message = `${message} ${answer.first_gate ? fmt(T.first_at, { time, gate: answer.first_gate })
      : fmt(T.first_at_nogate, { time })}.`.trim();
  }
  $("result-message").textContent = message;
  $("result-offline").hidden = !offline;
  // Online the check-in id is known; offline the signature waits with the scan's nonce. A room's
  // attendance is no daftar ulang: the daftar hadir's signature is taken at the gate.
  let signFor = null;
  if (!inRoom && status === "ok" && answer.checkin_id) signFor = { checkin_id: answer.checkin_id, name: answer.name };
  else if (!inRoom && status === "ok" && offline && scan) signFor = { nonce: scan.nonce, name: answer.name, scan: scanBody(scan) };
  const canSign = Boolean(signFor);
  $("result-sign").hidden = !canSign;
  box.hidden = false;
  beep(kind);
  vibrate(kind);
  clearTimeout(hideTimer);
  hideTimer = setTimeout(hideResult, RESULT_MS);

  if (answer.name) {
    $("last").hidden = false;
    $("last-text").textContent = `${fmt(T.last, { name: answer.name })} — ${title}${offline ? ` (${T.offline})` : ""}`;
    last.signFor = signFor;
    $("last-sign").hidden = !canSign;
  }
}

export function hideResult() {
  clearTimeout(hideTimer);
  $("result").hidden = true;
}
