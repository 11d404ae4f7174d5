// photo.js — a chosen photo file, ready for the API: checked in the browser (type, 5 MB),
// base64-encoded, with its SHA-256 in hex (Web Crypto), and a preview URL.
// The server checks all of this again and decodes the image itself (DESIGN §7).

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** A user-facing problem with the file (null when it looks acceptable). */
export function photoProblem(file) {
  if (!file) return 'Choose a photo.';
  if (file.type && !TYPES.includes(file.type)) return 'Choose a JPEG, PNG or WebP photo.';
  if (file.size > MAX_PHOTO_BYTES) return 'That photo is over 5 MB. Choose a smaller one.';
  if (file.size === 0) return 'That file is empty.';
  return null;
}

function toHex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * {avatar, avatar_sha256} for the request body. Web Crypto needs a secure context (HTTPS,
 * or localhost): elsewhere this rejects with a message saying so.
 */
export async function photoPayload(file) {
  if (!globalThis.crypto || !crypto.subtle) {
    throw new Error('Uploading a photo needs a secure (HTTPS) connection to this site.');
  }
  const buffer = await file.arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return { avatar: toBase64(buffer), avatar_sha256: toHex(digest) };
}

/** Show file in img (object URL, revoked when replaced); returns the URL. */
export function previewPhoto(img, file) {
  if (img.dataset.objectUrl) URL.revokeObjectURL(img.dataset.objectUrl);
  const url = URL.createObjectURL(file);
  img.dataset.objectUrl = url;
  img.src = url;
  img.hidden = false;
  return url;
}
