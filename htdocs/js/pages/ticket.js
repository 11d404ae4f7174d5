// ticket.html?id=N — one ticket: what it is for, the QR code big enough to scan from a phone,
// a full-screen mode for the door, and the PDF.
//
// The QR is the server's SVG (vector squares: sharp at any size). Full screen puts it alone on
// white, as large as the screen allows, and asks the browser for real full screen where it can.

import { renderNav } from '../nav.js';
import { ApiError, api, el, showError } from '../api.js';
import { ticketUrls } from '../ticket-links.js';
import { cinemaWhen as when } from '../cinema-time.js';
import { certBadge } from '../shows.js';

const section = document.getElementById('ticket');
const user = await renderNav();

function heading(text) {
  return el('h1', { id: 'ticket-heading' }, text);
}

function detail(term, value) {
  return [el('dt', null, term), el('dd', null, value)];
}

// The QR alone on white, filling the screen; any tap, click or Escape closes it.
function openFullScreen(t, u) {
  const close = el('button', { type: 'button', class: 'secondary ticket-full-close' }, 'Close');
  const overlay = el('div', {
    class: 'ticket-full', role: 'dialog', 'aria-modal': 'true', 'aria-label': `Ticket ${t.booking_id} QR code`,
  },
  el('img', { class: 'ticket-full-qr', src: u.svg, alt: `QR code of ticket ${t.booking_id}` }),
  el('p', { class: 'ticket-full-caption' }, `Booking ${t.booking_id} · ${seatWords(t)}`),
  close);
  const previous = document.activeElement;
  const done = () => {
    overlay.remove();
    document.removeEventListener('keydown', onKey);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    if (previous && previous.focus) previous.focus();
  };
  const onKey = (e) => { if (e.key === 'Escape') done(); };
  overlay.addEventListener('click', done);
  document.addEventListener('keydown', onKey);
  document.body.append(overlay);
  close.focus();
  // Real full screen hides the browser's bars; where it is refused the overlay still works.
  if (overlay.requestFullscreen) overlay.requestFullscreen().catch(() => {});
}

// "F5, F6", or with ticket types "F5 Adult, F6 Adult, F7 Child" (the PDF's words).
function seatWords(t) {
  const list = Array.isArray(t.tickets) ? t.tickets : [];
  const typed = list.some((x) => x.type !== 'adult');
  return typed ? list.map((x) => `${x.seat} ${x.name}`).join(', ') : t.seats.join(', ');
}

function render(t) {
  const u = ticketUrls(t.booking_id);
  const fullButton = el('button', { type: 'button', id: 'show-full' }, 'Show full screen for the door');
  fullButton.addEventListener('click', () => openFullScreen(t, u));
  const status = t.status === 'checked_in' ? 'Checked in' : 'Confirmed';

  section.replaceChildren(
    heading(t.title),
    el('p', { class: 'muted ticket-show' }, certBadge(t), certBadge(t) ? ' ' : null, `${t.slot} show · ${t.screen}`),
    el('div', { class: 'ticket-layout' },
      el('figure', { class: 'ticket-qr card' },
        el('img', { src: u.svg, alt: `QR code of ticket ${t.booking_id}`, width: 320, height: 320 }),
        el('figcaption', null, 'Scan this at the entrance')),
      el('div', { class: 'card ticket-facts' },
        el('dl', null,
          detail('Starts', when(t.starts_at)),
          detail('Seats', `${seatWords(t)} (${t.seats.length})`),
          detail('Name', t.customer_name),
          detail('Booking', String(t.booking_id)),
          detail('Paid', `${t.amount_text} · ${t.payment_text}`),
          detail('Status', el('span', { class: `badge ${t.status}` }, status)),
          detail('Check-in', `opens ${when(t.checkin_window.opens_at)}`)),
        el('div', { class: 'actions' },
          fullButton,
          el('a', { class: 'btn secondary', href: u.pdf, download: `skyfox-ticket-${t.booking_id}.pdf` },
            'Download PDF')),
        el('details', { class: 'ticket-code' },
          el('summary', null, 'Ticket code (if the scanner cannot read the QR)'),
          el('code', null, t.code)))),
  );
}

const id = new URLSearchParams(location.search).get('id');
if (!user) {
  section.replaceChildren(heading('Your ticket'),
    el('p', null, 'Please ', el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, 'log in'),
      ' to see your ticket.'));
} else if (!id || !/^[1-9][0-9]{0,14}$/.test(id)) {
  section.replaceChildren(heading('Your ticket'),
    el('p', null, 'Which ticket? Open it from ', el('a', { href: '/bookings.html' }, 'your bookings'), '.'));
} else {
  try {
    render(await api('GET', `/api/tickets/${id}`));
  } catch (err) {
    section.replaceChildren(heading('Your ticket'));
    if (err instanceof ApiError && err.code === 'INVALID_BOOKING_STATUS') {
      section.append(el('p', null, 'This booking has no ticket: only a paid (confirmed) booking has one.'));
    }
    showError(section, err);
    section.append(el('p', null, el('a', { href: '/bookings.html' }, 'Back to your bookings')));
  }
}
