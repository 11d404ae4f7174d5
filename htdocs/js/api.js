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
 * Show err in a `.notice.error` inside container (or in container itself if it is a notice),
 * with the request id so a user can quote it to support and the sysadmin can grep the log.
 */
export function showError(container, err) {
  let box = container.matches('.notice') ? container : container.querySelector(':scope > .notice');
  if (!box) {
    box = el('div');
    container.prepend(box);
  }
  box.className = 'notice error';
  box.setAttribute('role', 'alert');
  const message = err instanceof ApiError ? err.message : 'Something went wrong. Please try again.';
  box.replaceChildren(el('span', null, message));
  if (err instanceof ApiError && err.requestId) {
    box.append(' ', el('span', { class: 'request-id' }, `(request id: ${err.requestId})`));
  }
  return box;
}

let errorSeq = 0; // unique ids for aria-describedby, even with several forms on a page

/**
 * Put each of err.fields under the form control with the same name, and clear the previous
 * round's messages. Returns the messages whose field has no control, so the page can show
 * them elsewhere (e.g. with showError).
 */
export function showFieldErrors(form, err) {
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

  const unmatched = [];
  let first = null;
  const fields = (err && err.fields) || [];
  for (const f of fields) {
    const named = f && f.field ? form.elements.namedItem(f.field) : null;
    // A radio group comes back as a RadioNodeList: mark each, message at the end of its fieldset.
    const ctls = named instanceof RadioNodeList ? [...named] : named ? [named] : [];
    if (!ctls.length) { unmatched.push(f); continue; }
    const id = `field-error-${++errorSeq}`;
    const msg = el('p', { class: 'field-error', id, 'data-generated': true }, f.message);
    for (const ctl of ctls) {
      ctl.setAttribute('aria-invalid', 'true');
      const ids = ctl.getAttribute('aria-describedby');
      ctl.setAttribute('aria-describedby', ids ? `${ids} ${id}` : id);
    }
    const last = ctls[ctls.length - 1];
    const group = ctls.length > 1 && last.closest('fieldset');
    if (group) group.append(msg);
    else last.insertAdjacentElement('afterend', msg);
    first ??= ctls[0];
  }
  if (first) first.focus();
  return unmatched;
}
