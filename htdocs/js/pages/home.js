// Home page: the shows of a day. A 7-day strip (the cinema's today to today+6) picks the
// day (?date=); staff and admin may also pick any date. Each show is a card with its poster,
// time, screen, runtime, genre, rating, price and seats left ("Almost full" under 10 %).

import { renderNav } from '../nav.js';
import { api, el, showError } from '../api.js';
import { formatMoney } from '../money.js';
import { addDays, cinemaToday, clockTime, dateLabel, movieMeta, poster } from '../shows.js';

const section = document.getElementById('shows');
const user = await renderNav();

function heading(text) {
  return el('h1', { id: 'shows-heading' }, text);
}

function dateStrip(today, selected) {
  const items = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(today, i);
    const label = dateLabel(date);
    const top = i === 0 ? 'Today' : i === 1 ? 'Tomorrow' : label.weekday;
    items.push(el('li', null, el('a', {
      href: `/?date=${date}`,
      class: 'date-chip',
      'aria-current': date === selected ? 'date' : null,
      'aria-label': `${i === 0 ? 'Today, ' : i === 1 ? 'Tomorrow, ' : ''}${label.long}`,
    }, el('span', { class: 'date-chip-top' }, top), el('span', { class: 'date-chip-day' }, `${label.day} ${label.month}`))));
  }
  return el('nav', { class: 'date-strip', 'aria-label': 'Choose a day' }, el('ul', null, items));
}

// Staff and admin see any day: a date field beside the strip.
function anyDate(selected) {
  const input = el('input', { type: 'date', id: 'any-date', name: 'date', value: selected, required: true });
  return el('form', { class: 'any-date', action: '/', method: 'get' },
    el('label', { for: 'any-date' }, 'Any date'), input,
    el('button', { type: 'submit', class: 'secondary' }, 'Show'));
}

function seatsLeft(show) {
  const left = show.seats_available;
  const badges = [];
  if (left === 0) badges.push(el('span', { class: 'badge sold-out' }, 'Sold out'));
  else if (left * 10 < show.seats_total) badges.push(el('span', { class: 'badge almost-full' }, 'Almost full'));
  return el('p', { class: 'seats-left' }, `${left} of ${show.seats_total} seats left`, badges.length ? ' ' : null, badges);
}

function card(show) {
  const m = show.movie;
  const href = `/show.html?id=${encodeURIComponent(show.id)}`;
  return el('li', { class: 'card show-card' },
    poster(m),
    el('div', { class: 'show-card-body' },
      el('h2', null, el('a', { href }, m.title)),
      el('p', { class: 'show-when' },
        el('time', { datetime: show.starts_at }, clockTime(show.starts_at)),
        ` · ${show.slot.name} · ${show.screen.name}`),
      el('p', { class: 'show-meta' }, movieMeta(m)),
      seatsLeft(show),
      el('p', { class: 'show-price' }, `From ${formatMoney(show.price, show.currency)}`),
      el('p', { class: 'show-action' }, el('a', { class: 'btn', href }, 'Choose seats'))));
}

async function main() {
  if (!user) {
    section.replaceChildren(
      heading("Today's shows"),
      el('p', { class: 'welcome' },
        "Welcome to SkyFox Cinema. Log in or sign up to see this week's shows and pick your seats."));
    return;
  }
  const today = await cinemaToday();
  const asked = new URLSearchParams(location.search).get('date');
  const date = /^\d{4}-\d{2}-\d{2}$/.test(asked || '') ? asked : today;
  const label = dateLabel(date);
  const title = date === today ? "Today's shows" : `Shows on ${label.long}`;
  const list = el('ul', { class: 'show-grid', 'aria-labelledby': 'shows-heading' });
  const status = el('p', { class: 'muted', role: 'status' }, 'Loading…');
  section.replaceChildren(...[heading(title), dateStrip(today, date),
    user.role !== 'customer' ? anyDate(date) : null, status, list].filter(Boolean));
  document.title = `${title} · SkyFox Cinema`;

  try {
    const shows = await api('GET', `/api/shows?date=${encodeURIComponent(date)}`);
    list.replaceChildren(...shows.map(card));
    status.textContent = shows.length
      ? `${shows.length} show${shows.length === 1 ? '' : 's'}`
      : 'No shows on this day. Try another day.';
  } catch (err) {
    status.remove();
    showError(section, err);
  }
}

main().catch((err) => showError(section, err));
