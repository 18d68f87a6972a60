// Browser tests of consultations: the admin (a locality admin, so also an officer) starts one, builds a
// survey whose second question shows only after "Yes" to the first, previews and publishes it; a
// resident without JavaScript answers it, meets the error summary, corrects it and sends it; the admin
// sees the results. With JavaScript, a place question gets a map that fills its latitude and longitude.
// axe on every page (pages reached without JavaScript are checked again with it).
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded, checkPage, clickButton: click, noErrors } = require('./lib.cjs');

module.exports = async function consultationsSuite({ browser, admin, signedIn }) {
  let consultation = null;

  await test('consultations: the admin builds a survey with a conditional question and publishes it', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const { page, problems } = await open(admin, base + '/consultations/new');
    await checkLoaded(page, '/consultations/new', problems);
    await page.fill('#title', 'Opening hours of Wallington Library');
    await page.fill('#summary', 'Tell us when you would use the library.');
    await page.fill('#body', 'We are reviewing **opening hours** across the borough.');
    await page.getByLabel('Wallington South', { exact: true }).check();
    // New consultations take signed-in responses only; this one is open to anyone, as a library survey is.
    assert.ok(await page.getByLabel('Only people who sign in', { exact: true }).isChecked(), 'signed-in only is the default');
    await page.getByLabel('Anyone, signed in or not', { exact: true }).check();
    await click(page, 'Save and continue', problems);
    await noErrors(page, 'the details');
    const match = page.url().match(/\/consultations\/(\d+)\/survey$/);
    assert.ok(match, `went on to the survey builder: ${page.url()}`);
    consultation = `/consultations/${match[1]}`;
    await checkLoaded(page, '/consultations/{id}/survey', problems);

    await page.getByLabel('Single choice (choose one)').check();
    await click(page, 'Continue');
    await checkLoaded(page, '/consultations/{id}/survey/new', problems);
    await page.fill('#title', 'Do you use Wallington Library?');
    await page.fill('#options', 'Yes\nNo');
    await page.getByLabel('Yes, it is required').check();
    await click(page, 'Save the question', problems);
    await noErrors(page, 'question 1');

    await page.getByLabel('Short text (one line)').check();
    await click(page, 'Continue');
    await page.fill('#title', 'What do you go there for?');
    await page.getByLabel('Yes, it is required').check();
    await page.selectOption('#condition', { label: "Only if the answer to question 1 is 'Yes'" });
    await click(page, 'Save the question', problems);
    await noErrors(page, 'question 2');
    assert.match(await page.locator('main').innerText(), /Answer this if you chose 'Yes' in question 1\./);
    await checkLoaded(page, '/consultations/{id}/survey (two questions)', problems);

    await checkPage(admin, consultation + '/preview', { label: '/consultations/{id}/preview' });
    await page.goto(base + consultation);
    await click(page, 'Publish', problems);
    assert.match(await page.locator('main').innerText(), /Open until the end of/);
    await checkLoaded(page, '/consultations/{id} (published, as the officer)', problems);
    await page.close();
  });

  await test('consultations: a resident answers without JavaScript, corrects an error and sends it', async () => {
    assert.ok(consultation, 'needs the consultation from the test before');
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await open(noJs, base + consultation);
    await Promise.all([page.waitForURL(/\/respond$/), page.getByRole('button', { name: /Respond to this consultation/ }).click()]);
    await page.getByLabel('Yes', { exact: true }).check();
    await page.fill('#postcode', 'SM6 0HY');
    await click(page, 'Send my response');
    const summary = page.locator('.govuk-error-summary');
    assert.equal(await summary.count(), 1, 'the error summary is shown');
    assert.equal(await summary.locator('a[href="#q2"]').count(), 1, 'it links to question 2');
    assert.match(await page.title(), /^Error: /);
    assert.equal(await page.isChecked('#q1'), true, 'the answer given is still ticked');
    assert.equal(await page.inputValue('#postcode'), 'SM6 0HY');
    await page.fill('#q2', 'Reading groups and the computers');
    await click(page, 'Send my response');
    assert.match(await page.locator('h1').innerText(), /Thank you for your response/);
    await noJs.close();

    // axe needs JavaScript: the form and its error page again, in a context that has it.
    const withJs = await browser.newContext();
    const form = await open(withJs, base + consultation + '/respond');
    await checkLoaded(form.page, '/consultations/{id}/respond', form.problems);
    // With JavaScript, question 2 waits for its answer in question 1.
    assert.equal(await form.page.locator('#q2').isVisible(), false, 'question 2 is hidden until "Yes"');
    await form.page.getByLabel('No', { exact: true }).check();
    assert.equal(await form.page.locator('#q2').isVisible(), false, 'and stays hidden for "No"');
    await form.page.getByLabel('Yes', { exact: true }).check();
    assert.equal(await form.page.locator('#q2').isVisible(), true, 'question 2 appears for "Yes"');
    await Promise.all([form.page.waitForNavigation(), form.page.getByRole('button', { name: 'Send my response' }).click()]);
    await form.page.waitForLoadState('load');
    assert.equal(await form.page.locator('.govuk-error-summary').count(), 1);
    await checkLoaded(form.page, '/consultations/{id}/respond (errors)', []);
    await withJs.close();
  });

  await test('consultations: with JavaScript a resident marks a place on the map, and the results draw it', async () => {
    const withJs = await browser.newContext();
    const list = await open(withJs, base + '/consultations');
    const href = await list.page.getByRole('link', { name: 'A safer, greener Sutton High Street' }).first().getAttribute('href');
    await list.page.close();
    const { page, problems } = await open(withJs, base + href + '/respond');
    const map = page.getByRole('region', { name: 'Map: choose the place' });
    await map.locator('.leaflet-tile-loaded').first().waitFor();
    assert.equal(await page.inputValue('input[name="q5-lat"]'), '', 'nothing is marked before a click');
    await map.click();  // the middle of the consultation's wards
    assert.match(await page.inputValue('input[name="q5-lat"]'), /^51\.\d{6}$/);
    assert.match(await page.inputValue('input[name="q5-lon"]'), /^-0\.\d{6}$/);
    assert.match(await page.locator('[data-app-place-map]').innerText(), /Marked on the map at 51\./);
    await checkLoaded(page, '/consultations/{id}/respond (a place question with its map)', problems);
    await page.check('input[name="q1"][value="No"]');
    await page.check('input[name="q3"][value="3"]');
    await click(page, 'Send my response', problems);
    await noErrors(page, 'the response with a point on the map');
    assert.match(await page.locator('h1').innerText(), /Thank you for your response/);
    await withJs.close();

    const results = await open(admin, base + href + '/results');
    const drawn = results.page.locator('svg[aria-labelledby="place-map-q5-title place-map-q5-desc"] circle');
    assert.equal(await drawn.count(), 1, 'the point is drawn on the ward map');
    assert.match(await results.page.locator('main').innerText(), /\(51\.\d{6}, -0\.\d{6}\)/);
    await checkLoaded(results.page, '/consultations/{id}/results (a place question)', results.problems);
    await results.page.close();
  });

  await test('consultations: the admin sees the results, and the demo\'s closed consultation its outcome', async () => {
    assert.ok(consultation, 'needs the consultation from the first test');
    const { page, problems } = await open(admin, base + consultation + '/results');
    const text = await page.locator('main').innerText();
    assert.match(text, /1 response/);
    assert.match(text, /Reading groups and the computers/);
    assert.equal(await page.locator('svg.app-chart').count(), 2, 'a chart for question 1 and one by decile');
    await checkLoaded(page, '/consultations/{id}/results', problems);
    await page.close();
    for (const p of ['/edit', '/documents', '/close', '/withdraw']) {
      await checkPage(admin, consultation + p, { label: `/consultations/{id}${p}` });
    }
    await checkPage(admin, '/consultations/manage', { label: '/consultations/manage' });
    const list = await open(admin, base + '/consultations?show=outcomes');
    await Promise.all([list.page.waitForNavigation(), list.page.getByRole('link', { name: /^You said, we did/ }).first().click()]);
    assert.match(await list.page.locator('main').innerText(), /Sunday opening at the Central Library continues/);
    await checkLoaded(list.page, '/consultations/{id}/outcome', list.problems);
    const outcome = new URL(list.page.url()).pathname;
    await list.page.close();
    // The officer's steps before anything is mailed: the form, then the page to check before publishing.
    for (const p of ['/edit', '/publish']) await checkPage(admin, outcome + p, { label: `/consultations/{id}/outcome${p}` });
  });
};
