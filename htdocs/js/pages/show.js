// Show page (/show.html?id=): the movie's details and the live seat map, for anyone.
//
// The map is the published file /live/seats/<id>.json (DESIGN §12), polled every 3 s through
// live.js: Apache answers an unchanged file with a bodiless 304, no CGI. The file knows no
// "mine", so a logged-in customer's own seats come from GET /api/bookings?show_id= (asked when
// the file changed, and after this page holds, releases or sees a hold end) and are drawn as
// "yours". A hold that lapses changes nothing on disk: a held seat whose held_until has passed
// on the site's clock (siteNow) is drawn free, judged again every second, so a lapsed hold
// turns free by itself. Staff looking at a show outside the public window find no file (404):
// the page falls back to GET /api/shows/<id>/seats with its ETag, every 5 s.
//
// Drawn on a grid (seatmap.js): row 1 nearest the screen, seats are <button>s named like
// "F7: row F, seat 7, Deluxe, ₹350.00, available"; arrow keys move, Space or Enter picks. A
// chosen seat someone else takes leaves the selection with a notice on the page (and spoken).
// On a phone the map comes right after the title (the film's details follow it), scrolls
// sideways in its box with a fading edge and a "scroll for more seats" hint while seats are out
// of sight, and a bar stuck to the bottom of the screen carries the choice, its total and the
// main button.
//
// Customers hold up to max_seats (POST /api/bookings). Every live hold of theirs for the show
// is a panel of its own (hold.js: countdown to its expires_at, seats, amount, Pay now); while
// one is live, more seats are added to it ("Add to my hold", PATCH) rather than held apart, and
// a seat can be dropped from it ("Remove F7"). After a hold or an addition the panel is
// scrolled into view and its heading focused. A refused hold (a seat just taken, the hold cap,
// too many seats) is said in the bar, above the choice: on a phone it is on screen at once. Staff and admin are sent to the walk-in
// sale with their selection. A visitor who is not logged in picks seats too: "Log in to hold
// seats" keeps the choice in sessionStorage and goes to the login (or sign-up) page, which
// brings them back here; the seats still free are chosen again and the customer presses
// "Hold seats". (Not held at once: the detour may have taken minutes, some seats may be gone,
// and a hold starts a five-minute clock to pay — the customer sees what they get first.)
//
// "Best available", beside picking by hand (above the map): how many seats, and a button that
// asks GET /api/shows/<id>/best?count=N and chooses what it answers on the map as if clicked
// (the bar's seats and total follow), the first focused and scrolled into view. The seats come
// side by side in one row, centred about two-thirds back, leaving no single seat alone; when no
// row has that many together the best split is chosen and the page says so. A hold refused
// because it would strand a seat (409 SINGLE_SEAT_GAP, "F8 would be left on its own") is said in
// the bar like every refused hold.
//
// Seats for everyone (issue 15 item 4): wheelchair spaces and companion seats are drawn apart
// and named so (seatmap.js), with a legend when the screen has them. A visitor who picks a
// wheelchair space is asked, in a dialog, whether they need one: "Yes, I need it" picks it and
// the hold says so (wheelchair_confirmed), "Choose another seat" leaves it. A companion seat
// held without its wheelchair space before the release is refused (409 COMPANION_ONLY) and said
// in the bar like every refused hold.
// Ticket types (issue 15 item 1): above the map, a stepper per ticket type the show sells
// (ticket-picker.js: "Adult 2, Child 1", each with its price); their total is how many seats
// "Best available" finds (GET …/best?types=adult,adult,child), and the chosen seats take the
// types in order (a seat beyond them is an adult's). The bar lists each seat with its type and
// price ("F7 Child ₹300.00"), and the hold sends the typed seats
// (["F5", {"seat": "F7", "type": "child"}]).
//
// While it loads the article is a skeleton (show.html: a poster, the title, a grid of seats,
// aria-busy); the real header, then the real map, take its places. A show the cinema cancelled
// ("cancelled": {"at","reason"} on GET /api/shows/<id>) says so, with its reason, where the
// map would be, and offers no seats.

