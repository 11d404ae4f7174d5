// pay.js — what the checkout and wallet pages share: the card fieldset (brand logo as the
// number is typed).  Money is money.js; the cinema's wall-clock times are cinema-time.js.
//
// The server checks every card field (DESIGN §7); the page only helps the person typing.

import { el } from './api.js';

/** The brand the number is heading for, from its first digits: 'visa', 'mastercard' or null. */
export function detectBrand(number) {
  const d = String(number ?? '').replace(/[\s-]/g, '');
  if (!/^\d+$/.test(d)) return null;
  if (d[0] === '4') return 'visa';
  if (/^5[1-5]/.test(d)) return 'mastercard';
  if (d.length >= 4) {
    const p = Number(d.slice(0, 4));
    if (p >= 2221 && p <= 2720) return 'mastercard';
  }
  return null;
}

// Images beside this module's folder, so they carry its /v/<version>/ prefix (long-cached).
const img = (name) => new URL(`../img/${name}`, import.meta.url).href;
const CARD_IMG = img('card.svg');
const BRANDS = {
  visa: { src: img('visa.svg'), name: 'Visa' },
  mastercard: { src: img('mastercard.svg'), name: 'Mastercard' },
};

export function brandName(brand) {
  return BRANDS[brand]?.name ?? '';
}

// The card fieldset's parts, the one copy for checkout and wallet (their pages hold an empty
// <fieldset id="card-fields" class="card-fields">, which this fills).
function cardFieldParts() {
  const field = (id, label, attrs, ...after) => el('div', { class: 'field' },
    el('label', { for: id }, label), el('input', { id, ...attrs }), ...after);
  return [
    el('legend', null, 'Card'),
    el('div', { class: 'field' },
      el('label', { for: 'card-number' }, 'Card number'),
      el('div', { class: 'card-number-wrap' },
        el('input', { id: 'card-number', name: 'card.number', inputmode: 'numeric', autocomplete: 'cc-number',
          maxlength: 23, spellcheck: 'false' }),
        el('img', { id: 'card-brand', class: 'card-brand', src: CARD_IMG, alt: '', width: 48, height: 32 })),
      el('p', { class: 'hint' }, 'Visa or Mastercard. ', el('span', { id: 'card-brand-name', 'aria-live': 'polite' }))),
    el('div', { class: 'field-row' },
      field('card-expiry', 'Expiry (MM/YY)', { name: 'card.expiry', inputmode: 'numeric', autocomplete: 'cc-exp',
        placeholder: 'MM/YY', maxlength: 7 }),
      field('card-cvv', 'CVV', { name: 'card.cvv', inputmode: 'numeric', autocomplete: 'cc-csc', maxlength: 3 })),
    field('card-name', 'Name on card', { name: 'card.name', autocomplete: 'cc-name', maxlength: 40 }),
  ];
}

/**
 * Fill and wire a form's card fieldset (#card-fields): the logo follows the number as it is
 * typed, the number is grouped in fours, and "MM/YY" gets its slash.
 */
export function wireCardFields(form) {
  const box = form.querySelector('#card-fields');
  if (box && !box.querySelector('#card-number')) box.replaceChildren(...cardFieldParts());
  const number = form.querySelector('#card-number');
  const logo = form.querySelector('#card-brand');
  const said = form.querySelector('#card-brand-name');
  const expiry = form.querySelector('#card-expiry');

  const showBrand = () => {
    const b = BRANDS[detectBrand(number.value)];
    logo.src = b ? b.src : CARD_IMG;
    logo.alt = b ? b.name : '';
    logo.dataset.brand = b ? detectBrand(number.value) : '';
    said.textContent = b ? `${b.name} card.` : '';
  };
  number.addEventListener('input', (ev) => {
    const digits = number.value.replace(/\D/g, '').slice(0, 19);
    // Regroup only when typing at the end, so editing in the middle keeps the caret.
    if (number.selectionStart === number.value.length && ev.inputType !== 'deleteContentBackward') {
      number.value = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
    }
    showBrand();
  });
  expiry.addEventListener('input', (ev) => {
    if (ev.inputType === 'insertText' && /^\d{2}$/.test(expiry.value)) expiry.value += '/';
  });
  showBrand();
}

/** The card as the API wants it: {number, cvv, expiry, name}. */
export function readCard(form) {
  const v = (name) => form.elements.namedItem(name).value.trim();
  return { number: v('card.number'), cvv: v('card.cvv'), expiry: v('card.expiry'), name: v('card.name') };
}

/** Forget the number and CVV once they have been sent. */
export function clearCardSecrets(form) {
  form.elements.namedItem('card.number').value = '';
  form.elements.namedItem('card.cvv').value = '';
  form.querySelector('#card-number').dispatchEvent(new Event('input'));
}
