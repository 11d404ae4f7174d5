// Admin: schedule a show. Pick a movie (the ones already imported, or any from the
// provider's catalog — it is imported the moment it is chosen), a screen, a date and a free
// slot (GET /api/slots, asked with the film so a long one is checked against the next show),
// and a base price in rupees (sent as integer paise). The server's field errors appear under
// the fields. A film longer than a slot gets a warning saying when it would end.
// "Find in the catalog" searches the provider (GET /api/movies/catalog?q=) — a real OMDb
// lists nothing until asked — or takes an IMDb id (tt…) to import directly.

import { renderNav } from '../nav.js';
import { api, el, showError, showFieldErrors } from '../api.js';
import { formatMoney, parseMoney } from '../money.js';
import { cinemaToday, clockTime, dateLabel } from '../shows.js';
import { showCronWarning } from '../site-status.js';

const root = document.getElementById('schedule');
const user = await renderNav();
if (user && user.role === 'admin') showCronWarning();

const REASONS = { past: 'already started', taken: 'taken', overlap: 'a longer film runs into it' };
// A show ends at start + trailers + the film (DESIGN §7; skyfox.conf trailer_minutes, default
// 15). The slot list has no ends_at, so the hint assumes the default; the show's own ends_at,
// once scheduled, is what the success and the day's list say.
const TRAILER_MIN = 15;

