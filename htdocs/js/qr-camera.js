// qr-camera.js — read QR codes from a <video> showing the camera, for the door's check-in.
//
// The browser's own BarcodeDetector where it has one that reads QR codes (Chrome on Android
// and macOS, Safari); else jsQR — vendored in /vendor/jsqr/ (Apache-2.0, see its README), no
// CDN, no build step — on a frame drawn into a canvas: Chromium on Linux, Firefox and most
// desktop browsers have no BarcodeDetector, and a door laptop is often one of them. jsQR is
// loaded only when the camera starts, so no other page pays for its 250 KB.
//
//   import { cameraAvailable, qrDetector } from '../qr-camera.js';
//   const detector = await qrDetector();
//   const codes = await detector.detect(video);   // ["SKYFOX1.…"], or [] when none is in view

let jsqr = null;

function loadJsQR() {
  jsqr ??= new Promise((resolve, reject) => {
    if (window.jsQR) { resolve(window.jsQR); return; }
    const script = document.createElement('script');
    // Beside this module, so it carries the same /v/<version>/ prefix (long-cached).
    script.src = new URL('../vendor/jsqr/jsQR.js', import.meta.url).href;
    script.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('the QR reader did not load')));
    script.onerror = () => { jsqr = null; reject(new Error('the QR reader could not be loaded')); };
    document.head.append(script);
  });
  return jsqr;
}

/** Whether this browser can show the camera at all (a secure page: https or localhost). */
export function cameraAvailable() {
  return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

async function nativeDetector() {
  if (!('BarcodeDetector' in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    return { async detect(video) { return (await detector.detect(video)).map((b) => b.rawValue); } };
  } catch {
    return null;
  }
}

/** A reader with detect(video) → the texts of the QR codes in the current frame. */
export async function qrDetector() {
  const native = await nativeDetector();
  if (native) return native;
  const jsQR = await loadJsQR();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return {
    async detect(video) {
      const w = video.videoWidth;
      const h = video.videoHeight;
      if (!w || !h) return [];
      // A ticket held up fills much of the frame: 640 px across is plenty, and jsQR's work
      // grows with the pixels.
      const scale = Math.min(1, 640 / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
      return code && code.data ? [code.data] : [];
    },
  };
}
