// The Interior flow, clicked through in headless Chromium as an agent
// would: /login -> « Agents du ministère de l'Intérieur » -> the four
// fields -> the espace personnel; then « Support en ligne » -> « Demande de
// régénération du mot de passe » (matricule, birth date, réassort secret)
// -> the mail's link -> a new password -> sign in with it and the security
// key.
//
// Needs the stack deploy/test starts, with "interior" in [recovery] flows.
// Each test enrols its own agent with the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

import { launchBrowser, newPage, env, shot } from '../../browser/lib.mjs';
import { mailsTo, waitFor } from '../../browser/catchers.mjs';

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

// A French IBAN of `bban` (23 digits) with its check digits (mod 97).
function ibanFr(bban) {
  const digits = [...`${bban}FR00`].map((c) => parseInt(c, 36)).join('');
  return `FR${String(98 - Number(BigInt(digits) % 97n)).padStart(2, '0')}${bban}`;
}

let counter = 0;
function enrolAgent(tag) {
  counter += 1;
  const stamp = Date.now() % 1e6;
  const matricule = `9${stamp}${counter}${process.pid % 1000}`.slice(0, 12);
  const login = `ba${tag}${matricule}`;
  const email = `${login}@interieur.example`;
  const birth = `${String(randomInt(1, 29)).padStart(2, '0')}/${String(randomInt(1, 13)).padStart(2, '0')}/19${randomInt(50, 100)}`;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const card = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
  const iban = ibanFr(Array.from({ length: 23 }, () => randomInt(10)).join(''));
  const password = `Lanterne verte sous la pluie ${tag} 42`;
  const out = execFileSync(SESAME, ['-c', CONFIG, 'account', 'add', '--login', login,
    '--email', email, '--name', `Agent ${tag}`, '--matricule', matricule,
    '--birth-date', birth, '--card-number', card, '--iban', iban,
    '--bureau', 'BVE-TEST', '--password-stdin'],
  { input: `${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  const key = /shown only now: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out)?.[1];
  assert.ok(key, `a security key printed: ${out}`);
  return { login, email, matricule, birth, card, iban, password, key,
    secret: card.slice(0, 6) + iban.slice(-6) };
}

async function signIn(page, agent, password, where) {
  await page.getByLabel('Matricule').fill(agent.matricule);
  await page.getByLabel('Date de naissance').fill(agent.birth);
  await page.getByLabel('Code de sécurité').fill(agent.key);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith(where), { timeout: 20000 }),
    page.getByRole('button', { name: 'Se connecter' }).click(),
  ]);
}

test('an agent signs in with the four fields', async () => {
  const agent = enrolAgent('in');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/login`);
    await page.getByRole('link', { name: /Agents du ministère de l'Intérieur/ }).click();
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    await shot(page, 'interior-1-sign-in');
    // A wrong key: the one answer that names no field.
    await page.getByLabel('Matricule').fill(agent.matricule);
    await page.getByLabel('Date de naissance').fill(agent.birth);
    await page.getByLabel('Code de sécurité').fill('AAAA-BBBB-CCCC');
    await page.getByLabel('Mot de passe', { exact: true }).fill(agent.password);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    await page.getByText(/ne permettent pas de vous identifier/).first().waitFor();
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    assert.equal(await page.getByLabel('Matricule').inputValue(), agent.matricule);
    await signIn(page, agent, agent.password, '/account');
    assert.match(await page.locator('body').innerText(), /Agent in/);
    await shot(page, 'interior-2-account');
  } finally {
    await context.close();
  }
});

test('an agent regenerates a password online: mail link, new password, sign-in', async () => {
  const agent = enrolAgent('rg');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/interieur/connexion`);
    await page.getByRole('link', { name: 'Support en ligne' }).click();
    await page.getByRole('link', { name: 'Demande de régénération du mot de passe' }).click();
    await page.getByRole('heading', { name: 'Demande de régénération du mot de passe' }).waitFor();
    // A secret of 11 characters is said on its field.
    await page.getByLabel('Matricule').fill(agent.matricule);
    await page.getByLabel('Date de naissance').fill(agent.birth);
    await page.getByLabel('Donnée secrète de réassort').fill(agent.secret.slice(0, 11));
    const [refused] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Obtenir un nouveau mot de passe' }).click(),
    ]);
    assert.equal(refused.status(), 400);
    assert.match(await page.locator('#secret-error').innerText(), /exactement 12/);
    assert.equal(await page.getByLabel('Matricule').inputValue(), agent.matricule);
    // Typed as a person would: lower case, a space in the middle.
    await page.getByLabel('Donnée secrète de réassort')
      .fill(`${agent.secret.slice(0, 6).toLowerCase()} ${agent.secret.slice(6)}`);
    await shot(page, 'interior-3-regeneration');
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/interieur/regeneration/envoye')),
      page.getByRole('button', { name: 'Obtenir un nouveau mot de passe' }).click(),
    ]);
    assert.match(await page.locator('body').innerText(), /Votre demande a bien été prise en compte/);

    const escaped = BASE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const linkRe = new RegExp(`${escaped}/interieur/lien\\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`);
    const mail = await waitFor(`the link mail to ${agent.email}`,
      () => mailsTo(agent.email).find((m) => linkRe.test(m.text)));
    assert.match(mail.subject, /régénération de votre mot de passe/);
    const [link, token] = linkRe.exec(mail.text);

    await page.goto(link);
    assert.ok(!page.url().includes(token), 'the token left the address bar');
    await page.getByRole('heading', { name: 'Choisissez votre nouveau mot de passe' }).waitFor();
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirmation du nouveau mot de passe').fill(NEW_PASSWORD);
    await shot(page, 'interior-4-new-password');
    await Promise.all([
      page.waitForURL((url) => url.pathname.endsWith('/interieur/lien/fait')),
      page.getByRole('button', { name: 'Valider' }).click(),
    ]);
    assert.match(await page.locator('body').innerText(), /nouveau mot de passe est enregistré/);
    await page.getByRole('link', { name: 'Se connecter' }).click();
    await signIn(page, agent, NEW_PASSWORD, '/account');
    assert.match(await page.locator('body').innerText(), /Agent rg/);
    await shot(page, 'interior-5-signed-in');

    // The old password no more, from a fresh browser.
    const other = await newPage(browser);
    try {
      await other.page.goto(`${BASE}/interieur/connexion`);
      await signIn(other.page, agent, agent.password, '/interieur/connexion');
      await other.page.getByText(/ne permettent pas de vous identifier/).first().waitFor();
    } finally {
      await other.context.close();
    }
  } finally {
    await context.close();
  }
});
