// Admin: the staff and admin accounts (GET /api/staff), and a form to create one (POST
// /api/users with a role and counter number). The server refuses anyone but an admin; this
// page only says so.
// Each staff row says whether the account is Active or Disabled and offers "Deactivate" (asked
// in a <dialog> naming the person: they are logged out at once and can't log in) or
// "Reactivate", and "Set password…" (a <dialog> with the new password, wirePassword's Show and
// the rule's parts). Admin rows, the admin's own included, are listed but not managed here.
// A refused value is marked on its field (markFields: aria-invalid, the sentence under it) —
// the page's own checks first, then the server's, a taken username included — and the whole
// error is a sentence with its request id in the small Details line (showError): at the top
// of the page, or in the dialog that asked.

import { api, el, markFields, showError, wirePassword } from '../api.js';
import { cinemaDay } from '../cinema-time.js';
import { renderNav } from '../nav.js';
import { showCronWarning } from '../site-status.js';
import { checkName, checkPassword, checkUsername, fieldProblems, normaliseName } from '../rules.js';

const notice = document.getElementById('staff-notice');
const form = document.getElementById('staff-form');
const tbody = document.querySelector('#staff-table tbody');
// Below ~600 px the table's rows are cards (table.stack), each value named by its column.
document.getElementById('staff-table').classList.add('stack');

let me = null;            // the logged-in admin
const who = (u) => `${u.name} (${u.username})`;
// A button whose visible words are the action and whose accessible name adds the person.
const rowButton = (action, cls, text, u) => el('button', { type: 'button', class: cls, 'data-action': action },
  text, el('span', { class: 'visually-hidden' }, ` ${who(u)}`));

function say(text) {
  notice.className = 'notice success';
  notice.replaceChildren(el('p', null, text));
}

// Focus the same action of a row drawn anew (the list is redrawn after every change).
function focusRow(username, action) {
  const b = tbody.querySelector(`tr[data-username="${CSS.escape(username)}"] [data-action="${action}"]`);
  if (b) b.focus();
}

function status(u) {
  if (u.active) return el('span', { class: 'badge account-active' }, 'Active');
  return [el('span', { class: 'badge account-disabled' }, 'Disabled'),
    el('span', { class: 'muted staff-since' }, `since ${cinemaDay(u.disabled_at)}`)];
}

function actions(u) {
  if (u.username === me.username) return el('span', { class: 'muted' }, 'This is you');
  if (u.role !== 'staff') return el('span', { class: 'muted' }, 'Admins are not managed here');
  const active = u.active
    ? rowButton('active', 'secondary', 'Deactivate', u)
    : rowButton('active', 'secondary', 'Reactivate', u);
  const password = rowButton('password', 'secondary', 'Set password…', u);
  active.addEventListener('click', () => (u.active ? askDeactivate(u, active) : setActive(u, true, active)));
  password.addEventListener('click', () => askPassword(u, password));
  return el('div', { class: 'staff-actions' }, active, password);
}

async function load() {
  const rows = await api('GET', '/api/staff');
  const td = (label, attrs, ...kids) => el('td', { 'data-label': label, ...attrs }, ...kids);
  tbody.replaceChildren(...rows.map((u) => el('tr', { 'data-username': u.username, 'data-active': String(u.active) },
    td('Username', null, u.username), td('Name', null, u.name), td('Role', null, u.role),
    td('Counter', { class: 'num' }, String(u.counter_no)),
    td('Since', null, cinemaDay(u.created_at)),
    td('Status', { class: 'status' }, status(u)),
    td('Actions', null, actions(u)))));
}

// --- deactivating and reactivating ---------------------------------------------------------------

async function setActive(u, active, button) {
  button.disabled = true;
  try {
    const after = await api('PATCH', `/api/staff/${encodeURIComponent(u.username)}`, { active });
    say(active ? `${who(after)} can log in again.`
      : `${who(after)} is deactivated: logged out everywhere, and can't log in until you reactivate the account.`);
    await load();
    focusRow(u.username, 'active');
  } catch (err) {
    button.disabled = false;
    showError(notice, err);
  }
}

const deactivateHeading = el('h2', { id: 'deactivate-heading' });
const deactivateNotice = el('div');
const deactivateYes = el('button', { type: 'button', class: 'danger', id: 'deactivate-yes' }, 'Deactivate');
const deactivateNo = el('button', { type: 'button', class: 'secondary', id: 'deactivate-no' }, 'Keep active');
const deactivateDialog = el('dialog', { id: 'deactivate-dialog', class: 'confirm-dialog', 'aria-labelledby': 'deactivate-heading' },
  deactivateHeading, deactivateNotice,
  el('ul', { class: 'staff-effects' },
    el('li', null, 'They are logged out at once, on every device.'),
    el('li', null, "They can't log in until you reactivate the account; their sales and check-ins stay on record.")),
  el('div', { class: 'actions' }, deactivateYes, deactivateNo));
