// A signature pad on a <canvas>, drawn with a finger, a pen or a mouse (pointer events, coalesced
// for smooth lines). Shared by the scanner's daftar hadir (scanner-signature.js) and the berita
// acara's signing page (berita-acara-sign.js): createPad(canvas) -> { clear(), inked(), toPNG() }.
"use strict";

export function createPad(pad, onChange = () => {}) {
  const pen = pad.getContext("2d");
  let drawing = false;
  let inked = false;

  function point(event) {
    const box = pad.getBoundingClientRect();
    return [(event.clientX - box.left) * (pad.width / box.width), (event.clientY - box.top) * (pad.height / box.height)];
  }

  pad.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    drawing = true;
    const [x, y] = point(event);
    pen.lineWidth = 3;
    pen.lineCap = "round";
    pen.lineJoin = "round";
    pen.strokeStyle = "#000";
    pen.beginPath();
    pen.moveTo(x, y);
    pen.lineTo(x + 0.1, y + 0.1);
    pen.stroke();
    inked = true;
    onChange();
  });
  pad.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    event.preventDefault();
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const e of events.length ? events : [event]) {
      const [x, y] = point(e);
      pen.lineTo(x, y);
    }
    pen.stroke();
  });
  for (const type of ["pointerup", "pointercancel"]) {
    pad.addEventListener(type, () => { drawing = false; });
  }

  return {
    clear() {
      pen.clearRect(0, 0, pad.width, pad.height);
      inked = false;
      onChange();
    },
    inked: () => inked,
    toPNG: () => pad.toDataURL("image/png"),
  };
}
