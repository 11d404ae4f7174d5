// api.js — the only way pages talk to the server, plus the small DOM helpers every page needs.
//
// Contract (DESIGN.md §8): success is {"data": …, "request_id": …}; an error is
// {"error": {"code", "message", "fields": [{"field", "message"}]}, "request_id": …}.
// Cookie-authenticated writes must carry the CSRF token handed out at login; it lives in
// sessionStorage (per tab, gone when the tab closes) rather than in a cookie, so a
// cross-site page can never read or send it.
//
// Safety rule for every page: data from the server reaches the DOM through textContent only
// (el() below does that by construction). Never innerHTML with anything but a constant.
//
// Errors (issue 14): showError() shows any error as a sentence with the request id in a small
// "Details" line below it; markFields() marks a form's fields (aria-invalid, the message under
// the control, aria-describedby, focus on the first) — every form page uses both. flash()
// carries a notice to the next page; wirePassword() adds Show/Hide and the strength parts.
//
// Every answer is also reported to site-status.js, which shows the maintenance banner while
// the site answers 503 SERVICE_UNAVAILABLE for maintenance and drops it when the site is back.

import { noteAnswer } from './site-status.js';

const CSRF_KEY = 'skyfox.csrf';

/** An API error with everything a page needs to show it. status 0 = no answer at all. */
export class ApiError extends Error {
  constructor(status, code, message, fields = [], requestId = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = Array.isArray(fields) ? fields : [];
    this.requestId = requestId;
  }
}

