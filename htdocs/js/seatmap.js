// seatmap.js — the seat grid of a show, drawn and repainted for the show page and the walk-in
// sale (before, each page carried its own copy of drawing, painting and choosing seats).
//
// The map (GET /api/shows/<id>/seats, or the published /live/seats/<id>.json) is drawn on a grid: row 1 nearest the screen, a skipped
// grid column is an aisle, the row's letter at both ends. Seats are <button>s named for screen
// readers ("F7: row F, seat 7, Deluxe, ₹350.00, available"); the arrow keys move between seats, Home and
// End along a row (one tab stop for the whole map), Space or Enter picks. A repaint puts new
// states on the same buttons, so focus and the selection survive a refresh; a chosen seat that
// someone else took leaves the selection with a spoken notice, and onTaken(labels) lets the
// page show it too (a sighted visitor must see why a seat left their choice).
//
// A seat staff blocked for the show (issue 15 item 5) is "blocked": drawn with a hatch (a house
// seat, which the counter may still sell, with stripes), never by colour alone, and named with
// why when the map says it (staff's map: seat.blocked = {reason, house}): "C4: row C, seat 4,
// Standard, ₹200.00, blocked: broken". pickable(seat) says which seats may be chosen (default:
// the available ones); the counter also lets a house seat be sold.
//
// Seats for everyone (issue 15 item 4): a seat's kind (seat.kind) is drawn and named too. A
// wheelchair space carries a wheelchair sign and is named "A3: row A, seat 3, wheelchair space,
// Standard, ₹250.00, available"; a companion seat (the seat beside one, seat.companion_of) a
// plus sign, "A4: row A, seat 4, companion seat for A3, …"; a seat never sold (kind blocked)
// reads "blocked" like a seat blocked for the show. confirmPick(seat, pick) lets a page ask
// before a seat joins the choice (the show page asks a customer who picks a wheelchair space
// whether they need it): return true to pick it now, or false and call pick() once they agree.
//
//   const m = seatMap({ currency, maxSeats, say, onChange, onTaken, words, pickable, confirmPick });
//   box.append(m.draw(map));   m.repaint(map);   m.selected (labels, in the order picked)
//   m.choose(['G4', 'G5', 'G6'])   a new choice as if clicked ("Best available"): the seats
//                                  still free, the first focused and scrolled into view
//   const { hint, box } = scrollCue(scroller)   the map's sideways-scroll cue (both pages)

import { el } from './api.js';
import { formatMoney } from './money.js';

const DEFAULT_WORDS = {
  status: { available: 'available', held: 'held by someone else', sold: 'sold', mine: 'yours', blocked: 'not on sale' },
  limit: (n) => `You can choose up to ${n} seats.`,
  taken: (label) => `Seat ${label} was just taken by someone else and has left your selection.`,
};

