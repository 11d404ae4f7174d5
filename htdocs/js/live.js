// live.js — the published files of DESIGN §12 and the site's clock.
//
// Writers publish the public facts as static files after every change: /live/shows/<date>.json
// (a day's list, the objects of GET /api/shows) and /live/seats/<id>.json (a show's seat map
// without "mine"; a held seat carries held_until). Apache serves them with its own ETag and
// Cache-Control: no-cache, so a poll that finds nothing new is a bodiless 304 — no CGI, no
// database. A page polls them; its own holds come from the API.
//
//   import { livePoll, siteNow } from '../live.js';
//   const poll = livePoll(`/live/seats/${id}.json`, (map) => draw(map), { everyMs: 3000 });
//   poll.now();    // ask at once (after this page changed something)
//   poll.stop();
//
// Time is the reader's job: a hold that lapses changes nothing on disk, so a seat whose
// held_until has passed is free. "Passed" is judged on the site's clock, never the phone's:
// siteNow() is the phone's clock corrected by the Date header of the site's answers, plus the
// site's clock_offset (what GET /api/health's "time" says minus its own Date header). A phone
// set an hour wrong, or a demo that moved the site's clock, sees what the server decides.

let phoneSkew = 0;        // site's real clock − this phone's clock (ms)
let siteOffset = 0;       // the site's clock_offset: health's "time" − its Date header (ms)
let clockPromise = null;

function learnDate(res) {
  const d = Date.parse(res.headers.get('Date') || '');
  // The Date header has whole seconds: take it only when it is more than a second out, so a
  // correct phone keeps its millisecond clock.
  if (!Number.isNaN(d) && Math.abs(d - Date.now() - phoneSkew) > 1000) phoneSkew = d - Date.now();
  return d;
}

/** Learn the site's clock from GET /api/health (once per page; again with force). */
export function syncClock(force = false) {
  if (clockPromise && !force) return clockPromise;
  clockPromise = (async () => {
    try {
      const res = await fetch('/api/health', { headers: { Accept: 'application/json' }, cache: 'no-store' });
      const date = learnDate(res);
      const body = await res.json();
      const time = Date.parse(body && body.data ? body.data.time : '');
      if (!Number.isNaN(time) && !Number.isNaN(date)) siteOffset = Math.round((time - date) / 1000) * 1000;
    } catch { /* keep the phone's clock: better than none */ }
  })();
  return clockPromise;
}

/** Milliseconds since the epoch on the site's clock. */
export function siteNow() {
  return Date.now() + phoneSkew + siteOffset;
}

/** Whether a published seat is held now: "held" with a held_until still ahead on the site's clock. */
export function heldNow(seat, now = siteNow()) {
  if (seat.status !== 'held') return false;
  const until = Date.parse(seat.held_until || '');
  return Number.isNaN(until) || until > now;
}

// A published file is replaced by rename(), and Apache stat()s a path before it opens it: a
// rename in between sends the old file's Content-Length with the new file's bytes. The writers
// give every version of a path one size, so such an answer is the whole new file. A body that is
// still no JSON (cut short or NUL-padded: a file over its size, a proxy) is never drawn.
const BAD_BODY_RETRIES = 2;   // asked again at once, without If-None-Match, before it is an error

async function fetchLive(path, tag) {
  const headers = { Accept: 'application/json' };
  if (tag.value) headers['If-None-Match'] = tag.value;
  try {
    const res = await fetch(path, { headers, cache: 'no-store' });
    learnDate(res);
    return { res, text: res.ok ? await res.text() : '' };
  } catch {
    throw Object.assign(new Error('The server could not be reached. Check your connection.'), { status: 0 });
  }
}

/**
 * One conditional GET of a published file. tag is a holder { value } (the last ETag).
 * Resolves to the parsed file, or null when unchanged (304); throws an Error whose status is
 * the HTTP status when the file is missing (404: not published, outside the window) or bad,
 * and when its body stayed no JSON after BAD_BODY_RETRIES fresh asks (the ETag forgotten, so
 * a damaged answer is never kept as "unchanged").
 */
export async function liveGet(path, tag = { value: null }) {
  for (let attempt = 0; ; attempt++) {
    const { res, text } = await fetchLive(path, tag);
    if (res.status === 304) return null;
    if (!res.ok) throw Object.assign(new Error(`The server answered ${res.status}.`), { status: res.status });
    try {
      const data = JSON.parse(text);
      tag.value = res.headers.get('ETag');
      return data;
    } catch {
      tag.value = null;
      if (attempt >= BAD_BODY_RETRIES) {
        throw Object.assign(new Error('The server sent a damaged answer.'), { status: res.status });
      }
    }
  }
}

/**
 * Poll a published file: onData(file) on the first answer and on every change (a 304 calls
 * nothing); onError(err) on a failure (the poll goes on). Polls pause while the page is hidden
 * and resume, asking at once, when it is shown again.
 */
export function livePoll(path, onData, { everyMs = 3000, onError = () => {} } = {}) {
  const tag = { value: null };
  let timer = null;
  let stopped = false;
  let running = null;

  async function tick() {
    clearTimeout(timer);
    if (stopped) return;
    if (!running) {
      running = (async () => {
        let changed = false;
        try {
          const data = await liveGet(path, tag);
          changed = Boolean(data);
          if (data && !stopped) onData(data);
        } catch (err) {
          if (!stopped) onError(err);
        } finally {
          running = null;
          // Said after the answer is drawn (or found unchanged): what a test waits for instead
          // of a guessed pause, e.g. "the next poll was a 304 and redrew nothing".
          document.dispatchEvent(new CustomEvent('skyfox:polled', { detail: { path, changed } }));
        }
      })();
    }
    await running;
    if (!stopped && !document.hidden) timer = setTimeout(tick, everyMs);
  }
  function visible() { if (!document.hidden) tick(); }
  document.addEventListener('visibilitychange', visible);
  syncClock().then(tick);
  return {
    now: tick,
    /** Forget the ETag: the next answer is drawn even if unchanged. */
    reset() { tag.value = null; },
    stop() { stopped = true; clearTimeout(timer); document.removeEventListener('visibilitychange', visible); },
  };
}
