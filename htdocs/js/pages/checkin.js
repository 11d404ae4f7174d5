// checkin.html — the door (staff and admin).
//
// Pick the day and show; then scan tickets with the camera (the browser's BarcodeDetector,
// where it exists), with a USB scanner that types into the box, or by typing a code or a
// booking id. Each answer is shown big: green = in, amber = already in, red = refused (why).
// The show's count refreshes after every answer and every 10 seconds (other doors count too).
// On a phone the answer is scrolled to the top of the screen and focused, with a short flash
// (a static highlight for prefers-reduced-motion); typing while it has focus goes back to the
// code box, so a USB scanner's next ticket is never lost.

import { renderNav } from '../nav.js';
import { ApiError, api, el, showError } from '../api.js';
import { cameraAvailable, qrDetector } from '../qr-camera.js';
import { cinemaDay, cinemaTime, cinemaWhen } from '../cinema-time.js';
import { siteNow, syncClock } from '../live.js';

const $ = (id) => document.getElementById(id);
const gate = $('checkin-gate');
const REFRESH_MS = 10_000;

const REASONS = {
  bad_signature: 'Forged or altered ticket',
  malformed: 'Not a ticket code',
  unknown_booking: 'No such booking',
  not_confirmed: 'Booking not paid or no longer valid',
  wrong_show: 'Ticket for another show',
  CHECKIN_WINDOW_CLOSED: 'Check-in is closed for this show',
};

let showId = null;
let refreshTimer = null;

const user = await renderNav();
if (!user) {
  gate.replaceChildren(el('p', null, 'Staff only. Please ',
    el('a', { href: `/login.html?next=${encodeURIComponent('/checkin.html')}` }, 'log in'), '.'));
} else if (user.role !== 'staff' && user.role !== 'admin') {
  gate.replaceChildren(el('p', null, 'This page is for cinema staff. Your tickets are in ',
    el('a', { href: '/bookings.html' }, 'your bookings'), '.'));
} else {
  gate.replaceChildren();
  $('checkin').hidden = false;
  start();
}

// --- the show -------------------------------------------------------------------------------

function showLabel(s) {
  const c = s.counts;
  return `${cinemaTime(s.starts_at)} · ${s.title} · ${s.screen} (${c.checked_in}/${c.bookings} in)`;
}

async function loadDay(date, wanted) {
  const select = $('show-id');
  const [day] = await Promise.all([
    api('GET', `/api/checkins${date ? `?date=${encodeURIComponent(date)}` : ''}`),
    syncClock(),
  ]);
  $('show-date').value = day.date;
  select.replaceChildren(...day.shows.map((s) => el('option', { value: s.show_id }, showLabel(s))));
  if (!day.shows.length) {
    select.append(el('option', { value: '' }, 'No shows on this day'));
    setShow(null);
    return;
  }
  // The show asked for, else the one whose door is open, else the next to open, else the first.
  // "Next" on the site's clock (live.js: the Date header and the site's clock_offset), never
  // the device's: a phone set wrong, or a demo that moved the site's clock, must not pick a
  // door that has already closed.
  const now = siteNow();
  const pick = day.shows.find((s) => String(s.show_id) === String(wanted))
    || day.shows.find((s) => s.open)
    || day.shows.find((s) => Date.parse(s.opens_at) > now)
    || day.shows[0];
  select.value = String(pick.show_id);
  setShow(pick.show_id);
}

function setShow(id) {
  showId = id;
  const url = new URL(location.href);
  if (id) url.searchParams.set('show_id', id); else url.searchParams.delete('show_id');
  history.replaceState(null, '', url);
  $('show-panel').hidden = !id;
  $('holders').tBodies[0].replaceChildren();
  if (id) refresh();
}

