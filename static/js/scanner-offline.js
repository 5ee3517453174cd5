// The scanner's offline data: reading the bundle and searching it by name or NIP. Pure functions,
// imported by scanner.js (and cached by the service worker with it).
//
// The bundle (GET …/checkins/bundle, format 2) lists every registration as an array under a
// `fields` header, with delegation, role and state names given once. Codes and NIPs are never in
// clear: a QR code is found by its SHA-256 (cut to `code_hash_chars`), a NIP by a deliberately short
// hash (`nip_hash.chars` hex digits of SHA-256 over prefix + the 18 digits), so only the full NIP
// finds someone and the bundle does not give NIPs back. Format 1 (objects with a full hash, from
// before) is still read, so a phone offline with an older bundle keeps working.
"use strict";

export async function sha256hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, "0")).join("");
}

// "Dr. Hj. Siti Rahmah, M.Si." → "dr hj siti rahmah m si": no case, no accents, no punctuation
// ("Ma'ruf" → "maruf": an apostrophe is often left out when typing).
export function fold(text) {
  return String(text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
    .replace(/['\u2019`]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

// What a typed NIP looks like once spaces, dots and dashes are gone; null when it is not digits.
export function nipDigits(text) {
  const digits = String(text || "").replace(/[\s.\-]/g, "");
  return /^\d+$/.test(digits) ? digits : null;
}

function isoFromBundle(at) {  // format 2 sends epoch seconds, format 1 ISO text
  return typeof at === "number" ? new Date(at * 1000).toISOString() : at;
}

function person(raw, bundle, at) {
  const get = (name) => raw[at[name]];
  const firsts = (field) => Object.fromEntries(Object.entries(get(field) || {})
    .map(([key, first]) => [key, { at: isoFromBundle(first[0]), gate: first[1] }]));
  return {
    id: get("id"), hash: get("code"), nip: get("nip"), name: get("name"),
    delegation: bundle.delegations[get("delegation")], role: bundle.roles[get("role")],
    state: bundle.states[get("state")],
    // The commission's number, null for none; undefined when the bundle does not say (older ones).
    commission: "commission" in at ? (get("commission") ?? null) : undefined,
    checkedIn: firsts("checked_in"),  // day -> first check-in at the gate
    attended: firsts("attended"),  // session id -> first scan at its room
  };
}

// The stored bundle → {rows, byHash, byId, codeChars, nip: {prefix, chars} | null}.
export function readBundle(bundle) {
  let rows;
  if (bundle.version === 2 && Array.isArray(bundle.fields)) {
    const at = Object.fromEntries(bundle.fields.map((name, i) => [name, i]));
    rows = bundle.participants.map((raw) => person(raw, bundle, at));
  } else {
    rows = bundle.participants.map((p) => ({
      id: undefined, hash: p.hash, nip: "", name: p.name, delegation: p.delegation, role: p.role, state: p.state,
      checkedIn: p.checked_in || {}, attended: {},
    }));
  }
  for (const row of rows) {
    row.folded = fold(row.name);
    // The key of this person's local check-ins (the server's answers carry registration_id).
    row.key = row.id !== undefined ? `r${row.id}` : `h${row.hash}`;
  }
  return {
    rows,
    byHash: new Map(rows.filter((r) => r.hash).map((r) => [r.hash, r])),
    byId: new Map(rows.filter((r) => r.id !== undefined).map((r) => [r.id, r])),
    codeChars: bundle.code_hash_chars || 64,
    nip: bundle.nip_hash || null,
  };
}

export async function codeHash(index, text) {
  return (await sha256hex(text.trim())).slice(0, index.codeChars);
}

// {rows} found, or {rows: [], reason} with reason "short" (fewer than 2 letters) or "nip_partial"
// (digits, but not a whole NIP: offline only the full 18 digits can be looked up).
export async function search(index, query, limit = 20) {
  const digits = nipDigits(query);
  if (digits !== null && digits.length >= 4) {
    if (digits.length !== 18 || !index.nip) return { rows: [], reason: "nip_partial" };
    const hash = (await sha256hex(index.nip.prefix + digits)).slice(0, index.nip.chars);
    return { rows: index.rows.filter((r) => r.nip === hash).slice(0, limit) };
  }
  const words = fold(query);
  if (words.length < 2) return { rows: [], reason: "short" };
  const rows = index.rows.filter((r) => r.folded.includes(words));
  rows.sort((a, b) => a.name.localeCompare(b.name, "id", { sensitivity: "base" }));
  return { rows: rows.slice(0, limit) };
}
