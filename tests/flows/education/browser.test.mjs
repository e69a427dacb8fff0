// The Education flow, clicked through in headless Chromium as a voter
// would: /login -> /education/vote (« Votre code de vote a été invalidé »)
// -> « Cliquez ici pour obtenir un réassort » -> the challenge question,
// the NIR's first 10 digits and a personal e-mail -> the mail's link ->
// the warning page -> « REGENERER MON CODE DE VOTE » -> the code, which the
// page masks by itself when its display time is over (Refresh header, no
// JavaScript) and on reload -> the new code accepted at /education/vote.
//
// Needs the stack deploy/test starts, with "education" in [recovery] flows
// and a short [education] code_display_seconds. Each test enrols its own
// voter with the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { launchBrowser, newPage, env, shot } from '../../browser/lib.mjs';
import { solveCaptcha } from '../../browser/captcha.mjs';
import { mailsTo, waitFor } from '../../browser/catchers.mjs';

const BASE = env('SESAME_TEST_BASE_URL').replace(/\/$/, '');
const SESAME = env('SESAME_BIN');
const CONFIG = env('SESAME_TEST_CONFIG');
const DISPLAY = Number(/\[education\][^[]*?\ncode_display_seconds = (\d+)/
  .exec(readFileSync(CONFIG, 'utf8'))?.[1] ?? 120);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

let counter = 0;
function enrolVoter(tag) {
  counter += 1;
  const login = `be${tag}${Date.now() % 1e7}${counter}`;
  const voter = {
    login,
    email: `${login}@education.example`,
    personal: `${login}@perso.example`,
    password: `Lanterne verte sous la pluie ${tag} 42`,
    nir: '2850775123',
    answer: 'Citroën',
  };
  execFileSync(SESAME, ['-c', CONFIG, 'account', 'add', '--login', login,
    '--email', voter.email, '--name', `Électeur ${tag}`, '--nir10', voter.nir,
    '--vote-code-initial', `Notice-${tag}-2022!`, '--question', 'voiture',
    '--answer', voter.answer, '--password-stdin'],
  { input: `${voter.password}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  execFileSync(SESAME, ['-c', CONFIG, 'vote-code', 'invalidate', '--login', login],
    { stdio: ['pipe', 'pipe', 'pipe'] });
  return voter;
}

async function submit(page, name) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name }).click(),
  ]);
  return response;
}

test('a voter regenerates an invalidated vote code and votes with the new one', async () => {
  const voter = enrolVoter('wk');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Identifiant').fill(voter.login);
    await page.getByLabel('Mot de passe').fill(voter.password);
    await submit(page, 'Se connecter');
    await page.goto(`${BASE}/education/vote`);
    await page.getByText('Votre code de vote a été invalidé').waitFor();
    await shot(page, 'education-1-invalidated');
    await page.getByRole('link', { name: 'Cliquez ici pour obtenir un réassort de votre code de vote' }).click();
    await page.getByRole('heading', { name: 'Choix du réassort de votre code de vote' }).waitFor();
    await page.getByRole('link', { name: 'cliquez ici' }).click();
    await page.getByText('Quelle était la marque de votre première voiture ?').waitFor();

    // The work address as the personal one: said on the page, kept.
    await page.locator('#reponse').fill(voter.answer);
    await page.locator('#identifiant').fill(voter.nir);
    await page.locator('#canal-email').check();
    await page.locator('#email').fill(voter.email);
    await solveCaptcha(page);
    const refused = await submit(page, 'Valider');
    assert.equal(refused.status(), 400);
    assert.match(await page.locator('#email-error').innerText(), /messagerie professionnelle/);
    assert.equal(await page.locator('#email').inputValue(), voter.email);
    assert.equal(await page.locator('#reponse').inputValue(), '');

    await page.locator('#reponse').fill('  citroen ');
    await page.locator('#identifiant').fill('2 85 07 75 123');
    await page.locator('#email').fill(voter.personal);
    await solveCaptcha(page);
    await shot(page, 'education-2-question');
    await submit(page, 'Valider');
    await page.getByText('Un mail vient de vous être envoyé').waitFor();

    const mails = await waitFor('the link mail', () => mailsTo(voter.personal).length && mailsTo(voter.personal));
    const link = /http\S+\/education\/reassort\/lien\?t=[A-Za-z0-9_-]{43}/.exec(mails.at(-1).text)?.[0];
    assert.ok(link, mails.at(-1).text);
    await page.goto(link);
    assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
    await submit(page, 'Continuer');
    await page.getByText(/ne sera visible à l'écran que durant \d+ secondes/).waitFor();
    await shot(page, 'education-3-warning');
    await submit(page, 'REGENERER MON CODE DE VOTE');
    const code = await page.locator('#vote-code').innerText();
    assert.equal([...code].length, 16, code);
    await page.getByText(/Vous disposez de \d+ secondes/).waitFor();
    await shot(page, 'education-4-code');

    // Without JavaScript: the page reloads itself when the time is over,
    // and shows nothing more.
    await page.getByText('Code masqué').waitFor({ timeout: (DISPLAY + 10) * 1000 });
    assert.equal(await page.locator('#vote-code').count(), 0);
    await page.reload();
    await page.getByText('Code masqué').waitFor();
    await page.goBack();
    await page.goForward();
    assert.equal(await page.locator('#vote-code').count(), 0);
    await shot(page, 'education-5-masked');

    await page.goto(`${BASE}/education/vote`);
    await page.locator('#code').fill(code);
    await solveCaptcha(page);
    await submit(page, 'Connexion');
    await page.getByText(/Code de vote accepté/).first().waitFor();
    await shot(page, 'education-6-accepted');
  } finally {
    await context.close();
  }
});

test('a reload of the code page before its time is over shows it masked', async () => {
  const voter = enrolVoter('rl');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Identifiant').fill(voter.login);
    await page.getByLabel('Mot de passe').fill(voter.password);
    await submit(page, 'Se connecter');
    await page.goto(`${BASE}/education/reassort/question`);
    await page.locator('#reponse').fill(voter.answer);
    await page.locator('#identifiant').fill(voter.nir);
    await page.locator('#canal-email').check();
    await page.locator('#email').fill(voter.personal);
    await solveCaptcha(page);
    await submit(page, 'Valider');
    const mails = await waitFor('the link mail', () => mailsTo(voter.personal).length && mailsTo(voter.personal));
    await page.goto(/http\S+\/education\/reassort\/lien\?t=[A-Za-z0-9_-]{43}/.exec(mails.at(-1).text)[0]);
    await submit(page, 'Continuer');
    await submit(page, 'REGENERER MON CODE DE VOTE');
    assert.equal(await page.locator('#vote-code').count(), 1);
    await page.reload();
    await page.getByText('Code masqué').waitFor();
    assert.equal(await page.locator('#vote-code').count(), 0);
  } finally {
    await context.close();
  }
});
