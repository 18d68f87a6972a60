// Browser tests of the Community Right to Bid: a resident registers (confirming from the mailed link)
// and nominates a library for a charity; the admin (a locality admin, so also an officer) lists it,
// records the owner's notice of disposal and a group's request to bid, and the timeline on the case and
// on the asset page shows the dates the law sets, worked out here independently from today's date.
// axe on every page.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded } = require('./lib.cjs');

const residentEmail = 'rosa.resident@example.org';
const residentPassword = 'marmalade orbit tulip canal';

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

// The first match of `pattern` in a mail to `to` in the server's mail folder (COMMONWEAL_MAIL_DIR, set
// by scripts/test-e2e), quoted-printable soft line breaks undone. Waits for the outbox sender, which
// runs every 2 seconds.
async function fromMail(to, pattern) {
  const dir = process.env.COMMONWEAL_MAIL_DIR;
  assert.ok(dir, 'COMMONWEAL_MAIL_DIR is set by scripts/test-e2e');
  for (const deadline = Date.now() + 10000; Date.now() < deadline;) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8').replace(/=\r?\n/g, '');
      const match = text.includes(to) && text.match(pattern);
      if (match) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`no mail to ${to} matching ${pattern} within 10 s`);
}

// A resident as one becomes one: register, confirm the address from the mail, sign in.
async function registerResident(browser) {
  const context = await browser.newContext();
  const { page } = await open(context, base + '/account/register');
  await page.fill('#email', residentEmail);
  await page.fill('#display_name', 'Rosa Resident');
  await page.fill('#password', residentPassword);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create account' }).click()]);
  const confirmPath = await fromMail(residentEmail, /\/account\/confirm\/[A-Za-z0-9_-]+/);
  await page.goto(base + confirmPath);
  await Promise.all([page.waitForURL(/\/account\/sign-in\?confirmed=1$/), page.getByRole('button', { name: 'Confirm email address' }).click()]);
  await page.fill('#email', residentEmail);
  await page.fill('#password', residentPassword);
  await Promise.all([page.waitForURL(base + '/account'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.close();
  return context;
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
  await test('right to bid: a resident nominates; the officer lists it, records the owner\'s notice; a group asks on the case page to bid; the timeline has the right dates', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const resident = await registerResident(admin.browser());
    const nomination = await open(resident, base + '/assets/community-value/nominate?asset=2');
    const { page: form, problems: formProblems } = nomination;
    await checkLoaded(form, '/assets/community-value/nominate (resident)', formProblems);
    await form.fill('#description', 'The former Carshalton Library building and its forecourt.');
    await form.fill('#boundaries', 'The building and forecourt on The Square, as on the title plan.');
    await form.fill('#owners', 'London Borough of Sutton, Civic Offices, St Nicholas Way, Sutton SM1 1EA');
    await form.fill('#reasons', 'It was the town library for decades; groups want it back as a community hub.');
    await form.fill('#body_name', 'Friends of Carshalton Library');
    await form.getByLabel('Charity', { exact: true }).check();
    await form.fill('#eligibility', 'Registered charity number 1234567.');
    await submit(form, 'Send the nomination', formProblems);
    const caseUrl = form.url();
    assert.match(await form.locator('main').innerText(), new RegExp(longDate(addDays(today, 56))), 'decision due 8 weeks after receipt');
    await checkLoaded(form, '/assets/community-value/{id} (nominated, as the resident)', formProblems);
    assert.equal(await form.getByLabel('List it as an asset of community value').count(), 0, 'a resident cannot decide');
    await form.close();

    // The officer's steps, on the same case.
    const { page, problems } = await open(admin, caseUrl);
    await page.getByLabel('List it as an asset of community value').check();
    await submit(page, 'Record the decision', problems);
    await page.fill('#notice_note', 'The council intends to sell.');
    await submit(page, 'Record the notice', problems);
    assert.equal(await page.getByRole('button', { name: 'Send the request' }).count(), 0, 'officers record letters with their own form');

    // A community group asks on the case page, within the interim moratorium.
    const asking = await open(resident, caseUrl);
    await checkLoaded(asking.page, '/assets/community-value/{id} (a group may ask to bid)', asking.problems);
    assert.equal(await asking.page.getByRole('button', { name: 'Record the request to bid' }).count(), 0, 'the officers\' form is theirs only');
    await asking.page.fill('#group_name', 'Carshalton Community Hub CIO');
    await asking.page.getByLabel('Charity', { exact: true }).check();
    await asking.page.getByLabel(/activities are wholly or partly in this council/).check();
    await submit(asking.page, 'Send the request', asking.problems);
    assert.match(await asking.page.locator('.govuk-notification-banner').innerText(), /Request sent/);
    await checkLoaded(asking.page, '/assets/community-value/{id}?done=asked', asking.problems);
    await resident.close();

    await page.reload();
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

  await test('asset transfer: an organisation expresses interest, and the council agrees to consider it before any business case', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const { page, problems } = await open(admin, base + '/assets/transfers/new?asset=3');
    await checkLoaded(page, '/assets/transfers/new', problems);
    await page.fill('#organisation_name', 'Carshalton Community Hub CIO');
    await page.getByLabel('Charity', { exact: true }).check();
    await page.fill('#proposal', 'Run it as a community hub with a café and rooms for groups.');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send' }).click()]);
    assert.match(page.url(), /\/assets\/transfers\/\d+\?done=1$/);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Expression of interest sent/);
    assert.equal(await page.getByRole('button', { name: 'Send the business case' }).count(), 0, 'no business case before the council agrees');
    await checkLoaded(page, '/assets/transfers/{id} (interest)', problems);
    await page.getByLabel('Agree to consider it and ask for a business case').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Record the decision' }).click()]);
    assert.match(page.url(), /\?done=consider$/);
    assert.match(await page.locator('main').innerText(), /Invited to send a business case/);
    assert.equal(await page.getByRole('button', { name: 'Send the business case' }).count(), 1);
    await checkLoaded(page, '/assets/transfers/{id} (invited)', problems);
    await page.close();
  });
};
