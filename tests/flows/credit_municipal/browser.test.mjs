// « Code d'accès oublié ? » (the Crédit Municipal flow), clicked through in
// headless Chromium as a customer would: /login -> /forgot -> the mail and
// the SMS the catchers stored -> the link -> code and new password ->
// « Code d'accès modifié » -> sign in with the new password.
//
// Needs the stack deploy/test starts: SESAME_TEST_BASE_URL, SESAME_BIN,
// SESAME_TEST_CONFIG, SESAME_TEST_MAIL_DIR, SESAME_TEST_SMS_DIR and
// SESAME_TEST_STATE (screenshots go to $SESAME_TEST_STATE/screenshots/).
// Each test makes its own account (the demo account belongs to the others).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { launchBrowser, newPage, env, shot } from '../../browser/lib.mjs';
import { mailsTo, smsTo, waitFor } from '../../browser/catchers.mjs';

const BASE = env('SESAME_TEST_BASE_URL').replace(/\/$/, '');
const SESAME = env('SESAME_BIN');
const CONFIG = env('SESAME_TEST_CONFIG');

const NEW_PASSWORD = 'Verger bleu, quatorze lanternes & un hibou';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// ---- accounts -------------------------------------------------------------

let counter = 0;
function newAccount(tag) {
  counter += 1;
  const stamp = Date.now() % 1e8;
  const login = `br${tag}${stamp}${counter}`;
  const email = `${login}@example.org`;
  const phone = `+3362${String((stamp * 10 + counter + process.pid) % 1e7).padStart(7, '0')}`;
  const password = `Lanterne verte sous la pluie ${tag} 42`;
  const name = `Client ${tag}`;
  execFileSync(SESAME, ['-c', CONFIG, 'account', 'add', '--login', login, '--email', email,
    '--phone', phone, '--name', name, '--password-stdin'],
  { input: `${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  return { login, email, phone, password, name };
}

// The link of the reset mail and the code of the SMS sent after `since`.
async function linkAndCode(account, since) {
  const escaped = BASE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const linkRe = new RegExp(`${escaped}/reset\\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`);
  const mail = await waitFor(`the reset mail to ${account.email}`,
    () => mailsTo(account.email).find((m) => linkRe.test(m.text)));
  assert.match(mail.subject, /Réinitialisation code d'accès$/);
  const [link, token] = linkRe.exec(mail.text);
  const sms = await waitFor(`the SMS to ${account.phone}`, () => smsTo(account.phone, since).at(-1));
  const code = /veuillez saisir le code (\S+)\.$/.exec(sms.text)?.[1];
  assert.ok(code, `a code in the SMS: ${sms.text}`);
  return { link, token, code };
}

// /login -> « Code d'accès oublié ? » -> the form -> the confirmation.
async function askForReset(page, account, shots) {
  await page.goto(`${BASE}/login`);
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/forgot')),
    page.getByRole('link', { name: "Code d'accès oublié ?" }).click(),
  ]);
  await page.getByLabel('Identifiant').fill(account.login);
  await page.getByLabel('Adresse électronique').fill(account.email);
  if (shots) await shot(page, 'reset-1-forgot-filled');
  const since = Date.now();
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith('/forgot/sent')),
    page.getByRole('button', { name: "Réinitialiser votre code d'accès" }).click(),
  ]);
  assert.match(await page.locator('body').innerText(), /Votre demande a bien été prise en compte/);
  if (shots) await shot(page, 'reset-2-sent');
  return since;
}

async function openLink(page, link, token) {
  await page.goto(link);
  const url = new URL(page.url());
  assert.ok(url.pathname.endsWith('/reset'), `on /reset (at ${url.pathname})`);
  assert.ok(!page.url().includes(token), 'the token left the address bar');
  assert.equal(url.search, '');
  await page.getByRole('heading', { name: "Nouveau code d'accès" }).waitFor();
}

async function fillReset(page, code, password, confirm = password) {
  await page.getByLabel("Code d'activation").fill(code);
  await page.getByLabel("Nouveau code d'accès", { exact: true }).fill(password);
  await page.getByLabel("Confirmation du nouveau code d'accès").fill(confirm);
}

// ---- tests ----------------------------------------------------------------

test('a customer resets a forgotten access code with the mail link and the SMS code', async () => {
  const account = newAccount('flow');
  const { context, page } = await newPage(browser);
  try {
    const since = await askForReset(page, account, true);
    const { link, token, code } = await linkAndCode(account, since);

    await openLink(page, link, token);
    await shot(page, 'reset-3-form');
    await fillReset(page, code, NEW_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/reset/done')),
      page.getByRole('button', { name: 'Valider' }).click(),
    ]);
    await page.getByRole('heading', { name: "Code d'accès modifié" }).waitFor();
    await shot(page, 'reset-4-done');

    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/login')),
      page.getByRole('link', { name: 'Espace personnel' }).click(),
    ]);
    await page.getByLabel('Identifiant').fill(account.login);
    await page.getByLabel('Mot de passe').fill(NEW_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/account'), { timeout: 20000 }),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    assert.match(await page.locator('body').innerText(), new RegExp(account.name));
    await shot(page, 'reset-5-account');
  } finally {
    await context.close();
  }
});

test('a wrong activation code is said on the same page, passwords emptied', async () => {
  const account = newAccount('bad');
  const { context, page } = await newPage(browser);
  try {
    const since = await askForReset(page, account, false);
    const { link, token, code } = await linkAndCode(account, since);
    await openLink(page, link, token);

    const wrong = code === 'ZZZZZ'.slice(0, code.length) ? 'YYYYY' : 'ZZZZZ'.slice(0, code.length);
    await fillReset(page, wrong, NEW_PASSWORD);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Valider' }).click(),
    ]);
    assert.equal(response.status(), 400);
    assert.ok(new URL(page.url()).pathname.endsWith('/reset'), 'still on /reset');

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await summary.getAttribute('role'), 'alert');
    assert.equal(await summary.getAttribute('tabindex'), '-1', 'the summary can take the focus');
    assert.match(await summary.innerText(), /Le code d'activation est incorrect/);
    assert.match(await summary.innerText(), /Il vous reste 4 essais/);
    await summary.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true,
      'the error summary is focusable');
    // Its link leads to the field in error.
    assert.equal(await summary.getByRole('link').first().getAttribute('href'), '#code');
    assert.equal(await page.getByLabel("Code d'activation").getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel("Nouveau code d'accès", { exact: true }).inputValue(), '');
    assert.equal(await page.getByLabel("Confirmation du nouveau code d'accès").inputValue(), '');
    assert.ok(!(await page.content()).includes(NEW_PASSWORD), 'the password is not sent back');
    await shot(page, 'reset-wrong-code');

    // The right code still works on the same page.
    await fillReset(page, code, NEW_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/reset/done')),
      page.getByRole('button', { name: 'Valider' }).click(),
    ]);
  } finally {
    await context.close();
  }
});
