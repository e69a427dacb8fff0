// The FranceConnect stand-in's own login page (glewlwyd, started by
// deploy/test), clicked through in headless Chromium: the authorization
// request Sésame's OidcClient makes (code flow, state, nonce, PKCE S256,
// acr_values) leads to glewlwyd's login page; the test user signs in there,
// grants the scopes, and the browser is sent back to Sésame's callback with
// a code and the same state. Only the callback request's URL is looked at
// here (the Education flow's screen answers it).
//
// Selectors of glewlwyd 2.7's login page (webapp/login.html, React, in
// French for a fr-FR browser): #username, #password and the form's submit
// button; on a first sign-in for the client, the grant page's scope
// checkboxes and its « Autoriser l'accès » button; then « Continuer ».
//
// Needs SESAME_TEST_BASE_URL, SESAME_TEST_OIDC_ISSUER and
// SESAME_TEST_OIDC_USER_FILE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { launchBrowser, newPage, env, shot } from './lib.mjs';

const BASE = env('SESAME_TEST_BASE_URL');
const ISSUER = env('SESAME_TEST_OIDC_ISSUER');
const USER = Object.fromEntries(
  readFileSync(env('SESAME_TEST_OIDC_USER_FILE'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => {
      const i = l.indexOf('=');
      return [l.slice(0, i), l.slice(i + 1).replace(/^'(.*)'$/, '$1')];
    }),
);
const CALLBACK = `${BASE}/education/franceconnect/retour`;
const SCOPES = 'openid given_name family_name birthdate birthplace gender';

const b64url = (buf) => buf.toString('base64url');

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the test user signs in on the provider page and comes back with a code', async () => {
  const discovery = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json();
  const state = b64url(randomBytes(32));
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const url = new URL(discovery.authorization_endpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: 'sesame',
    redirect_uri: CALLBACK,
    scope: SCOPES,
    state,
    nonce: b64url(randomBytes(16)),
    code_challenge: challenge,
    code_challenge_method: 'S256',
    acr_values: 'eidas1',
  })) {
    url.searchParams.set(k, v);
  }

  const { context, page } = await newPage(browser);
  let returned = null;
  page.on('request', (request) => {
    if (request.url().startsWith(`${CALLBACK}?`)) returned = new URL(request.url());
  });
  try {
    await page.goto(url.toString());
    await page.waitForURL(/login\.html/);
    await page.locator('#username').fill(USER.OIDC_USER);
    await page.locator('#password').fill(USER.OIDC_PASSWORD);
    await shot(page, 'oidc-provider-login');
    await page.locator('form button[type="submit"]').first().click();
    // First sign-in for this client: the grant page lists the scopes
    // (checkboxes) with « Autoriser l'accès »; then « Continuer ».
    const deadline = Date.now() + 20000;
    while (!returned && Date.now() < deadline) {
      const unchecked = page.locator('input[type="checkbox"]:not(:checked):not(:disabled)');
      const authorize = page.getByRole('button', { name: /Autoriser|Grant/i });
      if ((await unchecked.count()) && (await authorize.count())) {
        for (let i = await unchecked.count(); i > 0; i--) await unchecked.first().check();
        await shot(page, 'oidc-provider-grant');
        await authorize.first().click();
      } else {
        const next = page.getByRole('button', { name: /Continuer|Continue/i });
        if (await next.count()) await next.first().click().catch(() => {});
      }
      await page.waitForTimeout(500);
    }
    assert.ok(returned, `not sent back to ${CALLBACK}; at ${page.url()}`);
    assert.equal(returned.searchParams.get('state'), state);
    assert.ok(returned.searchParams.get('code'), 'no code');
    assert.equal(returned.searchParams.get('error'), null);
  } finally {
    await shot(page, 'oidc-provider-end');
    await context.close();
  }
});
