// site-status.js — what the sysadmin's switches mean for a page.
//
// Maintenance: while `skyfoxctl maintenance on` (or a restore) has the site closed, every API
// call answers 503 SERVICE_UNAVAILABLE. api.js (every page's only way to the API, the
// seat map's conditional GETs included) reports each answer here; on such a 503 we ask GET /api/health once, and when it
// says "maintenance" a banner with the sysadmin's message goes at the top of the page, above
// the header, in the flow (it never covers the nav). The nav asks the API on every page load,
// so a page opened during maintenance shows it at once. Any answer that is not a 5xx means
// the site is back, and the banner goes; while it is up we ask health again after Retry-After.
//
// Cron: admin pages call showCronWarning(); when health lists a job as "late" the admin
// learns which, what is not being done, and where to look. Customers never see it.
//
// Text only through textContent (no innerHTML): the message is the sysadmin's, but still data.

const RETRY_MS = 60_000;       // MAINTENANCE_RETRY_AFTER
let asking = null;             // the health question in flight, if any
let banner = null;
let retry = 0;

async function health() {
  const res = await fetch('/api/health', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  let json = null;
  try { json = await res.json(); } catch { /* not JSON */ }
  return { status: res.status, json };
}

function hideBanner() {
  clearTimeout(retry);
  if (banner) banner.remove();
  banner = null;
}

function showBanner(message) {
  if (!banner) {
    banner = document.createElement('div');
    banner.className = 'maintenance-banner';
    banner.id = 'maintenance-banner';
    banner.setAttribute('role', 'status');
    const title = document.createElement('strong');
    title.textContent = 'Closed for maintenance. ';
    banner.append(title, document.createElement('span'));
    const skip = document.querySelector('body > .skip-link');
    if (skip) skip.after(banner);
    else document.body.prepend(banner);
  }
  banner.lastChild.textContent = message;
  clearTimeout(retry);
  retry = setTimeout(checkMaintenance, RETRY_MS);
}

/** Ask health whether the site is in maintenance; show or drop the banner accordingly. */
export function checkMaintenance() {
  asking ??= health().then(({ status, json }) => {
    if (status === 503 && json && json.status === 'maintenance') {
      showBanner(typeof json.message === 'string' && json.message
        ? json.message : 'The site is closed for maintenance; please try again in a few minutes.');
    } else if (status > 0 && status < 500) {
      hideBanner();
    }
  }, () => { /* no answer at all: say nothing new */ }).finally(() => { asking = null; });
  return asking;
}

/** Every API answer passes through here: status, and the error code when there is one. */
export function noteAnswer(status, code) {
  if (status === 503 && code === 'SERVICE_UNAVAILABLE') {
    if (!banner) checkMaintenance();
  } else if (status > 0 && status < 500 && banner) {
    hideBanner();
  }
}

// What each job's absence costs, for the admin's warning (job names are health's keys).
const CRON_EFFECTS = {
  'sweep-holds': 'lapsed seat holds are not being tidied',
  'settle-payments': 'card payments whose answer was lost are not being settled',
  'sweep-avatars': 'photos left by failed sign-ups are not being removed',
  'refresh-movies': 'movie details are not being refreshed',
  backup: 'no nightly backup is being taken',
};

/**
 * Admin pages: when health says cron jobs are late, put a warning at the top of main naming
 * them, what is not being done, and where to look. Silent when all is well, when the site is
 * in maintenance (the jobs stand down then; the banner says why) or when health is unreachable.
 */
export async function showCronWarning() {
  let answer;
  try { answer = await health(); } catch { return null; }
  const cron = answer.status === 200 && answer.json && answer.json.data ? answer.json.data.cron : null;
  const late = cron ? Object.keys(cron).filter((job) => cron[job] === 'late') : [];
  const main = document.getElementById('main');
  let box = document.getElementById('cron-warning');
  if (!late.length || !main) {
    if (box) box.remove();
    return null;
  }
  if (!box) {
    box = document.createElement('div');
    box.id = 'cron-warning';
    box.className = 'notice warn';
    box.setAttribute('role', 'status');
    main.prepend(box);
  }
  const effects = late.map((job) => CRON_EFFECTS[job]).filter(Boolean).join('; ');
  const code = (text) => {
    const c = document.createElement('code');
    c.textContent = text;
    return c;
  };
  const names = late.flatMap((job, i) => (i ? [', ', code(job)] : [code(job)]));
  box.replaceChildren('Scheduled jobs have not run: ', ...names, '. ',
    effects ? `${effects[0].toUpperCase()}${effects.slice(1)}. ` : '',
    'Check the crontab (INSTALL §6): ', code('crontab -l'), '.');
  return box;
}
