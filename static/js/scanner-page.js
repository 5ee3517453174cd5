// What every part of the scanner page shares: its elements, its settings and translated strings
// (JSON in the page: the CSP allows no inline code), and the one line for notices.
"use strict";

import { clockIn, dayIn } from "./scanner-decision.js";

export const $ = (id) => document.getElementById(id);
export const config = JSON.parse($("scanner-config").textContent);
export const T = JSON.parse($("scanner-strings").textContent);
export const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));

export const dayOf = (iso) => dayIn(iso, config.timezone);  // YYYY-MM-DD in the event's time zone
export const clock = (iso) => clockIn(iso, config.timezone);  // "09.05" in the event's time zone
export const today = () => dayOf(new Date().toISOString());

export function notice(text) {
  $("notice").textContent = text || "";
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
