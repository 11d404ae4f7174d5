// Profile: details (name, email, phone), photo and password. Changes to details and photo
// re-ask the security answer (staff and admins: their password). A password change ends
// every other session; the answer carries this tab's new CSRF token. Errors: markFields on
// the form (a wrong security answer or password marks that field, as the server names none)
// and showError in the notice; dates through cinema-time.js.

import { api, el, forgetUser, markFields, setCsrf, showError, wirePassword } from '../api.js';
import { cinemaDay } from '../cinema-time.js';
import { renderNav } from '../nav.js';
import { photoPayload, photoProblem, previewPhoto } from '../photo.js';
import { checkPassword, normaliseName } from '../rules.js';

const notice = document.getElementById('profile-notice');
const details = document.getElementById('details-form');
const photo = document.getElementById('photo-form');
const password = document.getElementById('password-form');
const img = document.getElementById('avatar-img');
const preview = document.getElementById('avatar-preview');

// The proof the server asks for names no field: tie it to the one that holds it.
const PROOF = { byCode: { INVALID_SECURITY_ANSWER: 'security_answer', INCORRECT_PASSWORD: 'password' } };

wirePassword(password.current_password);
wirePassword(password.new_password, { strength: true });

function say(message) {
  notice.className = 'notice success';
  notice.replaceChildren(el('span', null, message));
}

function render(p) {
  const customer = p.role === 'customer';
  for (const n of document.querySelectorAll('.customer-only')) n.hidden = !customer;
  for (const n of document.querySelectorAll('.staff-only')) n.hidden = customer;
  const facts = [['Username', p.username], ['Role', p.role]];
  if (customer) facts.push(['Security question', p.security_question.question]);
  else facts.push(['Counter', String(p.counter_no)]);
  facts.push(['Member since', cinemaDay(p.created_at)]);
  document.getElementById('profile-facts').replaceChildren(
    ...facts.flatMap(([k, v]) => [el('dt', null, k), el('dd', { 'data-fact': k.toLowerCase() }, v)]));
  details.elements.name.value = p.name;
  if (customer) {
    details.email.value = p.email;
    details.phone.value = p.phone;
    for (const l of document.querySelectorAll('.question-label')) {
      l.textContent = p.security_question.question;
    }
  }
  if (p.avatar) {
    img.src = p.avatar.url;
    img.hidden = false;
  } else {
    img.hidden = true;
  }
  password.username.value = p.username;
}

let user = null;

details.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!user) return;
  const customer = user.role === 'customer';
  const body = { name: normaliseName(details.elements.name.value) };
  if (customer) {
    body.email = details.email.value.trim();
    body.phone = details.phone.value.trim();
    body.security_answer = details.security_answer.value;
  } else {
    body.password = details.password.value;
  }
  const button = details.querySelector('button[type="submit"]');
  markFields(details, null);
  button.disabled = true;
  try {
    const p = await api('PATCH', '/api/users/me', body);
    render(p);
    details.security_answer.value = '';
    details.password.value = '';
    forgetUser();
    await renderNav();
    say('Your details were saved.');
  } catch (err) {
    markFields(details, err, PROOF);
    showError(notice, err);
  } finally {
    button.disabled = false;
  }
});

photo.avatar.addEventListener('change', () => {
  const file = photo.avatar.files[0];
  const problem = photoProblem(file);
  markFields(photo, { fields: problem ? [{ field: 'avatar', message: problem }] : [] });
  if (file && !problem) previewPhoto(preview, file);
  else preview.hidden = true;
});

photo.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = photo.avatar.files[0];
  const problem = photoProblem(file);
  const fields = [];
  if (problem) fields.push({ field: 'avatar', message: problem });
  if (!photo.security_answer.value.trim()) fields.push({ field: 'security_answer', message: 'Answer your security question.' });
  markFields(photo, { fields });
  if (fields.length) return;
  const button = photo.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const body = { ...(await photoPayload(file)), security_answer: photo.security_answer.value };
    const data = await api('PUT', '/api/users/me/avatar', body);
    img.src = data.url;
    img.hidden = false;
    photo.reset();
    preview.hidden = true;
    say('Your photo was changed.');
  } catch (err) {
    markFields(photo, err, PROOF);
    showError(notice, err);
  } finally {
    button.disabled = false;
  }
});

password.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = [];
  const next = password.new_password.value;
  if (!password.current_password.value) fields.push({ field: 'current_password', message: 'Enter your current password.' });
  const weak = next ? checkPassword(next) : 'Choose a new password.';
  if (weak) fields.push({ field: 'new_password', message: weak });
  else if (next !== password.confirm_password.value) fields.push({ field: 'confirm_password', message: 'The two new passwords differ.' });
  markFields(password, { fields });
  if (fields.length) return;
  const button = password.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const data = await api('PUT', '/api/users/me/password', {
      current_password: password.current_password.value, new_password: next });
    setCsrf(data.csrf_token);
    password.reset();
    password.username.value = user ? user.username : '';
    say('Your password was changed. You were logged out everywhere else.');
  } catch (err) {
    markFields(password, err, { byCode: { INCORRECT_PASSWORD: 'current_password' } });
    showError(notice, err);
  } finally {
    button.disabled = false;
  }
});

// Handlers first (above), so nothing is ever submitted natively; then the data.
user = await renderNav();
if (!user) {
  location.replace('/login.html?next=/profile.html');
} else {
  if (new URLSearchParams(location.search).get('welcome') === '1') {
    say(`Welcome to SkyFox Cinema, ${user.name}!`);
  }
  try {
    render(await api('GET', '/api/users/me'));
  } catch (err) {
    showError(notice, err);
  }
}
