/**
 * The caseworker workstation in a real browser: sign-in to the worklist, keyboard use, case search and
 * the case summary with each payment's distribution explained, intake with a duplicate decision, order
 * entry and a manual receipt. Fails on any console error; screenshots go to test-artifacts/browser/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshot, signIn, startDemoServer, type DemoServer, type WatchedPage, runJourney, assertAccessible } from '../helpers/browser.ts';

let server: DemoServer;
let browser: Browser;

before(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const journey = (run: (w: WatchedPage) => Promise<void>) => runJourney(browser, server.baseUrl, run);

const db = () => server.sys.deps.db;

/** An ALLE case with distributed payments and a noncustodial parent with an SSN on file. */
async function caseWithPayments() {
  const row = await sql<{ case_number: string; last_name: string; ssn_last4: string }>`
    select c.case_number, p.last_name, p.ssn_last4 from iv_d_case c
    join office o on o.id = c.office_id
    join case_member m on m.case_id = c.id and m.role = 'noncustodial_parent'
    join person p on p.id = m.person_id
    where o.code = 'ALLE' and p.ssn_last4 is not null
      and exists (select 1 from receipt r where r.case_id = c.id and r.status = 'distributed')
    order by c.id limit 1`.execute(db());
  assert.ok(row.rows[0], 'the demo has an ALLE case with payments');
  return row.rows[0];
}

test('a caseworker signs in and reaches the worklist; the wrong password is refused in words', async () => {
  await journey(async (w) => {
    const { page } = w;
    const t0 = Date.now();
    const mark = (m: string) => process.env.CSE_TEST_TIMING && console.log(m, Date.now() - t0);
    await page.goto('/');
    mark('goto');
    await page.waitForURL(/\/login/);
    await assertAccessible(w, 'sign-in');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'username', 'focus starts in the user name field');
    await page.getByLabel('User name').fill('alle.worker1');
    await page.getByLabel('Password').fill('not-the-password');
    await w.expectingConsoleError(/status of 401/, async () => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
    });
    mark('refused');
    await screenshot(page, 'sign-in-refused');
    mark('shot');

    await signIn(page, 'alle.worker1', /\/worklist$/);
    mark('signin');
    await page.getByRole('heading', { level: 1, name: 'Worklist' }).waitFor();
    await page.getByRole('table').filter({ hasText: 'Duplicate review' }).waitFor();
    mark('worklist');
    const myCases = page.getByRole('table').filter({ hasText: 'assigned to you' });
    await myCases.waitFor();
    assert.ok((await myCases.locator('tbody tr').count()) > 0, 'my open cases are listed');
    await assertAccessible(w, 'worklist');
    await screenshot(page, 'worklist');

    // Keyboard: on a freshly loaded page the skip link is the first stop and takes focus to the main content.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Worklist' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
    mark('end');
  });
});

