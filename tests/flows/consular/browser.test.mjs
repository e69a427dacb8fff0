// The consular flow, clicked through in headless Chromium as a voter would:
// /login -> « Mot de passe perdu ou non reçu ? » -> NUMIC and e-mail -> the
// mail's single-use link -> the identifier -> the one-time password of the
// SMS -> sign in -> « choisissez votre mot de passe » -> sign in with it.
// And « Identifiant perdu ou non reçu ? » -> the identifier in the mail.
//
// Needs the stack deploy/test starts (see reset_flow.test.mjs). Each test
// makes its own account with its own NUMIC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { launchBrowser, newPage, env, shot } from '../../browser/lib.mjs';
import { mailsTo, smsTo, waitFor } from '../../browser/catchers.mjs';
import { solveCaptcha } from '../../browser/captcha.mjs';

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

let counter = 0;
function newVoter(tag) {
  counter += 1;
  const stamp = Date.now() % 1e5;
  const login = `bc${tag}${stamp}${counter}`;
  const email = `${login}@example.org`;
  const numic = String((stamp * 1000 + counter * 13 + process.pid) % 1e8 || 1);
  const phone = `+3363${String((stamp * 10 + counter + process.pid) % 1e7).padStart(7, '0')}`;
  execFileSync(SESAME, ['-c', CONFIG, 'account', 'add', '--login', login, '--email', email,
    '--phone', phone, '--name', `Électeur ${tag}`, '--numic', numic, '--password-stdin'],
  { input: `Lanterne verte sous la pluie ${tag} 42\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  return { login, email, phone, numic };
}

// /login -> a « perdu ou non reçu ? » link -> NUMIC (without its zeros) and
// e-mail -> the confirmation.
async function ask(page, voter, linkName, button, shots) {
  await page.goto(`${BASE}/login`);
  await page.getByRole('link', { name: linkName }).click();
  await page.getByLabel('NUMIC').fill(voter.numic);
  await page.getByLabel('Adresse électronique').fill(voter.email);
  await solveCaptcha(page);
  if (shots) await shot(page, `consular-1-${shots}`);
  await Promise.all([
    page.waitForURL((url) => url.pathname.includes('/envoye')),
    page.getByRole('button', { name: button }).click(),
  ]);
  const text = await page.locator('body').innerText();
  assert.match(text, /Votre demande a bien été prise en compte/);
  assert.match(text, /courriels indésirables/);
}

test('a voter renews a lost password: link, identifier, one-time password by SMS', async () => {
  const voter = newVoter('pw');
  const { context, page } = await newPage(browser);
  try {
    const since = Date.now();
    await ask(page, voter, 'Mot de passe perdu ou non reçu ?', 'Demander un nouveau mot de passe', 'password');
    const escaped = BASE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const linkRe = new RegExp(`${escaped}/consulaire/lien\\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`);
    const mail = await waitFor(`the link mail to ${voter.email}`,
      () => mailsTo(voter.email).find((m) => linkRe.test(m.text)));
    const [link, token] = linkRe.exec(mail.text);

    await page.goto(link);
    assert.ok(!page.url().includes(token), 'the token left the address bar');
    await page.getByRole('heading', { name: 'Renouvellement de votre mot de passe' }).waitFor();
    await page.getByLabel('Identifiant').fill(`${voter.login}x`);
    await solveCaptcha(page);
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.locator('#login-error').waitFor();
    assert.match(await page.locator('#login-error').innerText(), /ne correspond pas/);
    assert.match(await page.locator('body').innerText(), /Il vous reste 4 essais/);
    await shot(page, 'consular-2-wrong-identifier');
    await page.getByLabel('Identifiant').fill(voter.login);
    await solveCaptcha(page);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/consulaire/lien/fait')),
      page.getByRole('button', { name: 'Valider' }).click(),
    ]);
    assert.match(await page.locator('body').innerText(), /envoyé par SMS/);
    await shot(page, 'consular-3-sent-by-sms');

    const sms = await waitFor(`the SMS to ${voter.phone}`, () => smsTo(voter.phone, since).at(-1));
    const password = /votre nouveau mot de passe est (\S+) /.exec(sms.text)?.[1];
    assert.ok(password && password.length >= 12, `a password in the SMS: ${sms.text}`);

    await page.getByRole('link', { name: 'Connexion' }).click();
    await page.getByLabel('Identifiant', { exact: true }).fill(voter.login);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/account/password'), { timeout: 20000 }),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    await shot(page, 'consular-4-forced-change');
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirmation du nouveau mot de passe').fill(NEW_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/account')),
      page.getByRole('button', { name: 'Valider' }).click(),
    ]);
    assert.match(await page.locator('body').innerText(), /Électeur pw/);
    await shot(page, 'consular-5-account');
    // The chosen password signs in from a fresh browser; the SMS one no more.
    const other = await newPage(browser);
    try {
      for (const [pw, where] of [[password, '/login'], [NEW_PASSWORD, '/account']]) {
        await other.page.goto(`${BASE}/login`);
        await other.page.getByLabel('Identifiant', { exact: true }).fill(voter.login);
        await other.page.getByLabel('Mot de passe', { exact: true }).fill(pw);
        await Promise.all([
          other.page.waitForLoadState('load'),
          other.page.getByRole('button', { name: 'Se connecter' }).click(),
        ]);
        await other.page.waitForURL((url) => url.pathname.endsWith(where), { timeout: 20000 });
      }
    } finally {
      await other.context.close();
    }
  } finally {
    await context.close();
  }
});

test('a voter gets a lost identifier by mail', async () => {
  const voter = newVoter('id');
  const { context, page } = await newPage(browser);
  try {
    await ask(page, voter, 'Identifiant perdu ou non reçu ?', 'Recevoir mon identifiant', 'identifier');
    const mail = await waitFor(`the identifier mail to ${voter.email}`,
      () => mailsTo(voter.email).find((m) => /Votre identifiant :/.test(m.text)));
    assert.match(mail.text, new RegExp(`Votre identifiant : ${voter.login}`));
    assert.match(mail.subject, /votre identifiant$/);
  } finally {
    await context.close();
  }
});

test('a wrong captcha is said on the same page, with a fresh one and what was typed kept', async () => {
  const voter = newVoter('cap');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/consulaire/identifiant`);
    await page.getByLabel('NUMIC').fill(voter.numic);
    await page.getByLabel('Adresse électronique').fill(voter.email);
    const first = await page.locator('input[name="captcha_id"]').inputValue();
    await page.getByLabel('Saisissez les 4 chiffres').fill('12345'.slice(0, 4));
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Recevoir mon identifiant' }).click(),
    ]);
    // 1 chance in 10^4 that 1234 was right: then the mail goes out.
    if (response.status() === 303 || page.url().includes('envoye')) return;
    assert.equal(response.status(), 400);
    assert.match(await page.locator('body').innerText(), /code de sécurité/);
    assert.equal(await page.getByLabel('NUMIC').inputValue(), voter.numic);
    assert.notEqual(await page.locator('input[name="captcha_id"]').inputValue(), first);
    await shot(page, 'consular-captcha-wrong');
    await solveCaptcha(page);
    await Promise.all([
      page.waitForURL((url) => url.pathname.includes('/envoye')),
      page.getByRole('button', { name: 'Recevoir mon identifiant' }).click(),
    ]);
  } finally {
    await context.close();
  }
});

test('a NUMIC with letters is said on the same page, what was typed kept', async () => {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/consulaire/motdepasse`);
    await page.getByLabel('NUMIC').fill('12AB5678');
    await page.getByLabel('Adresse électronique').fill('quelquun@example.org');
    await solveCaptcha(page);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Demander un nouveau mot de passe' }).click(),
    ]);
    assert.equal(response.status(), 400);
    assert.match(await page.locator('body').innerText(), /8 chiffres/);
    assert.equal(await page.getByLabel('NUMIC').inputValue(), '12AB5678');
    assert.equal(await page.getByLabel('NUMIC').getAttribute('aria-invalid'), 'true');
  } finally {
    await context.close();
  }
});