function renderShow(s) {
  $('show-title').textContent = `${s.title} — ${cinemaWhen(s.starts_at)}, ${s.screen}`;
  $('show-window').textContent = s.open
    ? `Check-in is open until ${cinemaTime(s.closes_at)}.`
    : `Check-in is open from ${cinemaTime(s.opens_at)} to ${cinemaTime(s.closes_at)} (${cinemaDay(s.opens_at)}).`;
  $('count-in').textContent = s.counts.checked_in;
  $('count-all').textContent = s.counts.bookings;
  $('seats-in').textContent = s.counts.seats_checked_in;
  $('seats-all').textContent = s.counts.seats;
  const option = $('show-id').querySelector(`option[value="${s.show_id}"]`);
  if (option) option.textContent = showLabel(s);

  const rows = s.bookings.map((b) => {
    const inCell = b.checked_in_at
      ? el('span', { class: 'badge checked_in' }, `In ${cinemaTime(b.checked_in_at)}`)
      : el('span', { class: 'muted' }, 'Not yet');
    let action = '';
    if (!b.checked_in_at) {
      action = el('button', { type: 'button', class: 'secondary' }, 'Check in');
      action.addEventListener('click', () => checkIn({ booking_ids: [b.booking_id] }, action));
    }
    return el('tr', { 'data-booking': b.booking_id },
      el('td', { class: 'num', 'data-label': 'Booking' }, String(b.booking_id)),
      el('td', { 'data-label': 'Name' }, b.name, b.walkin ? el('span', { class: 'muted' }, ' (walk-in)') : ''),
      el('td', { 'data-label': 'Seats' }, b.seats.join(', ')),
      el('td', { 'data-label': 'In' }, inCell),
      el('td', { 'data-label': 'Action' }, action || el('span', { class: 'muted' }, '—')));
  });
  if (!rows.length) rows.push(el('tr', null, el('td', { colspan: 5, class: 'muted' }, 'No tickets sold for this show yet.')));
  $('holders').tBodies[0].replaceChildren(...rows);
}

async function refresh() {
  clearTimeout(refreshTimer);
  if (!showId) return;
  const id = showId;
  if (document.hidden) { refreshTimer = setTimeout(refresh, REFRESH_MS); return; }
  try {
    const s = await api('GET', `/api/checkins?show_id=${encodeURIComponent(id)}`);
    if (id === showId) renderShow(s);
  } catch (err) {
    showError($('show-panel'), err);
  }
  refreshTimer = setTimeout(refresh, REFRESH_MS);
}

// --- checking in ----------------------------------------------------------------------------

function answer(kind, title, ...lines) {
  const box = $('answer');
  box.hidden = false;
  box.className = `checkin-answer ${kind}`;
  box.replaceChildren(el('p', { class: 'checkin-answer-title' }, title),
    ...lines.filter(Boolean).map((l) => el('p', null, l)));
  void box.offsetWidth;                 // restart the flash for a second answer of one kind
  box.classList.add('flash');
  box.focus({ preventScroll: true });
  box.scrollIntoView({ block: matchMedia('(max-width: 40rem)').matches ? 'start' : 'nearest' });
}

// "Ravi Kumar · seats F5 Adult, F7 Child" when some seat is not an adult's (tickets: who each
// seat is for), else "· seats F5, F6".
function who(x) {
  const typed = (x.tickets || []).some((s) => s.type !== 'adult');
  const seats = typed ? x.tickets.map((s) => `${s.seat} ${s.name}`).join(', ') : x.seats.join(', ');
  return `${x.name}${x.walkin ? ' (walk-in)' : ''} · seats ${seats}`;
}

function showAnswer(r) {
  if (r.checked_in.length) {
    const x = r.checked_in[0];
    answer('ok', `Checked in — admit ${x.seat_count}`, who(x), `Booking ${x.booking_id} · ${x.title}`);
  } else if (r.already_done.length) {
    const x = r.already_done[0];
    answer('warn', `Already checked in at ${cinemaTime(x.checked_in_at)}`,
      x.checked_in_by ? `by ${x.checked_in_by}` : null, who(x),
      `Booking ${x.booking_id}`);
  } else if (r.invalid.length) {
    const x = r.invalid[0];
    answer('bad', `Not valid: ${REASONS[x.reason] || 'refused'}`, x.message.charAt(0).toUpperCase() + x.message.slice(1) + '.');
  }
}

