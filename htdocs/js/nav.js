// nav.js — the site navigation, built from the visitor's role.
// The server checks every role on every route; hiding links here is only convenience.

import { api, currentUser, el, forgetUser, setCsrf, showError } from './api.js';

const HOME = { href: '/', text: 'Home' };
const PROFILE = { href: '/profile.html', text: 'Profile' };
const STAFF = [
  { href: '/walkin.html', text: 'Walk-in sale' },
  { href: '/checkin.html', text: 'Check-in' },
  { href: '/bookings.html', text: 'Bookings' },
];

const LINKS = {
  anonymous: [HOME, { href: '/login.html', text: 'Log in' }, { href: '/signup.html', text: 'Sign up' }],
  customer: [
    HOME,
    { href: '/bookings.html', text: 'My bookings' },
    { href: '/wallet.html', text: 'Wallet' },
    PROFILE,
  ],
  staff: [HOME, ...STAFF, PROFILE],
  admin: [
    HOME, ...STAFF,
    { href: '/admin/schedule.html', text: 'Schedule' },
    { href: '/admin/staff.html', text: 'Staff' },
    { href: '/admin/revenue.html', text: 'Revenue' },
    PROFILE,
  ],
};

// "/" and "/index.html" are the same page.
const normalise = (path) => path.replace(/\/index\.html$/, '/');

async function logOut(button) {
  button.disabled = true;
  try {
    await api('DELETE', '/api/session');
  } catch (err) {
    // 401 means the session had already ended: the goal is reached. Anything else is shown,
    // because a user who believes they are logged out while they are not is worse off.
    if (err.status !== 401) {
      button.disabled = false;
      showError(document.getElementById('main') || document.body, err);
      return;
    }
  }
  setCsrf(null);
  forgetUser();
  location.assign('/');
}

/**
 * Fill #nav for the current visitor and return the user (or null). A server that cannot be
 * reached gives the anonymous nav: the page stays usable and says nothing alarming.
 */
export async function renderNav() {
  const nav = document.getElementById('nav');
  let user = null;
  try { user = await currentUser(); } catch { user = null; }
  if (!nav) return user;

  const here = normalise(location.pathname);
  const links = LINKS[user ? user.role : 'anonymous'] || LINKS.anonymous;
  const items = links.map(({ href, text }) =>
    el('li', null, el('a', { href, 'aria-current': normalise(href) === here ? 'page' : null }, text)));

  if (user) {
    items.push(el('li', { class: 'nav-user' },
      el('span', { class: 'visually-hidden' }, 'Signed in as '), user.name || user.username));
    const button = el('button', { type: 'button', class: 'logout' }, 'Log out');
    button.addEventListener('click', () => logOut(button));
    items.push(el('li', null, button));
  }
  nav.replaceChildren(el('ul', null, items));
  return user;
}
