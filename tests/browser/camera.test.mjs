// The door's camera, for real: Chromium's fake camera plays a Y4M video made from a real
// ticket's QR code (GET /api/tickets/<id>.png, the signed code the door checks), and the
// check-in page reads it and checks the customer in. Chromium on Linux has no BarcodeDetector,
// so this is the vendored jsQR path (htdocs/js/qr-camera.js) — the one a door laptop needs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, confPut, assertNoConsoleErrors, newPage, openBrowser } from './harness.mjs';
import { call, clockTo, newShow, phone, sessionIn, token } from './site.mjs';

const PRICE = 20000;
const W = 640;
const H = 480;
const dir = mkdtempSync(join(tmpdir(), 'skyfox-camera-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  if (process.env.SKYFOX_DATA) confPut('clock_offset', '0');
});

// The QR PNG drawn on a white W×H frame (as a ticket held up to the camera), as luma bytes:
// drawn by a browser, so the test decodes no PNG of its own.
async function lumaOf(png) {
  const browser = await openBrowser();
  try {
    const page = await browser.newPage();
    const luma = await page.evaluate(async ({ b64, w, h }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.imageSmoothingEnabled = false;
      const side = Math.floor(Math.min(w, h) * 0.8);
      ctx.drawImage(img, (w - side) / 2, (h - side) / 2, side, side);
      const d = ctx.getImageData(0, 0, w, h).data;
      const y = new Array(w * h);
      for (let i = 0; i < w * h; i++) y[i] = Math.round(0.299 * d[4 * i] + 0.587 * d[4 * i + 1] + 0.114 * d[4 * i + 2]);
      return y;
    }, { b64: png.toString('base64'), w: W, h: H });
    return Buffer.from(luma);
  } finally {
    await browser.close();
  }
}

// A one-frame YUV4MPEG2 file (4:2:0, grey chroma); Chromium's fake camera loops it.
function y4m(luma) {
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`),
    luma, chroma, chroma]);
}

test('the door reads a real ticket\'s QR from the camera and checks the customer in', async (t) => {
  const [admin, staff] = [await token('admin'), await token('staff')];
  const show = await newShow(admin, PRICE);
  const sale = await call('POST', '/api/bookings',
    { show_id: show.id, seats: ['B3'], customer_name: 'Camera Tester', phone: phone(), amount_paid: PRICE }, staff);
  const res = await fetch(`${BASE}/api/tickets/${sale.id}.png`, { headers: { Authorization: `Bearer ${staff}` } });
  assert.equal(res.status, 200);
  const video = join(dir, 'ticket.y4m');
  writeFileSync(video, y4m(await lumaOf(Buffer.from(await res.arrayBuffer()))));

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  t.after(() => browser.close());
  const page = await newPage(browser, t);
  await page.context().grantPermissions(['camera'], { origin: BASE });
  assert.equal(await page.evaluate(() => 'BarcodeDetector' in window), false, 'this is the jsQR path');

  clockTo(Date.parse(show.starts_at) / 1000 - 20 * 60);   // inside the check-in window
  await sessionIn(page, 'staff');
  await page.goto(`/checkin.html?show_id=${show.id}&date=${show.date}`);
  await page.locator('#show-panel').waitFor();
  const start = page.locator('#camera-start');
  await start.waitFor();
  await start.click();
  const answer = page.locator('#answer');
  await page.waitForFunction(() => document.getElementById('answer')?.classList.contains('ok'), null, { timeout: 15000 });
  assert.match(await answer.textContent(), /Checked in/);
  assert.match(await answer.textContent(), /Camera Tester/);
  // Days ahead on the site's clock: yesterday's token has expired there.
  const booking = await call('GET', `/api/bookings/${sale.id}`, undefined, await token('staff'));
  assert.equal(booking.status, 'checked_in');
  confPut('clock_offset', '0');
  assertNoConsoleErrors(page);
});