import { renderNav } from '../nav.js';
import { ApiError, api, el, showError } from '../api.js';
import { formatMoney } from '../money.js';
import { certBadge, clockTime, dateLabel, movieMeta, poster } from '../shows.js';
import { showHold } from '../hold.js';
import { categoryClass, scrollCue, seatMap } from '../seatmap.js';
import { heldNow, livePoll, siteNow, syncClock } from '../live.js';
import { ticketPicker } from '../ticket-picker.js';
import { loadTypeNames, seatLabel } from '../ticket-types.js';

const POLL_MS = 3000;         // the published file: a 304 from Apache
const API_POLL_MS = 5000;     // the fallback: a CGI each time
const TICK_MS = 1000;         // held_until judged again
const CLOCK_MS = 30_000;      // the site's clock asked again (its clock_offset may move)
const CHOICE_KEY = 'skyfox.chosen-seats';

const root = document.getElementById('show');
const id = new URLSearchParams(location.search).get('id') || '';
const user = await renderNav();
const customer = user && user.role === 'customer';
const here = `/show.html?id=${encodeURIComponent(id)}`;

let show = null;
let m = null;                   // the seat map (seatmap.js), once the show is known
let published = null;           // the last map read: the file, or the API's map (fallback)
let poll = null;                // livePoll of the file, null on the fallback
let drawn = '';                 // the seat states last drawn
const mine = new Map();         // the customer's seats for this show: label → until (ms; Infinity: bought)

