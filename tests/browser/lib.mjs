// Shared helpers of the browser tests: Debian's Chromium driven by
// playwright-core (no downloaded browser), one fresh context per test.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

export function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests through deploy/test`);
  }
  return value;
}

export const CHROMIUM = process.env.SESAME_CHROMIUM || '/usr/bin/chromium';

// Playwright gives every launch a fresh temporary profile (--user-data-dir).
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    timeout: 60000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newPage(browser) {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  return { context, page };
}

export async function shot(page, name) {
  const state = process.env.SESAME_TEST_STATE;
  if (!state) return;
  const dir = path.join(state, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
