// « Forgotten access code? » in English, clicked through in headless
// Chromium: a French browser (Accept-Language fr-FR) opens /login, follows
// the « English » link of the banner (a cookie keeps the choice, no
// script), asks for a reset, reads the English mail and SMS the catchers
// stored, opens the link, types the code and a new access code, and signs
// in. Every screen is checked for its English words.
//
// Needs the stack deploy/test starts (see browser.test.mjs next to it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { launchBrowser, newPage, env, shot } from '../../browser/lib.mjs';
import { mailsTo, smsTo, waitFor } from '../../browser/catchers.mjs';

const BASE = env('SESAME_TEST_BASE_URL').replace(/\/$/, '');
const SESAME = env('SESAME_BIN');
const CONFIG = env('SESAME_TEST_CONFIG');

const NEW_PASSWORD = 'Blue orchard, fourteen lanterns & an owl';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function newAccount() {
  const stamp = Date.now() % 1e8;
  const login = `bren${stamp}`;
  const email = `${login}@example.org`;
  const phone = `+3363${String((stamp + process.pid) % 1e7).padStart(7, '0')}`;
  const password = 'Lanterne verte sous la pluie en 42';
  const name = 'Customer en';
  execFileSync(SESAME, ['-c', CONFIG, 'account', 'add', '--login', login, '--email', email,
    '--phone', phone, '--name', name, '--password-stdin'],
  { input: `${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  return { login, email, phone, password, name };
}

async function bodyText(page) {
  return page.locator('body').innerText();
}

test('a customer resets a forgotten access code in English', async () => {
  const account = newAccount();
  const { context, page } = await newPage(browser);  // fr-FR
  try {
    await page.goto(`${BASE}/login`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    // The switch link of the banner.
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('lang') === 'en'),
      page.getByRole('link', { name: 'English' }).click(),
    ]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Français' }).count(), 1);
    await shot(page, 'en-1-login');

    // The choice stays: the next pages come without ?lang=.
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/forgot')),
      page.getByRole('link', { name: 'Forgotten access code?' }).click(),
    ]);
    assert.equal(new URL(page.url()).search, '');
    await page.getByRole('heading', { name: 'Forgotten access code' }).waitFor();
    assert.match(await bodyText(page), /All fields are required\./);

    // A mistake is said in English on the same page.
    await page.getByLabel('Username').fill(account.login);
    await page.getByLabel('E-mail address').fill('not-an-address');
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Reset your access code' }).click(),
    ]);
    assert.match(await bodyText(page), /There is a problem/);
    assert.match(await bodyText(page), /The e-mail address typed is not valid/);

    await page.getByLabel('E-mail address').fill(account.email);
    await shot(page, 'en-2-forgot');
    const since = Date.now();
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/forgot/sent')),
      page.getByRole('button', { name: 'Reset your access code' }).click(),
    ]);
    const sent = await bodyText(page);
    assert.match(sent, /Your request has been received\./);
    assert.match(sent, /activation code by text message/);
    assert.doesNotMatch(sent, /Votre demande/);
    await shot(page, 'en-3-sent');

    // The mail and the SMS, in English.
    const escaped = BASE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const linkRe = new RegExp(`${escaped}/reset\\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`);
    const mail = await waitFor(`the reset mail to ${account.email}`,
      () => mailsTo(account.email).find((m) => linkRe.test(m.text)));
    assert.match(mail.subject, /: Access code reset$/);
    assert.match(mail.text, /^Hello Customer en,/m);
    assert.match(mail.text, /This link is valid for \d+ h\. It works only once\./);
    assert.doesNotMatch(mail.text, /Bonjour|Cordialement/);
    const [link, token] = linkRe.exec(mail.text);
    const sms = await waitFor(`the SMS to ${account.phone}`, () => smsTo(account.phone, since).at(-1));
    const code = /to confirm your new access code, please type the code (\S+)\.$/.exec(sms.text)?.[1];
    assert.ok(code, `an English SMS with a code: ${sms.text}`);

    // The link page.
    await page.goto(link);
    assert.ok(new URL(page.url()).pathname.endsWith('/reset'));
    assert.ok(!page.url().includes(token), 'the token left the address bar');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { name: 'New access code' }).waitFor();
    assert.match(await bodyText(page), /Type the activation code received by text message/);
    await page.getByLabel('Activation code').fill(code);
    await page.getByLabel('New access code', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New access code again').fill(NEW_PASSWORD);
    await shot(page, 'en-4-reset');
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/reset/done')),
      page.getByRole('button', { name: 'Confirm' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Access code changed' }).waitFor();
    assert.match(await bodyText(page), /Your new access code is saved\./);
    await shot(page, 'en-5-done');

    // The confirmation mail, in English too.
    const changed = await waitFor('the « changed » mail',
      () => mailsTo(account.email).find((m) => /has been changed$/.test(m.subject)));
    assert.match(changed.text, /The access code of your personal space has just been changed\./);

    // Sign in with the new access code.
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/login')),
      page.getByRole('link', { name: 'Personal space' }).click(),
    ]);
    await page.getByLabel('Username').fill(account.login);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/account'), { timeout: 20000 }),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const space = await bodyText(page);
    assert.match(space, /Personal space/);
    assert.match(space, new RegExp(account.name));
    // (The button's text is upper case in CSS: innerText says so.)
    assert.match(space, /Change my password/i);
    await shot(page, 'en-6-account');
  } finally {
    await context.close();
  }
});

test('Accept-Language alone chooses English, and the link goes back to French', async () => {
  // An English browser: its locale makes its Accept-Language (a header
  // set by the page would be replaced by the context's French locale).
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Paris' });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  try {
    await page.goto(`${BASE}/forgot`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { name: 'Forgotten access code' }).waitFor();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('lang') === 'fr'),
      page.getByRole('link', { name: 'Français' }).click(),
    ]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await page.getByRole('heading', { name: "Code d'accès oublié" }).waitFor();
    // The cookie now wins over the English Accept-Language.
    await page.goto(`${BASE}/login`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  } finally {
    await context.close();
  }
});