function detailsList(movie) {
  const rows = [
    // The provider's rating ("PG-13", "Not Rated") only when the cinema has set no certificate:
    // beside "Certificate A" it contradicted the rule the box office applies.
    ['Year', movie.year], ['Rated', movie.certificate ? null : movie.rated],
    ['Certificate', movie.certificate
      ? `${movie.certificate.name} (${movie.certificate.min_age > 0 ? `ages ${movie.certificate.min_age} and over` : 'all ages'})`
      : null],
    ['Language', movie.language],
    ['Director', movie.director], ['Cast', movie.actors],
  ].filter(([, v]) => v);
  return el('dl', { class: 'movie-facts' }, rows.map(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
}

// The title and when, then the map; the film's details after the map (on a phone the map
// must be what one sees first).
function header(movie) {
  const day = dateLabel(show.date);
  return el('header', { class: 'show-header' },
    poster(movie, 'poster poster-large'),
    el('div', null,
      el('h1', { id: 'show-title' }, movie.title),
      el('p', { class: 'show-when' },
        el('time', { datetime: show.starts_at }, `${day.long}, ${clockTime(show.starts_at)}`),
        `–${clockTime(show.ends_at || '')} · ${show.slot.name} · ${show.screen.name}`),
      el('p', { class: 'show-facts' }, certBadge(movie), certBadge(movie) ? ' ' : null,
        el('span', { class: 'show-meta' }, movieMeta(movie)))));
}

function about(movie) {
  return el('section', { class: 'show-about', 'aria-labelledby': 'about-heading' },
    el('h2', { id: 'about-heading' }, 'About the film'),
    movie.plot ? el('p', { class: 'plot' }, movie.plot) : null,
    detailsList(movie));
}

const live = el('p', { class: 'visually-hidden', 'aria-live': 'assertive' });
const summary = el('p', { class: 'selection-summary', 'aria-live': 'polite' });
const holdButton = el('button', { type: 'button', id: 'hold-seats', disabled: true },
  user ? 'Hold seats' : 'Log in to hold seats');
const counterLink = el('a', { class: 'btn', href: '#', 'aria-disabled': 'true' }, 'Sell at the counter');
// What happened to the choice, on the page for everyone to see (the live region speaks it).
const seatNote = el('div', { class: 'notice warn seat-note', id: 'seat-note' });
// A refused hold, in the bar with the button that was pressed (showError puts role=alert on it).
const holdError = el('div', { class: 'hold-error', id: 'hold-error' });
const result = el('div', { id: 'hold-result' });
const holdsBox = el('div', { class: 'holds', id: 'holds' });
const holds = new Map();        // booking id → showHold handle, for this customer's live holds
const bar = el('div', { class: 'seat-bar' }, seatNote, holdError,
  el('div', { class: 'seat-bar-line' }, summary, el('div', { class: 'actions' })));

/** The live hold more seats go into (the newest), or null. */
function liveHold() {
  let last = null;
  for (const h of holds.values()) if (!h.done) last = h;
  return last;
}

function say(text) {
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

function note(kind, ...text) {
  seatNote.className = `notice ${kind} seat-note`;
  seatNote.replaceChildren(...text.filter(Boolean).map((t) => el('p', null, t)));
}

/** The chosen seats with the types they take, in order, and the total: while every seat is
 * an adult's, the labels ("F5, F6"); else each with its type and price ("F7 Child ₹300.00"). */
function choice() {
  const labels = [...m.selected];
  const typed = labels.some((_, i) => picker.typeOf(i) !== 'adult');
  let sum = 0;
  const parts = labels.map((l, i) => {
    const price = picker.priceOf(m.seat(l), i);
    sum += price;
    return typed ? `${l} ${picker.nameOf(picker.typeOf(i))} ${formatMoney(price, show.currency)}` : l;
  });
  return { labels, parts, sum };
}

function updateSummary() {
  const { labels, parts, sum } = choice();
  const adding = customer && liveHold();
  summary.textContent = labels.length
    ? `${labels.length} seat${labels.length === 1 ? '' : 's'}: ${parts.join(', ')} · Total ${formatMoney(sum, show.currency)}`
    : adding ? 'Your seats are held below. Pick more seats to add them to your hold.'
      : `No seats chosen yet. Pick up to ${m.maxSeats}.`;
  if (customer) holdButton.textContent = adding ? 'Add to my hold' : 'Hold seats';
  holdButton.disabled = labels.length === 0;
  if (labels.length) {
    counterLink.href = `/walkin.html?show_id=${encodeURIComponent(show.id)}&seats=${encodeURIComponent(labels.join(','))}`;
    counterLink.removeAttribute('aria-disabled');
  } else {
    counterLink.href = '#';
    counterLink.setAttribute('aria-disabled', 'true');
  }
}

function legend(map) {
  const sample = (cls, text) => el('li', null, el('span', { class: `seat-sample seat ${cls}`, 'aria-hidden': 'true' }), text);
  return el('div', { class: 'seat-legend' },
    el('ul', { class: 'legend-states', 'aria-label': 'Seat states' },
      sample('available', 'Available'), sample('available picked', 'Your choice'),
      sample('held', 'Held'), sample('sold', 'Sold'), sample('mine', 'Yours'),
      // Seats staff blocked for this show (a broken seat, house seats): named only when there are some.
      map.rows.some((r) => r.seats.some((s) => s.status === 'blocked')) ? sample('blocked', 'Not on sale') : null,
      // Seats for everyone: named only when the screen has them.
      map.rows.some((r) => r.seats.some((s) => s.kind === 'wheelchair')) ? sample('available kind-wheelchair', 'Wheelchair space') : null,
      map.rows.some((r) => r.seats.some((s) => s.kind === 'companion')) ? sample('available kind-companion', 'Companion seat') : null),
    el('ul', { class: 'legend-categories', 'aria-label': 'Categories and prices' },
      (map.categories || []).map((c) => el('li', null,
        el('span', { class: `seat-sample seat available ${categoryClass(c.name)}`, 'aria-hidden': 'true' }),
        `${c.name} ${formatMoney(c.price, map.currency || show.currency)}`))));
}

// --- wheelchair spaces: asked once, in a dialog -------------------------------------------------

let wheelchairOk = false;       // the visitor said they need a wheelchair space
const wheelchairDialog = el('dialog', { id: 'wheelchair-dialog', class: 'confirm-dialog wheelchair-dialog',
  'aria-labelledby': 'wheelchair-heading' });
let asked = null;               // { seat, pick, button } while it is open

function askWheelchair(seat, pick) {
  const yes = el('button', { type: 'button', id: 'wheelchair-yes' }, 'Yes, I need it');
  const no = el('button', { type: 'button', class: 'secondary', id: 'wheelchair-no' }, 'Choose another seat');
  wheelchairDialog.replaceChildren(
    el('h2', { id: 'wheelchair-heading' }, `${seat.seat} is a wheelchair space`),
    el('p', null, 'This space has no fixed seat: it is kept for someone who uses a wheelchair. '
      + 'Do you need a wheelchair space?'),
    m.all().some((s) => s.companion_of === seat.seat)
      ? el('p', null, 'The companion seat beside it can be booked with it, for the person with you.') : null,
    el('div', { class: 'actions' }, yes, no));
  asked = { seat, pick, button: document.activeElement };
  yes.addEventListener('click', () => {
    wheelchairOk = true;
    wheelchairDialog.close('yes');
    asked.pick();
  });
  no.addEventListener('click', () => wheelchairDialog.close('no'));
  document.body.append(wheelchairDialog);
  wheelchairDialog.showModal();
  no.focus();
}

wheelchairDialog.addEventListener('close', () => {
  const a = asked;
  asked = null;
  if (a && a.button && a.button.isConnected) a.button.focus();
});

/** seatmap's confirmPick: a wheelchair space joins the choice of a visitor who needs one. */
function confirmPick(seat, pick) {
  if (seat.kind !== 'wheelchair' || wheelchairOk || (user && !customer)) return true;
  askWheelchair(seat, pick);
  return false;
}

/** The choice holds a wheelchair space (the hold says the customer needs it). */
const wheelchairChosen = () => [...m.selected].some((l) => m.seat(l)?.kind === 'wheelchair');

// --- the map as this visitor sees it now --------------------------------------------------

/** The map read, with the customer's own seats as "mine" and lapsed holds free, at now. */
function compose(now = siteNow()) {
  let free = 0;
  const rows = published.rows.map((row) => ({
    ...row,
    seats: row.seats.map((seat) => {
      let status = seat.status;
      const until = mine.get(seat.seat);
      if (until !== undefined && until > now) status = 'mine';
      else if (status === 'held' && !heldNow(seat, now)) status = 'available';
      if (status === 'available') free++;
      return status === seat.status ? seat : { ...seat, status };
    }),
  }));
  return { ...published, rows, seats_available: free };
}

const states = (map) => map.rows.map((r) => r.seats.map((s) => s.status[0]).join('')).join('|');

/** Repaint when what the visitor should see changed (a new map, a lapse, own seats). */
function render() {
  if (!published || !m || !drawn) return;
  const map = compose();
  const now = states(map);
  if (now === drawn) return;
  drawn = now;
  m.repaint(map);
}

/** The customer's seats for this show (holds still live, and bought ones). */
let pending = [];               // the customer's pending bookings of this show, last read
async function refreshMine() {
  if (!customer) return;
  try {
    const list = await api('GET', `/api/bookings?show_id=${encodeURIComponent(id)}&limit=200`);
    mine.clear();
    pending = [];
    for (const b of list || []) {
      const until = b.status === 'pending' ? Date.parse(b.expires_at)
        : b.status === 'confirmed' || b.status === 'checked_in' ? Infinity : NaN;
      if (!Number.isNaN(until)) for (const s of b.seats || []) mine.set(seatLabel(s), until);
      if (b.status === 'pending' && until > siteNow()) pending.push(b);
    }
    syncHolds();
  } catch { /* keep what we knew; the next change asks again */ }
}

/** A panel for every live hold read (one made in another tab too); seats changed elsewhere. */
function syncHolds() {
  if (!m || !drawn) return;      // the page draws them once the map is up
  let added = false;
  for (const b of [...pending].sort((x, y) => x.id - y.id)) {
    const h = holds.get(b.id);
    if (!h) { addPanel(b, true); added = true; } else if (!h.done && JSON.stringify(h.booking.seats || []) !== JSON.stringify(b.seats || [])) h.update(b);
  }
  if (added) updateSummary();
}

function addPanel(booking, fromList) {
  const h = showHold(holdsBox, booking, {
    append: true,
    now: fromList ? siteNow : null,
    onLapse: () => { holds.delete(booking.id); updateSummary(); syncClock(true).then(refreshMap); },
    onRelease: () => { holds.delete(booking.id); updateSummary(); refreshMap(); },
    onPaid: () => { holds.delete(booking.id); updateSummary(); refreshMap(); },
    onChange: () => refreshMap(),
  });
  holds.set(booking.id, h);
  return h;
}

/** What you see after holding: the panel, in view, its heading focused. */
function showPanel(h) {
  h.panel.scrollIntoView({ block: 'start' });
  h.heading.focus({ preventScroll: true });
}

// --- reading the map: the published file, or the API when there is none ------------------

const seatTag = { value: null };   // the API map's last ETag (api.js)
let apiTimer = null;

function fetchApiSeats() {
  return api('GET', `/api/shows/${encodeURIComponent(id)}/seats`, undefined, { etag: seatTag });
}

async function apiPoll() {
  apiTimer = null;
  if (document.hidden) return;                 // resumed by visibilitychange
  try {
    const map = await fetchApiSeats();
    if (map) { published = map; picker.update(map); render(); }
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 404)) {
      showError(result, err);
      return;                                  // stop polling
    }
    // A blip (network, 503): keep the map and try again next time.
  }
  apiTimer = setTimeout(apiPoll, API_POLL_MS);
}

/** Resolves once there is a first map to draw (file, or the API's on a 404). */
function startReading() {
  return new Promise((resolve, reject) => {
    poll = livePoll(`/live/seats/${encodeURIComponent(id)}.json`, async (file) => {
      await refreshMine();                     // a change: maybe ours (another tab)
      published = file;
      picker.update(file);
      render();
      resolve();
    }, {
      everyMs: POLL_MS,
      onError: (err) => {
        if (err.status !== 404 || !poll) return;   // a blip: the poll goes on
        poll.stop();
        poll = null;
        fetchApiSeats().then(async (map) => {
          await refreshMine();
          published = map;
          picker.update(map);
          render();
          resolve();
          apiTimer = setTimeout(apiPoll, API_POLL_MS);
        }, reject);
      },
    });
  });
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) return;
  syncClock(true).then(render);
  if (!poll && apiTimer === null && published) apiPoll();
});

