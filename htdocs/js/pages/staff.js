// Admin: the staff and admin accounts, and a form to create one (POST /api/users with a role
// and counter number). The server refuses anyone but an admin; this page only says so.
// A refused value is marked on its field (markFields: aria-invalid, the sentence under it) —
// the page's own checks first, then the server's, a taken username included — and the whole
// error is a sentence at the top with its request id in the small Details line (showError).

import { api, el, markFields, showError } from '../api.js';
import { cinemaDay } from '../cinema-time.js';
import { renderNav } from '../nav.js';
import { showCronWarning } from '../site-status.js';
import { checkName, checkPassword, checkUsername, fieldProblems, normaliseName } from '../rules.js';

const notice = document.getElementById('staff-notice');
const form = document.getElementById('staff-form');
const tbody = document.querySelector('#staff-table tbody');
// Below ~600 px the table's rows are cards (table.stack), each value named by its column.
document.getElementById('staff-table').classList.add('stack');

async function load() {
  const rows = await api('GET', '/api/users');
  const td = (label, text, attrs) => el('td', { 'data-label': label, ...attrs }, text);
  tbody.replaceChildren(...rows.map((u) => el('tr', { 'data-username': u.username },
    td('Username', u.username), td('Name', u.name), td('Role', u.role),
    td('Counter', String(u.counter_no), { class: 'num' }),
    td('Since', cinemaDay(u.created_at)))));
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
  markFields(form, problems);
  notice.className = 'notice';
  notice.replaceChildren();
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
    // A taken username: the server's whole sentence under the field ("That username is
    // taken."), not its fragment for the field ("is taken").
    markFields(form, err.code === 'USERNAME_EXISTS'
      ? { fields: [{ field: 'username', message: err.message }] } : err);
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
