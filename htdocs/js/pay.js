// pay.js — what the checkout and wallet pages share: money shown from integer minor units
// (no floating point touches an amount), amounts typed as "500.00" turned into paise, the
// cinema's wall-clock times, and the card fieldset (brand logo as the number is typed).
//
// The server checks every card field (DESIGN §7); the page only helps the person typing.

const SYMBOLS = { INR: '₹', USD: '$', EUR: '€', GBP: '£' };

/** 123456 → "₹1,234.56" (Indian grouping for INR); negative amounts get a minus sign. */
export function formatMoney(minor, currency = 'INR') {
  const n = Number(minor);
  if (!Number.isSafeInteger(n)) return '';
  const abs = Math.abs(n);
  const cents = abs % 100;
  const major = (abs - cents) / 100; // exact: both are integers
  const grouped = new Intl.NumberFormat(currency === 'INR' ? 'en-IN' : 'en-US',
    { maximumFractionDigits: 0 }).format(major);
  const sym = SYMBOLS[currency] ?? `${currency} `;
  return `${n < 0 ? '−' : ''}${sym}${grouped}.${String(cents).padStart(2, '0')}`;
}

/** "500", "500.5", "500.50", "1,000.00" → paise (an integer), or null when it is not an amount. */
export function parseMoney(text) {
  const s = String(text ?? '').trim().replace(/^₹\s*/, '').replace(/,/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2026-11-25T19:30:00+05:30" → "25 Nov 2026, 19:30": the cinema's wall clock, read from the
 * string itself (not converted to the browser's zone).
 */
export function cinemaWhen(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(String(iso ?? ''));
  if (!m) return '';
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}, ${m[4]}:${m[5]}`;
}

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

const BRANDS = {
  visa: { src: '/img/visa.svg', name: 'Visa' },
  mastercard: { src: '/img/mastercard.svg', name: 'Mastercard' },
};

export function brandName(brand) {
  return BRANDS[brand]?.name ?? '';
}

/**
 * Wire a form's card fieldset: the logo follows the number as it is typed, the number is
 * grouped in fours, and "MM/YY" gets its slash. Expects #card-number, #card-brand,
 * #card-brand-name and #card-expiry inside form.
 */
export function wireCardFields(form) {
  const number = form.querySelector('#card-number');
  const logo = form.querySelector('#card-brand');
  const said = form.querySelector('#card-brand-name');
  const expiry = form.querySelector('#card-expiry');

  const showBrand = () => {
    const b = BRANDS[detectBrand(number.value)];
    logo.src = b ? b.src : '/img/card.svg';
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