/** Read again at once (not at the next poll): after a hold, a release, a payment or a lapse. */
async function refreshMap() {
  await refreshMine();
  if (poll) {
    await poll.now();
  } else {
    seatTag.value = null;
    try {
      const map = await fetchApiSeats();
      if (map) published = map;
    } catch { /* the next poll tries again */ }
  }
  render();
}

// --- best available -----------------------------------------------------------------------

// How many of each ticket type: their total is what Best available finds.
const picker = ticketPicker({ idPrefix: 'tickets', onChange: () => { if (m && drawn) updateSummary(); } });
const bestButton = el('button', { type: 'button', id: 'best-seats', class: 'secondary' }, 'Best available');
const bestBox = el('div', { class: 'best-pick', role: 'group', 'aria-labelledby': 'best-intro' },
  el('p', { id: 'best-intro', class: 'best-pick-intro' }, 'Say who is coming, then pick seats on the map or let us find the best:'),
  picker.box,
  el('div', { class: 'best-pick-line' }, bestButton));

async function pickBest() {
  const types = picker.types();
  const n = types.length;
  holdError.replaceChildren();
  if (!n) {
    note('warn', 'Choose how many tickets first (Adult, Child…).');
    say('Choose how many tickets first.');
    return;
  }
  bestButton.disabled = true;
  note('warn');
  try {
    const best = await api('GET', `/api/shows/${encodeURIComponent(id)}/best?types=${encodeURIComponent(types.join(','))}`);
    const seats = Array.isArray(best?.seats) ? best.seats : [];
    if (!seats.length) {
      note('warn', `Sorry: fewer than ${n} seats are free for this show.`);
      say(`Fewer than ${n} seats are free.`);
      return;
    }
    let got = m.choose(seats);
    // The map may lag the server by a poll: read it again, then choose.
    if (got.length < seats.length) { await refreshMap(); got = m.choose(seats); }
    const rows = new Set(got.map((l) => l.replace(/\d+$/, '')));
    if (!best.together) {
      note('warn', `No row has ${n} free seats side by side, so the best seats are split: ${got.join(', ')}.`);
    }
    say(`Chosen: ${seatWords(got)}${best.together ? `, side by side in row ${[...rows][0]}` : ''}. ` +
      `Press "${holdButton.textContent}" to continue.`);
  } catch (err) {
    showError(holdError, err);
  } finally {
    bestButton.disabled = false;
  }
}

