// The console in a real browser against the real stack: Debian's Chromium,
// headless, driven by playwright-core; every page checked with axe-core
// (no serious or critical violation) and photographed. Started by
// tests/e2e/gateway/browser_e2e_test.cc, which runs the stack and passes:
//   CC_GATEWAY_URL, CC_CONSOLE_PASSWORD, CC_SCREENSHOT_DIR, CC_CHROMIUM
// Exits non-zero naming every scenario that failed.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const base = process.env.CC_GATEWAY_URL;
const password = process.env.CC_CONSOLE_PASSWORD;
const shots = process.env.CC_SCREENSHOT_DIR;
assert.ok(base && password && shots, 'CC_GATEWAY_URL, CC_CONSOLE_PASSWORD, CC_SCREENSHOT_DIR');
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CC_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const failures = [];
// A phone number no other run used: the history starts empty.
const phone = '050' + String(Date.now() % 10000000).padStart(7, '0');

async function scenario(name, fn) {
  try {
    await fn();
    console.log('ok   ' + name);
  } catch (e) {
    failures.push(name);
    console.log('FAIL ' + name + '\n' + (e.stack || e));
  }
}

// A fresh browser profile. axe is added as an init script (not through the
// page, so the console's CSP stays on); any CSP violation fails the test.
async function newPage() {
  const context = await browser.newContext({ locale: 'uk-UA' });
  await context.addInitScript({ path: require.resolve('axe-core/axe.min.js') });
  const page = await context.newPage();
  page.cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) page.cspViolations.push(m.text());
  });
  // Generous: CI runs this beside other end-to-end tests on 2 cores.
  page.setDefaultTimeout(45000);
  return page;
}

// axe: no serious or critical violation; a screenshot in the build folder.
async function check(page, name) {
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), [],
                   `axe on ${name}`);
  assert.deepEqual(page.cspViolations, [], `CSP on ${name}`);
}

// Logs in by keyboard alone from wherever the page is sent to the login.
async function login(page, user, path) {
  await page.goto(base + path);
  await page.waitForURL(/\/login\.html/);
  // The login field has the focus (autofocus); on a loaded machine wait for
  // it, so that no keystroke goes nowhere.
  await page.locator('#login:focus').waitFor();
  await page.keyboard.type(user);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  // Argon2id on a machine busy with other tests can take seconds.
  await page.waitForURL((u) => u.pathname === path.split('?')[0], { timeout: 60000 });
}

let firstNumber = '';
let manualNumber = '';
let manualAppealId = '';
let proposalNumber = '';

// A day from today in Kyiv, as an <input type=date> takes it.
function kyivDay(days) {
  return new Date(Date.now() + days * 86400000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Kyiv' });
}

// Clicks what starts a download and returns the file's text.
async function downloaded(page, locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  return readFileSync(await download.path(), 'utf8');
}

await scenario('a page without a session goes to the login', async () => {
  const page = await newPage();
  await page.goto(base + '/operator.html');
  await page.waitForURL(/\/login\.html\?next=%2Foperator\.html$/i);
  await check(page, 'login');
  await page.context().close();
});

await scenario('an operator registers an appeal by keyboard alone', async () => {
  const page = await newPage();
  await login(page, 'e2e-operator', '/operator.html');
  await page.locator('#phone:focus').waitFor();
  // The console's first render, as the browser measures it.
  const paint = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { fcp: fcp ? fcp.startTime : NaN, loaded: nav ? nav.loadEventEnd : NaN };
  });
  console.log(`operator.html: first contentful paint ${paint.fcp.toFixed(1)} ms, ` +
              `load ${paint.loaded.toFixed(1)} ms`);
  await page.keyboard.type(phone);
  await page.keyboard.press('Enter');
  await page.locator('#history-status', { hasText: 'не було' }).waitFor();
  await page.locator('#surname:focus').waitFor();
  const k = page.keyboard;
  await k.type('Шевченко'); await k.press('Tab');
  await k.type('Олена'); await k.press('Tab');
  await k.press('Tab');  // no patronymic
  await k.type('м. Сєвєродонецьк, вул. Центральна, 1'); await k.press('Tab');
  await k.press('Tab');  // no e-mail
  await k.press('Tab');  // kind: statement
  await k.press('Tab');  // subject: individual
  await k.type('109'); await k.press('Tab');
  await k.type('LG-SEV'); await k.press('Tab');
  await k.type('Немає опалення в будинку з 20 листопада.');
  await k.press('Control+Enter');
  await page.locator('#reg-number').filter({ hasText: /\S/ }).waitFor();
  firstNumber = (await page.locator('#reg-number').textContent()).trim();
  assert.match(firstNumber, /\d/);
  await check(page, 'operator');
  await page.context().close();
});

