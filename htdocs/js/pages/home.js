// Home page: the shows of a day, for anyone. A 7-day strip (the cinema's today to today+6)
// picks the day (?date=); staff and admin may also pick any date.
//
// The list is the published file /live/shows/<date>.json (DESIGN §12), polled with
// If-None-Match: an unchanged poll is a bodiless 304 and changes nothing on the page. A day
// outside the public window has no file: staff and admin then read GET /api/shows?date=.
//
// One card per film (poster, title, runtime, genre, rating) with its showtimes as chips; a chip
// links to the show's page and names its time, screen, lowest price and seats left ("Almost
// full" under 10 %, "Sold out" — then it is no link). Cards and chips are kept by id and
// updated in place, so a poll never moves the visitor's focus or scroll position.
//
// Until the first list arrives the section is a skeleton (index.html: grey chips and cards in
// the real components' shapes, aria-busy, a visually hidden "Loading shows…"); the real parts
// take its places, the skeleton cards stay in the new list until the first draw replaces them,
// so nothing jumps.

import { renderNav } from '../nav.js';
import { api, el } from '../api.js';
import { formatMoney } from '../money.js';
import { livePoll, siteNow, syncClock } from '../live.js';
import { addDays, certBadge, cinemaToday, clockTime, dateLabel, fullness, groupByFilm, movieMeta, poster } from '../shows.js';

const POLL_MS = 15000;      // the list: seats left and sold-out states, without a reload
const TICK_MS = 30000;      // a chip turns "Started" when its show begins, even with no new file

const section = document.getElementById('shows');
const user = await renderNav();
const staff = Boolean(user && user.role !== 'customer');
// The welcome goes in now, before the day is known: the skeleton below it then does not move
// when the real parts replace it.
const welcome = user ? null : el('p', { class: 'welcome' },
  'Welcome to SkyFox Cinema. Pick a time to see the seats; log in or sign up to book them.');
if (welcome) section.querySelector('h1')?.after(welcome);
const skeletonCards = [...section.querySelectorAll('.show-grid.skeleton > li')];
const loadingStatus = section.querySelector('[role="status"]');

/** The list (or a sentence instead) is on the page: the skeleton goes, the region is not busy. */
function settled(list) {
  for (const li of skeletonCards) if (li.parentNode === list) li.remove();
  section.removeAttribute('aria-busy');
}

function heading(text) {
  return el('h1', { id: 'shows-heading' }, text);
}

function dateStrip(today, selected) {
  const items = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(today, i);
    const label = dateLabel(date);
    const top = i === 0 ? 'Today' : i === 1 ? 'Tomorrow' : label.weekday;
    // The name is the visible text ("Tomorrow , 6 Dec": Chromium joins the flex parts with a
    // space), so speech users can say what they see.
    items.push(el('li', null, el('a', {
      href: `/?date=${date}`,
      class: 'date-chip',
      'aria-current': date === selected ? 'date' : null,
      title: label.long,
    }, el('span', { class: 'date-chip-top' }, top), hidden(', '),
    el('span', { class: 'date-chip-day' }, `${label.day} ${label.month}`))));
  }
  // On a phone the week does not fit: a fading edge and a "more days" arrow say it scrolls,
  // and go once the last day is in view.
  const list = el('ul', null, items);
  const more = el('button', { type: 'button', class: 'date-strip-more', hidden: true },
    el('span', { 'aria-hidden': 'true' }, '›'), el('span', { class: 'visually-hidden' }, 'More days'));
  const strip = el('nav', { class: 'date-strip', 'aria-label': 'Choose a day' }, list, more);
  const cue = () => {
    const atEnd = list.scrollLeft + list.clientWidth >= list.scrollWidth - 2;
    strip.classList.toggle('more-right', !atEnd);
    more.hidden = atEnd;
  };
  list.addEventListener('scroll', cue, { passive: true });
  new ResizeObserver(cue).observe(list);
  more.addEventListener('click', () => list.scrollBy({ left: list.clientWidth * 0.75, behavior: 'smooth' }));
  return strip;
}

// Staff and admin see any day: a date field beside the strip.
function anyDate(selected) {
  const input = el('input', { type: 'date', id: 'any-date', name: 'date', value: selected, required: true });
  return el('form', { class: 'any-date', action: '/', method: 'get' },
    el('label', { for: 'any-date' }, 'Any date'), input,
    el('button', { type: 'submit', class: 'secondary' }, 'Show'));
}