// --- holding ------------------------------------------------------------------------------

async function hold() {
  holdButton.disabled = true;
  result.replaceChildren();
  holdError.replaceChildren();
  note('warn');
  const into = liveHold();
  try {
    // A live hold of this show takes the new seats (same clock); otherwise a new hold. The
    // panel counts down to the server's expires_at; when the hold lapses or is released the
    // page says so and the map shows the seats free again. The server saying "expired" means
    // the site's clock passed the hold: learn that clock again.
    // The chosen seats take the ticket types in order (ticket-picker.js).
    const seats = picker.typed([...m.selected]);
    const booking = into
      ? await api('PATCH', `/api/bookings/${encodeURIComponent(into.booking.id)}`,
        { add: seats, ...(wheelchairChosen() ? { wheelchair_confirmed: true } : {}) })
      : await api('POST', '/api/bookings',
        { show_id: show.id, seats, ...(wheelchairChosen() ? { wheelchair_confirmed: true } : {}) });
    m.selected.clear();
    const until = Date.parse(booking.expires_at);
    for (const s of booking.seats || []) mine.set(seatLabel(s), Number.isNaN(until) ? Infinity : until);
    render();
    let h = holds.get(booking.id);
    if (h) h.update(booking);
    else h = addPanel(booking, false);
    updateSummary();
    showPanel(h);
    await refreshMap();
  } catch (err) {
    showError(holdError, err);
    // Someone took a seat, or the choice would strand one next to seats the map did not yet
    // show as taken: read the map again.
    if (err instanceof ApiError && (err.code === 'SEATS_UNAVAILABLE' || err.code === 'SINGLE_SEAT_GAP')) refreshMap();
    if (into && err instanceof ApiError && (err.status === 410 || err.code === 'INVALID_BOOKING_STATUS')) into.check();
  } finally {
    updateSummary();
  }
}

