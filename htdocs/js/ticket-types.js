// ticket-types.js — who each seat is for (issue 15 item 1), in words, for every page that shows
// a booking's seats.
//
// A booking's seats come back as plain labels ["F5","F6"] while every seat is the default type
// (adult), and as [{"seat","type","price"}] once any seat is another type (DESIGN §8.1). These
// helpers read both: seatLabel() the label, seatsText() "F5 Adult, F6 Adult, F7 Child" (plain
// labels stay plain: "F5, F6"). Names come from GET /api/ticket-types, read once per page
// (loadTypeNames); until then, or for a type no longer listed, the code stands in, capitalised.

import { api } from './api.js';

let names = {};
let loading = null;

/** Read the types' names once (a page awaits it before drawing its first booking). */
export function loadTypeNames() {
  loading ??= api('GET', '/api/ticket-types').then((list) => {
    names = Object.fromEntries((list || []).map((t) => [t.code, t.name]));
    return names;
  }, () => names);
  return loading;
}

export const typeName = (code) => names[code] || (code ? code[0].toUpperCase() + code.slice(1) : '');
export const seatLabel = (s) => (typeof s === 'string' ? s : s?.seat ?? '');
export const seatLabels = (seats) => (seats || []).map(seatLabel);
export const seatType = (s) => (typeof s === 'string' ? 'adult' : s?.type || 'adult');
export const seatText = (s) => (typeof s === 'string' ? s : `${s.seat} ${typeName(s.type)}`);
export const seatsText = (seats, sep = ', ') => (seats || []).map(seatText).join(sep);