await scenario("a repeat caller's history appears, the card pre-filled", async () => {
  const page = await newPage();
  await login(page, 'e2e-operator', `/operator.html?phone=${phone}`);
  await page.locator('#history-table', { hasText: firstNumber }).waitFor();
  await page.locator('#essence:focus').waitFor();
  assert.equal(await page.inputValue('#surname'), 'Шевченко');
  assert.match(await page.inputValue('#topic'), /^109 — /);
  await check(page, 'operator-repeat');

  // A bad field shows the server's message beside it.
  await page.fill('#topic', '99999');
  await page.fill('#essence', 'Знову немає опалення.');
  await page.keyboard.press('Control+Enter');
  // In Ukrainian (the gateway's message catalogue), beside the field.
  await page.locator('#topic-error', { hasText: 'невідома тема' }).waitFor();
  assert.equal(await page.getAttribute('#topic', 'aria-invalid'), 'true');
  assert.equal(await page.locator('#topic:focus').count(), 1);
  await check(page, 'operator-field-error');

  // One to route by hand, for the supervisor: on another issue (106), as
  // the same caller on heating again, while the first is under
  // consideration, is a duplicate (дублетне) that joins the first one's case.
  await page.fill('#topic', '106');
  await page.check('#manual');
  await page.keyboard.press('Control+Enter');
  await page.locator('#reg-number').filter({ hasText: /\S/ }).waitFor();
  manualNumber = (await page.locator('#reg-number').textContent()).trim();
  await page.context().close();
});

await scenario('a supervisor assigns a queued appeal and the case opens', async () => {
  const page = await newPage();
  await login(page, 'e2e-supervisor', '/supervisor.html');
  const row = page.locator('#queue-table tr', { hasText: manualNumber });
  await row.waitFor();
  await check(page, 'supervisor');
  manualAppealId = new URL(await row.locator('a').getAttribute('href'), base).searchParams.get('id');
  await row.locator('input').fill('lg-sev-rva');
  await row.locator('input').press('Enter');
  await page.locator('#assign-status', { hasText: 'передано виконавцю' }).waitFor();
  // The case opens: its history shows it forwarded to the executor.
  for (let i = 0; ; ++i) {
    await page.goto(`${base}/appeal.html?id=${manualAppealId}`);
    await page.locator('#timeline li').first().waitFor();
    if (await page.locator('#timeline', { hasText: 'надіслано виконавцю' }).count()) break;
    assert.ok(i < 50, 'the case did not open');
    await page.waitForTimeout(200);
  }
  await check(page, 'appeal');
  await page.context().close();
});

await scenario('an executor answers on its page', async () => {
  const page = await newPage();
  await login(page, 'e2e-executor', '/executor.html');
  const row = page.locator('#cases-table tr', { hasText: manualNumber });
  await row.waitFor();
  await row.getByRole('button', { name: 'Прийняти' }).click();
  await page.locator('#cases-table tr', { hasText: manualNumber })
    .filter({ hasText: 'прийнято до розгляду' }).waitFor();
  await page.locator('#cases-table tr', { hasText: manualNumber })
    .getByRole('button', { name: 'Відкрити' }).click();
  await page.fill('#answer-text', 'Опалення відновлено 2 грудня.');
  await page.fill('#answer-number', '01-15/123');
  await page.fill('#answer-signer', 'Голова РВА');
  await page.locator('#answer-form button[type=submit]').click();
  await page.locator('#case-done', { hasText: 'Відповідь надіслано' }).waitFor();
  await check(page, 'executor');
  await page.context().close();
});

await scenario('another executor cannot open that case', async () => {
  const page = await newPage();
  await login(page, 'e2e-other-executor', '/executor.html');
  await page.locator('#cases-status').filter({ hasText: /\S/ }).waitFor();
  assert.equal(await page.locator('#cases-table', { hasText: manualNumber }).count(), 0);
  const status = await page.evaluate(async (id) => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch('/api/TrackingService/GetCase', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify({ appeal_id: id }) });
    return r.status;
  }, manualAppealId);
  assert.equal(status, 404);
  await page.context().close();
});

