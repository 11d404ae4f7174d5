// rules.js — the account rules of DESIGN §7, checked in the browser for quick feedback.
// The server applies the same rules (lib/account.c) and has the last word; each returns a
// message or null, worded like the server's.

export function checkUsername(s) {
  if (s.length < 3 || s.length > 30) return 'must be 3 to 30 characters';
  if (!/^[a-z_]/.test(s)) return 'must start with a lowercase letter or _';
  if (!/^[a-z0-9_.-]+$/.test(s)) return 'may hold only lowercase letters, digits, _ . -';
  return null;
}

export function normaliseName(s) { return s.trim().replace(/\s+/g, ' '); }

export function checkName(raw) {
  const s = normaliseName(raw);
  const chars = [...s].length;
  if (!/^[\p{L}\p{M} ]*$/u.test(s)) return 'may hold only letters and spaces';
  if (chars < 3 || chars > 70) return 'must be 3 to 70 characters';
  if (s.split(' ').length > 4) return 'may have at most 4 words';
  return null;
}

export function checkEmail(s) {
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/.test(s.trim()) &&
    !/\.\./.test(s) ? null : 'must be a valid email address';
}

export function checkPhone(s) { return /^[0-9]{10}$/.test(s) ? null : 'must be 10 digits'; }

export function checkPassword(s) {
  if (s.length < 8) return 'must be at least 8 characters';
  if (s.length > 128) return 'must be at most 128 characters';
  if (!/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/[^A-Za-z\s]/.test(s)) {
    return 'needs an uppercase letter, a lowercase letter, and a digit or symbol';
  }
  return null;
}

/** Run [field, check, value] triples; returns an ApiError-shaped {fields}. */
export function fieldProblems(checks) {
  const fields = [];
  for (const [field, check, value] of checks) {
    const message = value === '' ? 'is required' : check(value);
    if (message) fields.push({ field, message });
  }
  return { fields };
}
