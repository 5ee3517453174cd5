// The daftar hadir's signature: the person signs the daftar hadir on the petugas' screen after a check-in.
// Sent at once when online; otherwise kept on the phone (scanner-sync.js) and sent later.
"use strict";

import { hideResult, last } from "./scanner-feedback.js";
import { api, onFailure, online } from "./scanner-network.js";
import { $, config, fmt, notice, T } from "./scanner-page.js";
import { keepSignature, sync } from "./scanner-sync.js";
import { createPad } from "./signature-pad.js";

const MAX_SIGNATURE_CHARS = Math.floor(512 * 1024 * 4 / 3) + 32;  // the server's 512 KB PNG, as a data: URL

const pad = createPad($("signature-pad"));
let signatureFor = null;
let focusBefore = null;

function clearPad() {
  pad.clear();
  $("signature-status").textContent = "";
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
  if (!pad.inked()) {
    status.textContent = T.signature_empty;
    return;
  }
  const png = pad.toPNG();
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
