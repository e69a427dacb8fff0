// Connexion screen, clicked through in headless Chromium as a person would.
//
// Needs the stack deploy/test starts: SESAME_TEST_BASE_URL,
// SESAME_TEST_DEMO_LOGIN, SESAME_TEST_DEMO_PASSWORD, SESAME_TEST_STATE
// (screenshots go to $SESAME_TEST_STATE/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchBrowser, newPage, env, shot } from './lib.mjs';

const BASE = env('SESAME_TEST_BASE_URL');
const LOGIN = env('SESAME_TEST_DEMO_LOGIN');
const PASSWORD = env('SESAME_TEST_DEMO_PASSWORD');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the login screen is in French and has the contract fields', async () => {
  const { context, page } = await newPage(browser);
  try {
    const response = await page.goto(`${BASE}/login`);
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    assert.equal(await page.locator('input[name="login"]').count(), 1);
    assert.equal(await page.locator('input[name="password"]').count(), 1);
    assert.equal(await page.locator('input[name="password"]').getAttribute('type'), 'password');
    assert.equal(await page.locator('input[name="csrf"]').count(), 1);
    assert.equal(await page.locator('button[type="submit"]').count(), 1);
    assert.match(await page.locator('body').innerText(), /Identifiant|Mot de passe/i);
    await shot(page, 'login-empty');
  } finally {
    await context.close();
  }
});

test('the demo account signs in and lands on its personal space', async () => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/login`);
    await page.locator('input[name="login"]').fill(LOGIN);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/account'), { timeout: 20000 }),
      page.locator('button[type="submit"]').click(),
    ]);
    const text = await page.locator('body').innerText();
    assert.match(text, /Camille Démo/, 'the display name is shown on /account');
    // The session cookie is HttpOnly: scripts on the page cannot read it.
    const cookies = await context.cookies();
    assert.ok(cookies.length > 0, 'a session cookie was set');
    for (const c of cookies) {
      assert.equal(c.httpOnly, true, `cookie ${c.name} is HttpOnly`);
      assert.notEqual(c.sameSite, 'None', `cookie ${c.name} is not SameSite=None`);
    }
    assert.equal(await page.evaluate(() => document.cookie), '');
    await shot(page, 'account');
  } finally {
    await context.close();
  }
});

test('a wrong password shows an error on the same page, login kept, password emptied', async () => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/login`);
    const before = await page.locator('body').innerText();
    await page.locator('input[name="login"]').fill(LOGIN);
    await page.locator('input[name="password"]').fill('pas-le-bon-mot-de-passe-42');
    const [response] = await Promise.all([
      page.waitForNavigation({ timeout: 20000 }),
      page.locator('button[type="submit"]').click(),
    ]);
    assert.ok(response, 'the form was submitted');
    const url = new URL(page.url());
    assert.ok(url.pathname.endsWith('/login'), `still on /login (at ${url.pathname})`);
    assert.equal(await page.locator('input[name="login"]').inputValue(), LOGIN);
    assert.equal(await page.locator('input[name="password"]').inputValue(), '');
    const after = await page.locator('body').innerText();
    assert.notEqual(after, before, 'the page changed to show an error');
    const flagged =
      (await page.locator('[role="alert"], [aria-invalid="true"]').count()) > 0;
    assert.ok(flagged, 'the error is announced (role=alert or aria-invalid)');
    assert.match(after, /incorrect|erron|invalide|n'est pas|ne correspond/i);
    assert.doesNotMatch(after, /Camille Démo/);
    await shot(page, 'login-wrong-password');
  } finally {
    await context.close();
  }
});

test('the account page needs a session', async () => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/account`);
    const url = new URL(page.url());
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, /Camille Démo/);
    assert.ok(url.pathname.endsWith('/login') || /connect/i.test(text),
      `without a session /account leads to the login screen (at ${url.pathname})`);
  } finally {
    await context.close();
  }
});