await scenario('an operator flags an incapable applicant; a supervisor decides on the proposal', async () => {
  const op = await newPage();
  await login(op, 'e2e-operator', `/operator.html?phone=${phone}`);
  await op.locator('#essence:focus').waitFor();
  await op.keyboard.type('Прошу перерахувати плату за опалення.');
  await op.check('#incapable');
  await op.keyboard.press('Control+Enter');
  await op.locator('#result-status', { hasText: 'чекає рішення керівника' }).waitFor();
  proposalNumber = (await op.locator('#reg-number').textContent()).trim();
  await op.context().close();

  const page = await newPage();
  await login(page, 'e2e-supervisor', '/decisions.html');
  const proposal = page.locator('article.proposal', { hasText: proposalNumber });
  await proposal.waitFor();
  // The reason and the article of the law it rests on.
  await proposal.locator('.reason', { hasText: 'визнано судом недієздатним' }).waitFor();
  await proposal.locator('.basis', { hasText: 'ст. 8' }).waitFor();
  await check(page, 'decisions');
  // Overruling needs a reason: the service's violation, in Ukrainian, beside the field.
  await proposal.getByRole('button', { name: 'Розглянути' }).click();
  await proposal.locator('.field-error', { hasText: "обов'язкове поле" }).waitFor();
  assert.equal(await proposal.locator('textarea').getAttribute('aria-invalid'), 'true');
  await proposal.locator('textarea').fill('Рішення суду скасовано апеляцією; копію надано.');
  await proposal.getByRole('button', { name: 'Розглянути' }).click();
  await page.locator('#proposals-status', { hasText: 'зареєстровано для розгляду' }).waitFor();
  // The status is written before the list is read again (decisions.js):
  // the decided proposal leaves the list once that read answers.
  await page.locator('article.proposal', { hasText: proposalNumber }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('article.proposal', { hasText: proposalNumber }).count(), 0);
  await page.context().close();
});

await scenario('the call-back is planned and recorded; the case shows in rework by its body, live', async () => {
  // The supervisor's page stays open: the case must arrive by itself.
  const sup = await newPage();
  await login(sup, 'e2e-supervisor', '/supervisor.html');
  await sup.locator('#attention-status').filter({ hasText: /\S/ }).waitFor();

  const page = await newPage();
  await login(page, 'e2e-operator', `/appeal.html?id=${manualAppealId}`);
  await page.locator('#plan-form:not(.hidden)').waitFor();
  assert.equal(await page.inputValue('#plan-date'), kyivDay(1));
  await page.locator('#plan-form button[type=submit]').click();
  await page.locator('#callback-done', { hasText: 'заплановано' }).waitFor();
  await page.locator('#result-form:not(.hidden)').waitFor();
  await check(page, 'appeal-call-back');
  await page.selectOption('#cb-outcome', 'not-confirmed');
  await page.selectOption('#cb-grade', '2');
  await page.fill('#cb-comment', 'Опалення є лише в одній кімнаті.');
  await page.fill('#cb-rework', kyivDay(7));
  await page.locator('#result-form button[type=submit]').click();
  await page.locator('#callback-done', { hasText: 'на доопрацювання' }).waitFor();
  await page.locator('#timeline', { hasText: 'на доопрацюванні' }).waitFor();
  await page.context().close();

  const group = sup.locator('section.body-group[data-executor="lg-sev-rva"]');
  await group.locator('tr', { hasText: manualNumber }).filter({ hasText: 'на доопрацюванні' })
    .waitFor({ timeout: 60000 });
  await check(sup, 'supervisor-attention');
  await sup.context().close();
});

await scenario('an executor extends the term and declines a case on its page', async () => {
  const page = await newPage();
  await login(page, 'e2e-executor', '/executor.html');
  const row = () => page.locator('#cases-table tr', { hasText: firstNumber });
  await row().waitFor();
  if (await row().getByRole('button', { name: 'Прийняти' }).count()) {
    await row().getByRole('button', { name: 'Прийняти' }).click();
    await row().filter({ hasText: 'прийнято до розгляду' }).waitFor();
  }
  await row().getByRole('button', { name: 'Відкрити' }).click();
  // Beyond 45 days from receipt: refused, in Ukrainian.
  await page.fill('#extend-date', kyivDay(60));
  await page.selectOption('#extend-reason-code', 'EXTENSION_REASON_INSPECTION_ON_SITE');
  await page.fill('#extend-reason', 'Потрібне обстеження мережі теплопостачання.');
  await page.fill('#extend-approved', 'Голова РВА');
  await page.locator('#extend-form button[type=submit]').click();
  await page.locator('#case .form-error', { hasText: 'не може перевищувати 45 днів' }).waitFor();
  await page.fill('#extend-date', kyivDay(40));
  await page.locator('#extend-form button[type=submit]').click();
  await page.locator('#case-done', { hasText: 'Строк продовжено' }).waitFor();
  await check(page, 'executor-extended');
  await page.fill('#decline-reason', 'Мережа теплопостачання належить місту, не району.');
  await page.locator('#decline-form button[type=submit]').click();
  await page.locator('#case-done', { hasText: 'повернуто на розподіл' }).waitFor();
  await page.context().close();
});

