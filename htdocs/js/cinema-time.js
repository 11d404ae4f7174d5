// cinema-time.js — show the API's times as the cinema's wall clock.
//
// The API sends ISO 8601 with the cinema's offset ("2026-11-25T19:30:00+05:30"). A ticket
// says 19:30 wherever the phone showing it happens to be set, so these read the local parts
// of the string instead of converting to the browser's zone.

/** "19:30" */
export function cinemaTime(iso) {
  return typeof iso === 'string' && iso.length >= 16 ? iso.slice(11, 16) : '';
}

/** "Wed, 25 Nov 2026" */
export function cinemaDay(iso) {
  if (typeof iso !== 'string' || iso.length < 10) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, {
    timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric',
  });
}

/** "Wed, 25 Nov 2026, 19:30" */
export function cinemaWhen(iso) {
  return `${cinemaDay(iso)}, ${cinemaTime(iso)}`;
}
