// nav.js — the site navigation, built from the visitor's role.
// The server checks every role on every route; hiding links here is only convenience.
// Below 50rem, and whenever the links do not fit on one line beside the brand, the list
// folds behind a "Menu" button (aria-expanded, aria-controls): the list follows the button,
// so Tab goes into it; Escape closes it and puts the focus back on the button, as does a
// click or the focus going elsewhere.

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
    { href: '/admin/screens.html', text: 'Screens' },
    { href: '/admin/pricing.html', text: 'Prices' },
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
  const list = el('ul', { id: 'nav-list' }, items);
  const toggle = el('button', { type: 'button', class: 'nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav-list' },
    el('span', { class: 'nav-toggle-icon', 'aria-hidden': 'true' }), 'Menu');
  nav.replaceChildren(toggle, list);
  foldable(nav, toggle, list);
  return user;
}

const NARROW = '(max-width: 50rem)';

function foldable(nav, toggle, list) {
  const setOpen = (open) => {
    nav.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  // Folded on a narrow screen, or when the one line of links would overflow.
  const fit = () => {
    nav.classList.remove('compact');
    const folded = window.matchMedia(NARROW).matches || list.scrollWidth > list.clientWidth + 1;
    nav.classList.toggle('compact', folded);
    if (!folded) setOpen(false);
  };
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  nav.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || toggle.getAttribute('aria-expanded') !== 'true') return;
    setOpen(false);
    toggle.focus();
  });
  nav.addEventListener('focusout', (event) => {
    if (event.relatedTarget && !nav.contains(event.relatedTarget)) setOpen(false);
  });
  document.addEventListener('click', (event) => { if (!nav.contains(event.target)) setOpen(false); });
  let queued = false;
  window.addEventListener('resize', () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fit(); });
  });
  fit();
}
