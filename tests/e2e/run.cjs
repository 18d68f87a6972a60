// Browser tests in headless Chromium (Debian's), driven by playwright-core. Every page visited is
// checked by axe-core (WCAG 2.2 AA and best practice; any violation fails), for console errors
// (CSP violations show up there), for failed requests, and for the GOV.UK title pattern.
// Signed-in pages are tested in their own browser context, as the admin that scripts/test-e2e creates:
// E2E_ADMIN_EMAIL and E2E_ADMIN_RESET_URL (the set-password link `commonweal user add` printed).
// Usage: node tests/e2e/run.cjs http://127.0.0.1:PORT
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');
const {
  base, adminEmail, adminResetUrl, adminPassword, sessionCookie, results, state, totp,
  test, open, checkLoaded, checkPage, focused, tabTo, hasSession,
} = require('./lib.cjs');
const assetSuite = require('./assets.cjs');
const communityValueSuite = require('./community_value.cjs');
const budgetingSuite = require('./budgeting.cjs');
const ideasSuite = require('./ideas.cjs');
const consultationsSuite = require('./consultations.cjs');
const searchSuite = require('./search.cjs');
const petitionsSuite = require('./petitions.cjs');
const residentsSuite = require('./residents.cjs');
const ballotTypesSuite = require('./ballot_types.cjs');

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext();

  // Crawl from the home page through every internal link (pages only), checking each page.
  await test('every page reachable from the home page passes axe and loads cleanly', async () => {
    const seen = new Set();
    // Pages of one shape (every ward page, every list filter) share markup: check 3 of each, and count
    // only the pages checked towards the limit, so many look-alike links cannot crowd out the rest.
    const perShape = new Map();
    const queue = ['/'];
    let checked = 0;
    while (queue.length && checked < 60) {
      const p = queue.shift();
      if (seen.has(p)) continue;
      seen.add(p);
      const shape = p.replace(/[A-Z]\d{8}/g, '{code}').replace(/\/\d+(?=\/|$)/g, '/{id}').replace(/\?.*$/, '?…');
      perShape.set(shape, (perShape.get(shape) || 0) + 1);
      if (perShape.get(shape) > 3) continue;
      checked++;
      const links = await checkPage(context, p);
      for (const href of links) {
        const clean = href.split('#')[0];
        // Downloads and feeds are not pages.
        if (!clean || seen.has(clean) || /^\/(static|api|metrics|healthz)/.test(clean) || /\.(json|csv|geojson|atom)(\?|$)/.test(clean)) continue;
        queue.push(clean);
      }
    }
    assert.ok(seen.size >= 3, `crawled only ${[...seen].join(', ')}`);
    for (const p of ['/account/sign-in', '/account/register', '/account/forgot-password', '/privacy', '/cookies', '/accessibility', '/contact', '/transparency']) {
      assert.ok(seen.has(p), `the crawl reached ${p} through links (it saw ${[...seen].join(', ')})`);
    }
  });

  await test('the 404 page is accessible and says what happened', async () => {
    await checkPage(context, '/no-such-page', { status: 404 });
  });

  await test('keyboard only: skip link, then navigation, then follow a link', async () => {
    const { page } = await open(context, base + '/');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href') }));
    assert.equal(first.href, '#main-content', 'first Tab reaches the skip link');
    assert.match(first.text, /skip to main content/i);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => location.hash), '#main-content');
    // From the top again, Tab until focus is on the "Places" navigation link, then follow it.
    await page.goto(base + '/');
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        return !!el && el.closest('nav') !== null && el.textContent.trim() === 'Places';
      });
    }
    assert.ok(reached, 'Tab reaches the Places link in the navigation');
    await Promise.all([page.waitForURL(base + '/places'), page.keyboard.press('Enter')]);
    assert.match(await page.locator('h1').innerText(), /places/i);
    await page.close();
  });

  await test('pages work without JavaScript', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    for (const p of ['/', '/places']) {
      const { page, response } = await open(noJs, base + p);
      assert.equal(response.status(), 200);
      assert.ok((await page.locator('main h1').innerText()).length > 0);
      await page.close();
    }
    await noJs.close();
  });

  await test('an empty registration form shows the error summary, and that page passes axe', async () => {
    const anon = await browser.newContext();
    const { page, problems } = await open(anon, base + '/account/register');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === base + '/account/register' && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Create account' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(response.status(), 422);
    const summary = page.locator('.govuk-error-summary');
    assert.equal(await summary.count(), 1, 'one error summary');
    assert.match(await summary.innerText(), /There is a problem/);
    for (const field of ['email', 'display_name', 'password']) {
      assert.equal(await summary.locator(`a[href="#${field}"]`).count(), 1, `the summary links to #${field}`);
    }
    assert.match(await page.title(), /^Error: /, 'the title starts with "Error: "');
    await checkLoaded(page, '/account/register (errors)', problems);
    assert.equal(await hasSession(anon), false, 'a refused registration sets no cookie');
    await page.close();
    await anon.close();
  });

  // The admin's own context, so that the anonymous context above never holds a session.
  const admin = await browser.newContext();
  let signedIn = false;

  await test('the admin sets a password from the emailed link, then signs in with the keyboard only', async () => {
    assert.ok(adminEmail && adminResetUrl, 'E2E_ADMIN_EMAIL and E2E_ADMIN_RESET_URL are set by scripts/test-e2e');
    const { page, response, problems } = await open(admin, adminResetUrl);
    assert.equal(response.status(), 200, 'the set-password link is live');
    await checkLoaded(page, '/account/reset/{token}', problems);
    await page.fill('#password', adminPassword);
    await Promise.all([
      page.waitForURL(base + '/account/sign-in?reset=1'),
      page.getByRole('button', { name: 'Save password' }).click(),
    ]);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /password has been changed/);

    // From here on, only the keyboard.
    await tabTo(page, 'email');
    await page.keyboard.type(adminEmail);
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'password', 'Tab goes from the email field to the password field');
    await page.keyboard.type(adminPassword);
    // An admin's role needs the second factor: set it up from the key typed out under the QR code.
    await Promise.all([page.waitForURL(base + '/account/two-factor?next=%2Faccount'), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('h1').innerText(), 'Set up your second factor');
    await checkLoaded(page, '/account/two-factor (set up)', []);
    await page.locator('summary', { hasText: 'I cannot scan the QR code' }).click();
    const key = await page.locator('code.app-secret').innerText();
    await tabTo(page, 'code');
    await page.keyboard.type(totp(key));
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('h2.govuk-heading-l').innerText(), 'Save your recovery codes');
    assert.equal(await page.locator('.app-recovery-codes li').count(), 10, 'ten recovery codes are shown once');
    await checkLoaded(page, '/account/two-factor (recovery codes)', []);
    await Promise.all([page.waitForURL(base + '/account'), page.getByRole('link', { name: 'Continue' }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'Your account');
    assert.ok(await hasSession(admin), 'signing in set the session cookie');
    const cookie = (await admin.cookies()).find((c) => c.name === sessionCookie);
    assert.equal(cookie.httpOnly, true, 'the session cookie is HttpOnly');
    assert.equal(cookie.sameSite, 'Lax');
    signedIn = true;
    await page.close();
  });

  await test('every account and admin page passes axe when signed in', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    for (const p of ['/account', '/account/profile', '/account/email', '/account/delete', '/account/password', '/admin/people', '/admin/audit', '/moderation', '/manage', '/account/activity', '/account/two-factor', '/account/two-factor/confirm', '/places/E09000029/contact', '/assets/community-value/settings']) {
      await checkPage(admin, p, { label: `${p} (signed in)` });
    }
  });

  await test('the officer home lists every queue of the admin\'s roles, reached from the navigation', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const { page, problems } = await open(admin, base + '/account');
    await checkLoaded(page, '/account (for the navigation)', problems);
    await Promise.all([page.waitForURL(base + '/manage'), page.locator('nav').getByRole('link', { name: 'Your work' }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'Your work');
    const queues = await page.locator('.govuk-task-list__link').allInnerTexts();
    for (const q of ['Petitions to check', 'Reports to moderate', 'Right to Bid decisions due', 'Asset transfers in progress',
      'Consultations closing within a week']) {
      assert.ok(queues.includes(q), `the officer home lists "${q}" (it lists ${queues.join(', ')})`);
    }
    await page.close();
  });

  // Suites of the capabilities, signed in where they need it (before the sign-out test below).
  await assetSuite({ browser, admin, signedIn });
  await communityValueSuite({ admin, signedIn });
  await consultationsSuite({ browser, admin, signedIn });
  await budgetingSuite({ admin, signedIn });
  await ideasSuite({ browser, admin, signedIn });
  await searchSuite({ browser });
  await petitionsSuite({ browser, admin, signedIn });
  await residentsSuite({ browser, admin, signedIn });
  await ballotTypesSuite({ browser, admin, signedIn });

  await test('signing out with the navigation\'s "Sign out" button clears the cookie', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const { page } = await open(admin, base + '/account');
    assert.ok(await hasSession(admin));
    const button = page.locator('nav').getByRole('button', { name: 'Sign out' });
    assert.equal(await button.count(), 1, 'the navigation has one "Sign out" button');
    await Promise.all([page.waitForURL(base + '/'), button.click()]);
    assert.equal(await hasSession(admin), false, 'the session cookie is gone');
    assert.equal(await page.locator('nav').getByRole('link', { name: 'Sign in' }).count(), 1, 'the navigation offers "Sign in" again');
    await page.goto(base + '/account');
    assert.equal(new URL(page.url()).pathname, '/account/sign-in', 'the account page now asks to sign in');
    await page.close();
  });
  await admin.close();

  await test('anonymous readers get no cookies, and a page with a form sets only the form cookie', async () => {
    const fresh = await browser.newContext();
    const { page } = await open(fresh, base + '/places');
    assert.deepEqual(await fresh.cookies(), []);
    await page.goto(base + '/account/sign-in');
    const cookies = await fresh.cookies();
    assert.deepEqual(cookies.map((c) => c.name), ['commonweal_form'], 'the form cookie, and nothing else');
    assert.equal(cookies[0].httpOnly, true, 'the form cookie is HttpOnly');
    assert.equal(cookies[0].sameSite, 'Lax');
    await page.close();
    await fresh.close();
  });

  await browser.close();
  console.log(results.join('\n'));
  console.log(state.failures ? `e2e: ${state.failures} failed` : `e2e: all ${results.length} passed`);
  process.exit(state.failures ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
