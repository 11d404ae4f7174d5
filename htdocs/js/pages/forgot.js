// Forgotten password, three steps: email → the security question → a new password.
// The reset token from step 2 lives only in this page's memory (5 minutes, single use); its
// expiry is said on the site's clock (cinema-time.js reads the API's offset, not the
// browser's zone). Errors: markFields on the step's form, showError in the notice.

import { api, el, markFields, showError, wirePassword } from '../api.js';
import { cinemaTime } from '../cinema-time.js';
import { renderNav } from '../nav.js';
import { checkEmail, checkPassword } from '../rules.js';

const notice = document.getElementById('forgot-notice');
const forms = [...document.querySelectorAll('form.step')];
const markers = [...document.querySelectorAll('#steps li')];
const [emailForm, answerForm, passwordForm] = forms;
let email = '';
let token = null;

wirePassword(passwordForm.password, { strength: true });

function show(step) {
  forms.forEach((f, i) => { f.hidden = i + 1 !== step; });
  markers.forEach((li, i) => {
    if (i + 1 === step) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  });
  notice.className = 'notice';
  notice.replaceChildren();
  forms[step - 1].querySelector('input:not([hidden])').focus();
}

emailForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  email = emailForm.email.value.trim();
  const bad = email ? checkEmail(email) : 'Enter your email address.';
  markFields(emailForm, { fields: bad ? [{ field: 'email', message: bad }] : [] });
  if (bad) return;
  try {
    const q = await api('GET', `/api/password-resets/question?email=${encodeURIComponent(email)}`);
    document.getElementById('question').textContent = q.question;
    show(2);
  } catch (err) {
    markFields(emailForm, err);
    showError(notice, err);
  }
});

answerForm.querySelector('.back').addEventListener('click', () => show(1));

answerForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const answer = answerForm.answer.value;
  if (!answer.trim()) {
    markFields(answerForm, { fields: [{ field: 'answer', message: 'Answer the question.' }] });
    return;
  }
  try {
    const data = await api('POST', '/api/password-resets/verify', { email, answer });
    token = data.reset_token;
    document.getElementById('token-expiry').textContent =
      `Choose it before ${cinemaTime(data.expires_at)} (the cinema's time).`;
    passwordForm.username.value = email;
    markFields(answerForm, null);
    show(3);
  } catch (err) {
    markFields(answerForm, err, { byCode: { INVALID_SECURITY_ANSWER: 'answer' } });
    showError(notice, err);
  }
});

passwordForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = passwordForm.password.value;
  const weak = password ? checkPassword(password) : 'Choose a new password.';
  const fields = weak ? [{ field: 'password', message: weak }]
    : password !== passwordForm.confirm_password.value
      ? [{ field: 'confirm_password', message: 'The two passwords differ.' }] : [];
  markFields(passwordForm, { fields });
  if (fields.length) return;
  const button = passwordForm.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await api('POST', '/api/password-resets', { reset_token: token, password });
    token = null;
    location.assign('/login.html?reset=1');
  } catch (err) {
    button.disabled = false;
    markFields(passwordForm, err);
    showError(notice, err);
    if (err.code === 'INVALID_RESET_TOKEN') {
      (notice.querySelector('.error-message') || notice).append(' ', el('a', { href: '/forgot.html' }, 'Start again'));
    }
  }
});

await renderNav();
