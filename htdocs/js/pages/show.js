// Show page (/show.html?id=): the movie's details and the live seat map.
//
// The map is drawn from GET /api/shows/<id>/seats on a grid (row 1 nearest the screen; a
// skipped grid column is an aisle). Seats are <button>s with names like "Seat F7, Deluxe,
// ₹350.00, available"; arrow keys move between seats (one tab stop for the whole map), Space
// or Enter picks. Every 5 s the map is asked again with If-None-Match, so an unchanged map
// costs a 304 and no redraw; a seat someone else takes meanwhile leaves the selection with a
// spoken notice. Customers hold up to 10 seats (POST /api/bookings); staff and admin are
// sent to the walk-in sale with their selection.

import { renderNav } from '../nav.js';
import { ApiError, api, el, showError } from '../api.js';
import { formatMoney } from '../money.js';
import { clockTime, dateLabel, movieMeta, poster } from '../shows.js';
import { showHold } from '../hold.js';
import { categoryClass, seatMap } from '../seatmap.js';

const POLL_MS = 5000;

const root = document.getElementById('show');
const id = new URLSearchParams(location.search).get('id') || '';
const user = await renderNav();

let show = null;
const seatTag = { value: null };   // the seat map's last ETag (api.js)
let timer = null;
let m = null;                   // the seat map (seatmap.js), once the show is known

function detailsList(movie) {
  const rows = [
    ['Year', movie.year], ['Rated', movie.rated], ['Language', movie.language],
    ['Director', movie.director], ['Cast', movie.actors],
  ].filter(([, v]) => v);
  return el('dl', { class: 'movie-facts' }, rows.map(([k, v]) => [el('dt', null, k), el('dd', null, v)]));
}

function header(movie) {
  const day = dateLabel(show.date);
  return el('header', { class: 'show-header' },
    poster(movie, 'poster poster-large'),
    el('div', null,
      el('h1', { id: 'show-title' }, movie.title),
      el('p', { class: 'show-when' },
        el('time', { datetime: show.starts_at }, `${day.long}, ${clockTime(show.starts_at)}`),
        `–${clockTime(show.ends_at || '')} · ${show.slot.name} · ${show.screen.name}`),
      el('p', { class: 'show-meta' }, movieMeta(movie)),
      movie.plot ? el('p', { class: 'plot' }, movie.plot) : null,
      detailsList(movie)));
}

const live = el('p', { class: 'visually-hidden', 'aria-live': 'assertive' });
const summary = el('p', { class: 'selection-summary', 'aria-live': 'polite' });
const holdButton = el('button', { type: 'button', id: 'hold-seats', disabled: true }, 'Hold seats');
const counterLink = el('a', { class: 'btn', href: '#', 'aria-disabled': 'true' }, 'Sell at the counter');
const result = el('div', { id: 'hold-result' });

function say(text) {
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 50);
}

function updateSummary() {
  const labels = [...m.selected];
  summary.textContent = labels.length
    ? `${labels.length} seat${labels.length === 1 ? '' : 's'}: ${labels.join(', ')} · Total ${formatMoney(m.total(), show.currency)}`
    : `No seats chosen yet. Pick up to ${m.maxSeats}.`;
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
      sample('held', 'Held'), sample('sold', 'Sold'), sample('mine', 'Yours')),
    el('ul', { class: 'legend-categories', 'aria-label': 'Categories and prices' },
      (map.categories || []).map((c) => el('li', null,
        el('span', { class: `seat-sample seat available ${categoryClass(c.name)}`, 'aria-hidden': 'true' }),
        `${c.name} ${formatMoney(c.price, map.currency || show.currency)}`))));
}

// The seat map, asked with the last ETag: null when unchanged (304).
function fetchSeats() {
  return api('GET', `/api/shows/${encodeURIComponent(id)}/seats`, undefined, { etag: seatTag });
}

async function poll() {
  timer = null;
  if (document.hidden) return;                 // resumed by visibilitychange
  try {
    const map = await fetchSeats();
    if (map) m.repaint(map);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 404)) {
      showError(result, err);
      return;                                  // stop polling
    }
    // A blip (network, 503): keep the map and try again next time.
  }
  timer = setTimeout(poll, POLL_MS);
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && timer === null && show) poll();
});

