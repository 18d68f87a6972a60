// Browser tests of every kind of budget ballot, with and without JavaScript. For each kind the admin sets
// up a budget with three projects and opens voting; votes with JavaScript on (the money or points left
// follow the ticks and the typing, with no round trip); then, with JavaScript off, makes a mistake, reads
// the error, checks the total on the server where the ballot has one, and changes the vote with the
// receipt code. axe on every page.
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded, clickButton: click, noErrors, fillDate } = require('./lib.cjs');

const projects = [['Trees on Woodcote Road', '£600'], ['Benches in Beddington Park', '£300'], ['Bins on Cheam Road', '£200']];
const label = ([title, cost]) => `${title} (${cost})`;

// Drops the 422 of a form the test meant to be refused (it asserts the error itself).
function expectRefused(problems) {
  problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('HTTP 422')));
}

// Starts on /budgets/new.
async function openBudget(page, problems, { title, kind, limits }) {
  await page.fill('#title', title);
  await page.fill('#pot', '£1,000');
  await page.getByLabel('Most votes first', { exact: true }).check();
  await page.getByLabel(kind, { exact: true }).check();
  for (const [field, value] of Object.entries(limits)) await page.fill(`#${field}`, value);
  for (const name of ['ideas', 'costing', 'shortlist']) await fillDate(page, name, 0);
  await fillDate(page, 'voting', 1);
  await fillDate(page, 'results', 3);
  await fillDate(page, 'delivery', 10);
  await click(page, 'Save', problems);
  await noErrors(page, title);
  const budget = new URL(page.url()).pathname;
  for (const [name, cost] of projects) {
    await page.goto(base + budget + '/projects/new');
    await page.fill('#title', name);
    await page.fill('#cost', cost);
    await click(page, 'Add the project', problems);
    await noErrors(page, name);
  }
  await page.goto(base + budget + '/edit');
  await fillDate(page, 'voting', 0);
  await click(page, 'Save', problems);
  await noErrors(page, 'opening voting');
  return budget;
}

const kinds = [
  {
    kind: 'Choose projects',
    limits: { min_projects: '1', max_projects: '2' },
    async withScript(page) {
      await page.getByLabel(label(projects[0])).check();
      await page.getByLabel(label(projects[1])).check();
    },
    async withoutScript(page, problems) {
      for (const p of projects) await page.getByLabel(label(p)).check();
      await click(page, 'Change my vote');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose no more than 2 projects: you chose 3/);
      expectRefused(problems);
      await page.getByLabel(label(projects[0])).uncheck();
    },
  },
  {
    kind: 'Spend the pot',
    limits: {},
    async withScript(page) {
      await page.getByLabel(label(projects[0])).check();
      await page.getByLabel(label(projects[1])).check();
      assert.match(await page.locator('#tally-text').innerText(), /costing £900 of £1,000: £100 left\./, 'as they tick');
    },
    async withoutScript(page, problems) {
      for (const p of projects) await page.getByLabel(label(p)).check();
      await click(page, 'Check what I have spent', problems);
      assert.match(await page.locator('#tally-text').innerText(), /costing £1,100 of £1,000: £100 too much\./);
      await page.getByLabel(label(projects[1])).uncheck();
    },
  },
  {
    kind: 'Share out points',
    limits: { points: '10' },
    async withScript(page) {
      await page.getByLabel(label(projects[0])).fill('6');
      await page.getByLabel(label(projects[2])).fill('3');
      assert.match(await page.locator('#tally-text').innerText(), /You have given 9 of your 10 points: 1 left\./, 'as they type');
    },
    async withoutScript(page, problems) {
      await page.getByLabel(label(projects[0])).fill('8');
      await page.getByLabel(label(projects[1])).fill('4');
      await click(page, 'Check my points', problems);
      assert.match(await page.locator('#tally-text').innerText(), /You have given 12 of your 10 points: 2 too many\./);
      await click(page, 'Change my vote');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /You gave 12 points, which is 2 more than the 10 points you have/);
      expectRefused(problems);
      await page.getByLabel(label(projects[1])).fill('2');
    },
  },
  {
    kind: 'Rank projects',
    limits: { min_projects: '1', max_projects: '2' },
    async withScript(page) {
      await page.selectOption('#rank-1', { label: label(projects[2]) });
      await page.selectOption('#rank-2', { label: label(projects[0]) });
    },
    async withoutScript(page, problems) {
      await page.selectOption('#rank-1', { label: label(projects[1]) });
      await page.selectOption('#rank-2', { label: label(projects[1]) });
      await click(page, 'Change my vote');
      assert.match(await page.locator('.govuk-error-summary').innerText(), /as your 1st and 2nd choice: choose each project once/);
      expectRefused(problems);
      await page.selectOption('#rank-2', { label: 'No project' });
    },
  },
];