let asking = null;        // { u, button } while a dialog is open

function askDeactivate(u, button) {
  asking = { u, button };
  deactivateHeading.textContent = `Deactivate ${who(u)}?`;
  deactivateNotice.replaceChildren();
  deactivateDialog.showModal();
  deactivateNo.focus();   // the safe answer first
}

deactivateNo.addEventListener('click', () => deactivateDialog.close());
deactivateYes.addEventListener('click', async () => {
  const { u } = asking;
  deactivateYes.disabled = true;
  try {
    const after = await api('PATCH', `/api/staff/${encodeURIComponent(u.username)}`, { active: false });
    asking = null;        // the row is drawn anew: focus goes to its new button
    deactivateDialog.close();
    say(`${who(after)} is deactivated: logged out everywhere, and can't log in until you reactivate the account.`);
    await load();
    focusRow(u.username, 'active');
  } catch (err) {
    showError(deactivateNotice, err);
  } finally {
    deactivateYes.disabled = false;
  }
});

// --- setting a password --------------------------------------------------------------------------
// The form is made for the person it is opened for and taken away when the dialog closes, so a
// typed password never stays in the page (and the page has one password field at a time).

const passwordHeading = el('h2', { id: 'password-heading' });
const passwordNotice = el('div');
const passwordDialog = el('dialog', { id: 'password-dialog', class: 'confirm-dialog', 'aria-labelledby': 'password-heading' },
  passwordHeading, passwordNotice);

function askPassword(u, button) {
  asking = { u, button };
  passwordHeading.textContent = `Set a new password for ${who(u)}`;
  passwordNotice.replaceChildren();
  const input = el('input', { id: 'staff-new-password', name: 'password', type: 'password',
    autocomplete: 'new-password', required: true, maxlength: 128, 'aria-describedby': 'staff-new-password-hint' });
  const save = el('button', { type: 'submit', id: 'password-save' }, 'Set password');
  const close = el('button', { type: 'button', class: 'secondary', id: 'password-close' }, 'Cancel');
  const pwForm = el('form', { id: 'password-form', method: 'dialog', novalidate: true },
    // For a password manager: the password belongs to this account, not to the admin's.
    el('input', { type: 'text', name: 'username', autocomplete: 'username', value: u.username, hidden: true }),
    el('div', { class: 'field' }, el('label', { for: 'staff-new-password' }, 'New password'), input,
      el('p', { class: 'hint', id: 'staff-new-password-hint' },
        'They are logged out everywhere; give them the new password in person. They can change it on their profile.')),
    el('div', { class: 'actions' }, save, close));
  passwordDialog.append(pwForm);
  wirePassword(input, { strength: true });
  close.addEventListener('click', () => passwordDialog.close());
  input.addEventListener('input', () => markFields(pwForm, null));
  pwForm.addEventListener('submit', (event) => {
    event.preventDefault();
    submitPassword(u, pwForm, input, save);
  });
  passwordDialog.showModal();
  input.focus();
}

async function submitPassword(u, pwForm, input, save) {
  const problems = fieldProblems([['password', checkPassword, input.value]]);
  markFields(pwForm, problems);
  passwordNotice.replaceChildren();
  if (problems.fields.length) return;
  save.disabled = true;
  try {
    const after = await api('PUT', `/api/staff/${encodeURIComponent(u.username)}/password`, { password: input.value });
    passwordDialog.close();
    say(`New password set for ${who(after)}. They are logged out everywhere; give them the new password in person.`);
  } catch (err) {
    // A refused password (too weak, used recently) is marked on the field; anything else above.
    if (!markFields(pwForm, err).length && err.fields && err.fields.length) return;
    showError(passwordNotice, err);
  } finally {
    save.disabled = false;
  }
}

// However a dialog closes (its buttons, Escape), focus goes back to the button that opened it;
// the password form goes with it.
for (const d of [deactivateDialog, passwordDialog]) {
  d.addEventListener('close', () => {
    const a = asking;
    asking = null;
    if (d === passwordDialog) passwordDialog.querySelector('#password-form')?.remove();
    if (a && a.button.isConnected) a.button.focus();
  });
}
document.getElementById('main').append(deactivateDialog, passwordDialog);

// --- a new account ---------------------------------------------------------------------------------

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
  me = user;
  showCronWarning();
  try { await load(); } catch (err) { showError(notice, err); }
}
