// shows.js — small helpers the shows pages share (home, show, admin schedule): the cinema's
// dates and times, posters (money is money.js). Times from the API are ISO 8601 in the cinema's zone
// (e.g. "2026-11-26T16:30:00+05:30"), so the local clock time is simply its hh:mm part, and
// the cinema's "today" comes from the server (GET /api/health), never from the visitor's clock.
// The words for a day and a time are cinema-time.js's, the site's one formatter: dateLabel's
// long form is its cinemaDay and clockTime is its cinemaTime, under the names pages import.

import { api, el } from './api.js';
import { cinemaDay, cinemaTime } from './cinema-time.js';

/** The cinema's today as YYYY-MM-DD (the server's clock and zone). */
export async function cinemaToday() {
  const health = await api('GET', '/api/health');
  return String(health.time).slice(0, 10);
}

function parts(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** "2026-11-28" + 3 → "2026-12-01". */
export function addDays(date, n) {
  const t = parts(date);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/**
 * { weekday: "Sat", day: "28", month: "Nov", long: "Sat, 28 Nov 2026" }: the parts for a date
 * chip, and the whole day in the site's one style (cinemaDay).
 */
export function dateLabel(date) {
  const t = parts(date);
  const f = (opts) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...opts }).format(t);
  return {
    weekday: f({ weekday: 'short' }),
    day: f({ day: 'numeric' }),
    month: f({ month: 'short' }),
    long: cinemaDay(date),
  };
}

/** "2026-11-26T16:30:00+05:30" → "16:30" (the cinema's local time): cinemaTime itself. */
export const clockTime = cinemaTime;

/** A poster image, or a lettered placeholder when the record has none. */
export function poster(movie, className = 'poster') {
  if (movie.poster) {
    return el('img', { class: className, src: movie.poster, alt: '', width: 120, height: 180, loading: 'lazy' });
  }
  return el('div', { class: `${className} poster-placeholder`, 'aria-hidden': 'true' },
    (movie.title || '?').slice(0, 1));
}

/**
 * The film's certificate (age rating) as a small badge: "UA 13+", read as "Certificate UA 13+",
 * with who may come in its title. null when the film has none yet (GET /api/certificates lists
 * them; an adult-only one, min_age 18, is drawn in the warning colours).
 */
export function certBadge(movie) {
  const c = movie && movie.certificate;
  if (!c) return null;
  const who = c.min_age > 0 ? `ages ${c.min_age} and over` : 'all ages';
  return el('span', { class: `cert-badge${c.min_age >= 18 ? ' cert-adult' : ''}`, title: `Certificate ${c.name}: ${who}`, 'data-code': c.code },
    el('span', { class: 'visually-hidden' }, 'Certificate '), c.name);
}

/** "142 min · Drama · ★ 8.6" — the parts the record has. */
export function movieMeta(movie) {
  return [
    movie.runtime_min ? `${movie.runtime_min} min` : null,
    movie.genre,
    movie.rating ? `★ ${movie.rating}` : null,
  ].filter(Boolean).join(' · ');
}

/**
 * A day's shows as one entry per film, [{ movie, shows }], each film's shows in time order and
 * the films in the order of their first show (then by title).
 */
export function groupByFilm(shows) {
  const byFilm = new Map();
  for (const show of [...shows].sort((a, b) => String(a.starts_at).localeCompare(String(b.starts_at)) || a.id - b.id)) {
    const key = show.movie.id;
    if (!byFilm.has(key)) byFilm.set(key, { movie: show.movie, shows: [] });
    byFilm.get(key).shows.push(show);
  }
  return [...byFilm.values()].sort((a, b) =>
    String(a.shows[0].starts_at).localeCompare(String(b.shows[0].starts_at))
    || String(a.movie.title).localeCompare(String(b.movie.title)));
}

/**
 * How full a show is: "sold-out" (no seat left), "almost-full" (under 10 % left) or "open".
 */
export function fullness(show) {
  if (show.seats_available <= 0) return 'sold-out';
  if (show.seats_available * 10 < show.seats_total) return 'almost-full';
  return 'open';
}