test('case search by name, case number and SSN last four; the summary masks SSNs and explains each payment', async () => {
  const target = await caseWithPayments();
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.worker1', /\/worklist$/);

    // The quick finder: "/" jumps to it from anywhere.
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'case-finder');
    await page.keyboard.type(target.last_name);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\?lastName=/);
    await page.getByRole('link', { name: target.case_number }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus moves to the new page heading');
    await assertAccessible(w, 'case search');
    await screenshot(page, 'case-search');

    // The search form by SSN last four.
    await page.getByLabel('Last name', { exact: true }).fill('');
    await page.getByLabel('SSN last four', { exact: true }).fill(target.ssn_last4);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/ssnLast4=/);
    await page.getByRole('link', { name: target.case_number }).waitFor();

    // A bad criterion is explained, not sent.
    await page.getByLabel('SSN last four', { exact: true }).fill('12a');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').filter({ hasText: 'four digits' }).waitFor();

    // By case number, then the summary.
    await page.getByLabel('SSN last four', { exact: true }).fill('');
    await page.getByLabel('Case number', { exact: true }).fill(target.case_number.toLowerCase());
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: target.case_number }).click();
    await page.waitForURL(new RegExp(`/cases/${target.case_number}$`));
    await page.getByRole('heading', { level: 1, name: new RegExp(target.case_number) }).waitFor();
    const members = page.getByRole('table').filter({ hasText: 'Noncustodial parent' }).first();
    await members.waitFor();
    const memberText = await members.innerText();
    assert.match(memberText, /\*\*\*-\*\*-\d{4}/, 'SSNs are masked');
    assert.doesNotMatch(memberText, /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/, 'no full SSN is shown');
    await page.getByText('Arrears by bucket').waitFor();
    await page.getByText(/Never assigned \(NA\)|Permanently assigned \(PA\)/).first().waitFor();

    // Each payment explains where its money went and under which rule.
    const explain = page.locator('button[aria-controls^="alloc-"]').first();
    assert.match(await explain.innerText(), /^Explain \d+ allocations?/);
    await explain.click();
    const why = page.locator('.explain-row').first();
    await why.waitFor();
    assert.equal(await explain.getAttribute('aria-expanded'), 'true');
    assert.match(await why.innerText(), /(CFR|USC)/, 'the explanation cites the rule');
    await page.getByRole('table').filter({ hasText: 'disbursement' }).first().waitFor();
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await page.getByRole('heading', { name: 'Closure' }).waitFor();
    await page.getByRole('heading', { name: 'Enforcement actions' }).waitFor();
    await assertAccessible(w, 'case summary');
    await screenshot(page, 'case-summary');

    // A full SSN only on request (audited by the server).
    await page.getByRole('button', { name: /^Show full SSN of/ }).first().click();
    await page.getByRole('button', { name: /^Hide full SSN of/ }).first().waitFor();
    assert.match(await members.innerText(), /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/);
    const reveals = await db().selectFrom('audit_event').select('id').where('action', '=', 'reveal_ssn').execute();
    assert.ok(reveals.length > 0, 'the reveal was audited');
  });
});

test('intake of a new case, then an intake whose parent may be on file, decided on the spot', async () => {
  const existing = await sql<{ first_name: string; last_name: string; date_of_birth: string }>`
    select p.first_name, p.last_name, p.date_of_birth from person p
    join case_member m on m.person_id = p.id and m.role = 'noncustodial_parent'
    join iv_d_case c on c.id = m.case_id join office o on o.id = c.office_id
    where o.code = 'ALLE' and p.date_of_birth is not null order by p.id desc limit 1`.execute(db());
  const ncp = existing.rows[0]!;
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.worker1', /\/worklist$/);
    await page.getByRole('link', { name: 'New intake' }).click();
    await page.getByRole('heading', { level: 1, name: 'New intake' }).waitFor();
    await assertAccessible(w, 'new intake');

    // Nothing filled in: the problems are listed, focused, and each links to its field.
    await page.getByRole('button', { name: 'Receive intake' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'the error summary takes focus');
    await summary.getByRole('link', { name: /custodial party’s first name/ }).click();
    assert.match(String(await page.evaluate(() => document.activeElement?.id)), /-firstName$/);
    await screenshot(page, 'intake-problems');

    const fieldset = (legend: string) => page.locator('fieldset.member-fieldset').filter({ has: page.locator('legend', { hasText: legend }) });
    const cp = fieldset('Custodial party');
    await cp.getByLabel('First name').fill('Rosa');
    await cp.getByLabel('Last name').fill('Quintero');
    await cp.getByLabel('Date of birth').fill('1991-02-03');
    await cp.getByLabel('Street address').fill('44 Elm St');
    await cp.getByLabel('City').fill('Pittsburgh');
    await cp.getByLabel('State').selectOption('PA');
    await cp.getByLabel('ZIP code').fill('15212');
    const np = fieldset('Noncustodial parent');
    await np.getByLabel('First name').fill('Marcus');
    await np.getByLabel('Last name').fill('Oyelaran');
    await np.getByLabel('Date of birth').fill('1989-09-09');
    await np.getByLabel('Employer', { exact: true }).fill('Riverfront Construction Co');
    const child = fieldset('Child 1');
    await child.getByLabel('First name').fill('Ada');
    await child.getByLabel('Last name').fill('Oyelaran');
    await child.getByLabel('Date of birth').fill('2020-06-01');
    await page.getByRole('button', { name: 'Receive intake' }).click();
    const opened = page.getByRole('status').filter({ hasText: /Case CS\d+ is open/ });
    await opened.waitFor();
    await screenshot(page, 'intake-opened');

    // A second intake names a parent already on file (same name and date of birth).
    await page.getByRole('button', { name: 'Start another intake' }).click();
    await cp.getByLabel('First name').fill('Lena');
    await cp.getByLabel('Last name').fill('Marsh');
    await np.getByLabel('First name').fill(ncp.first_name);
    await np.getByLabel('Last name').fill(ncp.last_name);
    await np.getByLabel('Date of birth').fill(ncp.date_of_birth);
    await child.getByLabel('First name').fill('Noor');
    await child.getByLabel('Last name').fill(ncp.last_name);
    await child.getByLabel('Date of birth').fill('2022-01-15');
    await page.getByRole('button', { name: 'Receive intake' }).click();
    await page.getByText('Someone in this intake may already be on file').waitFor();
    const useOnFile = page.getByRole('radio', { name: new RegExp(`Use person on file: ${ncp.first_name} ${ncp.last_name}`) });
    await useOnFile.first().waitFor();
    await assertAccessible(w, 'duplicate decision');
    await screenshot(page, 'intake-duplicate-review');
    await page.locator('label', { hasText: `Use person on file: ${ncp.first_name} ${ncp.last_name}` }).first().click();
    assert.ok(await useOnFile.first().isChecked());
    await page.getByRole('button', { name: 'Save decision and open the case' }).click();
    await page.getByRole('status').filter({ hasText: /Case CS\d+ is open/ }).waitFor();
  });
});

