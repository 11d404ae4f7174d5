// Admin: schedule a show. Pick a movie (the ones already imported, or any from the
// provider's catalog — it is imported the moment it is chosen), a screen, a date and a free
// slot (GET /api/slots, asked with the film so a long one is checked against the next show),
// and a base price in rupees (sent as integer paise). The server's field errors appear under
// the fields. A film longer than a slot gets a warning saying when it would end.
// "Find in the catalog" searches the provider (GET /api/movies/catalog?q=) — a real OMDb
// lists nothing until asked — or takes an IMDb id (tt…) to import directly.
// Each show of the day's list that has not started has "Change price" (PATCH /api/shows/<id>)
// and "Cancel show…" (DELETE /api/shows/<id> with a reason): both ask in a <dialog>. Before the
// admin confirms, the cancel dialog says whom it reaches (GET /api/bookings?show_id=): how many
// paid online bookings go back to wallets and for how much, how many walk-ins are owed cash, how
// many unpaid holds end. A cancellation then shows what it did — holds cancelled, bookings
// refunded to wallets, and the walk-ins whose cash the counter hands back (name, phone, amount).
// Under the movie, the chosen film's certificate (age rating): a select of GET /api/certificates
// and "Save certificate" (PATCH /api/movies/<id>), saved at once for every show of the film — a
// refresh of the film's record never changes it back.
// Prices (issue 15 item 1): "Single price" (every ticket type pays the seat category's price)
// or "Price card" (GET /api/price-cards; each category × type its own price): the show is
// scheduled with price or price_card_id, and the "Change price" dialog offers the same two —
// only while nothing of the show is held or sold (409 SHOW_HAS_BOOKINGS says so in the dialog).
// "Block seats…" opens the walk-in page on the show, ready to block (a broken seat tonight).
// ?screen_id= and ?price_card_id= (the screens and prices pages link here after a save) choose
// that screen or card to start with.

import { renderNav } from '../nav.js';
import { api, el, markFields, showError } from '../api.js';
import { formatMoney, parseMoney } from '../money.js';
import { clockTime, dateLabel } from '../shows.js';
import { showCronWarning } from '../site-status.js';

const root = document.getElementById('schedule');
const user = await renderNav();
if (user && user.role === 'admin') showCronWarning();

const REASONS = { past: 'already started', taken: 'taken', overlap: 'a longer film runs into it' };
// A show ends at start + trailers + the film (DESIGN §7; skyfox.conf trailer_minutes). Asked
// with the film, GET /api/slots gives each slot's ends_at, so the hint says the site's own
// trailer time; the show's ends_at, once scheduled, is what the success and the day's list say.
const minutesBetween = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 60000);

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

let priceCards = [];

/**
 * "Single price" or "Price card": two radios (name), the card's <select> (selectId) in a field
 * shown only for a card, and single(fieldEl) to wrap the single price's field, shown only for
 * a single price. byCard() says which.
 */
