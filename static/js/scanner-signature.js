// The signature pad: the person signs the daftar hadir on the petugas' screen after a check-in.
// Sent at once when online; otherwise kept on the phone (scanner-sync.js) and sent later.
"use strict";

import { hideResult, last } from "./scanner-feedback.js";
import { api, onFailure, online } from "./scanner-network.js";
import { $, config, fmt, notice, T } from "./scanner-page.js";
import { keepSignature, sync } from "./scanner-sync.js";

const MAX_SIGNATURE_CHARS = Math.floor(512 * 1024 * 4 / 3) + 32;  // the server's 512 KB PNG, as a data: URL

const pad = $("signature-pad");
const pen = pad.getContext("2d");
let drawing = false;
let inked = false;
let signatureFor = null;
let focusBefore = null;

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

export function signatureOpen() {
  return !$("signature").hidden;
}

export function openSignature(target) {
  if (!target) return;
  hideResult();
  signatureFor = target;
  $("signature-who").textContent = target.name;
  clearPad();
  $("signature").hidden = false;
  // A modal dialog takes the focus (and gives it back when closed), for keyboard and screen readers.
  focusBefore = document.activeElement;
  $("signature-title").focus();
}

export function closeSignature() {
  $("signature").hidden = true;
  if (focusBefore && document.contains(focusBefore)) focusBefore.focus();
  focusBefore = null;
  signatureFor = null;
}

function signed(message) {
  closeSignature();
  notice(message);
  $("last-sign").hidden = true;
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
  const target = signatureFor;
  if (target.checkin_id && online()) {
    try {
      const { ok, data } = await api(`${config.api}/${target.checkin_id}/signature`, {
        method: "POST", body: { png }, timeout: 15000,
      });
      if (ok) {
        signed(T.signature_saved);
        return;
      }
      if (data && data.fields) {  // refused (e.g. empty): the petugas can draw again
        status.textContent = fmt(T.signature_failed, { error: Object.values(data.fields).join(" ") });
        return;
      }
      // the session ended or the server failed: kept on the phone below, sent later
    } catch (error) {
      onFailure(error);
    }
  }
  await keepSignature(target, png);
  signed(T.signature_kept);
  sync();
});

$("result-sign").addEventListener("click", (event) => {
  event.stopPropagation();
  openSignature(last.signFor);
});
$("last-sign").addEventListener("click", () => openSignature(last.signFor));