await scenario('a supervisor imports the directory after a dry run lists its changes', async () => {
  const page = await newPage();
  await login(page, 'e2e-supervisor', '/directory.html');
  await page.locator('#current', { hasText: 'Версія' }).waitFor();
  const executors = await downloaded(page, page.getByRole('button', { name: 'Завантажити executors.csv' }));
  const rules = await downloaded(page, page.getByRole('button', { name: 'Завантажити competence-rules.csv' }));
  assert.match(executors, /^id,name_uk,kind/);
  // One body more: a copy of the second row under a new id.
  const second = executors.trim().split('\n')[1].replace(/^[^,]+/, 'lg-e2e-body');
  const file = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.setInputFiles('#executors-file', file('executors.csv', executors.trimEnd() + '\n' + second + '\n'));
  await page.setInputFiles('#rules-file', file('competence-rules.csv', rules));
  assert.equal(await page.isDisabled('#apply'), true);
  await page.locator('#dry-run').click();
  await page.locator('#changes li', { hasText: 'lg-e2e-body' }).waitFor();
  await page.locator('#changes-status', { hasText: 'Нічого ще не записано' }).waitFor();
  await check(page, 'directory');
  await page.locator('#apply').click();
  await page.locator('#changes-status', { hasText: 'Застосовано' }).waitFor();
  await page.context().close();
});

await scenario('an analyst reads the reports and downloads their CSV', async () => {
  const page = await newPage();
  await login(page, 'e2e-analyst', '/analytics.html');
  await page.locator('#classifier-table tbody tr').first().waitFor();
  await page.locator('#classifier-status', { hasText: 'Рядків' }).waitFor();
  await page.locator('#timeliness-status').filter({ hasText: /\S/ }).waitFor();
  // The chart of a section: a bar per item, the largest first, its count beside it.
  await page.locator('#chart-bars li').first().waitFor();
  await page.selectOption('#chart-section', 'I.1');
  await page.locator('#chart-caption', { hasText: 'Звернень у розділі' }).waitFor();
  const counts = (await page.locator('#chart-bars .bar-count').allTextContents()).map(Number);
  assert.ok(counts.length > 0, 'bars for section I.1');
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'the largest first');
  await check(page, 'analytics');
  const csv = await downloaded(page, page.locator('#csv-classifier'));
  assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark');
  assert.ok(csv.split('\n').length > 5, 'rows');
  const timeliness = await downloaded(page, page.locator('#csv-timeliness'));
  assert.ok(timeliness.startsWith('\uFEFF'));
  // A period that ends before it starts: the message beside its field.
  await page.fill('#to', '2020-01-01');
  await page.keyboard.press('Enter');
  await page.locator('#to-error').filter({ hasText: /\S/ }).waitFor();
  assert.equal(await page.getAttribute('#to', 'aria-invalid'), 'true');
  await page.context().close();
});

await scenario('the operator types the essence and picks a suggested topic with one key', async () => {
  const page = await newPage();
  await login(page, 'e2e-operator', '/operator.html');
  await page.locator('#phone:focus').waitFor();
  await page.locator('#essence').focus();
  await page.keyboard.type('Немає опалення в будинку, батареї холодні вже тиждень, прошу допомогти.');
  // After a pause: up to three headings with their probabilities.
  await page.locator('#suggestions li').first().waitFor();
  assert.ok(await page.locator('#suggestions li').count() <= 3);
  await page.locator('#suggestions li', { hasText: '%' }).first().waitFor();
  assert.equal(await page.inputValue('#topic'), '');
  await check(page, 'operator-suggestions');
  const first = (await page.locator('#suggestions li').first().textContent()).match(/Alt\+1\s*(\d+)/)[1];
  await page.keyboard.press('Alt+1');
  assert.match(await page.inputValue('#topic'), new RegExp('^' + first + ' — '));
  // Only the field is filled: nothing is registered until the operator confirms.
  assert.equal(await page.locator('#result:not(.hidden)').count(), 0);
  assert.equal(await page.locator('#essence:focus').count(), 1);
  await page.context().close();
});

