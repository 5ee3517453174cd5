// The berita acara's signing page (/admin/events/<slug>/pleno/tanda-tangan): the delegation's
// representative is chosen, signs on the pad (the daftar hadir's, signature-pad.js), and the form
// sends the drawing as a PNG data: URL in its hidden field; an empty pad is not sent.
"use strict";

import { createPad } from "./signature-pad.js";

const form = document.getElementById("ba-sign-form");
if (form) {
  const status = document.getElementById("ba-sign-status");
  const pad = createPad(document.getElementById("ba-pad"), () => { status.textContent = ""; });
  document.getElementById("ba-pad-clear").addEventListener("click", () => pad.clear());
  form.addEventListener("submit", (event) => {
    if (!pad.inked()) {
      event.preventDefault();
      status.textContent = form.dataset.empty;
      return;
    }
    form.elements.png.value = pad.toPNG();
  });
}