export function categoryClass(name) {
  return `cat-${String(name).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

/**
 * "F7" → "F7: row F, seat 7": the name starts with the label the eye reads on the button (so a
 * voice user can say "click F7", WCAG 2.5.3), then says it in words for a listener.
 */
export function seatWhere(label) {
  const m = /^([A-Za-z]+)\s*(\d+)$/.exec(String(label));
  return m ? `${label}: row ${m[1]}, seat ${m[2]}` : `Seat ${label}`;
}
const where = seatWhere;

const AVAILABLE = (seat) => seat.status === 'available';

/** What a seat's kind adds to its name ("wheelchair space", "companion seat for A3"), or "". */
export function kindWords(seat) {
  if (seat.kind === 'wheelchair') return 'wheelchair space';
  if (seat.kind === 'companion') return seat.companion_of ? `companion seat for ${seat.companion_of}` : 'companion seat';
  return '';
}

export function seatMap({ currency = 'INR', maxSeats = 10, say = () => {}, onChange = () => {}, onTaken = () => {},
  words = {}, pickable = AVAILABLE, confirmPick = null } = {}) {
  const w = { ...DEFAULT_WORDS, ...words, status: { ...DEFAULT_WORDS.status, ...(words.status || {}) } };
  const seats = new Map();      // label → { seat, button }
  const selected = new Set();   // labels, in the order picked
  let grid = null;

  // The state in words; a block the map explains (staff's) says why, and whether the counter
  // may sell the seat.
  function stateWord(seat) {
    const word = w.status[seat.status] || seat.status;
    const b = seat.blocked;
    if (!b || typeof b.reason !== 'string') return word;
    if (seat.status === 'blocked') return `${word}: ${b.reason}${b.house ? ', house seat, can be sold here' : ''}`;
    return b.house ? `${word}, house seat` : word;
  }

  function paint({ seat, button }) {
    const picked = selected.has(seat.seat);
    const house = seat.blocked?.house ? ' house' : '';
    const kind = seat.kind && seat.kind !== 'standard' ? ` kind-${seat.kind}` : '';
    button.className = `seat ${seat.status}${house}${kind} ${categoryClass(seat.category)}${picked ? ' picked' : ''}`;
    const what = kindWords(seat);
    button.setAttribute('aria-label',
      `${where(seat.seat)}, ${what ? `${what}, ` : ''}${seat.category}, ${formatMoney(seat.price, currency)}, ${picked ? 'selected' : stateWord(seat)}`);
    button.setAttribute('aria-pressed', picked ? 'true' : 'false');
    if (pickable(seat)) button.removeAttribute('aria-disabled');
    else button.setAttribute('aria-disabled', 'true');
  }

  function toggle(label) {
    const entry = seats.get(label);
    if (!entry) return;
    if (!pickable(entry.seat)) { say(`Seat ${label} is ${stateWord(entry.seat)}.`); return; }
    if (selected.has(label)) selected.delete(label);
    else if (selected.size >= maxSeats) { say(w.limit(maxSeats)); return; }
    else if (confirmPick && !confirmPick(entry.seat, () => pickLater(label))) return;
    else selected.add(label);
    paint(entry);
    onChange();
  }

  // A pick the page asked about first (confirmPick), once agreed: if the seat is still there,
  // still free, and the choice has room.
  function pickLater(label) {
    const entry = seats.get(label);
    if (!entry || selected.has(label) || !pickable(entry.seat)) return;
    if (selected.size >= maxSeats) { say(w.limit(maxSeats)); return; }
    selected.add(label);
    paint(entry);
    onChange();
  }

  function focusSeat(button) {
    for (const { button: b } of seats.values()) b.tabIndex = -1;
    button.tabIndex = 0;
    button.focus();
  }

  function onKey(event) {
    const button = event.target.closest('button.seat');
    if (!button) return;
    const rows = [...grid.querySelectorAll('.seat-row')];
    const row = button.closest('.seat-row');
    const inRow = [...row.querySelectorAll('button.seat')];
    const col = Number(button.dataset.col);
    const nearest = (r) => {
      const list = [...r.querySelectorAll('button.seat')];
      return list.reduce((best, b) => (Math.abs(b.dataset.col - col) < Math.abs(best.dataset.col - col) ? b : best), list[0]);
    };
    const i = inRow.indexOf(button);
    const r = rows.indexOf(row);
    let next = null;
    switch (event.key) {
      case 'ArrowLeft': next = inRow[i - 1]; break;
      case 'ArrowRight': next = inRow[i + 1]; break;
      case 'ArrowUp': next = r > 0 ? nearest(rows[r - 1]) : null; break;
      case 'ArrowDown': next = r < rows.length - 1 ? nearest(rows[r + 1]) : null; break;
      case 'Home': next = inRow[0]; break;
      case 'End': next = inRow[inRow.length - 1]; break;
      default: return;
    }
    event.preventDefault();
    if (next) focusSeat(next);
  }

  const label = (map) => `Seats, ${map.seats_available} of ${map.seats_total} available`;

  /** The grid for map, new (the selection is kept for seats that still exist). */
  function draw(map) {
    if (Number.isInteger(map.max_seats) && map.max_seats > 0) maxSeats = map.max_seats;
    seats.clear();
    const cols = map.grid?.cols || Math.max(...map.rows.flatMap((r) => r.seats.map((s) => s.grid_col)));
    grid = el('div', { class: 'seat-grid', role: 'group', 'aria-label': label(map) });
    grid.style.setProperty('--cols', String(cols));     // CSSOM: allowed by our CSP
    let first = null;
    for (const row of map.rows) {
      const start = el('span', { class: 'row-label', 'aria-hidden': 'true' }, row.row);
      start.style.gridColumn = '1';
      const line = el('div', { class: 'seat-row', role: 'group', 'aria-label': `Row ${row.row}` }, start);
      for (const seat of row.seats) {
        // The seat's whole label on it ("F7", as on the ticket), not just its number: the name
        // a screen reader hears then contains what the eye reads, so a voice user can say
        // "click F7" (WCAG 2.5.3, axe's label-content-name-mismatch).
        const button = el('button', { type: 'button', 'data-col': seat.grid_col, 'data-seat': seat.seat, tabindex: -1 },
          String(seat.seat));
        button.style.gridColumn = String(seat.grid_col + 1);
        const entry = { seat, button };
        seats.set(seat.seat, entry);
        paint(entry);
        button.addEventListener('click', () => { focusSeat(button); toggle(seat.seat); });
        line.append(button);
        first ??= button;
      }
      const end = el('span', { class: 'row-label row-label-end', 'aria-hidden': 'true' }, row.row);
      end.style.gridColumn = String(cols + 2);
      line.append(end);
      grid.append(line);
    }
    for (const l of [...selected]) if (!seats.has(l)) selected.delete(l);
    if (first) first.tabIndex = 0;
    grid.addEventListener('keydown', onKey);
    return grid;
  }

  /** New states onto the drawn buttons (focus and selection survive). */
  function repaint(map) {
    const taken = [];
    for (const row of map.rows) {
      for (const seat of row.seats) {
        const entry = seats.get(seat.seat);
        if (!entry) continue;
        entry.seat = seat;
        if (!pickable(seat) && selected.has(seat.seat)) {
          selected.delete(seat.seat);
          taken.push(seat.seat);
          say(w.taken(seat.seat));
        }
        paint(entry);
      }
    }
    if (grid) grid.setAttribute('aria-label', label(map));
    if (taken.length) onTaken(taken);
    onChange();
  }

  /**
   * Replace the choice with labels, as if each were clicked (the ones still available, up to
   * maxSeats), focus the first and bring it into view; one onChange.  The labels chosen.
   */
  function choose(labels) {
    selected.clear();
    for (const l of labels) {
      const entry = seats.get(l);
      if (entry && entry.seat.status === 'available' && selected.size < maxSeats) selected.add(l);
    }
    for (const e of seats.values()) paint(e);
    const first = seats.get([...selected][0]);
    if (first) {
      focusSeat(first.button);
      first.button.scrollIntoView({ block: 'center', inline: 'center' });
    }
    onChange();
    return [...selected];
  }

  return {
    draw, repaint, toggle, choose, selected,
    seat: (l) => seats.get(l)?.seat,
    get maxSeats() { return maxSeats; },
    clear() { selected.clear(); for (const e of seats.values()) paint(e); onChange(); },
    /** Every seat as the map last said it, in map order (the counter lists the blocked ones). */
    all: () => [...seats.values()].map((e) => e.seat),
    total() { let sum = 0; for (const l of selected) sum += seats.get(l)?.seat.price || 0; return sum; },
  };
}

/**
 * The cue for a map wider than the screen (a phone): scroller (the overflow-x box holding the
 * map) goes into box (.seat-scroll-box: a fading edge on the side with seats out of sight), and
 * hint ("Scroll sideways for more seats →") is shown while the map is wider than its box. Put
 * hint above box. The hint's line stays while the map is wider (only a resize changes that):
 * were it to go when the last column comes into view, every seat would jump up under the finger
 * that scrolled there (a tap on the right edge scrolls first) and the tap be lost; once the last
 * column has been seen it is invisible.
 */
export function scrollCue(scroller) {
  const hint = el('p', { class: 'scroll-hint', 'aria-hidden': 'true', hidden: true }, 'Scroll sideways for more seats →');
  const box = el('div', { class: 'seat-scroll-box' }, scroller);
  const cue = () => {
    const over = scroller.scrollWidth - scroller.clientWidth > 2;
    const atEnd = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 2;
    box.classList.toggle('more-right', over && !atEnd);
    box.classList.toggle('more-left', over && scroller.scrollLeft > 2);
    hint.hidden = !over;
    hint.classList.toggle('seen-all', atEnd);
  };
  scroller.addEventListener('scroll', cue, { passive: true });
  window.addEventListener('resize', cue);
  // Measured once the box is in the page.
  requestAnimationFrame(cue);
  return { hint, box, cue };
}