function pricingChoice(name, selectId, label) {
  const single = el('input', { type: 'radio', name, id: `${name}-single`, value: 'single', checked: true });
  const card = el('input', { type: 'radio', name, id: `${name}-card`, value: 'card' });
  const cardSel = el('select', { id: selectId, name: 'price_card_id' },
    priceCards.map((c) => el('option', { value: String(c.id) }, c.name)));
  const cardField = field(selectId, label, cardSel, priceCards.length
    ? 'Each seat category and ticket type at the card\'s price.' : 'No price cards yet: make one on the Prices page.');
  let singleField = null;
  const box = el('fieldset', { class: 'pricing-choice' }, el('legend', null, 'Prices'),
    el('div', { class: 'radio-line' }, single, el('label', { for: `${name}-single` }, 'Single price')),
    el('div', { class: 'radio-line' }, card, el('label', { for: `${name}-card` }, 'Price card')));
  const sync = () => {
    cardField.hidden = !card.checked;
    if (singleField) singleField.hidden = card.checked;
  };
  single.addEventListener('change', sync);
  card.addEventListener('change', sync);
  sync();
  return {
    box, cardField, cardSel,
    byCard: () => card.checked,
    set(byCard) { card.checked = byCard; single.checked = !byCard; sync(); },
    single(f) { singleField = f; sync(); return f; },
  };
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
  const [health, local, screens, catalog, certificates, cards] = await Promise.all([
    api('GET', '/api/health'), api('GET', '/api/movies'), api('GET', '/api/screens'),
    api('GET', '/api/movies/catalog').catch((err) => err),
    api('GET', '/api/certificates'),
    api('GET', '/api/price-cards').catch(() => []),
  ]);
  priceCards = cards;
  // The site's clock, not the browser's: which shows have started.
  const today = String(health.time).slice(0, 10);
  const skew = Date.parse(health.time) - Date.now();
  const siteNow = () => Date.now() + skew;
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
  const pricing = pricingChoice('pricing', 'price_card_id', 'Card');
  const importNote = el('div');
  const runtimeNote = el('div');
  const movieNote = el('div', { id: 'movie-note', 'aria-live': 'polite' }, importNote, runtimeNote);
  const certSel = el('select', { id: 'certificate', name: 'certificate', 'aria-describedby': 'certificate-hint' },
    el('option', { value: '', disabled: true }, 'Not rated yet'),
    certificates.map((c) => el('option', { value: c.code },
      c.min_age > 0 ? `${c.name} (ages ${c.min_age} and over)` : `${c.name} (all ages)`)));
  const certSave = el('button', { type: 'button', class: 'secondary', id: 'certificate-save' }, 'Save certificate');
  const certNote = el('div', { id: 'certificate-note', 'aria-live': 'polite' });
  const certField = el('div', { class: 'field cert-field', hidden: true },
    el('label', { for: 'certificate' }, 'Certificate of this film'),
    el('div', { class: 'inline' }, certSel, certSave),
    el('p', { class: 'hint', id: 'certificate-hint' },
      'For every show of the film. Ticket types for younger ages can\'t be sold for it.'),
    certNote);
  const submit = el('button', { type: 'submit' }, 'Schedule show');
  const findIn = el('input', { id: 'catalog-q', name: 'q', maxlength: 100, autocomplete: 'off',
    placeholder: 'Title words, or an IMDb id (tt0111161)' });
  const findButton = el('button', { type: 'button', class: 'secondary', id: 'catalog-find' }, 'Find');
  const findNote = el('p', { class: 'hint', id: 'catalog-note', role: 'status' });
  const form = el('form', { id: 'schedule-form', novalidate: true },
    el('div', { class: 'field catalog-find' }, el('label', { for: 'catalog-q' }, 'Find in the catalog'),
      el('div', { class: 'inline' }, findIn, findButton), findNote),
    field('movie_id', 'Movie', movieSel), movieNote, certField,
    field('screen_id', 'Screen', screenSel),
    field('date', 'Date', dateIn),
    field('slot_id', 'Slot', slotSel, 'Taken, started and overlapping slots cannot be chosen.'),
    pricing.box,
    pricing.single(field('price', 'Base price (₹)', priceIn, 'For Standard seats; Deluxe adds ₹150.00; every ticket type pays it. More than ₹0, at most ₹3,000.00.')),
    pricing.cardField,
    el('div', { class: 'actions' }, submit));
  const result = el('div', { id: 'schedule-result' });
  const dayHeading = el('h2', { id: 'day-heading' });
  const dayList = el('ul', { class: 'day-shows', 'aria-labelledby': 'day-heading' });
  const dayResult = el('div', { id: 'day-result' });
  const changes = showChanges({ onChanged: () => Promise.all([loadSlots(), loadDay()]), dayResult, siteNow });
  root.replaceChildren(
    el('section', { class: 'card schedule-form', 'aria-label': 'New show' }, result, form),
    el('section', { class: 'schedule-day', 'aria-labelledby': 'day-heading' }, dayHeading, dayResult, dayList));
  // Beside the layout, not in it: the page's one form under #schedule stays the schedule form.
  root.after(changes.priceDialog, changes.cancelDialog);
  if (!Array.isArray(catalog)) showError(result, catalog);

  const chosenMovie = () => movies.get(movieSel.value) || null;

  // The chosen film's certificate, or "Not rated yet" (the record's Rated mapped to none).
  function showCertificate() {
    const m = chosenMovie();
    certField.hidden = !m;
    certNote.replaceChildren();
    if (!m) return;
    certSel.value = m.certificate ? m.certificate.code : '';
  }

  certSave.addEventListener('click', async () => {
    const m = chosenMovie();
    if (!m) return;
    certNote.replaceChildren();
    if (!certSel.value) {
      certNote.append(el('p', { class: 'field-error' }, 'Choose a certificate.'));
      return;
    }
    certSave.disabled = true;
    try {
      const saved = await api('PATCH', `/api/movies/${m.id}`, { certificate: certSel.value });
      movies.set(String(saved.id), saved);
      certSel.value = saved.certificate ? saved.certificate.code : '';
      certNote.append(el('p', { class: 'notice success', role: 'status' },
        `${saved.title} is now certificate ${saved.certificate.name}.`));
    } catch (err) {
      showError(certNote, err);
    } finally {
      certSave.disabled = false;
    }
  });

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
    // Every slot of the answer has the same length for this film: any one tells the trailers.
    const sample = slot && slot.ends_at ? slot : slots.find((s) => s.ends_at);
    const length = sample ? minutesBetween(sample.starts_at, sample.ends_at) : null;
    const trailers = length !== null ? `with ${length - m.runtime_min} min of trailers` : 'with the trailers';
    const ends = slot && length !== null ? fromMin(toMin(slot.start) + length) : null;
    const endsText = ends ? ` In the ${slot.name} slot it ends at ${ends}.` : '';
    if (length === null || length <= slotLen) {
      runtimeNote.append(el('p', { class: 'hint' },
        `Runs ${m.runtime_min} min; ${trailers} it fits a ${slotLen / 60}-hour slot.${endsText}`));
      return;
    }
    runtimeNote.append(el('p', { class: 'notice warn', role: 'status' },
      `This film runs ${m.runtime_min} min; ${trailers} the show is ${length - slotLen} min longer than a slot.`,
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
      const rest = markFields(form, { fields: (err.fields || []).map((f) => ({ ...f, field: 'movie_id' })) });
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
      if (err.fields && err.fields.length) markFields(form, err);
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
      dayList.replaceChildren(...(shows.length ? shows.map((s) => el('li', { class: 'day-show', 'data-show-id': String(s.id) },
        el('p', { class: 'day-show-what' },
          el('time', { datetime: s.starts_at }, `${clockTime(s.starts_at)}–${clockTime(s.ends_at || s.starts_at)}`),
          ` ${s.screen.name} · `, el('a', { href: `/show.html?id=${s.id}` }, s.movie.title),
          ' · ', el('span', { class: 'day-show-price' }, formatMoney(s.price, s.currency)),
          s.price_card_id ? el('span', { class: 'day-show-card' },
            ` (${priceCards.find((c) => c.id === s.price_card_id)?.name || 'price card'})`) : null,
          ` · ${s.seats_available}/${s.seats_total} seats left`),
        changes.actions(s)))
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
        showCertificate();
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
    showCertificate();
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
    const byCard = pricing.byCard();
    if (!byCard && paise === null) local.push({ field: 'price', message: 'Enter an amount in rupees, like 250 or 250.50.' });
    if (byCard && !pricing.cardSel.value) local.push({ field: 'price_card_id', message: 'Choose a price card (make one on the Prices page).' });
    if (local.length) {
      markFields(form, { fields: local });
      return;
    }
    markFields(form, null);
    submit.disabled = true;
    try {
      const s = await api('POST', '/api/shows', {
        movie_id: Number(movieSel.value), screen_id: Number(screenSel.value),
        date: dateIn.value, slot_id: Number(slotSel.value),
        ...(byCard ? { price_card_id: Number(pricing.cardSel.value) } : { price: paise }),
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
      showCertificate();
      importNote.replaceChildren();
      runtimeNote.replaceChildren();
      clearSlot = true;
      showLink.focus();
      await Promise.all([loadSlots(), loadDay()]);
    } catch (err) {
      markFields(form, err);             // on the fields it names
      showError(result, err);            // and the message, with its request id
      if (err.code === 'SLOT_NOT_AVAILABLE' || err.code === 'PAST_DATETIME') loadSlots();
    } finally {
      submit.disabled = false;
    }
  });

  // From the screens page ("Schedule a show on …", ?screen_id=) or the prices page ("Schedule a
  // show with …", ?price_card_id=): that screen or card already chosen.
  const asked = new URLSearchParams(location.search);
  const askedScreen = asked.get('screen_id');
  if (askedScreen && screens.some((s) => String(s.id) === askedScreen)) screenSel.value = askedScreen;
  const askedCard = asked.get('price_card_id');
  if (askedCard && priceCards.some((c) => String(c.id) === askedCard)) {
    pricing.set(true);
    pricing.cardSel.value = askedCard;
  }

  await Promise.all([loadSlots(), loadDay()]);
}

// --- changing and cancelling a show of the day's list ------------------------------------------
// Two <dialog>s for the page, each a small form; focus goes back to the button that opened it.
// What the server says about a field marks that field (markFields); anything else shows in the
// dialog's notice. onChanged reloads the day (and the slots: a cancelled show frees its slot).

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const showName = (s) => `${s.movie.title}, ${clockTime(s.starts_at)} on ${s.screen.name}`;

function showChanges({ onChanged, dayResult, siteNow }) {
  let current = null;        // { show, button } while a dialog is open
  const restoreFocus = () => {
    const c = current;
    current = null;
    if (c && c.button.isConnected) c.button.focus();
  };

  // Change price: rupees in, paise out; the hint says who keeps the old price.
  const priceIn = el('input', { id: 'new-price', name: 'price', inputmode: 'decimal', autocomplete: 'off',
    required: true, 'aria-describedby': 'new-price-hint' });
  const priceHeading = el('h2', { id: 'price-dialog-heading' });
  const priceNotice = el('div');
  const dialogPricing = pricingChoice('new-pricing', 'new-card', 'New price card');
  const priceForm = el('form', { method: 'dialog', novalidate: true },
    dialogPricing.box,
    dialogPricing.single(el('div', { class: 'field' }, el('label', { for: 'new-price' }, 'New price, Standard seats (₹)'), priceIn,
      el('p', { class: 'hint', id: 'new-price-hint' },
        'Deluxe adds ₹150.00; every ticket type pays it. More than ₹0, at most ₹3,000.00. Only while no seat of the show is held or sold.'))),
    dialogPricing.cardField,
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'price-dialog-save' }, 'Save price'),
      el('button', { type: 'button', class: 'secondary', id: 'price-dialog-close' }, 'Keep the price')));
  const priceDialog = el('dialog', { id: 'price-dialog', class: 'confirm-dialog', 'aria-labelledby': 'price-dialog-heading' },
    priceHeading, priceNotice, priceForm);
  priceForm.querySelector('#price-dialog-close').addEventListener('click', () => priceDialog.close());
  priceDialog.addEventListener('close', restoreFocus);
  priceIn.addEventListener('input', () => markFields(priceForm, null));

  function askPrice(show, button) {
    current = { show, button };
    priceHeading.textContent = `Change the price of ${showName(show)}`;
    priceNotice.replaceChildren(el('p', null, `Now ${formatMoney(show.price, show.currency)}.`));
    priceIn.value = (show.price / 100).toFixed(2);
    dialogPricing.set(Boolean(show.price_card_id));
    if (show.price_card_id) dialogPricing.cardSel.value = String(show.price_card_id);
    markFields(priceForm, null);
    priceDialog.showModal();
    priceIn.select();
  }

  priceForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { show } = current;
    const paise = parseMoney(priceIn.value);
    const byCard = dialogPricing.byCard();
    if (byCard && !dialogPricing.cardSel.value) {
      markFields(priceForm, { fields: [{ field: 'price_card_id', message: 'Choose a price card.' }] });
      return;
    }
    if (!byCard && (paise === null || paise <= 0 || paise > 300000)) {
      markFields(priceForm, { fields: [{ field: 'price', message: paise === null
        ? 'Enter an amount in rupees, like 250 or 250.50.' : 'Enter more than ₹0 and at most ₹3,000.00.' }] });
      return;
    }
    markFields(priceForm, null);
    const save = priceForm.querySelector('#price-dialog-save');
    save.disabled = true;
    try {
      const s = await api('PATCH', `/api/shows/${show.id}`, byCard ? { price_card_id: Number(dialogPricing.cardSel.value) } : { price: paise });
      priceDialog.close();
      const cardName = priceCards.find((c) => c.id === s.price_card_id)?.name;
      dayResult.replaceChildren(el('div', { class: 'notice success', role: 'status' },
        el('p', null, cardName ? `${showName(s)} now uses the ${cardName} price card (from ${formatMoney(s.price, s.currency)}).`
          : `${showName(s)} now costs ${formatMoney(s.price, s.currency)} (Standard seats).`)));
      await onChanged();
    } catch (err) {
      if (!markFields(priceForm, err).length && err.fields && err.fields.length) return;
      showError(priceNotice, err);
    } finally {
      save.disabled = false;
    }
  });

  // Cancel show: the reason, what will happen, then what did.
  const reasonIn = el('textarea', { id: 'cancel-reason', name: 'reason', rows: 3, maxlength: 200, required: true,
    'aria-describedby': 'cancel-reason-hint' });
  const cancelHeading = el('h2', { id: 'cancel-show-heading' });
  const cancelNotice = el('div');
  const cancelFacts = el('div');
  const cancelForm = el('form', { method: 'dialog', novalidate: true },
    cancelFacts,
    el('div', { class: 'field' }, el('label', { for: 'cancel-reason' }, 'Reason'), reasonIn,
      el('p', { class: 'hint', id: 'cancel-reason-hint' },
        'Up to 200 characters. It goes into the refunds in the customers\' wallets.')),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'danger', id: 'cancel-show-yes' }, 'Cancel show'),
      el('button', { type: 'button', class: 'secondary', id: 'cancel-show-no' }, 'Keep show')));
  const cancelDialog = el('dialog', { id: 'cancel-show-dialog', class: 'confirm-dialog', 'aria-labelledby': 'cancel-show-heading' },
    cancelHeading, cancelNotice, cancelForm);
  cancelForm.querySelector('#cancel-show-no').addEventListener('click', () => cancelDialog.close());
  cancelDialog.addEventListener('close', restoreFocus);
  reasonIn.addEventListener('input', () => markFields(cancelForm, null));

  // Held or sold, from the seat map: the show's seats_available also leaves out the seats staff
  // blocked, which no one is refunded for (a broken seat is not a sale).
  async function seatsTaken(show) {
    try {
      const map = await api('GET', `/api/shows/${encodeURIComponent(show.id)}/seats`);
      return map.rows.flatMap((r) => r.seats).filter((x) => ['held', 'sold', 'mine'].includes(x.status)).length;
    } catch {
      return show.seats_total - show.seats_available;
    }
  }

  // Who the cancellation reaches, before it is confirmed: the show's bookings (staff may list
  // them, GET /api/bookings?show_id=, 200 a page) sorted as DELETE /api/shows/<id> will treat
  // them — live holds cancelled, paid online bookings refunded to wallets, walk-ins listed for
  // cash. null when they can't be read (the dialog then says the rules only).
  async function whoIsReached(show) {
    const reached = { holds: 0, online: 0, onlineTotal: 0, walkIns: 0, walkInTotal: 0 };
    try {
      let before = '';
      for (;;) {
        const page = await api('GET', `/api/bookings?show_id=${encodeURIComponent(show.id)}&limit=200${before}`);
        for (const b of page) {
          if (b.status === 'pending') reached.holds++;
          else if (b.status !== 'confirmed' && b.status !== 'checked_in') continue;
          else if (b.customer && b.customer.walk_in) { reached.walkIns++; reached.walkInTotal += b.amount; }
          else { reached.online++; reached.onlineTotal += b.amount; }
        }
        if (page.length < 200) return reached;
        before = `&before_id=${page[page.length - 1].id}`;
      }
    } catch {
      return null;
    }
  }

  function cancelEffects(show, reached) {
    const money = (n) => formatMoney(n, show.currency);
    if (!reached) {
      return [
        el('li', null, 'Holds not yet paid are cancelled.'),
        el('li', null, 'Paid online bookings are refunded in full to the customers\' wallets, whatever the refund cut-off.'),
        el('li', null, 'Walk-in tickets are cancelled and listed here for you to refund in cash at the counter.')];
    }
    return [
      el('li', { 'data-reach': 'online' }, reached.online
        ? `${plural(reached.online, 'paid online booking')} (${money(reached.onlineTotal)}): refunded in full to the `
          + `customer${reached.online === 1 ? '\'s wallet' : 's\' wallets'}, whatever the refund cut-off.`
        : 'No paid online booking to refund.'),
      el('li', { 'data-reach': 'walk-ins' }, reached.walkIns
        ? `${plural(reached.walkIns, 'walk-in booking')} (${money(reached.walkInTotal)}): cancelled, and listed here `
          + 'with names and phone numbers for you to refund in cash at the counter.'
        : 'No walk-in tickets: no cash to hand back.'),
      el('li', { 'data-reach': 'holds' }, reached.holds
        ? `${plural(reached.holds, 'hold')} not yet paid: cancelled.`
        : 'No unpaid holds.')];
  }

  async function askCancel(show, button) {
    current = { show, button };
    const [taken, reached] = await Promise.all([seatsTaken(show), whoIsReached(show)]);
    cancelHeading.textContent = `Cancel ${showName(show)}?`;
    cancelNotice.replaceChildren();
    cancelFacts.replaceChildren(
      el('p', null, taken ? `${plural(taken, 'seat is', 'seats are')} held or sold.` : 'No seat is held or sold yet.'),
      el('ul', { class: 'cancel-effects' },
        ...cancelEffects(show, reached),
        el('li', null, 'The show disappears from the lists, and its slot can be scheduled again.')));
    reasonIn.value = '';
    markFields(cancelForm, null);
    cancelDialog.showModal();
    reasonIn.focus();
  }

  cancelForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { show } = current;
    const reason = reasonIn.value.trim();
    if (!reason) {
      markFields(cancelForm, { fields: [{ field: 'reason', message: 'Say why the show is cancelled.' }] });
      return;
    }
    markFields(cancelForm, null);
    const yes = cancelForm.querySelector('#cancel-show-yes');
    yes.disabled = true;
    try {
      const r = await api('DELETE', `/api/shows/${show.id}`, { reason });
      const box = cancelledNotice(show, reason, r);
      dayResult.replaceChildren(box);
      current.button = box;              // the row is gone: focus goes to what happened
      cancelDialog.close();
      await onChanged();
    } catch (err) {
      if (!markFields(cancelForm, err).length && err.fields && err.fields.length) return;
      showError(cancelNotice, err);
    } finally {
      yes.disabled = false;
    }
  });

  function actions(show) {
    if (Date.parse(show.starts_at) <= siteNow()) return el('p', { class: 'hint day-show-started' }, 'Started: no changes.');
    const price = el('button', { type: 'button', class: 'secondary', 'data-action': 'price' }, 'Change price');
    const cancel = el('button', { type: 'button', class: 'danger', 'data-action': 'cancel' }, 'Cancel show…');
    price.setAttribute('aria-label', `Change price of ${showName(show)}`);
    cancel.setAttribute('aria-label', `Cancel show… ${showName(show)}`);
    price.addEventListener('click', () => askPrice(show, price));
    cancel.addEventListener('click', () => askCancel(show, cancel));
    // A broken seat for tonight: the counter's map, opened on this show ready to block.
    const block = el('a', { class: 'btn secondary', href: `/walkin.html?show_id=${encodeURIComponent(show.id)}&block=1`,
      'aria-label': `Block seats… ${showName(show)}` }, 'Block seats…');
    return el('div', { class: 'day-show-actions' }, price, block, cancel);
  }

  return { priceDialog, cancelDialog, actions };
}