test('a duplicate review waiting on the worklist is decided and the case opens', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.worker1', /\/worklist$/);
    await page.getByRole('link', { name: /^Review: Duplicate review/ }).first().click();
    await page.getByRole('heading', { level: 1, name: /Duplicate review: intake \d+/ }).waitFor();
    await assertAccessible(w, 'duplicate review');
    await page.locator('label', { hasText: 'Use person on file' }).first().click();
    await page.getByRole('button', { name: 'Save decision and open the case' }).click();
    await page.waitForURL(/\/cases\/CS\d+$/);
    await page.getByRole('status').filter({ hasText: /decided: case CS\d+ is open/ }).waitFor();
  });
});

test('an order is entered on a case; a financial worker posts a receipt that is distributed and explained', async () => {
  const found = await sql<{ case_number: string }>`
    select c.case_number from iv_d_case c join office o on o.id = c.office_id
    where o.code = 'ALLE' and c.status = 'open'
      and exists (select 1 from case_member m where m.case_id = c.id and m.role = 'noncustodial_parent')
      and exists (select 1 from case_member m where m.case_id = c.id and m.role = 'custodial_party')
      and not exists (select 1 from support_order s where s.case_id = c.id)
    order by c.id limit 1`.execute(db());
  const caseNumber = found.rows[0]?.case_number;
  assert.ok(caseNumber, 'an ALLE case without an order');
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.worker1', /\/worklist$/);
    await page.goto(`/cases/${caseNumber}`);
    await page.getByText('No support order has been entered on this case.').waitFor();
    await page.getByRole('link', { name: 'Enter an order' }).click();
    await page.getByRole('heading', { level: 1, name: `Enter an order on case ${caseNumber}` }).waitFor();
    await assertAccessible(w, 'order entry');
    await page.getByLabel('Order number').fill('DR-2026-7777');
    await page.getByLabel('Amount').fill('abc');
    await page.getByRole('button', { name: 'Enter the order' }).click();
    await page.locator('.error-summary').filter({ hasText: 'dollars and cents' }).waitFor();
    await page.getByLabel('Amount').fill('425.50');
    await page.getByRole('button', { name: 'Add an arrears judgment' }).click();
    const judgment = page.locator('fieldset').filter({ has: page.locator('legend', { hasText: 'Obligation 2' }) });
    await judgment.getByLabel('Amount').fill('1,200');
    await screenshot(page, 'order-entry');
    await page.getByRole('button', { name: 'Enter the order' }).click();
    await page.waitForURL(new RegExp(`/cases/${caseNumber}$`));
    await page.getByRole('status').filter({ hasText: 'Order DR-2026-7777 entered' }).waitFor();
    await page.getByRole('heading', { name: /Order DR-2026-7777/ }).waitFor();
    await page.getByText('$425.50').first().waitFor();
    await page.getByText('$1,200.00').first().waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?signedOut=1/);
    await page.getByText('You signed out.').waitFor();

    await signIn(page, 'finance', /\/worklist$/);
    await page.getByRole('table').filter({ hasText: 'Undistributed collections' }).or(page.getByText('every collection is distributed')).first().waitFor();
    await page.getByRole('link', { name: 'Post receipt' }).click();
    await page.getByLabel('Case number', { exact: true }).fill(caseNumber!);
    await page.getByLabel('Source').selectOption('money_order');
    await page.getByLabel('Amount').fill('300.00');
    await page.getByLabel('Reference').fill('MO 55123');
    await assertAccessible(w, 'post receipt');
    await page.getByRole('button', { name: 'Post and distribute' }).click();
    await page.getByRole('status').filter({ hasText: /Receipt \d+ posted: \$300\.00/ }).waitFor();
    await page.getByText('It was distributed at once.').waitFor();
    await screenshot(page, 'receipt-posted');
    await page.getByRole('link', { name: /See how it was distributed/ }).click();
    await page.waitForURL(new RegExp(`/cases/${caseNumber}#payments$`));
    const row = page.getByRole('row').filter({ hasText: 'MO 55123' });
    await row.waitFor();
    await row.getByRole('button', { name: /Explain/ }).click();
    const why = page.locator('.explain-row').first();
    assert.match(await why.innerText(), /Current support/);
    assert.match(await why.innerText(), /\$300\.00|\$300/);
    await screenshot(page, 'receipt-explained');
  });
});

