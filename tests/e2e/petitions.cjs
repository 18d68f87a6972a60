// Browser tests of petitions: a resident starts a petition (after an error shown in the summary),
// confirms from the mail, five supporters sign through the creator's link and confirm, the admin
// publishes it from the moderation queue, and a resident without JavaScript signs and confirms; the count,
// the ward map and the decile chart follow, and a search from the postcode finds the petition and the
// consultation about the same ward. The admin's settings page too. axe on every page.
const assert = require('node:assert/strict');
const { base, test, open, checkLoaded, fromMail } = require('./lib.cjs');

const action = 'Put benches along the path in Manor Park';

async function press(page, button) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
  await page.waitForLoadState('load');
}

async function fillPerson(page, name, email, postcode) {
  await page.fill('#name', name);
  await page.fill('#email', email);
  await page.fill('#postcode', postcode);
  await page.locator('#declaration').check();
}

// Opens a mailed confirmation link and presses its button; axe runs on the page unless the context has
// no JavaScript (axe needs it).
async function confirmFromMail(context, email, { javaScript = true } = {}) {
  const link = await fromMail(email, /\/petitions\/confirm\/[A-Za-z0-9_-]+/);
  const { page, problems } = await open(context, base + link);
  if (javaScript) await checkLoaded(page, '/petitions/confirm/{token}', problems);
  await press(page, 'Confirm');
  const heading = await page.locator('h1').innerText();
  await page.close();
  return heading;
}

module.exports = async function petitionsSuite({ browser, admin, signedIn }) {
  await test('petitions: start, confirm, support, publish, sign without JavaScript, and watch the count and ward map', async () => {
    assert.ok(signedIn, 'needs the sign-in test to have passed');
    const settings = await open(admin, base + '/petitions/settings');
    await checkLoaded(settings.page, '/petitions/settings', settings.problems);
    assert.equal(await settings.page.inputValue('#sponsors_required'), '5');
    await press(settings.page, 'Save the settings');
    assert.match(await settings.page.locator('main').innerText(), /Settings saved/);
    await settings.page.close();

    const resident = await browser.newContext();
    const { page, problems } = await open(resident, base + '/petitions/new');
    await checkLoaded(page, '/petitions/new', problems);
    await page.fill('#action', action);
    await press(page, 'Start the petition');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter why you want the council to do it/);
    assert.equal(await page.inputValue('#action'), action, 'what was typed is kept');
    await checkLoaded(page, '/petitions/new (errors)', problems);
    await page.fill('#background', 'There is nowhere to rest between the gates and the playground.');
    await page.selectOption('#ward', { label: 'Sutton Central' });
    await fillPerson(page, 'Cara Creator', 'cara.creator@example.org', 'SM1 1EA');
    await press(page, 'Start the petition');
    assert.match(await page.locator('h1').innerText(), /Check your email/);
    await checkLoaded(page, '/petitions/new/sent', problems);
    await page.close();
    assert.match(await confirmFromMail(resident, 'cara.creator@example.org'), /Your petition is confirmed/);

    const supportLink = await fromMail('cara.creator@example.org', /\/petitions\/\d+\/support\/[A-Za-z0-9_-]+/);
    // Five supporters sign first, then confirm, as people who were sent the link would.
    for (let i = 1; i <= 5; i++) {
      const support = await open(resident, base + supportLink);
      if (i === 1) await checkLoaded(support.page, '/petitions/{id}/support/{token}', support.problems);
      await fillPerson(support.page, `Supporter ${i}`, `supporter${i}@example.org`, i === 1 ? 'SM2 5AD' : 'SM1 1EA');
      await press(support.page, 'Support this petition');
      await support.page.close();
    }
    for (let i = 1; i <= 5; i++)
      assert.match(await confirmFromMail(resident, `supporter${i}@example.org`, { javaScript: i === 1 }), /Thank you for supporting/);

    const queue = await open(admin, base + '/petitions/moderate');
    await checkLoaded(queue.page, '/petitions/moderate', queue.problems);
    await Promise.all([queue.page.waitForNavigation(), queue.page.getByRole('link', { name: action }).click()]);
    await checkLoaded(queue.page, '/petitions/moderate/{id}', queue.problems);
    await queue.page.getByLabel('Publish it').check();
    await press(queue.page, 'Save the decision');
    const petitionPath = new URL(supportLink, base).pathname.replace(/\/support\/.*$/, '');
    await queue.page.close();

    // A resident whose browser runs no JavaScript signs and confirms (axe needs JavaScript, so the
    // same pages are checked in the resident's ordinary browser).
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const signing = await open(plain, base + petitionPath);
    const before = await signing.page.locator('.app-petition-count').innerText();
    assert.match(before, /^6 signatures$/, 'the creator and the five supporters');
    await press(signing.page, 'Sign this petition');
    assert.match(await signing.page.locator('.govuk-error-summary').innerText(), /Enter your name/);
    await fillPerson(signing.page, 'Nia Neighbour', 'nia.neighbour@example.org', 'SM1 1EA');
    await press(signing.page, 'Sign this petition');
    assert.match(await signing.page.locator('h1').innerText(), /Check your email/);
    await signing.page.close();
    assert.match(await confirmFromMail(plain, 'nia.neighbour@example.org', { javaScript: false }), /Your signature has been added/);

    // The tally job folds counts every 2 seconds.
    let text = '';
    for (const deadline = Date.now() + 8000; Date.now() < deadline;) {
      const again = await open(resident, base + petitionPath);
      text = await again.page.locator('.app-petition-count').innerText();
      if (/^7 signatures$/.test(text)) {
        assert.equal(await again.page.locator('svg path.app-ward-map__shade--5 title', { hasText: 'Sutton Central' }).count(), 1,
          'Sutton Central, with the most signatures, is shaded darkest');
        assert.match(await again.page.locator('main').innerText(), /Signatures by deprivation decile/);
        await checkLoaded(again.page, '/petitions/{id} (signed)', again.problems);
        await again.page.close();
        break;
      }
      await again.page.close();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.match(text, /^7 signatures$/);
    const json = await (await plain.request.get(base + petitionPath + '.json')).json();
    assert.equal(json.data.attributes.signature_count, 7);

    // Anyone finds both the petition and the consultation about their ward from their postcode.
    for (const [kind, title] of [['petition', action], ['consultation', 'A safer, greener Sutton High Street']]) {
      const found = await open(plain, `${base}/search?postcode=SM1+1EA&kind=${kind}`);
      const titles = await found.page.locator('.app-search-result h2').allInnerTexts();
      assert.ok(titles.includes(title), `the ${kind} about Sutton Central is found (got ${titles.join('; ')})`);
      await found.page.close();
    }
    await plain.close();
    await resident.close();
  });
};
