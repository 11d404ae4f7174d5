// ticket-picker.js — "how many of each ticket type" (issue 15 item 1), for the show page and the
// walk-in sale: a stepper per type the show sells (the seat map's ticket_types), each with its
// price (one price, or the range over the seat categories) and its age rule, and the total.
//
//   const p = ticketPicker({ idPrefix: 'tp', onChange });
//   box.append(p.box);  p.update(map);     // the types and prices of this show's seat map
//   p.types()           // ['adult', 'adult', 'child']: one per seat, in the map's type order
//   p.typed(labels)     // the hold's seats: the chosen seats take the types in order; a seat
//                       // beyond them, or an adult's, is its plain label ("A1")
//   p.priceOf(seat, i)  // what seat pays as the i-th chosen
//   p.restrict(cert)    // the film's certificate ({name, min_age}): a type it refuses
//                       // (AGE_RESTRICTED: its oldest is younger than min_age) is not offered
//
// Each stepper is a number field named by its type ("Adult") and described by the line under
// the name (its ages and price: "12 and under · ₹150.00–₹300.00"), between "Fewer" and "More"
// buttons (named "One fewer Adult", "One more Adult"): 44 px targets on a phone, and the field
// can be typed into. Every row is one stepper high (the show page's skeleton counts on it).
// The total never passes max_seats. A type the film's certificate refuses keeps its row (the
// list does not jump) at 0 with its buttons off, and says why: "Not for a film rated UA 13+" — before,
// a family picked Child seats and only the hold said no.

import { el } from './api.js';
import { formatMoney } from './money.js';

const DEFAULT = 'adult';

function ageWords(t) {
  if (t.min_age != null && t.max_age != null) return `${t.min_age}–${t.max_age} years`;
  if (t.max_age != null) return `${t.max_age} and under`;
  if (t.min_age != null) return `${t.min_age} and over`;
  return '';
}

export function ticketPicker({ idPrefix = 'tp', onChange = () => {}, start = { [DEFAULT]: 2 } } = {}) {
  let types = [];               // [{code, name, min_age, max_age}]
  let maxSeats = 10;
  let currency = 'INR';
  const counts = new Map();     // code → number
  let cert = null;              // the film's certificate: { name, min_age }
  let lastMap = null;
  const refused = (t) => Boolean(cert && cert.min_age > 0 && t.max_age != null && t.max_age < cert.min_age);
  const inputs = new Map();     // code → { input, less, more, price }
  const total = el('p', { class: 'ticket-total', 'aria-live': 'polite' });
  const rows = el('div', { class: 'ticket-rows' });
  const box = el('fieldset', { class: 'ticket-picker' },
    el('legend', null, 'Tickets'), rows, total);

  const sum = () => [...counts.values()].reduce((a, b) => a + b, 0);

  function set(code, n) {
    const t = types.find((x) => x.code === code);
    if (t && refused(t)) n = 0;
    const others = sum() - (counts.get(code) || 0);
    const v = Math.max(0, Math.min(Number.isFinite(n) ? Math.floor(n) : 0, maxSeats - others));
    counts.set(code, v);
    refresh();
    onChange();
  }

  function refresh() {
    const n = sum();
    for (const [code, w] of inputs) {
      const v = counts.get(code) || 0;
      if (String(w.input.value) !== String(v)) w.input.value = String(v);
      const no = refused(types.find((t) => t.code === code) || {});
      w.less.disabled = v === 0;
      w.more.disabled = n >= maxSeats || no;
      w.input.disabled = no;
      w.price.textContent = no ? `Not for a film rated ${cert.name || cert.code}`
        : [w.age, lastMap ? priceText(lastMap, code) : ''].filter(Boolean).join(' · ');
    }
    total.textContent = n ? `${n} seat${n === 1 ? '' : 's'}` : 'Choose how many tickets';
  }

  /** "₹250.00", or "from ₹250.00" when the categories differ. */
  function priceText(map, code) {
    const ps = (map.categories || []).map((c) => c.prices?.[code]).filter(Number.isInteger);
    if (!ps.length) return '';
    const lo = Math.min(...ps);
    const hi = Math.max(...ps);
    // "from": one short line on a phone (the seat map's buttons say each seat's own price).
    return lo === hi ? formatMoney(lo, currency) : `from ${formatMoney(lo, currency)}`;
  }

  /** The types and prices of a seat map (a poll keeps the counts). */
  function update(map) {
    currency = map.currency || currency;
    if (Number.isInteger(map.max_seats) && map.max_seats > 0) maxSeats = map.max_seats;
    const list = Array.isArray(map.ticket_types) && map.ticket_types.length
      ? map.ticket_types : [{ code: DEFAULT, name: 'Adult', min_age: null, max_age: null }];
    const same = list.map((t) => t.code).join() === types.map((t) => t.code).join();
    types = list;
    if (!same) {
      inputs.clear();
      rows.replaceChildren(...types.map((t) => {
        if (!counts.has(t.code)) counts.set(t.code, start[t.code] || 0);
        const id = `${idPrefix}-${t.code}`;
        const input = el('input', { id, type: 'number', inputmode: 'numeric', min: 0, max: maxSeats, step: 1,
          value: counts.get(t.code), class: 'ticket-count', 'data-type': t.code, 'aria-describedby': `${id}-about` });
        const less = el('button', { type: 'button', class: 'secondary stepper', 'aria-label': `One fewer ${t.name}`,
          onclick: () => set(t.code, (counts.get(t.code) || 0) - 1) }, '−');
        const more = el('button', { type: 'button', class: 'secondary stepper', 'aria-label': `One more ${t.name}`,
          onclick: () => set(t.code, (counts.get(t.code) || 0) + 1) }, '+');
        const price = el('span', { class: 'ticket-price muted', id: `${id}-about` });
        input.addEventListener('change', () => set(t.code, Number(input.value)));
        inputs.set(t.code, { input, less, more, price, age: ageWords(t) });
        return el('div', { class: 'ticket-row' },
          el('label', { for: id }, t.name),
          price,
          el('span', { class: 'stepper-line' }, less, input, more));
      }));
      for (const code of [...counts.keys()]) if (!types.some((t) => t.code === code)) counts.delete(code);
    }
    lastMap = map;
    for (const t of types) if (refused(t)) counts.set(t.code, 0);
    refresh();
  }

  /** The film's certificate (a show's movie.certificate, or none). */
  function restrict(certificate) {
    cert = certificate && Number.isInteger(certificate.min_age) ? certificate : null;
    for (const t of types) if (refused(t)) counts.set(t.code, 0);
    refresh();
    onChange();
  }

  /** One type per seat, in the map's order of types: adults first. */
  function typesList() {
    return types.flatMap((t) => Array(counts.get(t.code) || 0).fill(t.code));
  }

  const typeOf = (i) => typesList()[i] || DEFAULT;

  return {
    box, update, restrict,
    types: typesList,
    count: sum,
    typeOf,
    nameOf: (code) => types.find((t) => t.code === code)?.name || code,
    typed: (labels) => labels.map((l, i) => (typeOf(i) === DEFAULT ? l : { seat: l, type: typeOf(i) })),
    priceOf: (seat, i) => seat?.prices?.[typeOf(i)] ?? seat?.price ?? 0,
    set: (code, n) => set(code, n),
    /** Back to the start (after a sale): the counts, and the fields a form reset touched. */
    reset() {
      for (const code of counts.keys()) counts.set(code, start[code] || 0);
      for (const w of inputs.values()) w.input.value = '';
      refresh();
      onChange();
    },
  };
}