// sessionStorage throws when storage is disabled (some privacy modes); a missing token then
// simply means the server answers CSRF_FAILED, which the page shows like any other error.
export function setCsrf(token) {
  try {
    if (token) sessionStorage.setItem(CSRF_KEY, token);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch { /* storage unavailable */ }
}

function getCsrf() {
  try { return sessionStorage.getItem(CSRF_KEY); } catch { return null; }
}

/**
 * Call the API and return the envelope's data, or throw an ApiError.
 * body is sent as JSON when given; GET/HEAD never carry the CSRF header (they change nothing).
 * opts.etag, a holder { value } kept by the caller, makes a GET conditional: it is sent as
 * If-None-Match, a 304 returns null (nothing changed: keep what you drew), and a new answer's
 * ETag is kept in it.  Set holder.value = null to ask for the whole answer again.
 */
export async function api(method, path, body, opts = {}) {
  method = method.toUpperCase();
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  const tag = opts.etag;
  if (tag) {
    init.cache = 'no-store';          // our own If-None-Match, not the browser's cache
    if (tag.value) headers['If-None-Match'] = tag.value;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = getCsrf();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The server could not be reached. Check your connection and try again.');
  }

  const requestId = res.headers.get('X-Request-ID');
  if (res.status === 204) { noteAnswer(204, null); return null; }
  if (res.status === 304 && tag) { noteAnswer(304, null); return null; }

  // A proxy error page or a missing CGI answers HTML, not our envelope: report it plainly.
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  noteAnswer(res.status, json && json.error ? json.error.code : null);

  if (res.ok && json && 'data' in json) {
    if (tag) tag.value = res.headers.get('ETag');
    return json.data;
  }
  if (json && json.error) {
    const e = json.error;
    throw new ApiError(res.status, e.code || 'ERROR', e.message || `Request failed (${res.status}).`,
      e.fields, json.request_id || requestId);
  }
  throw new ApiError(res.status, res.ok ? 'BAD_RESPONSE' : `HTTP_${res.status}`,
    res.ok ? 'The server sent an unexpected answer.' : `The server answered ${res.status} ${res.statusText}.`.trim(),
    [], requestId);
}

let userPromise = null;

/**
 * The logged-in user {username, name, role}, or null for an anonymous visitor (401).
 * Asked once per page load; other failures (server down, 5xx) reject so the page can say so.
 */
export function currentUser() {
  // No session hint (the server's visible sf_in cookie, set and cleared with the session): an
  // anonymous visitor, known without asking — the week is public, and asking would answer 401.
  if (!userPromise && !/(?:^|;\s*)sf_in=1(?:;|$)/.test(document.cookie)) userPromise = Promise.resolve(null);
  if (!userPromise) {
    userPromise = api('GET', '/api/session').then(
      (data) => {
        // A new tab has the cookie but an empty sessionStorage: take the token if offered.
        if (data && data.csrf_token) setCsrf(data.csrf_token);
        return (data && data.user) || null;
      },
      (err) => {
        if (err instanceof ApiError && err.status === 401) {
          setCsrf(null);
          document.cookie = 'sf_in=; Path=/; Max-Age=0; SameSite=Strict';   // the server clears it too
          return null;
        }
        throw err;
      });
  }
  return userPromise;
}

/** Forget the cached user (after login/logout on the same page). */
export function forgetUser() { userPromise = null; }

/**
 * Tiny DOM builder: el('a', {href: '/', class: 'btn'}, 'Home').
 * Strings become text nodes, so data can never turn into markup. Attributes: `class`,
 * `on<event>` functions become listeners, true → empty attribute, false/null → omitted.
 * URLs with a javascript: scheme are dropped. (Inline `style` is blocked by our CSP: use classes.)
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if ((k === 'href' || k === 'src' || k === 'action') && /^\s*javascript:/i.test(String(v))) continue;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/**
 * A server message as a sentence: the server's own words, first letter capitalised, ending
 * with a full stop ("wrong username or password" → "Wrong username or password.").  The
 * server writes lower-case fragments so they can also follow a field's name; the page is
 * where they become sentences.
 */
export function sentence(text) {
  const s = String(text ?? '').trim();
  if (!s) return s;
  const first = s.charAt(0).toLocaleUpperCase('en');
  return /[.!?…]$/.test(s) ? first + s.slice(1) : `${first}${s.slice(1)}.`;
}

/**
 * Show err in a `.notice.error` inside container (or in container itself if it is a notice):
 * the message as a sentence in `.error-message`, and — when the server gave one — the request
 * id in a small, closed "Details" disclosure (`.error-details`) below it, never inside the
 * sentence: a user can still quote it to support and the sysadmin grep the log for it.
 * Every page shows an API error this way; a form's field errors go on the fields (markFields).
 */
export function showError(container, err) {
  let box = container.matches('.notice') ? container : container.querySelector(':scope > .notice');
  if (!box) {
    box = el('div');
    container.prepend(box);
  }
  box.className = 'notice error';
  box.setAttribute('role', 'alert');
  const message = err instanceof ApiError ? sentence(err.message) : 'Something went wrong. Please try again.';
  box.replaceChildren(el('p', { class: 'error-message' }, message));
  if (err instanceof ApiError && err.requestId) {
    box.append(el('details', { class: 'error-details' },
      el('summary', null, 'Details'),
      el('p', null, 'For support, quote request id ', el('code', null, err.requestId), '.')));
  }
  return box;
}

let errorSeq = 0; // unique ids for aria-describedby, even with several forms on a page

// Take away the previous round's marks: generated messages, their aria-describedby ids, aria-invalid.
function clearMarks(form) {
  for (const old of form.querySelectorAll('.field-error[data-generated]')) {
    const ctl = form.querySelector(`[aria-describedby~="${old.id}"]`);
    if (ctl) {
      const rest = ctl.getAttribute('aria-describedby').split(/\s+/).filter((id) => id !== old.id);
      if (rest.length) ctl.setAttribute('aria-describedby', rest.join(' '));
      else ctl.removeAttribute('aria-describedby');
    }
    old.remove();
  }
  for (const ctl of form.querySelectorAll('[aria-invalid="true"]')) ctl.removeAttribute('aria-invalid');
}

function mark(form, fields, asSentence) {
  clearMarks(form);
  const unmatched = [];
  let first = null;
  for (const f of fields) {
    const named = f && f.field ? form.elements.namedItem(f.field) || form.querySelector(`[id="${CSS.escape(f.field)}"]`) : null;
    // A radio group comes back as a RadioNodeList: mark each, message at the end of its fieldset.
    const ctls = named instanceof RadioNodeList ? [...named] : named ? [named] : [];
    if (!ctls.length) { unmatched.push(f); continue; }
    const id = `field-error-${++errorSeq}`;
    const msg = el('p', { class: 'field-error', id, 'data-generated': true },
      asSentence ? sentence(f.message) : f.message);
    for (const ctl of ctls) {
      ctl.setAttribute('aria-invalid', 'true');
      const ids = ctl.getAttribute('aria-describedby');
      ctl.setAttribute('aria-describedby', ids ? `${ids} ${id}` : id);
    }
    const last = ctls[ctls.length - 1];
    const group = ctls.length > 1 && last.closest('fieldset');
    if (group) group.append(msg);
    // A control in a wrapper with a button of its own (a password with Show): under the pair.
    else (last.closest('.with-button') || last).insertAdjacentElement('afterend', msg);
    first ??= ctls[0];
  }
  if (first) first.focus();
  return unmatched;
}

/**
 * Mark a form's field errors — the one way a form page shows them:
 *   markFields(form, err)             at the start of each submit with null (clears the marks),
 *                                     then with the ApiError or a page's own {fields: […]}
 *   markFields(form, err, {byCode: {INVALID_SECURITY_ANSWER: 'security_answer'}})
 *                                     an error the server gives no field for, tied to one
 * Each field whose control's name (or id) matches gets aria-invalid="true" and its message, as
 * a sentence, in a `.field-error` just under it, linked by aria-describedby; the previous
 * round's marks go; the first marked control gets focus. Returns the fields with no control,
 * so the page can show them elsewhere (showError shows the whole error anyway).
 */
export function markFields(form, err, opts = {}) {
  let fields = (err && err.fields) || [];
  const byCode = opts.byCode && err && err.code ? opts.byCode[err.code] : null;
  if (!fields.length && byCode) fields = [{ field: byCode, message: err.message }];
  return mark(form, fields, true);
}

/**
 * The older form of markFields: the messages exactly as given (not made sentences), no
 * byCode. Kept for the pages that still call it until their owners switch to markFields.
 */
export function showFieldErrors(form, err) {
  return mark(form, (err && err.fields) || [], false);
}

const FLASH_KEY = 'skyfox.flash';

/**
 * A notice for the next page this tab opens ("Welcome to SkyFox Cinema, Kavya!" after sign-up,
 * shown on the home page): kept in sessionStorage, shown once at the top of <main> when the
 * next page loads api.js, then forgotten.
 */
export function flash(message) {
  try { sessionStorage.setItem(FLASH_KEY, String(message)); } catch { /* storage unavailable */ }
}

function showFlash() {
  let message = null;
  try {
    message = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
  } catch { /* storage unavailable */ }
  const main = document.getElementById('main');
  if (message && main) main.prepend(el('p', { class: 'notice success flash', role: 'status' }, message));
}

/**
 * A password input's companions (sign-up, the profile's password change, the reset): a
 * Show/Hide button that switches type=password/text, and with {strength: true} a list of the
 * rule's parts (DESIGN §7: 8+ characters, upper and lower case, a digit or symbol), each
 * marked met or not as the user types, in a polite live region.  The input is wrapped in a
 * `.with-button` so the button sits beside it (markFields puts messages under the pair).
 */
export function wirePassword(input, opts = {}) {
  const button = el('button', { type: 'button', class: 'secondary show-password',
    'aria-controls': input.id, 'aria-pressed': 'false' },
  'Show', el('span', { class: 'visually-hidden' }, ' password'));
  const wrap = el('div', { class: 'with-button' });
  input.replaceWith(wrap);
  wrap.append(input, button);
  button.addEventListener('click', () => {
    const shown = input.type === 'password';
    input.type = shown ? 'text' : 'password';
    button.setAttribute('aria-pressed', String(shown));
    button.firstChild.textContent = shown ? 'Hide' : 'Show';
  });
  // Never send the form with the password readable (and never let a browser keep it as text).
  input.form?.addEventListener('submit', () => {
    if (input.type !== 'password') button.click();
  }, true);
  if (!opts.strength) return;

  const parts = [
    ['length', 'At least 8 characters', (s) => s.length >= 8 && s.length <= 128],
    ['case', 'An uppercase and a lowercase letter', (s) => /[A-Z]/.test(s) && /[a-z]/.test(s)],
    ['digit', 'A digit or a symbol', (s) => /[^A-Za-z\s]/.test(s)],
  ];
  const items = parts.map(([key, label]) => el('li', { 'data-part': key, 'data-met': 'false' },
    label, el('span', { class: 'visually-hidden' }, ': not yet')));
  const id = `${input.id}-strength`;
  const list = el('ul', { class: 'password-parts', id, 'aria-live': 'polite' }, items);
  const hint = wrap.parentElement.querySelector(':scope > .hint');
  (hint || wrap).insertAdjacentElement('afterend', list);
  const ids = input.getAttribute('aria-describedby');
  input.setAttribute('aria-describedby', ids ? `${ids} ${id}` : id);
  const update = () => {
    parts.forEach(([, , test], i) => {
      const met = test(input.value);
      if (items[i].dataset.met === String(met)) return;   // only changes are announced
      items[i].dataset.met = String(met);
      items[i].lastChild.textContent = met ? ': met' : ': not yet';
    });
  };
  input.addEventListener('input', update);
  input.form?.addEventListener('reset', () => setTimeout(update));
  update();
}

showFlash();
