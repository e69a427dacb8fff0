// Answers a captcha the way only the server can: with its key (see
// tests/integration/captcha_solver.py for the derivation). The key file is
// the local stack's; nothing a production deployment could switch on lets a
// browser through.
import { createHmac, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { env } from './lib.mjs';

const REJECT_FROM = 4294960000;

export function captchaAnswer(id) {
  const secret = readFileSync(path.join(env('SESAME_TEST_STATE'), 'conf', 'secret.key'));
  const key = Buffer.from(hkdfSync('sha256', secret, 'sesame-hkdf-v1', 'captcha-answer', 32));
  let block = createHmac('sha256', key).update(id).digest();
  for (;;) {
    for (let at = 0; at + 4 <= block.length; at += 4) {
      const v = block.readUInt32BE(at);
      if (v < REJECT_FROM) return String(v % 10000).padStart(4, '0');
    }
    block = createHmac('sha256', key).update(block).digest();
  }
}

// Checks the captcha of the form on `page` is shown (picture loaded, sound
// offered) and types its answer.
export async function solveCaptcha(page) {
  const id = await page.locator('input[name="captcha_id"]').inputValue();
  const img = page.locator('.captcha-image img');
  await img.waitFor();
  const width = await img.evaluate((el) => (el.complete ? el.naturalWidth : 0));
  if (width === 0) await img.evaluate((el) => new Promise((r) => { el.onload = r; }));
  await page.locator('.captcha-audio audio').waitFor({ state: 'attached' });
  await page.getByLabel('Saisissez les 4 chiffres').fill(captchaAnswer(id));
}
