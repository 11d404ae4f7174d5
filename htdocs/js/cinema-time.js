// cinema-time.js — the site's one date and time formatter: the API's times as the cinema's
// wall clock, in one style each (issue 14 found six):
//   cinemaDay(…)   "Sat, 5 Dec 2026"          a date ("2026-12-05") or a time's date
//   cinemaTime(…)  "19:30"                    24-hour, no seconds
//   cinemaWhen(…)  "Sat, 5 Dec 2026, 19:30"   both
//
// The API sends ISO 8601 with the cinema's offset ("2026-11-25T19:30:00+05:30"). A ticket
// says 19:30 wherever the phone showing it happens to be set, so these read the local parts
// of the string instead of converting to the browser's zone: never new Date(iso) with
// toLocale…String(), which says the browser's clock (forgot-password said 4:37:05 AM while
// the site said 10:07). The cinema's today comes from the server (shows.js cinemaToday).
// (The one cinemaWhen: pay.js had another that dropped the weekday.)

/** "19:30" */
export function cinemaTime(iso) {
  return typeof iso === 'string' && iso.length >= 16 ? iso.slice(11, 16) : '';
}

/** "Wed, 25 Nov 2026" — the same words whatever the browser's language (the site's is English). */
export function cinemaDay(iso) {
  if (typeof iso !== 'string' || iso.length < 10) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
  }).format(new Date(Date.UTC(y, m - 1, d))).replace(/^(\w+) /, '$1, ');
}

/** "Wed, 25 Nov 2026, 19:30" */
export function cinemaWhen(iso) {
  return `${cinemaDay(iso)}, ${cinemaTime(iso)}`;
}
