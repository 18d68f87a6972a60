// Browser tests of budget ideas: the admin (a locality admin, so also an officer) starts a budget whose
// ideas phase opens today; a resident registers and puts an idea forward (after an error shown in the
// summary, with what was typed kept); another supports it and comments; the admin records that it is
// feasible and what it costs, and puts it on the shortlist, which links back to the idea. axe on every page.
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded, fromMail, clickButton: press, noErrors, fillDate } = require('./lib.cjs');

const password = 'gooseberry lantern quilt harbour';

// A resident as one becomes one: register, confirm the address from the mail, sign in.
async function registerResident(browser, email, name) {
  const context = await browser.newContext();
  const { page } = await open(context, base + '/account/register');
  await page.fill('#email', email);
  await page.fill('#display_name', name);
  await page.fill('#password', password);
  await press(page, 'Create account');
  const confirmPath = await fromMail(email, /\/account\/confirm\/[A-Za-z0-9_-]+/);
  await page.goto(base + confirmPath);
  await Promise.all([page.waitForURL(/\/account\/sign-in\?confirmed=1$/), page.getByRole('button', { name: 'Confirm email address' }).click()]);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(base + '/account'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.close();
  return context;
}

// The admin starts a budget taking ideas today; returns its path.
async function startBudget(admin) {
  const { page, problems } = await open(admin, base + '/budgets/new');
  await page.fill('#title', 'Ideas for Carshalton');
  await page.fill('#pot', '£5,000');
  await fillDate(page, 'ideas', 0);
  await fillDate(page, 'costing', 3);
  await fillDate(page, 'shortlist', 5);
  await fillDate(page, 'voting', 7);
  await fillDate(page, 'results', 9);
  await fillDate(page, 'delivery', 20);
  await press(page, 'Save', problems);
  await noErrors(page, 'the budget');
  const budget = new URL(page.url()).pathname;
  assert.match(budget, /^\/budgets\/\d+$/);
  await page.close();
  return budget;
}

module.exports = async function ideasSuite({ browser, admin, signedIn }) {
  await test('ideas: a resident puts an idea forward, another supports it and comments, the officer costs and shortlists it', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const budget = await startBudget(admin);

    const rosa = await registerResident(browser, 'rosa.ideas@example.org', 'Rosa Idea');
    const { page, problems } = await open(rosa, base + budget);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'See the ideas residents have put forward' }).click()]);
    await checkLoaded(page, '/budgets/{id}/ideas', problems);
    assert.match(await page.locator('.govuk-inset-text').innerText(), /Ideas are open/);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Put forward an idea' }).click()]);
    await checkLoaded(page, '/budgets/{id}/ideas/new', problems);
    await page.fill('#title', 'A water fountain in Carshalton Park');
    await page.fill('#estimate', 'about five hundred');
    await press(page, 'Put the idea forward');
    const summary = await page.locator('.govuk-error-summary').innerText();
    assert.match(summary, /Describe your idea/);
    assert.match(summary, /Enter what you think it would cost/);
    assert.equal(await page.inputValue('#title'), 'A water fountain in Carshalton Park', 'what was typed is kept');
    problems.length = 0;  // the 422 is the answer asked for
    await checkLoaded(page, '/budgets/{id}/ideas/new (errors)', problems);
    await page.fill('#description', 'Somewhere to fill a bottle on hot days, by the playground.');
    await page.selectOption('#ward', { label: 'Carshalton Central' });
    await page.fill('#estimate', '£500');
    await press(page, 'Put the idea forward', problems);
    await noErrors(page, 'the idea');
    const idea = new URL(page.url()).pathname;
    assert.match(idea, /^\/budgets\/\d+\/ideas\/\d+$/);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your idea has been put forward/);
    await checkLoaded(page, '/budgets/{id}/ideas/{idea}', problems);
    await page.close();

    const sam = await registerResident(browser, 'sam.ideas@example.org', 'Sam Supporter');
    const other = await open(sam, base + idea);
    await press(other.page, 'Support this idea', other.problems);
    assert.match(await other.page.locator('.govuk-notification-banner').innerText(), /You support this idea/);
    await other.page.fill('#comment', 'Yes please: the nearest tap is a long walk away.');
    await press(other.page, 'Add your comment', other.problems);
    assert.match(await other.page.locator('#comments ~ div').first().innerText(), /Sam Supporter[\s\S]*nearest tap/);
    await checkLoaded(other.page, '/budgets/{id}/ideas/{idea} (supported)', other.problems);
    await other.page.close();

    const officer = await open(admin, base + idea);
    await checkLoaded(officer.page, '/budgets/{id}/ideas/{idea} (officer)', officer.problems);
    await officer.page.getByLabel('Feasible', { exact: true }).check();
    await officer.page.fill('#cost', '£650');
    await press(officer.page, 'Save the assessment', officer.problems);
    await noErrors(officer.page, 'the assessment');
    await press(officer.page, 'Put it on the shortlist', officer.problems);
    assert.match(await officer.page.locator('.govuk-notification-banner').innerText(), /Idea put on the shortlist/);
    await checkLoaded(officer.page, '/budgets/{id}/ideas/{idea} (shortlisted)', officer.problems);
    await officer.page.goto(base + budget);
    const row = officer.page.locator('table tr', { hasText: 'A water fountain in Carshalton Park' });
    assert.match(await row.innerText(), /£650/);
    assert.equal(await row.locator('a').getAttribute('href'), idea, 'the shortlist links back to the idea');
    await checkLoaded(officer.page, '/budgets/{id} (shortlist from ideas)', officer.problems);
    await officer.page.goto(base + budget + '/ideas');
    assert.match(await officer.page.locator('table').innerText(), /On the shortlist/);
    await checkLoaded(officer.page, '/budgets/{id}/ideas (shortlisted)', officer.problems);
    await officer.page.close();
    await rosa.close();
    await sam.close();
  });
};