async function checkIn(body, button) {
  if (showId) body.show_id = Number(showId);
  if (button) button.disabled = true;
  try {
    showAnswer(await api('POST', '/api/checkins', body));
  } catch (err) {
    answer('bad', 'Not valid: could not check in', err instanceof ApiError ? err.message : 'Something went wrong.');
    if (err instanceof ApiError && err.requestId) $('answer').append(el('p', { class: 'request-id' }, `request id: ${err.requestId}`));
  } finally {
    if (button) button.disabled = false;
  }
  refresh();
}

function submitText(text) {
  const v = text.trim();
  if (!v) return;
  return checkIn(/^[0-9]{1,15}$/.test(v) ? { booking_ids: [Number(v)] } : { codes: [v] });
}

// --- the camera -----------------------------------------------------------------------------

let stream = null;
let scanning = false;
let last = { code: '', at: 0 };

async function startCamera() {
  const note = $('camera-note');
  try {
    // The browser's BarcodeDetector, or the vendored jsQR where there is none (qr-camera.js).
    const detector = await qrDetector();
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    const video = $('camera-video');
    video.srcObject = stream;
    await video.play();
    $('camera').hidden = false;
    $('camera-start').hidden = true;
    $('camera-stop').hidden = false;
    note.textContent = 'Hold the ticket\'s QR code in front of the camera.';
    scanning = true;
    scanLoop(detector, video);
  } catch (err) {
    stopCamera();
    note.textContent = `The camera could not start (${err.name || 'error'}). Type the code instead.`;
  }
}

async function scanLoop(detector, video) {
  while (scanning) {
    try {
      const found = await detector.detect(video);
      const code = found.length ? found[0] : '';
      // The same ticket stays in view for a while: answer it once, not every frame.
      if (code && (code !== last.code || Date.now() - last.at > 5000)) {
        last = { code, at: Date.now() };
        await submitText(code);
      }
    } catch { /* a frame that could not be read */ }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stopCamera() {
  scanning = false;
  if (stream) stream.getTracks().forEach((t) => t.stop());
  stream = null;
  $('camera').hidden = true;
  $('camera-stop').hidden = true;
  $('camera-start').hidden = !cameraAvailable();
}

// --- wiring ---------------------------------------------------------------------------------

async function start() {
  const params = new URLSearchParams(location.search);
  const canScan = cameraAvailable();
  $('camera-start').hidden = !canScan;
  $('camera-note').textContent = canScan ? ''
    : 'This browser cannot use a camera here (the site needs HTTPS for it): type the code or the booking id, or use a USB scanner.';
  $('camera-start').addEventListener('click', startCamera);
  $('camera-stop').addEventListener('click', stopCamera);

  $('show-date').addEventListener('change', () => loadDay($('show-date').value).catch((e) => showError($('checkin'), e)));
  $('show-id').addEventListener('change', () => setShow($('show-id').value || null));
  $('show-form').addEventListener('submit', (e) => e.preventDefault());
  $('code-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('code');
    const v = input.value;
    input.value = '';
    await submitText(v);
    // On a wide screen the answer sits beside the box: straight back to it for the next code.
    if (!matchMedia('(max-width: 40rem)').matches) input.focus({ preventScroll: true });
  });
  // The answer has focus on a phone: the next code typed (or scanned) goes to the box.
  $('answer').addEventListener('keydown', (e) => {
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) $('code').focus({ preventScroll: true });
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });

  try {
    await loadDay(params.get('date') || '', params.get('show_id'));
  } catch (err) {
    showError($('checkin'), err);
  }
  $('code').focus();
}
