// The officers' desk of the Interior flow, clicked through in headless
// Chromium: the officer signs in at /guichet/connexion with password and
// TOTP code (computed here, RFC 6238), finds an agent of the bureau by
// matricule, records the document checked, hands over a new password and
// sees the slip, which prints alone and is gone after a reload; then the
// agent signs in with that password and chooses their own.
//
// Needs the stack deploy/test starts, with "interior" in [recovery] flows.
// The test enrols its own agent and officer with the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomInt } from 'node:crypto';

import { launchBrowser, newPage, env, shot } from '../../browser/lib.mjs';
import { mailsTo, waitFor } from '../../browser/catchers.mjs';

const BASE = env('SESAME_TEST_BASE_URL').replace(/\/$/, '');
const SESAME = env('SESAME_BIN');
const CONFIG = env('SESAME_TEST_CONFIG');

const NEW_PASSWORD = 'Verger bleu, quatorze lanternes & un hibou';
const BUREAU = `BVE-BR${process.pid % 10000}`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function sesame(args, input) {
  return execFileSync(SESAME, ['-c', CONFIG, ...args],
    { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '')) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `base32 character ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238: HMAC-SHA-1 of the 30 s step, 6 digits.
function totp(secret, step = Math.floor(Date.now() / 1000 / 30)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1000000).padStart(6, '0');
}

function ibanFr(bban) {
  const digits = [...`${bban}FR00`].map((c) => parseInt(c, 36)).join('');
  return `FR${String(98 - Number(BigInt(digits) % 97n)).padStart(2, '0')}${bban}`;
}

function enrolAgent() {
  const stamp = Date.now() % 1e6;
  const matricule = `8${stamp}${process.pid % 1000}`.slice(0, 12);
  const login = `bd${matricule}`;
  const birth = `${String(randomInt(1, 29)).padStart(2, '0')}/${String(randomInt(1, 13)).padStart(2, '0')}/19${randomInt(50, 100)}`;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const card = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join('');
  const iban = ibanFr(Array.from({ length: 23 }, () => randomInt(10)).join(''));
  const out = sesame(['account', 'add', '--login', login,
    '--email', `${login}@interieur.example`, '--name', `Agent ${login}`,
    '--matricule', matricule, '--birth-date', birth, '--card-number', card,
    '--iban', iban, '--bureau', BUREAU, '--password-stdin'],
  'Lanterne verte sous la pluie bd 42\n');
  const key = /shown only now: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out)?.[1];
  assert.ok(key, `a security key printed: ${out}`);
  return { login, email: `${login}@interieur.example`, matricule, birth, key };
}

function enrolOfficer() {
  const login = `pb${Date.now() % 1e7}${process.pid % 1000}`;
  const out = sesame(['officer', 'add', '--login', login, '--bureau', BUREAU,
    '--name', 'Claude Martin']);
  const password = /password \(shown only now; [^)]*\): (\S+)/.exec(out)?.[1];
  const secret = /TOTP secret \(shown only now; [^)]*\): ([A-Z2-7=]+)/.exec(out)?.[1];
  assert.ok(password && secret, `password and TOTP secret printed: ${out}`);
  return { login, password, secret };
}

async function visibility(page, selector) {
  return page.$eval(selector, (e) => {
    const s = getComputedStyle(e);
    return s.display === 'none' ? 'none' : s.visibility;
  });
}

test('an officer hands a new password over at the desk; the agent uses it', async () => {
  const agent = enrolAgent();
  const officer = enrolOfficer();
  const { context, page } = await newPage(browser);
  let password;
  try {
    await page.goto(`${BASE}/guichet/connexion`);
    await page.getByLabel('Identifiant').fill(officer.login);
    await page.getByLabel('Mot de passe', { exact: true }).fill(officer.password);
    await page.getByLabel('Code de vérification').fill(totp(officer.secret));
    await shot(page, 'desk-1-sign-in');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/guichet', { timeout: 20000 }),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    await page.getByRole('heading', { name: /rechercher un agent/ }).waitFor();
    assert.match(await page.content(), new RegExp(BUREAU));

    await page.getByLabel("Matricule de l'agent").fill(agent.matricule);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.locator('#agent-name').waitFor();
    assert.equal((await page.locator('#agent-name').textContent()).trim(), `Agent ${agent.login}`);
    await page.getByLabel('Type de document').selectOption('passeport');
    await page.getByLabel('4 derniers caractères du numéro du document').fill('7K2C');
    await page.getByLabel('Remettre un nouveau mot de passe').check();
    await shot(page, 'desk-2-agent');
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/guichet/fiche', { timeout: 20000 }),
      page.getByRole('button', { name: 'Valider et afficher la fiche' }).click(),
    ]);
    password = (await page.locator('#slip-secret').textContent()).trim();
    assert.ok(password.length >= 12, `a password on the slip: ${password}`);
    await shot(page, 'desk-3-slip');

    // Printed, only the slip shows.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await visibility(page, 'header.banner'), 'hidden');
    assert.equal(await visibility(page, 'footer'), 'hidden');
    assert.equal(await visibility(page, 'main > h1'), 'none');
    assert.equal(await visibility(page, 'p.notice'), 'none');
    assert.equal(await visibility(page, '.slip'), 'visible');
    assert.equal(await visibility(page, '#slip-secret'), 'visible');
    await shot(page, 'desk-4-slip-print');
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await visibility(page, 'header.banner'), 'visible');

    // A reload: the secret is gone.
    await page.reload();
    await page.getByText(/déjà été affichée/).waitFor();
    assert.equal(await page.locator('#slip-secret').count(), 0);
    assert.ok(!(await page.content()).includes(password), 'the password shown twice');
  } finally {
    await context.close();
  }

  // The agent, in another browser context.
  const agentPage = await newPage(browser);
  try {
    const p = agentPage.page;
    await p.goto(`${BASE}/interieur/connexion`);
    await p.getByLabel('Matricule').fill(agent.matricule);
    await p.getByLabel('Date de naissance').fill(agent.birth);
    await p.getByLabel('Code de sécurité').fill(agent.key);
    await p.getByLabel('Mot de passe', { exact: true }).fill(password);
    await Promise.all([
      p.waitForURL((url) => url.pathname === '/account/password', { timeout: 20000 }),
      p.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    await p.getByRole('heading', { name: 'Choisissez votre mot de passe' }).waitFor();
    await shot(p, 'desk-5-agent-choose');
    await p.getByLabel('Nouveau mot de passe', { exact: true }).fill(NEW_PASSWORD);
    await p.getByLabel('Confirmation du nouveau mot de passe').fill(NEW_PASSWORD);
    await Promise.all([
      p.waitForURL((url) => url.pathname === '/account', { timeout: 20000 }),
      p.getByRole('button', { name: 'Valider' }).click(),
    ]);
    await p.getByText('Votre mot de passe a été modifié.').waitFor();
  } finally {
    await agentPage.context.close();
  }

  // The agent was told by mail, without the password.
  const mail = await waitFor(`the desk mail to ${agent.email}`,
    () => mailsTo(agent.email).find((m) => /nouveau mot de passe vous a été remis/.test(m.text.replace(/\s+/g, ' '))));
  assert.ok(mail.text.includes(BUREAU), 'the bureau in the mail');
  assert.ok(!mail.text.includes(password) && !mail.subject.includes(password),
    'the password in the mail');
});
