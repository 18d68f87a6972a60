// Browser tests of the Community Right to Bid: the admin (a locality admin, so also an officer)
// nominates a library for a charity, lists it, records the owner's notice of disposal and a group's
// request to bid, and the timeline on the case and on the asset page shows the dates the law sets,
// worked out here independently from today's date. axe on every page.
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded } = require('./lib.cjs');

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];
const longDate = (d) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
const addDays = (d, n) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n));
// Months keep the day of the month, clamped to the month's last day.
function addMonths(d, n) {
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d.getUTCDate(), last)));
}

async function submit(page, button, problems) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
  await page.waitForLoadState('load');
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 0, `"${button}" was refused: ${(await summary.count()) ? await summary.innerText() : ''}`);
  assert.match(page.url(), /\/assets\/community-value\/\d+/);
  assert.deepEqual(problems, [], `no console or network problems after "${button}"`);
}

module.exports = async function communityValueSuite({ admin, signedIn }) {
  await test('right to bid: nominate, list, the owner\'s notice and a group\'s request; the timeline has the right dates', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const { page, problems } = await open(admin, base + '/assets/community-value/nominate?asset=2');
    await checkLoaded(page, '/assets/community-value/nominate', problems);
    await page.fill('#description', 'The former Carshalton Library building and its forecourt.');
    await page.fill('#boundaries', 'The building and forecourt on The Square, as on the title plan.');
    await page.fill('#owners', 'London Borough of Sutton, Civic Offices, St Nicholas Way, Sutton SM1 1EA');
    await page.fill('#reasons', 'It was the town library for decades; groups want it back as a community hub.');
    await page.fill('#body_name', 'Friends of Carshalton Library');
    await page.getByLabel('Charity', { exact: true }).check();
    await page.fill('#eligibility', 'Registered charity number 1234567.');
    await submit(page, 'Send the nomination', problems);
    const caseUrl = page.url();
    assert.match(await page.locator('main').innerText(), new RegExp(longDate(addDays(today, 56))), 'decision due 8 weeks after receipt');
    await checkLoaded(page, '/assets/community-value/{id} (nominated)', problems);

    await page.getByLabel('List it as an asset of community value').check();
    await submit(page, 'Record the decision', problems);
    await page.fill('#notice_note', 'The council intends to sell.');
    await submit(page, 'Record the notice', problems);
    await page.fill('#group_name', 'Carshalton Community Hub CIO');
    await submit(page, 'Record the request to bid', problems);
    const text = await page.locator('main').innerText();
    for (const [what, date] of [
      ['listing ends after 5 years', addMonths(today, 60)],
      ['interim moratorium ends 6 weeks after the notice', addDays(today, 42)],
      ['full moratorium ends 6 months after the notice', addMonths(today, 6)],
      ['protected period ends 18 months after the notice', addMonths(today, 18)],
    ]) assert.ok(text.includes(longDate(date)), `${what}: ${longDate(date)}`);
    assert.match(text, /Full moratorium ends/);
    await checkLoaded(page, '/assets/community-value/{id} (moratorium)', problems);

    const asset = await open(admin, base + '/assets/2');
    const timeline = await asset.page.locator('main').innerText();
    assert.match(timeline, /Community right to bid/);
    assert.ok(timeline.includes(longDate(addMonths(today, 6))), 'the asset page shows the same timeline');
    await asset.page.close();
    const list = await open(admin, base + '/assets/community-value');
    assert.ok((await list.page.locator('main').innerText()).includes('Carshalton Library'), 'on the list of assets of community value');
    await checkLoaded(list.page, '/assets/community-value (with a listing)', list.problems);
    await list.page.close();
    assert.match(caseUrl, /\/assets\/community-value\/\d+/);
    await page.close();
  });
};