const showHref = (show) => `/show.html?id=${encodeURIComponent(show.id)}`;
const hidden = (text) => el('span', { class: 'visually-hidden' }, text);

// What a chip says, as data: equal descriptions draw the same chip.
function describe(show, now) {
  const started = Date.parse(show.starts_at) <= now;
  const state = started ? 'started' : fullness(show);
  const left = show.seats_available;
  const seats = {
    started: 'Started',
    'sold-out': 'Sold out',
    'almost-full': `Almost full · ${left} left`,
    open: `${left} seat${left === 1 ? '' : 's'} left`,
  }[state];
  return {
    state,
    link: state === 'sold-out' || state === 'started' ? null : showHref(show),
    time: clockTime(show.starts_at),
    starts: show.starts_at,
    screen: show.screen.name,
    // The list carries the base price, the lowest category's: dearer seats cost more.
    price: `From ${formatMoney(show.price, show.currency)}`,
    seats,
  };
}

function chipContent(d) {
  return [
    el('span', { class: 'chip-line' },
      el('time', { class: 'chip-time', datetime: d.starts }, d.time), hidden(', '),
      el('span', { class: 'chip-screen' }, d.screen)),
    hidden(', '),
    el('span', { class: 'chip-price' }, d.price),
    hidden(', '),
    el('span', { class: 'chip-seats' }, d.seats),
  ];
}

// Draw the chip li from its description. The <a> is kept when it stays a link, so a chip that
// has focus keeps it while its seats left change.
function drawChip(li, d) {
  const sig = JSON.stringify(d);
  if (li.dataset.sig === sig) return;
  li.dataset.sig = sig;
  li.className = `time-chip-item ${d.state}`;
  let inner = li.firstElementChild;
  const wantLink = Boolean(d.link);
  if (!inner || (inner.tagName === 'A') !== wantLink) {
    inner = wantLink ? el('a') : el('span');
    li.replaceChildren(inner);
  }
  inner.className = `time-chip ${d.state}`;
  if (wantLink) inner.setAttribute('href', d.link);
  inner.replaceChildren(...chipContent(d));
}

// Put `wanted` as parent's children in this order, moving nodes only when the order differs
// (moving a node takes the focus off it: give it back).
function arrange(parent, wanted) {
  const current = [...parent.children];
  for (const old of current) if (!wanted.includes(old)) old.remove();
  const same = parent.children.length === wanted.length && wanted.every((n, i) => parent.children[i] === n);
  if (same) return;
  const focused = document.activeElement;
  parent.replaceChildren(...wanted);
  if (focused && focused !== document.activeElement && parent.contains(focused)) focused.focus({ preventScroll: true });
}

function newCard(movie) {
  const titleLink = el('a', { class: 'show-title' });
  const card = el('li', { class: 'card show-card', 'data-movie-id': String(movie.id) },
    el('div', { class: 'show-card-head' },
      el('div', { class: 'show-card-poster' }),
      el('div', { class: 'show-card-body' },
        el('h2', null, titleLink),
        el('p', { class: 'show-facts' }, el('span', { class: 'show-cert' }), el('span', { class: 'show-meta' })))),
    el('ul', { class: 'time-chips', 'aria-label': `Showtimes of ${movie.title}` }));
  return card;
}

function drawCard(card, { movie, shows }, now) {
  const cert = movie.certificate ? movie.certificate.code : null;
  const sig = JSON.stringify([movie.title, movie.poster, movie.runtime_min, movie.genre, movie.rating, cert]);
  if (card.dataset.sig !== sig) {
    card.dataset.sig = sig;
    card.querySelector('.show-card-poster').replaceChildren(poster(movie));
    card.querySelector('.show-title').textContent = movie.title;
    const badge = certBadge(movie);
    card.querySelector('.show-cert').replaceChildren(...(badge ? [badge, ' '] : []));
    card.querySelector('.show-meta').textContent = movieMeta(movie);
    card.querySelector('.time-chips').setAttribute('aria-label', `Showtimes of ${movie.title}`);
  }
  const title = card.querySelector('.show-title');
  const href = showHref(shows[0]);
  if (title.getAttribute('href') !== href) title.setAttribute('href', href);

  const list = card.querySelector('.time-chips');
  const chips = new Map([...list.children].map((li) => [li.dataset.showId, li]));
  arrange(list, shows.map((show) => {
    const li = chips.get(String(show.id)) || el('li', { 'data-show-id': String(show.id) });
    drawChip(li, describe(show, now));
    return li;
  }));
}