// Voting codes: the admin makes two, types in a paper ballot with one (the first of its two entries),
// and a resident without an account votes online with the other.
async function codesAndPaper(browser, admin) {
  const { page, problems } = await open(admin, base + '/budgets/new');
  const budget = await openBudget(page, problems, { title: 'Ballot test: codes', kind: 'Choose projects', limits: { min_projects: '1', max_projects: '2' } });
  await page.goto(base + budget + '/codes');
  await checkLoaded(page, '/budgets/{id}/codes', problems);
  await page.fill('#how_many', '2');
  await click(page, 'Make the codes', problems);
  await checkLoaded(page, '/budgets/{id}/codes (printed)', problems);
  const codes = await page.locator('ol.app-codes code').allInnerTexts();
  assert.equal(codes.length, 2);
  await page.goto(base + budget + '/paper');
  await checkLoaded(page, '/budgets/{id}/paper', problems);
  await page.fill('#code', codes[0]);
  await page.getByLabel(label(projects[1])).check();
  await click(page, 'Save this entry', problems);
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /a second officer must now enter this ballot/);
  await checkLoaded(page, '/budgets/{id}/paper (entered once)', problems);
  await page.close();

  const resident = await browser.newContext();
  const voter = await open(resident, base + budget);
  await Promise.all([voter.page.waitForNavigation(), voter.page.getByRole('link', { name: 'Vote with your code' }).click()]);
  await checkLoaded(voter.page, '/budgets/{id}/vote/code', voter.problems);
  await voter.page.fill('#code', codes[1]);
  await click(voter.page, 'Continue', voter.problems);
  await checkLoaded(voter.page, '/budgets/{id}/vote/code (ballot)', voter.problems);
  await voter.page.getByLabel(label(projects[0])).check();
  await click(voter.page, 'Cast my vote', voter.problems);
  assert.match(await voter.page.locator('#receipt-code').innerText(), /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await resident.close();
}

module.exports = async function ballotTypesSuite({ browser, admin, signedIn }) {
  await test('ballots: voting codes, a paper ballot typed in, and a vote with a code', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    await codesAndPaper(browser, admin);
  });
  for (const k of kinds) {
    await test(`ballots: "${k.kind}" with JavaScript, then changed without it`, async () => {
      assert.ok(signedIn, 'needs the sign-in test to have passed');
      const { page, problems } = await open(admin, base + '/budgets/new');
      const budget = await openBudget(page, problems, { title: `Ballot test: ${k.kind}`, kind: k.kind, limits: k.limits });
      await page.goto(base + budget + '/vote');
      await checkLoaded(page, `/budgets/{id}/vote (${k.kind})`, problems);
      await k.withScript(page);
      await click(page, 'Cast my vote', problems);
      const receipt = await page.locator('#receipt-code').innerText();
      assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      // The pages of changing a vote, checked with axe here: axe needs JavaScript, which the context
      // below has off.
      await page.goto(base + budget + '/vote');
      await checkLoaded(page, `/budgets/{id}/vote (${k.kind}, changing)`, problems);
      await page.fill('#receipt', receipt);
      await k.withoutScript(page, problems);
      await checkLoaded(page, `/budgets/{id}/vote (${k.kind}, checked or refused)`, problems);
      await page.close();

      const plain = await browser.newContext({ javaScriptEnabled: false });
      await plain.addCookies(await admin.cookies());
      const again = await open(plain, base + budget + '/vote');
      assert.equal(again.response.status(), 200);
      await again.page.fill('#receipt', receipt);
      await k.withoutScript(again.page, again.problems);
      await click(again.page, 'Change my vote', again.problems);
      assert.match(await again.page.locator('h1').innerText(), /Your vote has been changed/);
      await plain.close();
    });
  }
};