// Not logged in: keep the choice for after the login (or sign-up), and go there.
function keepChoice() {
  try {
    // The tickets' counts too ("Adult 2, Child 1"): the seats take the same types after.
    if (m.selected.size) sessionStorage.setItem(CHOICE_KEY, JSON.stringify({ show_id: Number(id), seats: [...m.selected], wheelchair: wheelchairOk, types: picker.types() }));
  } catch { /* storage off: they choose again after logging in */ }
}

function logInToHold() {
  keepChoice();
  location.assign(`/login.html?next=${encodeURIComponent(here)}`);
}

/** The choice kept before logging in, for this show (read once: it is removed). */
function takeChoice() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(CHOICE_KEY) || 'null');
    if (!saved || String(saved.show_id) !== id || !Array.isArray(saved.seats)) return null;
    sessionStorage.removeItem(CHOICE_KEY);
    // They said they need a wheelchair space before logging in: not asked again.
    if (saved.wheelchair === true) wheelchairOk = true;
    if (Array.isArray(saved.types)) {
      const counts = new Map();
      for (const t of saved.types) if (typeof t === 'string') counts.set(t, (counts.get(t) || 0) + 1);
      for (const code of picker.types()) picker.set(code, 0);
      for (const [code, n] of counts) picker.set(code, n);
    }
    return saved.seats.filter((s) => typeof s === 'string');
  } catch { return null; }
}

