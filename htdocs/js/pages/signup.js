// Sign up in three steps — account, security question, photo (with a preview) — then one
// POST /api/users with the photo base64-encoded and its SHA-256 (Web Crypto). On success the
// new customer is logged in and taken where they were heading (?next=/path on this site, e.g.
// the show page they chose seats on), else to the shows on the home page, with a welcome
// there (the profile is one click away). Field errors from the server are shown on the step
// that holds the field (markFields); the password has Show/Hide and its rule's parts ticked
// as they are typed.

import { api, ApiError, el, flash, forgetUser, markFields, setCsrf, showError, wirePassword } from '../api.js';
import { renderNav } from '../nav.js';
import { photoPayload, photoProblem, previewPhoto } from '../photo.js';
import { checkEmail, checkName, checkPassword, checkPhone, checkUsername, fieldProblems,
  normaliseName } from '../rules.js';

const form = document.getElementById('signup-form');
const notice = document.getElementById('signup-notice');
const steps = [...form.querySelectorAll('fieldset.step')];
const markers = [...document.querySelectorAll('#steps li')];
const preview = document.getElementById('avatar-preview');
let current = 1;

wirePassword(form.password, { strength: true });

// ?next=: only a path on this site, never an open redirect to another one (as login.js).
const next = new URLSearchParams(location.search).get('next') || '';
const nextPage = /^\/(?!\/)[^\\]*$/.test(next) ? next : null;
if (nextPage) document.getElementById('login-link').href = `/login.html?next=${encodeURIComponent(nextPage)}`;

function show(step) {
  current = step;
  for (const fs of steps) fs.hidden = Number(fs.dataset.step) !== step;
  for (const li of markers) {
    if (Number(li.dataset.step) === step) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
  const first = steps[step - 1].querySelector('input, select');
  if (first) first.focus();
}

function stepOf(field) {
  const ctl = form.elements.namedItem(field);
  const fs = ctl && ctl.closest ? ctl.closest('fieldset.step') : null;
  return fs ? Number(fs.dataset.step) : current;
}

// The browser's own check of a step, in the server's words; true when it may move on.
function checkStep(step) {
  const v = (name) => form.elements.namedItem(name).value;
  let problems = { fields: [] };
  if (step === 1) {
    problems = fieldProblems([
      ['name', checkName, v('name').trim()],
      ['username', checkUsername, v('username').trim()],
      ['email', checkEmail, v('email').trim()],
      ['phone', checkPhone, v('phone').trim()],
      ['password', checkPassword, v('password')],
    ]);
  } else if (step === 2) {
    if (!v('security_question_id')) problems.fields.push({ field: 'security_question_id', message: 'Choose a question.' });
    if (v('security_answer').trim().length < 2) problems.fields.push({ field: 'security_answer', message: 'Give an answer of at least 2 characters.' });
  } else {
    const problem = photoProblem(form.avatar.files[0]);
    if (problem) problems.fields.push({ field: 'avatar', message: problem });
  }
  markFields(form, problems);
  return problems.fields.length === 0;
}

for (const b of form.querySelectorAll('button.next')) {
  b.addEventListener('click', () => { if (checkStep(current)) show(current + 1); });
}
for (const b of form.querySelectorAll('button.back')) {
  b.addEventListener('click', () => { markFields(form, null); show(current - 1); });
}
// Enter in a text field moves to the next step instead of submitting half a form.
form.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && current < 3 && event.target.tagName === 'INPUT') {
    event.preventDefault();
    if (checkStep(current)) show(current + 1);
  }
});

form.avatar.addEventListener('change', () => {
  const file = form.avatar.files[0];
  const problem = photoProblem(file);
  markFields(form, { fields: problem ? [{ field: 'avatar', message: problem }] : [] });
  if (file && !problem) previewPhoto(preview, file);
  else preview.hidden = true;
});

async function loadQuestions() {
  const select = form.security_question_id;
  try {
    const questions = await api('GET', '/api/security-questions');
    select.append(...questions.map((q) => el('option', { value: String(q.id) }, q.question)));
  } catch (err) {
    showError(notice, err);
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (current !== 3) return;
  for (const step of [1, 2, 3]) {
    if (!checkStep(step)) { show(step); checkStep(step); return; }
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  notice.className = 'notice';
  notice.replaceChildren(el('span', null, 'Creating your account…'));
  const body = {
    name: normaliseName(form.elements.name.value),
    username: form.username.value.trim(),
    email: form.email.value.trim(),
    phone: form.phone.value.trim(),
    password: form.password.value,
    security_question_id: Number(form.security_question_id.value),
    security_answer: form.security_answer.value,
  };
  try {
    Object.assign(body, await photoPayload(form.avatar.files[0]));
    await api('POST', '/api/users', body);
    const session = await api('POST', '/api/session', { username: body.username, password: body.password });
    setCsrf(session.csrf_token);
    forgetUser();
    if (!nextPage) flash(`Welcome to SkyFox Cinema, ${body.name}! Choose a show to book your seats.`);
    location.assign(nextPage || '/');
  } catch (err) {
    button.disabled = false;
    if (err instanceof ApiError && err.fields.length) {
      show(Math.min(...err.fields.map((f) => stepOf(f.field))));
    }
    markFields(form, err);
    showError(notice, err instanceof ApiError ? err : new ApiError(0, 'PHOTO', err.message));
  }
});

// Already logged in: signing up again would silently swap the session for a new account.
if (await renderNav()) location.replace(nextPage || '/');
else await loadQuestions();
