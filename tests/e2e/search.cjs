// Browser tests of site search and email alerts: a resident finds what is near their postcode on /search
// without JavaScript and with it, and subscribes to alerts (an empty form first: the errors are shown
// accessibly), then confirms from the mailed link (scripts/test-e2e writes mail to COMMONWEAL_MAIL_DIR).
// axe on every page.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded, checkPage } = require('./lib.cjs');

// The first path matching `pattern` in a mail sent to `to`, waiting for the delivery job (every 2 s).
async function linkInMail(to, pattern) {
  const dir = process.env.COMMONWEAL_MAIL_DIR;
  assert.ok(dir, 'COMMONWEAL_MAIL_DIR is set by scripts/test-e2e');
  for (let i = 0; i < 60; i++) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
      const raw = fs.readFileSync(path.join(dir, name), 'utf8');
      if (!raw.includes(to)) continue;
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      const m = text.match(pattern);
      if (m) return m[0];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`no mail to ${to} with ${pattern}`);
}

module.exports = async function searchSuite({ browser }) {
  await test('search: a resident finds what is near their postcode, without JavaScript', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await open(noJs, base + '/');
    await Promise.all([page.waitForURL(base + '/search'), page.locator('nav').getByRole('link', { name: 'Search', exact: true }).click()]);
    await page.fill('#postcode', 'sm6 0hy');
    await page.selectOption('#kind', 'asset');
    await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    assert.match(await page.locator('.govuk-inset-text').innerText(), /SM6 0HY is in Wallington South ward/);
    assert.equal(await page.locator('.app-search-result h2').first().innerText(), 'Wallington Library', 'its ward first');
    assert.equal(await page.inputValue('#postcode'), 'sm6 0hy', 'the form keeps what was typed');
    // axe needs JavaScript, so the page the search led to is checked again in a context that has it.
    const withJs = await browser.newContext();
    await checkPage(withJs, new URL(page.url()).pathname + new URL(page.url()).search, { label: '/search (near a postcode)' });
    await withJs.close();
    await noJs.close();
  });

  await test('search: with JavaScript, words and a bad postcode (400, the error summary links to the field)', async () => {
    const context = await browser.newContext();
    const { page, problems } = await open(context, base + '/search');
    await checkLoaded(page, '/search', problems);
    await page.fill('#q', 'former library');
    await Promise.all([page.waitForURL(/q=former/), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    assert.match(await page.locator('#results-count').innerText(), /^\d+ results?$/);
    assert.ok(await page.locator('.app-search-result', { hasText: 'Beddington Library' }).count() === 1);
    await page.fill('#postcode', 'XX99');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/search?') && r.request().method() === 'GET'),
      page.getByRole('button', { name: 'Search', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(refused.status(), 400);
    const summary = page.locator('.govuk-error-summary');
    assert.equal(await summary.locator('a[href="#postcode"]').count(), 1, 'the summary links to #postcode');
    assert.match(await page.title(), /^Error: /);
    problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('HTTP 400')));  // asserted above
    await checkLoaded(page, '/search (bad postcode)', problems);
    await context.close();
  });

  await test('alerts: a resident subscribes (errors first) and confirms from the mailed link', async () => {
    const context = await browser.newContext();
    const { page, problems } = await open(context, base + '/alerts?postcode=SM6%200HY');
    await checkLoaded(page, '/alerts', problems);
    assert.equal(await page.inputValue('#postcode'), 'SM6 0HY', 'the postcode from the search is filled in');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === base + '/alerts' && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Subscribe' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(refused.status(), 422);
    const summary = page.locator('.govuk-error-summary');
    assert.equal(await summary.locator('a[href="#email"]').count(), 1, 'the summary links to #email');
    assert.match(await page.locator('#email-error').innerText(), /Enter your email address/);
    assert.equal(await page.getAttribute('#email', 'aria-describedby'), 'email-hint email-error');
    problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('HTTP 422')));  // asserted above
    await checkLoaded(page, '/alerts (errors)', problems);

    await page.fill('#email', 'alerts-e2e@example.org');
    await page.getByLabel('Transport and streets').check();
    await page.getByLabel('Daily').check();
    await Promise.all([page.waitForURL(base + '/alerts/check-email'), page.getByRole('button', { name: 'Subscribe' }).click()]);
    await checkLoaded(page, '/alerts/check-email', []);

    const confirm = await linkInMail('alerts-e2e@example.org', /\/alerts\/confirm\/[A-Za-z0-9_-]+/);
    const opened = await open(context, base + confirm);
    assert.match(await opened.page.locator('main').innerText(), /SM6 0HY \(Wallington South ward\)/);
    await checkLoaded(opened.page, '/alerts/confirm/{token}', opened.problems);
    await Promise.all([opened.page.waitForLoadState('load'), opened.page.getByRole('button', { name: 'Confirm' }).click()]);
    assert.equal(await opened.page.locator('h1').innerText(), 'Your email alerts are on');
    await checkLoaded(opened.page, '/alerts/confirm/{token} (done)', []);
    await opened.page.close();
    await page.close();
    await context.close();
  });
};
