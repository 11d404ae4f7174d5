// Admin: the staff and admin accounts, and a form to create one (POST /api/users with a role
// and counter number). The server refuses anyone but an admin; this page only says so.

import { api, el, showError, showFieldErrors } from '../api.js';
import { renderNav } from '../nav.js';
import { showCronWarning } from '../site-status.js';
import { checkName, checkPassword, checkUsername, fieldProblems, normaliseName } from '../rules.js';

const notice = document.getElementById('staff-notice');
const form = document.getElementById('staff-form');
const tbody = document.querySelector('#staff-table tbody');

async function load() {
  const rows = await api('GET', '/api/users');
  tbody.replaceChildren(...rows.map((u) => el('tr', { 'data-username': u.username },
    el('td', null, u.username), el('td', null, u.name), el('td', null, u.role),
    el('td', { class: 'num' }, String(u.counter_no)),
    el('td', null, new Date(u.created_at).toLocaleDateString()))));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const v = (n) => form.elements.namedItem(n).value;
  const problems = fieldProblems([
    ['name', checkName, v('name').trim()],
    ['username', checkUsername, v('username').trim()],
    ['password', checkPassword, v('password')],
    ['counter_no', (c) => (/^[0-9]+$/.test(c) && c >= 1 && c <= 999 ? null : 'must be 1 to 999'), v('counter_no')],
  ]);
  showFieldErrors(form, problems);
  if (problems.fields.length) return;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const made = await api('POST', '/api/users', {
      role: v('role'), name: normaliseName(v('name')), username: v('username').trim(),
      password: v('password'), counter_no: Number(v('counter_no')),
    });
    form.reset();
    notice.className = 'notice success';
    notice.replaceChildren(el('span', null, `Created ${made.role} account ${made.username}.`));
    await load();
  } catch (err) {
    showFieldErrors(form, err);
    showError(notice, err);
  } finally {
    button.disabled = false;
  }
});

// Handlers first (above), so nothing is ever submitted natively; then the data.
const user = await renderNav();
if (!user) {
  location.replace('/login.html?next=/admin/staff.html');
} else if (user.role !== 'admin') {
  notice.className = 'notice error';
  notice.replaceChildren(el('span', null, 'Only an admin can manage staff accounts.'));
  for (const s of document.querySelectorAll('section')) s.hidden = true;
} else {
  showCronWarning();
  try { await load(); } catch (err) { showError(notice, err); }
}