// Redraw the map at once (not at the next poll): after a hold, a release or a lapse.
async function refreshMap() {
  seatTag.value = null;
  try {
    const map = await fetchSeats();
    if (map) m.repaint(map);
  } catch { /* the next poll tries again */ }
}

let activeHold = null;

async function hold() {
  holdButton.disabled = true;
  result.replaceChildren();
  try {
    const booking = await api('POST', '/api/bookings', { show_id: show.id, seats: [...m.selected] });
    m.selected.clear();
    if (activeHold) activeHold.stop();
    // The countdown to the server's expires_at, "Pay now" and "Release seats"; when the hold
    // lapses or is released the page says so and the map shows the seats free again.
    activeHold = showHold(result, booking, { onLapse: refreshMap, onRelease: refreshMap, onPaid: refreshMap });
    await refreshMap();
  } catch (err) {
    showError(result, err);
    if (err instanceof ApiError && err.code === 'SEATS_UNAVAILABLE') refreshMap();
  } finally {
    updateSummary();
  }
}

async function main() {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) {
    root.replaceChildren(el('h1', { id: 'show-title' }, 'Show not found'),
      el('p', null, 'This address does not name a show. ', el('a', { href: '/' }, "See today's shows")));
    return;
  }
  if (!user) {
    root.replaceChildren(el('h1', { id: 'show-title' }, 'Log in to choose seats'),
      el('p', null, el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, 'Log in'), ' or ', el('a', { href: '/signup.html' }, 'sign up'),
        ' to see the seat map and hold seats.'));
    return;
  }
  try {
    show = await api('GET', `/api/shows/${encodeURIComponent(id)}`);
  } catch (err) {
    root.replaceChildren(el('h1', { id: 'show-title' }, err.code === 'SHOW_NOT_FOUND' ? 'Show not found' : 'Show'));
    showError(root, err);
    return;
  }
  let movie = show.movie;
  try { movie = { ...show.movie, ...(await api('GET', `/api/movies/${show.movie.id}`)) }; } catch { /* the summary will do */ }
  document.title = `${movie.title} · ${dateLabel(show.date).long} · SkyFox Cinema`;

  const mapSection = el('section', { class: 'seatmap', 'aria-labelledby': 'seats-heading' },
    el('h2', { id: 'seats-heading' }, 'Choose your seats'),
    el('p', { class: 'muted', role: 'status' }, 'Loading the seat map…'));
  root.replaceChildren(header(movie), mapSection);

  m = seatMap({ currency: show.currency, say, onChange: updateSummary });
  let map;
  try {
    map = await fetchSeats();
  } catch (err) {
    showError(mapSection, err);
    return;
  }
  const actions = user.role === 'customer'
    ? [holdButton]
    : [counterLink, el('p', { class: 'hint' }, 'Staff and admin sell seats at the counter as a walk-in sale.')];
  mapSection.replaceChildren(
    el('h2', { id: 'seats-heading' }, 'Choose your seats'),
    legend(map),
    el('div', { class: 'seat-scroll' },
      el('div', { class: 'screen-edge', 'aria-hidden': 'true' }, el('span', null, 'Screen')),
      el('p', { class: 'visually-hidden' }, 'The screen is in front of row A. Use the arrow keys to move between seats and Space to choose one.'),
      m.draw(map)),
    summary, live,
    el('div', { class: 'actions' }, actions),
    result);
  holdButton.addEventListener('click', hold);
  // Back on the page with a hold from before (a reload, another tab): say where to pay.
  const mine = map.rows.flatMap((r) => r.seats).filter((s) => s.status === 'mine').map((s) => s.seat);
  if (mine.length && user.role === 'customer') {
    result.replaceChildren(el('div', { class: 'notice', role: 'status' },
      el('p', null, `You already hold or own seat${mine.length === 1 ? '' : 's'} ${mine.join(', ')} for this show. `,
        el('a', { href: '/bookings.html' }, 'See my bookings'), ' to pay or cancel.')));
  }
  updateSummary();
  timer = setTimeout(poll, POLL_MS);
}

main().catch((err) => showError(root, err));
