// ticket-links.js — the ticket actions of a booking, for any page that lists bookings
// ("my bookings", a staff booking view).
//
//   import { ticketLinks, hasTicket } from './ticket-links.js';
//   row.append(ticketLinks(booking));          // booking: {id, status} from /api/bookings
//
// A booking has a ticket once it is confirmed (and still after check-in); otherwise the
// links are left out and a short note says why, so the row keeps its shape.

import { el } from './api.js';

/** True when the booking's status means it has a ticket. */
export function hasTicket(status) {
  return status === 'confirmed' || status === 'checked_in';
}

/** URLs of a booking's ticket files and page. */
export function ticketUrls(id) {
  const n = encodeURIComponent(String(id));
  return {
    pdf: `/api/tickets/${n}.pdf`,
    png: `/api/tickets/${n}.png`,
    svg: `/api/tickets/${n}.svg`,
    page: `/ticket.html?id=${n}`,
  };
}

/**
 * The ticket actions for one booking: "Download PDF" and "Show QR for the door".
 * booking: {id, status}. Returns an element (a small inline list) to put in a card or row.
 */
export function ticketLinks(booking) {
  const box = el('span', { class: 'ticket-links' });
  if (!booking || !hasTicket(booking.status)) {
    box.append(el('span', { class: 'muted' }, 'Ticket available once paid'));
    return box;
  }
  const u = ticketUrls(booking.id);
  box.append(
    el('a', { class: 'btn secondary', href: u.pdf, download: `skyfox-ticket-${booking.id}.pdf` }, 'Download PDF'),
    el('a', { class: 'btn', href: u.page }, 'Show QR for the door'),
  );
  return box;
}