// Take the message of one field away once that field is changed (a chosen movie must not keep
// "Choose a movie." under it); the other fields keep theirs.
function clearFieldError(ctl) {
  const ids = (ctl.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
  const keep = [];
  for (const id of ids) {
    const msg = document.getElementById(id);
    if (msg && msg.matches('.field-error[data-generated]')) msg.remove();
    else keep.push(id);
  }
  if (keep.length) ctl.setAttribute('aria-describedby', keep.join(' '));
  else ctl.removeAttribute('aria-describedby');
  ctl.removeAttribute('aria-invalid');
}

const movies = new Map();        // local id → movie
let slots = [];                  // the last /api/slots answer

function field(id, label, control, hint) {
  const hintEl = hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', `${id}-hint`);
  return el('div', { class: 'field' }, el('label', { for: id }, label), control, hintEl);
}

function movieOption(m) {
  const bits = [m.year, m.runtime_min ? `${m.runtime_min} min` : null].filter(Boolean).join(', ');
  return el('option', { value: String(m.id) }, bits ? `${m.title} (${bits})` : m.title);
}

async function main() {
  if (!user || user.role !== 'admin') {
    root.replaceChildren(el('p', { class: 'notice error', role: 'alert' },
      user ? 'Only the admin can schedule shows.' : 'Log in as the admin to schedule shows.'));
    return;
  }
  const [today, local, screens, catalog] = await Promise.all([
    cinemaToday(), api('GET', '/api/movies'), api('GET', '/api/screens'),
    api('GET', '/api/movies/catalog').catch((err) => err),
  ]);
  for (const m of local) movies.set(String(m.id), m);

  const movieSel = el('select', { id: 'movie_id', name: 'movie_id', required: true });
  const imported = el('optgroup', { label: 'Imported' }, local.map(movieOption));
  const fromCatalog = el('optgroup', { label: 'From the catalog (imported when chosen)' });
  const catalogOptions = (list) => list.filter((c) => !c.movie_id).map((c) =>
    el('option', { value: `imdb:${c.imdb_id}` }, c.year ? `${c.title} (${c.year})` : c.title));
  if (Array.isArray(catalog)) fromCatalog.append(...catalogOptions(catalog));
  movieSel.append(el('option', { value: '' }, 'Choose a movie…'), imported, fromCatalog);

  const screenSel = el('select', { id: 'screen_id', name: 'screen_id', required: true },
    screens.map((s) => el('option', { value: String(s.id) }, `${s.name} (${s.seats_total} seats)`)));
  const dateIn = el('input', { type: 'date', id: 'date', name: 'date', min: today, value: today, required: true });
  const slotSel = el('select', { id: 'slot_id', name: 'slot_id', required: true });
  const priceIn = el('input', { id: 'price', name: 'price', inputmode: 'decimal', autocomplete: 'off', required: true, placeholder: '250.00' });
  const importNote = el('div');
  const runtimeNote = el('div');
  const movieNote = el('div', { id: 'movie-note', 'aria-live': 'polite' }, importNote, runtimeNote);
  const submit = el('button', { type: 'submit' }, 'Schedule show');
  const findIn = el('input', { id: 'catalog-q', name: 'q', maxlength: 100, autocomplete: 'off',
    placeholder: 'Title words, or an IMDb id (tt0111161)' });
  const findButton = el('button', { type: 'button', class: 'secondary', id: 'catalog-find' }, 'Find');
  const findNote = el('p', { class: 'hint', id: 'catalog-note', role: 'status' });
  const form = el('form', { id: 'schedule-form', novalidate: true },
    el('div', { class: 'field catalog-find' }, el('label', { for: 'catalog-q' }, 'Find in the catalog'),
      el('div', { class: 'inline' }, findIn, findButton), findNote),
    field('movie_id', 'Movie', movieSel), movieNote,
    field('screen_id', 'Screen', screenSel),
    field('date', 'Date', dateIn),
    field('slot_id', 'Slot', slotSel, 'Taken, started and overlapping slots cannot be chosen.'),
    field('price', 'Base price (₹)', priceIn, 'For Standard seats; Deluxe adds ₹150.00. More than ₹0, at most ₹3,000.00.'),
    el('div', { class: 'actions' }, submit));
  const result = el('div', { id: 'schedule-result' });
  const dayHeading = el('h2', { id: 'day-heading' });
  const dayList = el('ul', { class: 'day-shows', 'aria-labelledby': 'day-heading' });
  root.replaceChildren(
    el('section', { class: 'card schedule-form', 'aria-label': 'New show' }, result, form),
    el('section', { class: 'schedule-day', 'aria-labelledby': 'day-heading' }, dayHeading, dayList));
  if (!Array.isArray(catalog)) showError(result, catalog);

  const chosenMovie = () => movies.get(movieSel.value) || null;

  function warnRuntime() {
    const m = chosenMovie();
    const slot = slots.find((s) => String(s.id) === slotSel.value);
    runtimeNote.replaceChildren();
    if (!m) return;
    if (!m.runtime_min) {
      runtimeNote.append(el('p', { class: 'hint' }, 'The provider does not know this film\'s runtime: it is scheduled for the slot\'s length.'));
      return;
    }
    const slotLen = slot ? toMin(slot.end) - toMin(slot.start) : 180;
    const length = m.runtime_min + TRAILER_MIN;
    const ends = slot ? fromMin(toMin(slot.start) + length) : null;
    const endsText = ends ? ` In the ${slot.name} slot it ends at ${ends}.` : '';
    if (length <= slotLen) {
      runtimeNote.append(el('p', { class: 'hint' },
        `Runs ${m.runtime_min} min; with ${TRAILER_MIN} min of trailers it fits a ${slotLen / 60}-hour slot.${endsText}`));
      return;
    }
    runtimeNote.append(el('p', { class: 'notice warn', role: 'status' },
      `This film runs ${m.runtime_min} min; with ${TRAILER_MIN} min of trailers the show is ${length - slotLen} min longer than a slot.`,
      endsText || ' Choose a slot to see when it ends.',
      ' It keeps the screen until it ends, so a following slot it runs into cannot be scheduled, and it cannot go where it would run into a show already there.'));
  }

  async function importChosen() {
    const imdb = movieSel.value.slice(5);
    const option = movieSel.selectedOptions[0];
    movieSel.disabled = true;
    importNote.replaceChildren(el('p', { class: 'hint', role: 'status' }, 'Importing from the catalog…'));
    try {
      const m = await api('POST', '/api/movies', { imdb_id: imdb });
      movies.set(String(m.id), m);
      option.remove();
      const opt = movieOption(m);
      imported.append(opt);
      movieSel.value = String(m.id);
      importNote.replaceChildren(el('p', { class: 'notice success', role: 'status' }, `Imported ${m.title}.`));
    } catch (err) {
      importNote.replaceChildren();
      movieSel.value = '';
      const rest = showFieldErrors(form, { fields: (err.fields || []).map((f) => ({ ...f, field: 'movie_id' })) });
      if (!err.fields || !err.fields.length || rest.length) showError(result, err);
    } finally {
      movieSel.disabled = false;
    }
  }

  // Only the latest request's answer counts: a quick change of date, screen or movie must
  // never leave the slots of the one before on screen.
  let slotsAsked = 0;
  let clearSlot = false;         // after a success: no slot picked (one click from a duplicate)
  async function loadSlots() {
    const params = new URLSearchParams({ date: dateIn.value, screen_id: screenSel.value });
    if (chosenMovie()) params.set('movie_id', movieSel.value);
    const asked = ++slotsAsked;
    const keep = clearSlot ? '' : slotSel.value;
    clearSlot = false;
    slotSel.disabled = true;
    try {
      const answer = await api('GET', `/api/slots?${params}`);
      if (asked !== slotsAsked) return;
      slots = answer;
      slotSel.replaceChildren(...slots.map((s) => el('option', { value: String(s.id), disabled: !s.available },
        `${s.name} ${s.start}–${s.end}${s.available ? '' : ` — ${REASONS[s.reason] || 'unavailable'}`}`)));
      // The slot chosen stays chosen while it is free; none is picked for the admin.
      const pick = slots.find((s) => s.available && String(s.id) === keep);
      slotSel.prepend(el('option', { value: '', disabled: true }, slots.some((s) => s.available) ? 'Choose a slot…' : 'No free slot on this day'));
      slotSel.value = pick ? String(pick.id) : '';
    } catch (err) {
      if (asked !== slotsAsked) return;
      slotSel.replaceChildren(el('option', { value: '' }, 'Choose a date and screen'));
      if (err.fields && err.fields.length) showFieldErrors(form, err);
      else showError(result, err);
    } finally {
      if (asked === slotsAsked) {
        slotSel.disabled = false;
        warnRuntime();
      }
    }
  }

  async function loadDay() {
    dayHeading.textContent = `Shows on ${dateLabel(dateIn.value).long}`;
    try {
      const shows = await api('GET', `/api/shows?date=${encodeURIComponent(dateIn.value)}`);
      dayList.replaceChildren(...(shows.length ? shows.map((s) => el('li', null,
        el('time', { datetime: s.starts_at }, `${clockTime(s.starts_at)}–${clockTime(s.ends_at || s.starts_at)}`),
        ` ${s.screen.name} · `, el('a', { href: `/show.html?id=${s.id}` }, s.movie.title),
        ` · ${formatMoney(s.price, s.currency)} · ${s.seats_available}/${s.seats_total} seats left`))
        : [el('li', { class: 'muted' }, 'No shows yet.')]));
    } catch (err) {
      dayList.replaceChildren();
      showError(dayList.parentElement, err);
    }
  }

  // Search the provider, or import an IMDb id at once.
  async function find() {
    const q = findIn.value.trim();
    if (!q) return;
    findButton.disabled = true;
    findNote.textContent = '';
    try {
      if (/^tt\d{7,10}$/.test(q)) {
        const opt = el('option', { value: `imdb:${q}` }, q);
        fromCatalog.prepend(opt);
        movieSel.value = opt.value;
        await importChosen();
        if (chosenMovie()) { warnRuntime(); await loadSlots(); }
        return;
      }
      const list = await api('GET', `/api/movies/catalog?q=${encodeURIComponent(q)}`);
      const options = catalogOptions(list);
      fromCatalog.replaceChildren(...options);
      findNote.textContent = options.length
        ? `${options.length} film${options.length === 1 ? '' : 's'} found: choose one under "From the catalog" in Movie.`
        : `Nothing new in the catalog for "${q}".`;
    } catch (err) {
      showError(result, err);
    } finally {
      findButton.disabled = false;
    }
  }
  findButton.addEventListener('click', find);
  findIn.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); find(); } });

  for (const ctl of [movieSel, screenSel, dateIn, slotSel, priceIn]) {
    ctl.addEventListener(ctl === priceIn ? 'input' : 'change', () => clearFieldError(ctl));
  }
  movieSel.addEventListener('change', async () => {
    result.replaceChildren();
    importNote.replaceChildren();
    if (movieSel.value.startsWith('imdb:')) await importChosen();
    await loadSlots();
  });
  screenSel.addEventListener('change', loadSlots);
  slotSel.addEventListener('change', warnRuntime);
  dateIn.addEventListener('change', () => { if (dateIn.value) { loadSlots(); loadDay(); } });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    result.replaceChildren();
    const paise = parseMoney(priceIn.value);
    const local = [];
    if (!chosenMovie()) local.push({ field: 'movie_id', message: 'Choose a movie.' });
    if (!dateIn.value) local.push({ field: 'date', message: 'Choose a date.' });
    if (!slotSel.value) local.push({ field: 'slot_id', message: 'Choose a free slot.' });
    if (paise === null) local.push({ field: 'price', message: 'Enter an amount in rupees, like 250 or 250.50.' });
    if (local.length) {
      showFieldErrors(form, { fields: local });
      return;
    }
    showFieldErrors(form, { fields: [] });
    submit.disabled = true;
    try {
      const s = await api('POST', '/api/shows', {
        movie_id: Number(movieSel.value), screen_id: Number(screenSel.value),
        date: dateIn.value, slot_id: Number(slotSel.value), price: paise,
      });
      const showLink = el('a', { href: `/show.html?id=${encodeURIComponent(s.id)}`, id: 'new-show-link' },
        `${s.movie.title}, ${clockTime(s.starts_at)}–${clockTime(s.ends_at || s.starts_at)}`);
      result.replaceChildren(el('div', { class: 'notice success', role: 'status' },
        el('p', null, `Scheduled ${s.movie.title} on ${s.screen.name}, ${dateLabel(s.date).long} at ${clockTime(s.starts_at)}`,
          s.ends_at ? ` (ends ${clockTime(s.ends_at)})` : '', `, from ${formatMoney(s.price, s.currency)}.`),
        el('p', null, 'New show: ', showLink, ' · ', el('a', { href: `/?date=${s.date}` }, 'See it on the home page'))));
      // Ready for the next show, not a copy of this one: the date and screen stay.
      movieSel.value = '';
      priceIn.value = '';
      importNote.replaceChildren();
      runtimeNote.replaceChildren();
      clearSlot = true;
      showLink.focus();
      await Promise.all([loadSlots(), loadDay()]);
    } catch (err) {
      showFieldErrors(form, err);        // on the fields it names
      showError(result, err);            // and the message, with its request id
      if (err.code === 'SLOT_NOT_AVAILABLE' || err.code === 'PAST_DATETIME') loadSlots();
    } finally {
      submit.disabled = false;
    }
  });

  await Promise.all([loadSlots(), loadDay()]);
}

function toMin(hhmm) {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

function fromMin(min) {
  const m = ((min % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}${min >= 1440 ? ' (next day)' : ''}`;
}

main().catch((err) => showError(root, err));