const seatWords = (labels) => `seat${labels.length === 1 ? '' : 's'} ${labels.join(', ')}`;

/** Back from the login: choose again the kept seats still free; say which are gone. */
function restoreChoice() {
  const seats = takeChoice();
  if (!seats || !seats.length) return;
  const back = [];
  const gone = [];
  const own = [];
  for (const label of seats) {
    const seat = m.seat(label);
    if (seat && seat.status === 'mine') own.push(label);
    else if (seat && seat.status === 'available' && back.length < m.maxSeats) { m.toggle(label); back.push(label); }
    else gone.push(label);
  }
  const press = customer ? `Press "${holdButton.textContent}" to hold them for you.` : 'Sell them at the counter as a walk-in sale.';
  const lines = [
    gone.length ? `Sorry: ${seatWords(gone)} ${gone.length === 1 ? 'was' : 'were'} taken while you were logging in.` : null,
    own.length ? `You already hold ${seatWords(own)}.` : null,
    back.length ? `Your choice is back: ${seatWords(back)}. ${press}` : 'Choose other seats on the map.',
  ];
  note(gone.length ? 'warn' : 'success', ...lines);
  say(lines.filter(Boolean).join(' '));
  if (back.length) holdButton.focus();
}

// --- the page -----------------------------------------------------------------------------

function actions() {
  if (!user) {
    const next = encodeURIComponent(here);
    return [holdButton, el('p', { class: 'hint' }, 'Your choice is kept while you ',
      el('a', { href: `/login.html?next=${next}`, onclick: keepChoice }, 'log in'), ' or ',
      el('a', { href: `/signup.html?next=${next}`, onclick: keepChoice }, 'sign up'), '.')];
  }
  if (customer) return [holdButton];
  return [counterLink, el('p', { class: 'hint' }, 'Staff and admin sell seats at the counter as a walk-in sale.')];
}

/** The reason of a cancelled show, or null when it is on ("cancelled" absent or null). */
function cancelledWhy(s) {
  const c = s && s.cancelled;
  if (!c) return null;
  const reason = typeof c === 'object' ? c.reason : c;
  return typeof reason === 'string' && reason.trim() ? reason.trim() : 'no reason was given';
}

function cancelledNotice(why) {
  return el('div', { class: 'notice error show-cancelled' },
    el('p', { class: 'show-cancelled-why' }, el('strong', null, 'This show was cancelled:'), ` ${/[.!?]$/.test(why) ? why : `${why}.`}`),
    el('p', null, 'Tickets bought online were refunded in full to their wallets. ',
      el('a', { href: '/' }, 'See other shows'),
      customer ? [' or ', el('a', { href: '/bookings.html' }, 'my bookings')] : null, '.'));
}

