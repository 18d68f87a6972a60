// What every browser-test suite uses: the site's address, a test runner that records results, opening
// pages while watching for console and network problems, and the checks every page gets (axe-core on
// WCAG 2.2 AA and best practice, one h1, the title pattern), plus keyboard helpers.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');

const base = process.argv[2];
const adminEmail = process.env.E2E_ADMIN_EMAIL;
const adminResetUrl = process.env.E2E_ADMIN_RESET_URL;
const adminPassword = 'correct horse battery staple lantern';
const sessionCookie = 'commonweal_session';
const axeSource = fs.readFileSync(require.resolve('axe-core'), 'utf8');
const shots = path.join(__dirname, 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const results = [];
const state = { failures: 0 };

// E2E_ONLY=petitions runs only the capability tests (named "capability: …") of that capability, with the
// site-wide ones, while working on one capability; make test never sets it.
async function test(name, fn) {
  const only = process.env.E2E_ONLY;
  if (only && /^[a-z ]+: /.test(name) && !name.startsWith(`${only}:`)) return;
  const started = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - started} ms)`);
    // E2E_TIMINGS: a file for scripts/slowest-tests, one "seconds name" line per passed test.
    if (process.env.E2E_TIMINGS) fs.appendFileSync(process.env.E2E_TIMINGS, `${(Date.now() - started) / 1000} ${name}\n`);
    console.error(results[results.length - 1]);  // progress as it happens; the summary follows at the end
  } catch (e) {
    state.failures++;
    results.push(`FAIL ${name}\n     ${String(e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
    console.error(results[results.length - 1]);
  }
}

// Opens a page, watching for console errors and failed requests; returns helpers.
async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  // "Failed to load resource" repeats what the response handler below reports, and it also fires for
  // the page itself when a 404 page is what the test asked for.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== url) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, response, problems };
}

async function checkAccessible(page, label) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const msg = res.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  assert.deepEqual(msg, [], `axe violations on ${label}`);
}

// The checks every page gets: title pattern, one h1, language, axe, no console or network problems,
// and a screenshot named after `label`.
async function checkLoaded(page, label, problems) {
  const title = await page.title();
  assert.match(title, / – commonweal$/, `title of ${label}: ${title}`);
  assert.equal(await page.locator('h1').count(), 1, `one h1 on ${label}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const description = await page.getAttribute('meta[name="description"]', 'content');
  assert.ok(description && description.length > 20, `${label} has a meta description`);
  await checkAccessible(page, label);
  assert.deepEqual(problems, [], `console or network problems on ${label}`);
  const file = label.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home';
  await page.screenshot({ path: path.join(shots, `${file}.png`), fullPage: true });
}

async function checkPage(context, pathName, { status = 200, label = pathName } = {}) {
  const url = base + pathName;
  const { page, response, problems } = await open(context, url);
  try {
    assert.equal(response.status(), status, `status of ${pathName}`);
    await checkLoaded(page, label, problems);
    return await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
  } finally {
    await page.close();
  }
}

// What the element with focus is, for keyboard tests.
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { id: el && el.id, tag: el && el.tagName, text: el ? el.textContent.trim() : '' };
  });
}

// Presses Tab until the element with this id has focus (at most `limit` presses).
async function tabTo(page, id, limit = 25) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).id === id) return;
  }
  assert.fail(`${limit} presses of Tab did not reach #${id}`);
}

// The first match of `pattern` in a mail to `to` in the server's mail folder (COMMONWEAL_MAIL_DIR, set
// by scripts/test-e2e), quoted-printable soft line breaks undone, skipping matches already taken with
// `seen`. Waits for the outbox sender, which runs every 2 seconds.
async function fromMail(to, pattern, seen = new Set()) {
  const dir = process.env.COMMONWEAL_MAIL_DIR;
  assert.ok(dir, 'COMMONWEAL_MAIL_DIR is set by scripts/test-e2e');
  for (const deadline = Date.now() + 10000; Date.now() < deadline;) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8').replace(/=\r?\n/g, '');
      const match = text.includes(to) && text.match(pattern);
      if (match && !seen.has(match[0])) {
        seen.add(match[0]);
        return match[0];
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`no mail to ${to} matching ${pattern} within 10 s`);
}

async function hasSession(context) {
  return (await context.cookies()).some((c) => c.name === sessionCookie);
}

// The authenticator app's 6-digit code (RFC 6238: HMAC-SHA1, 30-second steps) for a base32 key, as
// the second-factor pages expect from an admin's phone.
function totp(base32, stepOffset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + stepOffset));
  const mac = require('node:crypto').createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// Presses the button called `name` and waits for the page it leads to; no console or network problems.
async function clickButton(page, name, problems) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  await page.waitForLoadState('load');
  if (problems) assert.deepEqual(problems, [], `no console or network problems after "${name}"`);
}

// Fails, quoting the error summary, when a form sent as `what` was refused.
async function noErrors(page, what) {
  const summary = page.locator('.govuk-error-summary');
  assert.equal(await summary.count(), 0, `${what} was refused: ${(await summary.count()) ? await summary.innerText() : ''}`);
}

// Fills the GOV.UK date input `name` with today plus `days` (UTC, as the site reads dates).
async function fillDate(page, name, days) {
  const d = new Date(Date.now() + days * 86400000);
  await page.fill(`#${name}`, String(d.getUTCDate()));
  await page.fill(`#${name}-month`, String(d.getUTCMonth() + 1));
  await page.fill(`#${name}-year`, String(d.getUTCFullYear()));
}

module.exports = {
  totp, clickButton, noErrors, fillDate,
  base, adminEmail, adminResetUrl, adminPassword, sessionCookie, results, state,
  test, open, checkAccessible, checkLoaded, checkPage, focused, tabTo, hasSession, fromMail,
};
