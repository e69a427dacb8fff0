// FranceConnect in the Education flow, clicked through in headless
// Chromium as a voter would, on the real provider's own login page
// (glewlwyd, the stand-in deploy/test starts): /login -> /education/vote
// (invalidated) -> « Choix du réassort » -> « S'identifier avec
// FranceConnect » -> glewlwyd's login page (and its grant page, on a first
// sign-in for the client) -> Sésame's callback -> the warning page ->
// « REGENERER MON CODE DE VOTE » -> the code -> accepted at /education/vote.
//
// Selectors of glewlwyd 2.7's pages as tests/browser/oidc_provider.test.mjs
// found them. Needs SESAME_TEST_OIDC_USER_FILE (the provider's test user).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { launchBrowser, newPage, env, shot } from '../../browser/lib.mjs';
import { solveCaptcha } from '../../browser/captcha.mjs';

const BASE = env('SESAME_TEST_BASE_URL').replace(/\/$/, '');
const SESAME = env('SESAME_BIN');
const CONFIG = env('SESAME_TEST_CONFIG');
const USER = Object.fromEntries(
  readFileSync(env('SESAME_TEST_OIDC_USER_FILE'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => {
      const i = l.indexOf('=');
      return [l.slice(0, i), l.slice(i + 1).replace(/^'(.*)'$/, '$1')];
    }),
);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function enrolVoter(tag) {
  const login = `bf${tag}${Date.now() % 1e7}`;
  const voter = { login, password: `Lanterne verte sous la pluie ${tag} 42` };
  const pivot = [USER.OIDC_FAMILY_NAME, USER.OIDC_GIVEN_NAME, USER.OIDC_BIRTHDATE,
    USER.OIDC_BIRTHPLACE, USER.OIDC_GENDER].join('|');
  execFileSync(SESAME, ['-c', CONFIG, 'account', 'add', '--login', login,
    '--email', `${login}@education.example`, '--name', `Électeur ${tag}`,
    '--nir10', '2850775123', '--vote-code-initial', `Notice-${tag}-2022!`,
    '--question', 'voiture', '--answer', 'Citroën',
    '--franceconnect-pivot', pivot, '--password-stdin'],
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

test('a voter regenerates an invalidated vote code with FranceConnect', async () => {
  const voter = enrolVoter('fc');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(`${BASE}/login`);
    await page.getByLabel('Identifiant').fill(voter.login);
    await page.getByLabel('Mot de passe').fill(voter.password);
    await submit(page, 'Se connecter');
    await page.goto(`${BASE}/education/vote`);
    await page.getByText('Votre code de vote a été invalidé').waitFor();
    await page.getByRole('link', { name: 'Cliquez ici pour obtenir un réassort de votre code de vote' }).click();
    await page.getByRole('heading', { name: 'Choix du réassort de votre code de vote' }).waitFor();
    assert.equal(await page.getByRole('link', { name: "Qu'est-ce que FranceConnect ?" }).count(), 1);
    await shot(page, 'education-fc-1-choice');
    await page.getByRole('link', { name: "S'identifier avec FranceConnect" }).click();

    // The provider's own pages.
    await page.waitForURL(/login\.html/);
    await page.locator('#username').fill(USER.OIDC_USER);
    await page.locator('#password').fill(USER.OIDC_PASSWORD);
    await shot(page, 'education-fc-2-provider-login');
    await page.locator('form button[type="submit"]').first().click();
    const deadline = Date.now() + 20000;
    while (!page.url().startsWith(BASE) && Date.now() < deadline) {
      const unchecked = page.locator('input[type="checkbox"]:not(:checked):not(:disabled)');
      const authorize = page.getByRole('button', { name: /Autoriser|Grant/i });
      if ((await unchecked.count()) && (await authorize.count())) {
        for (let i = await unchecked.count(); i > 0; i--) await unchecked.first().check();
        await authorize.first().click();
      } else {
        const next = page.getByRole('button', { name: /Continuer|Continue/i });
        if (await next.count()) await next.first().click().catch(() => {});
      }
      await page.waitForTimeout(500);
    }

    // Back on Sésame: the callback sent the browser to the warning page.
    await page.waitForURL(`${BASE}/education/reassort/avertissement`);
    await page.getByText(/ne sera visible à l'écran que durant \d+ secondes/).waitFor();
    await shot(page, 'education-fc-3-warning');
    await submit(page, 'REGENERER MON CODE DE VOTE');
    const code = await page.locator('#vote-code').innerText();
    assert.equal([...code].length, 16, code);
    await shot(page, 'education-fc-4-code');

    await page.goto(`${BASE}/education/vote`);
    await page.locator('#code').fill(code);
    await solveCaptcha(page);
    await submit(page, 'Connexion');
    await page.getByText(/Code de vote accepté/).first().waitFor();
  } finally {
    await context.close();
  }
});
