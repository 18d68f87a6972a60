// Browser tests of the community asset register: a resident finds the assets of their ward from their
// postcode without JavaScript and on the Leaflet map with it (scripts/test-e2e gives the server a local
// tile URL), and the signed-in admin adds an asset through the form, errors first. axe on every page.
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded, checkPage } = require('./lib.cjs');

module.exports = async function assetSuite({ browser, admin, signedIn }) {
  await test('assets: a resident finds every asset in their ward from their postcode, without JavaScript', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await open(noJs, base + '/assets');
    await page.fill('#postcode', 'sm6 0hy');
    await Promise.all([page.waitForURL(/\/assets\?/), page.getByRole('button', { name: 'Show assets' }).click()]);
    const inset = page.locator('.govuk-inset-text');
    assert.match(await inset.innerText(), /SM6 0HY is in Wallington South ward/);
    assert.equal(await page.locator('.app-asset-item h2').first().innerText(), 'Wallington Library', 'the nearest first');
    // axe needs JavaScript, so the page the search led to is checked again in a context that has it.
    const withJs = await browser.newContext();
    await checkPage(withJs, new URL(page.url()).pathname + new URL(page.url()).search, { label: '/assets (near a postcode)' });
    await withJs.close();
    await Promise.all([page.waitForURL(/ward=E05013771/), inset.getByRole('link', { name: /Show only assets in/ }).click()]);
    assert.match(await page.locator('#results-count').innerText(), /^1 asset\./);
    await Promise.all([page.waitForURL(/\/assets\/map/), page.getByRole('link', { name: 'Show them on a map' }).click()]);
    assert.equal(await page.locator('svg.app-asset-map__svg circle').count(), 1, 'one point on the ward map');
    assert.equal(await page.locator('.app-leaflet-map').count(), 0, 'no Leaflet without JavaScript');
    await noJs.close();
  });

  await test('assets: with JavaScript the map becomes a Leaflet map of the same assets, and finds a postcode', async () => {
    const withJs = await browser.newContext();
    const { page, problems } = await open(withJs, base + '/assets/map');
    const markers = page.locator('.app-leaflet-map path.leaflet-interactive');
    await markers.first().waitFor({ timeout: 10000 });
    assert.equal(await markers.count(), 11, 'all 11 libraries');
    assert.ok(await page.locator('.app-leaflet-map path.app-ward-boundary').count() >= 20, 'the 20 wards\' boundaries under the points');
    assert.equal(await page.locator('figure.app-asset-map').isVisible(), false, 'the SVG gives way');
    await markers.first().click({ force: true });
    const popup = page.locator('.leaflet-popup-content a');
    await popup.waitFor();
    assert.match(await popup.getAttribute('href'), /^\/assets\/\d+$/);
    await checkLoaded(page, '/assets/map (Leaflet)', problems);
    await page.fill('#postcode', 'sm6 0hy');
    await Promise.all([page.waitForURL(/\/assets\/map\?/), page.getByRole('button', { name: 'Show assets' }).click()]);
    assert.match(await page.locator('.govuk-inset-text').innerText(), /SM6 0HY is in Wallington South ward/);
    await markers.first().waitFor({ timeout: 10000 });
    assert.ok(await markers.count() >= 1, 'the map near the postcode draws its assets');
    await checkLoaded(page, '/assets/map?postcode (Leaflet)', problems);
    await withJs.close();
  });

  await test('assets: when the tile server fails, the server-drawn map comes back', async () => {
    const withJs = await browser.newContext();
    await withJs.route(/vendor\/images\/layers\.png/, (route) => route.abort());
    const page = await withJs.newPage();
    await page.goto(base + '/assets/map', { waitUntil: 'load' });
    await page.locator('[data-app-map-fallback="tiles"]').waitFor({ state: 'attached', timeout: 10000 });
    assert.equal(await page.locator('.app-leaflet-map').count(), 0, 'the empty Leaflet map is gone');
    assert.equal(await page.locator('figure.app-asset-map').isVisible(), true, 'the SVG map is shown again');
    assert.ok(await page.locator('svg a.app-asset-map__link').count() >= 1, 'with its points as links');
    await withJs.close();
  });

  await test('assets: the admin adds an open space; a bad form comes back with its errors first', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const { page, problems } = await open(admin, base + '/assets/new');
    await checkLoaded(page, '/assets/new', problems);
    await page.fill('#name', 'Manor Park');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Add the asset' }).click(),
    ]);
    await page.waitForLoadState('load');
    assert.equal(refused.status(), 422);
    const summary = page.locator('.govuk-error-summary');
    for (const field of ['kind', 'category']) {
      assert.equal(await summary.locator(`a[href="#${field}"]`).count(), 1, `the summary links to #${field}`);
    }
    assert.equal(await page.inputValue('#name'), 'Manor Park', 'what was typed is kept');
    problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('HTTP 422')));  // asserted above
    await checkLoaded(page, '/assets/new (errors)', problems);
    await page.getByLabel('Open space').check();
    await page.selectOption('#category', 'park');
    await page.fill('#postcode', 'SM1 4AE');
    await page.fill('#description', 'A park with a bandstand.');
    await Promise.all([page.waitForURL(/\/assets\/\d+$/), page.getByRole('button', { name: 'Add the asset' }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'Manor Park');
    await checkLoaded(page, '/assets/{id} (new, signed in)', problems);
    const ward = await open(admin, base + '/places/E09000029/wards/E05013765');
    assert.ok(await ward.page.getByRole('link', { name: 'Manor Park' }).count(), 'the ward page lists it');
    await ward.page.close();
    await page.close();
  });

  await test('assets: officers\' pages pass axe when signed in', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    for (const p of ['/assets/suggestions', '/assets/suggest', '/assets/1/edit', '/assets/1/suggest', '/assets/1/remove']) {
      await checkPage(admin, p, { label: `${p} (signed in)` });
    }
  });
};
