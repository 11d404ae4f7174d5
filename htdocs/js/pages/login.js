// Log in: POST /api/session, keep the CSRF token for this tab, then go where the visitor was
// heading (?next=/path on this site) or home. "Sign up" carries ?next= along, so a new
// customer also lands where they were heading (the show page they chose seats on).

import { api, el, forgetUser, markFields, setCsrf, showError } from '../api.js';
import { renderNav } from '../nav.js';

const form = document.getElementById('login-form');
const notice = document.getElementById('login-notice');
const params = new URLSearchParams(location.search);

// Only a path on this site: never an open redirect to another one.
function nextPage() {
  const next = params.get('next') || '/';
  return /^\/(?!\/)[^\\]*$/.test(next) ? next : '/';
}

if (params.get('reset') === '1') {
  notice.className = 'notice success';
  notice.replaceChildren(el('span', null, 'Your password was changed. Log in with the new one.'));
}
if (params.get('next')) {
  notice.replaceChildren(el('span', null, 'Log in to continue.'));
  if (nextPage() !== '/') {
    document.getElementById('signup-link').href = `/signup.html?next=${encodeURIComponent(nextPage())}`;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button[type="submit"]');
  const username = form.username.value.trim();
  const password = form.password.value;
  const missing = [];
  if (!username) missing.push({ field: 'username', message: 'Enter your username.' });
  if (!password) missing.push({ field: 'password', message: 'Enter your password.' });
  markFields(form, { fields: missing });
  if (missing.length) return;

  button.disabled = true;
  try {
    const data = await api('POST', '/api/session', { username, password });
    setCsrf(data.csrf_token);
    forgetUser();
    location.assign(nextPage());
  } catch (err) {
    button.disabled = false;
    if (err.code === 'INVALID_CREDENTIALS') form.password.value = '';
    // A wrong password is said on the password (which gets focus), and in the notice.
    markFields(form, err, { byCode: { INVALID_CREDENTIALS: 'password' } });
    showError(notice, err);
  }
});

// Handlers first (above): a visitor quicker than the network must never submit the form
// natively. Already logged in: nothing to do here.
if (await renderNav()) location.replace(nextPage());