// What a cancellation did, to keep on screen: the counter's cash refunds above all.
function cancelledNotice(show, reason, r) {
  const money = (n) => formatMoney(n, r.currency || show.currency);
  const refundedTotal = r.refunded.reduce((t, x) => t + x.amount, 0);
  const cashTotal = r.cash_refunds.reduce((t, x) => t + x.amount, 0);
  const box = el('div', { class: 'notice success cancel-result', role: 'status', tabindex: '-1' },
    el('h3', null, `Cancelled ${showName(show)}`),
    el('p', null, `Reason: ${reason}`),
    el('ul', null,
      el('li', { 'data-count': 'holds' }, `${plural(r.holds_cancelled, 'hold')} cancelled.`),
      el('li', { 'data-count': 'refunded' }, r.refunded.length
        ? `${plural(r.refunded.length, 'booking')} refunded to wallets: ${money(refundedTotal)} `
          + `(${r.refunded.length === 1 ? 'booking' : 'bookings'} ${r.refunded.map((x) => x.booking_id).join(', ')}).`
        : 'No online booking to refund.')));
  if (r.cash_refunds.length) {
    box.append(
      el('h4', null, `Cash to hand back at the counter: ${money(cashTotal)}`),
      el('ul', { class: 'cash-refunds' }, r.cash_refunds.map((c) => el('li', null,
        el('span', { class: 'cash-name' }, c.customer_name), ' · ',
        el('a', { href: `tel:${c.phone}` }, c.phone), ' · ',
        el('strong', null, money(c.amount)), ` · booking ${c.booking_id}`))));
  } else {
    box.append(el('p', null, 'No walk-in tickets: no cash to hand back.'));
  }
  return box;
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
