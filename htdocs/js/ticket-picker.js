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
//   p.restrict(cert)    // the film's certificate ({code, name, min_age} or null): a type whose
//                       // ages end below it ("Child", 12 and under, for a UA 13+ film) can't be
//                       // chosen — its row says why — as the server would refuse it (422
//                       // AGE_RESTRICTED)
//
// Each stepper is a number field named by its type ("Adult") and described by the line under
// the name (its ages and price: "12 and under · ₹150.00–₹300.00"), between "Fewer" and "More"
// buttons (named "One fewer Adult", "One more Adult"): 44 px targets on a phone, and the field
// can be typed into. Every row is one stepper high (the show page's skeleton counts on it).
// The total never passes max_seats.

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
  let cert = null;              // the film's certificate: {name, min_age}
  let lastMap = null;
  const counts = new Map();     // code → number
  const inputs = new Map();     // code → { input, less, more, price }
  const total = el('p', { class: 'ticket-total', 'aria-live': 'polite' });
  const rows = el('div', { class: 'ticket-rows' });
  const box = el('fieldset', { class: 'ticket-picker' },
    el('legend', null, 'Tickets'), rows, total);

  const sum = () => [...counts.values()].reduce((a, b) => a + b, 0);
  const allowed = (t) => !cert || !Number.isInteger(cert.min_age) || t.max_age == null || t.max_age >= cert.min_age;

  function set(code, n) {
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
      w.less.disabled = v === 0;
      w.more.disabled = n >= maxSeats || !w.allowed;
      w.input.disabled = !w.allowed;
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
    lastMap = map;
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
    for (const t of types) {
      const w = inputs.get(t.code);
      w.allowed = allowed(t);
      if (!w.allowed) counts.set(t.code, 0);
      w.price.textContent = w.allowed ? [w.age, priceText(map, t.code)].filter(Boolean).join(' · ')
        : `${w.age} · not for a ${cert.name} film`;
    }
    refresh();
  }

  /** One type per seat, in the map's order of types: adults first. */
  function typesList() {
    return types.flatMap((t) => Array(counts.get(t.code) || 0).fill(t.code));
  }

  const typeOf = (i) => typesList()[i] || DEFAULT;

  return {
    box, update,
    types: typesList,
    count: sum,
    typeOf,
    nameOf: (code) => types.find((t) => t.code === code)?.name || code,
    typed: (labels) => labels.map((l, i) => (typeOf(i) === DEFAULT ? l : { seat: l, type: typeOf(i) })),
    priceOf: (seat, i) => seat?.prices?.[typeOf(i)] ?? seat?.price ?? 0,
    set: (code, n) => { if (inputs.get(code)?.allowed !== false) set(code, n); },
    restrict(c) {
      cert = c && Number.isInteger(c.min_age) ? c : null;
      if (lastMap) { update(lastMap); onChange(); }
    },
    /** Back to the start (after a sale): the counts, and the fields a form reset touched. */
    reset() {
      for (const code of counts.keys()) counts.set(code, start[code] || 0);
      for (const w of inputs.values()) w.input.value = '';
      refresh();
      onChange();
    },
  };
}
