// Browser tests of participatory budgets: the admin (a locality admin, so also an officer) starts a
// knapsack budget, adds two projects to the shortlist and opens voting by moving its date to today; then,
// as a resident, checks what the ticked projects cost ("Check what I have spent", worked out on the
// server, so it needs no JavaScript), casts the ballot and gets a receipt code. axe on every page.
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded, clickButton: click, noErrors, fillDate } = require('./lib.cjs');

module.exports = async function budgetingSuite({ admin, signedIn }) {
  await test('budgeting: the admin sets up a knapsack budget, residents vote and get a receipt code', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const { page, problems } = await open(admin, base + '/budgets/new');
    await checkLoaded(page, '/budgets/new', problems);
    await page.fill('#title', 'Greener Wallington');
    await page.fill('#pot', '£1,000');
    await page.getByLabel('Method of Equal Shares', { exact: true }).check();
    await page.getByLabel('Spend the pot', { exact: true }).check();
    await page.getByLabel(/Compare with greedy/).check();
    await page.fill('#min_age', '16');
    for (const name of ['ideas', 'costing', 'shortlist']) await fillDate(page, name, 0);
    await fillDate(page, 'voting', 1);
    await fillDate(page, 'results', 3);
    await fillDate(page, 'delivery', 10);
    await click(page, 'Save', problems);
    await noErrors(page, 'the budget');
    const budget = new URL(page.url()).pathname;
    assert.match(budget, /^\/budgets\/\d+$/);
    await checkLoaded(page, '/budgets/{id}', problems);

    for (const [title, cost] of [['Trees on Woodcote Road', '£600'], ['Benches in Beddington Park', '£300']]) {
      await page.goto(base + budget + '/projects/new');
      await checkLoaded(page, '/budgets/{id}/projects/new', problems);
      await page.fill('#title', title);
      await page.fill('#cost', cost);
      await click(page, 'Add the project', problems);
      await noErrors(page, title);
    }
    await page.goto(base + budget + '/edit');
    await checkLoaded(page, '/budgets/{id}/edit', problems);
    await fillDate(page, 'voting', 0);
    await click(page, 'Save', problems);
    await noErrors(page, 'opening voting');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Vote now' }).click()]);
    await checkLoaded(page, '/budgets/{id}/vote', problems);
    await page.getByLabel(/Trees on Woodcote Road/).check();
    await page.getByLabel(/Benches in Beddington Park/).check();
    await click(page, 'Check what I have spent', problems);
    assert.match(await page.locator('#tally-text').innerText(), /costing £900 of £1,000: £100 left/);
    await checkLoaded(page, '/budgets/{id}/vote (checked)', problems);
    await click(page, 'Cast my vote');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Confirm that you are 16 or older/);
    problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('HTTP 422')));  // asserted above
    await checkLoaded(page, '/budgets/{id}/vote (age not declared)', problems);
    await page.getByLabel('I am 16 or older').check();
    await click(page, 'Cast my vote', problems);
    const receipt = await page.locator('#receipt-code').innerText();
    assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await checkLoaded(page, '/budgets/{id}/vote (receipt)', problems);
    await page.goto(base + '/budgets');
    await checkLoaded(page, '/budgets', problems);

    // The officer closes voting by moving its dates back a day; the results, the count explained round by
    // round and project by project, the voter's share and the fairness report follow.
    await page.goto(base + budget + '/edit');
    for (const name of ['ideas', 'costing', 'shortlist']) await fillDate(page, name, -3);
    await fillDate(page, 'voting', -2);
    await fillDate(page, 'results', 0);
    await click(page, 'Save', problems);
    await noErrors(page, 'closing voting');
    await page.goto(base + budget + '/results');
    await checkLoaded(page, '/budgets/{id}/results', problems);
    assert.match(await page.locator('h1').innerText(), /Results/);
    assert.equal(await page.locator('svg[role="img"]').count() >= 3, true, 'votes chart and the two rules side by side');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'See the count round by round' }).click()]);
    await checkLoaded(page, '/budgets/{id}/results/rounds', problems);
    assert.match(await page.locator('table').innerText(), /Trees on Woodcote Road/);
    await page.goto(base + budget + '/results');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Benches in Beddington Park' }).click()]);
    await checkLoaded(page, '/budgets/{id}/results/projects/{project}', problems);
    assert.match(await page.locator('main').innerText(), /Why it was (not )?funded/);
    await page.goto(base + budget + '/results');
    await page.fill('#receipt', receipt);
    await click(page, 'Check my ballot', problems);
    await checkLoaded(page, '/budgets/{id}/results (your ballot)', problems);
    assert.match(await page.locator('main').innerText(), /Where your share went/);
    assert.match(await page.locator('main').innerText(), /Your equal share of the pot was £1,000/);
    await page.goto(base + budget + '/results');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'fairness report' }).click()]);
    await checkLoaded(page, '/budgets/{id}/fairness', problems);
    assert.match(await page.locator('h1').innerText(), /Fairness report/);

    // The comparison step kept Equal Shares' outcome; then the officer excludes a project, giving a reason
    // the second time, and the page shows what the rules funded beside what is published.
    await page.goto(base + budget + '/results');
    assert.match(await page.locator('main').innerText(), /so the Equal Shares outcome is published/);
    await page.selectOption('#project', { label: 'Benches in Beddington Park' });
    await click(page, 'Exclude and count again');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Say why the project is excluded/);
    problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('HTTP 422')));  // asserted above
    await checkLoaded(page, '/budgets/{id}/results (exclusion refused)', problems);
    await page.fill('#reason', 'The benches would block the park gate.');
    await click(page, 'Exclude and count again', problems);
    await noErrors(page, 'the exclusion');
    await checkLoaded(page, '/budgets/{id}/results (a project excluded)', problems);
    assert.match(await page.locator('#exclusions + p + dl').innerText(), /The benches would block the park gate\./);
    assert.match(await page.locator('main').innerText(), /What the rules alone funded, and what is published/);

    // Count a Pabulib file: this budget's own, downloaded and uploaded again, agrees with itself.
    const pb = await (await page.request.get(base + '/api/v1' + budget + '/pabulib')).body();
    await page.goto(base + '/budgets/count-a-file');
    await checkLoaded(page, '/budgets/count-a-file', problems);
    await page.setInputFiles('#file', { name: 'budget.pb', mimeType: 'text/plain', buffer: pb });
    await click(page, 'Count the file', problems);
    await checkLoaded(page, '/budgets/count-a-file (counted)', problems);
    assert.match(await page.locator('main').innerText(), /This count funds exactly the projects the file marks as selected/);

    // Delivery: the officer posts an update on a funded project without JavaScript's help.
    await page.goto(base + budget + '/delivery');
    await checkLoaded(page, '/budgets/{id}/delivery', problems);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Trees on Woodcote Road' }).click()]);
    await checkLoaded(page, '/budgets/{id}/delivery/{project}', problems);
    await page.getByLabel('In progress', { exact: true }).check();
    await page.fill('#progress', '200');
    await click(page, 'Post the update');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /whole number from 0 to 100/);
    problems.splice(0, problems.length, ...problems.filter((p) => !p.startsWith('HTTP 422')));  // asserted above
    await checkLoaded(page, '/budgets/{id}/delivery/{project} (errors)', problems);
    await page.fill('#progress', '25');
    await page.fill('#note', 'The saplings are ordered.');
    await click(page, 'Post the update', problems);
    await noErrors(page, 'the delivery update');
    assert.match(await page.locator('main').innerText(), /The saplings are ordered\./);
    await page.close();
  });
};