async function main() {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) {
    root.removeAttribute('aria-busy');
    root.replaceChildren(el('h1', { id: 'show-title' }, 'Show not found'),
      el('p', null, 'This address does not name a show. ', el('a', { href: '/' }, "See today's shows")));
    return;
  }
  try {
    show = await api('GET', `/api/shows/${encodeURIComponent(id)}`);
  } catch (err) {
    root.removeAttribute('aria-busy');
    root.replaceChildren(el('h1', { id: 'show-title' }, err.code === 'SHOW_NOT_FOUND' ? 'Show not found' : 'Show'));
    showError(root, err);
    return;
  }
  loadTypeNames();               // the hold panels' "F7 Child"
  picker.restrict(show.movie.certificate);   // no Child tickets for a UA 13+ film
  let movie = show.movie;
  try { movie = { ...show.movie, ...(await api('GET', `/api/movies/${show.movie.id}`)) }; } catch { /* the summary will do */ }
  document.title = `${movie.title} · ${dateLabel(show.date).long} · SkyFox Cinema`;

  const why = cancelledWhy(show);
  if (why !== null) {
    root.replaceChildren(header(movie), cancelledNotice(why), about(movie));
    root.removeAttribute('aria-busy');
    return;
  }

  // The skeleton's map stays (in place) until the map is read.
  const mapSection = root.querySelector('section.seatmap.skeleton') || el('section', { class: 'seatmap skeleton', 'aria-labelledby': 'seats-heading' },
    el('h2', { id: 'seats-heading' }, 'Choose your seats'));
  mapSection.append(el('p', { class: 'visually-hidden', role: 'status' }, 'Loading the seat map…'));
  root.replaceChildren(header(movie), mapSection, about(movie));

  m = seatMap({
    currency: show.currency, say, onChange: updateSummary, confirmPick,
    onTaken: (labels) => note('warn',
      `Sorry: ${seatWords(labels)} ${labels.length === 1 ? 'was' : 'were'} just taken by someone else and left your choice.`),
  });
  try {
    await startReading();
  } catch (err) {
    mapSection.classList.remove('skeleton');
    mapSection.replaceChildren(el('h2', { id: 'seats-heading' }, 'Choose your seats'));
    showError(mapSection, err);
    root.removeAttribute('aria-busy');
    return;
  }
  const map = compose();
  const scroller = el('div', { class: 'seat-scroll' },
    el('div', { class: 'screen-edge', 'aria-hidden': 'true' }, el('span', null, 'Screen')),
    el('p', { class: 'visually-hidden' }, 'The screen is in front of row A. Use the arrow keys to move between seats and Space to choose one.'),
    m.draw(map));
  const { hint, box, cue } = scrollCue(scroller);
  bar.querySelector('.actions').replaceChildren(...actions());
  mapSection.classList.remove('skeleton');
  picker.update(published);
  bestButton.addEventListener('click', pickBest);
  mapSection.replaceChildren(
    el('h2', { id: 'seats-heading' }, 'Choose your seats'),
    bestBox, hint, box, legend(map),
    live, bar, result, holdsBox);
  root.removeAttribute('aria-busy');
  // A new choice on the map puts a refused hold's message away.
  box.addEventListener('click', (e) => { if (e.target.closest('button.seat')) holdError.replaceChildren(); });
  cue();
  drawn = states(map);
  holdButton.addEventListener('click', user ? hold : logInToHold);
  // Back on the page with holds from before (a reload, another tab): a panel for each.
  syncHolds();
  // Seats already bought for this show: say so.
  const owned = [...mine].filter(([, until]) => until === Infinity).map(([s]) => s);
  if (owned.length && customer) {
    result.replaceChildren(el('div', { class: 'notice', role: 'status' },
      el('p', null, `You own ${seatWords(owned)} for this show. `,
        el('a', { href: '/bookings.html' }, 'See my bookings'), ' for your tickets.')));
  }
  updateSummary();
  if (user) restoreChoice();
  // Lapsed holds turn free by themselves: no new file comes when a hold runs out.
  setInterval(render, TICK_MS);
  setInterval(() => { if (!document.hidden) syncClock(true).then(render); }, CLOCK_MS);
}

main().catch((err) => { root.removeAttribute('aria-busy'); showError(root, err); });