await scenario('an analyst confirms a spike signal with a reason', async () => {
  const page = await newPage();
  await login(page, 'e2e-analyst', '/signals.html');
  const signal = page.locator('article.signal[data-topic="109"]');
  await signal.waitFor();
  await signal.locator('.observed', { hasText: '41 (очікувалося 12.5)' }).waitFor();
  await signal.locator('.territory', { hasText: 'LG-SEV' }).waitFor();
  await check(page, 'signals');
  // The reason is required: the service's violation, in Ukrainian, beside the field.
  await signal.getByRole('button', { name: 'Підтвердити' }).click();
  await signal.locator('.field-error', { hasText: "обов'язкове поле" }).waitFor();
  assert.equal(await signal.locator('textarea').getAttribute('aria-invalid'), 'true');
  await signal.locator('textarea').fill('Аварія на тепломережі в Сєвєродонецьку; потрібне рішення ОВА.');
  await signal.getByRole('button', { name: 'Підтвердити' }).click();
  await page.locator('#signals-status', { hasText: 'підтверджено' }).waitFor();
  assert.equal(await page.locator('article.signal[data-topic="109"]').count(), 0);
  await page.selectOption('#status', 'SIGNAL_STATUS_CONFIRMED');
  await page.locator('article.signal[data-topic="109"]', { hasText: 'e2e-analyst' }).waitFor();
  await page.context().close();
});

await scenario('an analyst reads what appeals are about and downloads it as CSV', async () => {
  const page = await newPage();
  await login(page, 'e2e-analyst', '/content.html');
  await page.locator('#content-status', { hasText: 'Проаналізованих звернень' }).waitFor();
  await page.locator('#terms-table tbody tr').first().waitFor();
  await check(page, 'content');
  const csv = await downloaded(page, page.locator('#csv-content'));
  assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark');
  await page.fill('#to', '2020-01-01');
  await page.keyboard.press('Enter');
  await page.locator('#to-error').filter({ hasText: /\S/ }).waitFor();
  assert.equal(await page.getAttribute('#to', 'aria-invalid'), 'true');
  await page.context().close();
});

await scenario('a supervisor resends a failed notice', async () => {
  const number = process.env.CC_FAILED_NOTICE_NUMBER;
  assert.ok(number, 'CC_FAILED_NOTICE_NUMBER');
  const page = await newPage();
  await login(page, 'e2e-supervisor', '/notices.html');
  const row = page.locator('#failed-table tbody tr', { hasText: number }).first();
  await row.waitFor();
  await row.locator('td', { hasText: 'smtp: connection refused' }).waitFor();
  await check(page, 'notices');
  const before = await page.locator('#failed-table tbody tr', { hasText: number }).count();
  await row.getByRole('button', { name: /Надіслати ще раз/ }).click();
  await page.locator('#failed-status', { hasText: 'знову в черзі' }).waitFor();
  assert.equal(await page.locator('#failed-table tbody tr', { hasText: number }).count(), before - 1);
  // An operator may not.
  const op = await newPage();
  await login(op, 'e2e-operator', '/notices.html');
  await op.locator('#failed-status', { hasText: 'не дозволяє' }).waitFor();
  await op.context().close();
  await page.context().close();
});

await scenario("the day's letters print with their outgoing numbers", async () => {
  const number = process.env.CC_LETTER_NUMBER;
  assert.ok(number, 'CC_LETTER_NUMBER');
  const page = await newPage();
  await login(page, 'e2e-operator', '/letters.html');
  const row = page.locator('#letters-table tbody tr', { hasText: number });
  await row.waitFor();
  assert.match(await row.locator('td').first().textContent(), /\S/);
  await page.locator('article.letter', { hasText: 'Мельник' }).waitFor();
  await check(page, 'letters');
  // On paper: the letters alone, without the console around them.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.locator('#print').isVisible(), false);
  assert.equal(await page.locator('article.letter').first().isVisible(), true);
  await page.screenshot({ path: `${shots}/letters-print.png`, fullPage: true });
  await page.context().close();
});

await browser.close();
if (failures.length) {
  console.log(`${failures.length} scenario(s) failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('every scenario passed; screenshots in ' + shots);
