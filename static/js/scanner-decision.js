// The scanner's local decision: what the phone answers when the server cannot (offline, slow, the
// session ended). Pure functions, no page and no storage: the caller finds the person (in the
// offline bundle, or a row of an earlier online search) and what this phone saw before, and stores
// the check-in this decides. Tested on its own in the browser (tests/browser/test_scanner.py).
//
// One decision for every way a person is named (a badge's code, the bundle's search, the online
// search's row) and for both modes: the gate (once per person and meeting day) and a session's
// room (once per person and session, and whether they belong to the session's commission).
"use strict";

function zoned(date, timezone, options) {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, ...options }).formatToParts(date);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

// YYYY-MM-DD of a moment in the meeting's time zone.
export function dayIn(iso, timezone) {
  const p = zoned(new Date(iso), timezone, { year: "numeric", month: "2-digit", day: "2-digit" });
  return `${p.year}-${p.month}-${p.day}`;
}

// "09.05" in the meeting's time zone.
export function clockIn(iso, timezone) {
  const p = zoned(new Date(iso || Date.now()), timezone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${p.hour}.${p.minute}`;
}

// The key of one local check-in: per meeting day at the gate, per session in a room.
// person: "r<registration id>" (or "h<code hash>" in an old bundle).
export function localKey(event, day, person, session = null) {
  return session ? `${event}|s${session.id}|${person}` : `${event}|${day}|${person}`;
}

// A row of the online search (a person newer than the bundle) in the bundle's shape. The search
// says only whether the person is in today, so that counts as a check-in today of unknown time.
export function fromSearchRow(row, today) {
  return {
    key: `r${row.registration_id}`, name: row.name, delegation: row.delegation, role: row.role, state: row.state,
    commission: row.commission === undefined ? undefined : row.commission,
    checkedIn: row.checked_in_today ? { [today]: { at: null, gate: "" } } : {}, attended: {},
  };
}

// person: {name, delegation, role, state, commission, checkedIn: {day: {at, gate}}, attended: {session id: {at, gate}}}
// scan: {scanned_at, gate}; day: the scan's day in the meeting's zone; days: the meeting's days;
// earlier: {at, gate} of a check-in this phone made or was told of for the same key, or null;
// session: null at the gate, else {id, day, commission: {number, name} | null}.
// → the answer, shaped like the server's (status, who, first_checked_in_at / checked_in_at, …).
export function decide(person, { scan, day, days, earlier = null, session = null }) {
  const who = { name: person.name, delegation: person.delegation, role: person.role };
  if (session) who.session_id = session.id;
  if (person.state === "cancelled") return { status: "cancelled", ...who };
  if (person.state !== "approved") return { status: "not_approved", ...who };
  if (session ? day !== session.day : !days.includes(day)) return { status: "not_today", ...who };
  // Seen before the bundle was made (another gate or phone), or on this phone since.
  const before = (session ? (person.attended || {})[session.id] : (person.checkedIn || {})[day]) || earlier;
  if (before) {
    const first = before.at ? { first_checked_in_at: before.at, first_gate: before.gate || "" } : {};
    return { status: "already_checked_in", ...who, ...first };
  }
  const answer = { status: "ok", ...who, checked_in_at: scan.scanned_at, gate: scan.gate };
  if (session && session.commission && person.commission !== undefined) {
    answer.member = person.commission === session.commission.number;
    answer.commission = session.commission.name;
  }
  return answer;
}
