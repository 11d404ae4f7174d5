// money.js — amounts on every page: shown from integer minor units (no floating point touches
// an amount) and read back from what a person types.  The one place both are written (before,
// shows.js and pay.js each had a formatMoney, and they disagreed on the minus sign and on
// grouping for other currencies).

const SYMBOLS = { INR: '₹', USD: '$', EUR: '€', GBP: '£' };

/** 123456 → "₹1,234.56" (Indian grouping for INR); a negative amount gets a minus sign (−). */
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

/** "500", "500.5", "500.50", "₹1,000.00" → minor units (an integer), or null when it is not an
 * amount. */
export function parseMoney(text) {
  const s = String(text ?? '').trim().replace(/^₹\s*/, '').replace(/,/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