/** The day's list on the page: one card per film, updated in place. */
function makeBoard(list, status) {
  let last = null;
  function draw(shows) {
    last = shows;
    const now = siteNow();
    const cards = new Map([...list.children].map((li) => [li.dataset.movieId, li]));
    const films = groupByFilm(shows);
    arrange(list, films.map((film) => {
      const card = cards.get(String(film.movie.id)) || newCard(film.movie);
      drawCard(card, film, now);
      return card;
    }));
    const n = shows.length;
    const text = n
      ? `${films.length} film${films.length === 1 ? '' : 's'}, ${n} show${n === 1 ? '' : 's'}`
      : 'No shows on this day. Try another day.';
    if (status.textContent !== text) status.textContent = text;
    const look = n ? 'muted' : 'empty-day';
    if (status.className !== look) status.className = look;
  }
  return { draw, redrawTimes() { if (last) draw(last); } };
}

// A sentence for a failure: never the server's own text.
function failure(err, { firstLoad }) {
  if (err && err.status === 0) {
    return firstLoad
      ? 'The cinema could not be reached. Check your connection; the list will appear when it is back.'
      : 'The cinema could not be reached just now. Seats left may be out of date; trying again.';
  }
  if (err && err.status === 404) {
    return 'No shows are listed for this day. Shows can be booked up to a week ahead: pick a day above.';
  }
  return firstLoad
    ? 'The shows could not be loaded just now. Please try again in a moment.'
    : 'Seats left could not be refreshed just now; trying again.';
}

async function main() {
  const today = await cinemaToday();
  const asked = new URLSearchParams(location.search).get('date');
  const date = /^\d{4}-\d{2}-\d{2}$/.test(asked || '') ? asked : today;
  const label = dateLabel(date);
  const title = date === today ? "Today's shows" : `Shows on ${label.long}`;
  const list = el('ul', { class: 'show-grid', 'aria-labelledby': 'shows-heading' }, skeletonCards);
  const status = loadingStatus || el('p', { class: 'muted', role: 'status' });
  const notice = el('p', { class: 'notice warn', role: 'alert', hidden: true });
  section.replaceChildren(...[heading(title), welcome, dateStrip(today, date),
    staff ? anyDate(date) : null, status, notice, list].filter(Boolean));
  document.title = `${title} · SkyFox Cinema`;

  const board = makeBoard(list, status);
  let drawn = false;
  const say = (text) => {
    notice.hidden = !text;
    if (notice.textContent !== (text || '')) notice.textContent = text || '';
  };

  // Staff and admin: a day with no published file (outside the public window) from the API.
  async function fromApi() {
    try {
      await syncClock();
      const shows = await api('GET', `/api/shows?date=${encodeURIComponent(date)}`);
      board.draw(shows);
      drawn = true;
      settled(list);
      say(null);
    } catch (err) {
      status.textContent = '';
      settled(list);
      say(failure(err.status === 0 ? err : {}, { firstLoad: true }));
    }
  }

  const poll = livePoll(`/live/shows/${date}.json`, (file) => {
    board.draw(Array.isArray(file.shows) ? file.shows : []);
    list.dataset.version = String(file.version);
    drawn = true;
    settled(list);
    say(null);
  }, {
    everyMs: POLL_MS,
    onError(err) {
      if (err.status === 404 && staff && !drawn) {
        poll.stop();
        fromApi();
        return;
      }
      if (!drawn) { status.textContent = ''; settled(list); }
      say(failure(err, { firstLoad: !drawn }));
    },
  });
  setInterval(() => board.redrawTimes(), TICK_MS);
}

main().catch(() => {
  section.removeAttribute('aria-busy');
  section.replaceChildren(heading("Today's shows"),
    el('p', { class: 'notice warn', role: 'alert' },
      'The shows could not be loaded just now. Please try again in a moment.'));
});