test('an auditor reads a case under income withholding: the action and its notice, and no buttons to change anything', async () => {
  const withheld = await sql<{ case_number: string }>`select c.case_number from income_withholding_order w join iv_d_case c on c.id = w.case_id
    where w.status = 'accepted' order by c.id limit 1`.execute(db());
  const caseNumber = withheld.rows[0]?.case_number;
  assert.ok(caseNumber, 'the demo has a case under income withholding');
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'auditor', /\/worklist$/);
    await page.goto(`/cases/${caseNumber}#enforcement`);
    const actions = page.getByRole('table').filter({ hasText: 'Income withholding order, sent' });
    await actions.waitFor();
    assert.match(await actions.innerText(), /Income withholding\s+active/i);
    assert.equal(await page.getByRole('link', { name: 'Enter an order' }).count(), 0, 'an auditor cannot enter orders');
    assert.equal(await page.getByRole('link', { name: 'Post a receipt' }).count(), 0, 'nor post receipts');
    assert.equal(await page.getByRole('button', { name: /^Show full SSN/ }).count(), 0, 'nor see full SSNs');
    await assertAccessible(w, 'case summary (auditor)');
    await screenshot(page, 'case-enforcement');
  });
});

test('the server sends the app with a strict content security policy and the API keeps its error shape', async () => {
  const page = await fetch(`${server.baseUrl}/cases/CS00000001`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const html = await page.text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, 'index.html loads a hashed script');
  const asset = await fetch(`${server.baseUrl}${script}`);
  assert.match(asset.headers.get('content-type') ?? '', /javascript/);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  const api = await fetch(`${server.baseUrl}/api/no-such-thing`);
  assert.equal(api.status, 404);
  assert.equal((await api.json()).error.code, 'NOT_FOUND');
});
