// The scanner's calls to the check-in API: a time limit (a slower answer is decided on the phone),
// a fresh CSRF token once when the page's has expired, and a "degraded" spell after a failure
// during which the page decides locally without waiting for the network each time.
"use strict";

import { $, config, notice, T } from "./scanner-page.js";

const NETWORK_TIMEOUT = 4000;   // a scan request slower than this is decided locally
const DEGRADED_MS = 30 * 1000;  // after a failed request, decide locally for this long

export class NetworkFailure extends Error {}

const net = {
  csrf: document.querySelector('meta[name="csrf-token"]').content,
  degradedUntil: 0,
  sessionProblem: false,
};

export function online() {
  return navigator.onLine && Date.now() >= net.degradedUntil;
}

export function showNetState() {
  const pill = $("net-state");
  const up = online();
  pill.textContent = up ? T.online : T.offline;
  pill.dataset.online = up ? "1" : "0";
  pill.classList.toggle("pill-online", up);
  pill.classList.toggle("pill-offline", !up);
}

export function degrade() {
  net.degradedUntil = Date.now() + DEGRADED_MS;
  showNetState();
}

export function recovered() {
  if (net.degradedUntil) {
    net.degradedUntil = 0;
    showNetState();
  }
}

// A NetworkFailure degrades; anything else is a bug and goes on.
export function onFailure(error) {
  if (!(error instanceof NetworkFailure)) throw error;
  degrade();
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
    net.csrf = (await response.json()).csrf_token;
    net.sessionProblem = false;
    return true;
  }
  net.sessionProblem = true;
  notice(T.session_expired);
  return false;
}

// {status, ok, data} for any HTTP answer; NetworkFailure when no answer came in time.
export async function api(url, { method = "GET", body = null, timeout = NETWORK_TIMEOUT, retry = true, etag = null } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    const headers = { Accept: "application/json" };
    if (etag) headers["If-None-Match"] = etag;  // answered 304, without a body, when unchanged
    if (body !== null) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-CSRFToken"] = net.csrf;
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
    if (await refreshSession()) return api(url, { method, body, timeout, retry: false, etag });
  }
  if (response.status === 401) {
    net.sessionProblem = true;
    notice(T.session_expired);
  } else if (response.status === 403) {
    notice(T.forbidden);
  }
  return { status: response.status, ok: response.ok, data, etag: response.headers.get("ETag") };
}
