/**
 * The workstation's case management pages in a real browser: the worklist from the timeframe batch
 * (a timeframe item opens its case; a supervisor sees what was escalated), the case summary with its
 * enforcement actions and a notice's PDF, the guideline worksheet on a published example with its PDF,
 * and the dashboard's charts with a drill-down from an OCSE-157 line to its cases. Fails on any console
 * error; screenshots go to test-artifacts/browser/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { ARTIFACTS, launchChromium, screenshot, signIn, startDemoServer, type DemoServer, type WatchedPage, runJourney, assertAccessible } from '../helpers/browser.ts';
import { runTimeframeBatch } from '../../src/casework/timeframes.ts';
import { generateNotice } from '../../src/casework/notices.ts';

let server: DemoServer;
let browser: Browser;
let enforced: { caseNumber: string; office: string };
let noticeTitle: string;

before(async () => {
  server = await startDemoServer();
  const { sys } = server;
  const batch = await runTimeframeBatch(sys.deps, sys.ctx('administrator'), sys.clock.today(), null);
  // The demo seed ends with the night's sweep; running it again the same day adds nothing.
  assert.ok(batch.ok && batch.value.itemsCreated === 0, 'the sweep already ran for today');
  const items = await sql<{ n: number }>`select count(*)::int as n from worklist_item where kind = 'timeframe'`.execute(sys.deps.db);
  assert.ok(items.rows[0]!.n > 0, 'the timeframe sweep raised worklist items');
  const row = await sql<{ case_number: string; code: string }>`
    select c.case_number, o.code from iv_d_case c join office o on o.id = c.office_id
    where exists (select 1 from enforcement_action e where e.case_id = c.id) and c.status = 'open'
    order by c.id limit 1`.execute(sys.deps.db);
  assert.ok(row.rows[0], 'the demo has a case with an enforcement action');
  enforced = { caseNumber: row.rows[0].case_number, office: row.rows[0].code };
  const notice = await generateNotice(sys.deps, sys.ctx('administrator'), enforced.caseNumber, { template: 'case_opening_letter' });
  assert.ok(notice.ok, notice.ok ? '' : notice.message);
  noticeTitle = notice.value.title;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const journey = (run: (w: WatchedPage) => Promise<void>) => runJourney(browser, server.baseUrl, run);

test('the worklist shows timeframe items from the batch, overdue ones marked, and an item opens its case', async () => {
  await journey(async (w) => {
    const { page } = w;
    const t0 = Date.now();
    const mark = (m: string) => process.env.CSE_TEST_TIMING && console.log(m, Date.now() - t0);
    await signIn(page, 'alle.worker1', /\/worklist$/);
    mark('signed in');
    const table = page.getByRole('table').filter({ hasText: 'on your worklist' });
    await table.waitFor();
    const first = table.locator('tbody tr').filter({ has: page.locator('a[href^="/cases/"]') }).first();
    const text = await first.innerText();
    assert.match(text, /(Locate|Case opening|Referral information|Responding locate|Income withholding notice|Service of process)/, 'the row names the timeframe');
    assert.match(text, /\d+ (days|business days|working days|months)/, 'with its length');
    assert.match(text, /45 CFR 303/, 'and its rule');
    assert.ok((await table.locator('tr.row--overdue').count()) > 0, 'overdue rows are marked');
    assert.match(await table.innerText(), /overdue \d+ days?/i);
    // Duplicate reviews stay on the worklist.
    await page.getByRole('table').filter({ hasText: 'Duplicate review' }).first().waitFor();
    mark('checked');
    await assertAccessible(w, 'worklist');
    await screenshot(page, 'worklist-timeframes');
    mark('screenshot');

    const caseNumber = await first.locator('a[href^="/cases/"]').first().innerText();
    await first.getByRole('link', { name: /^Open case/ }).click();
    await page.waitForURL(new RegExp(`/cases/${caseNumber}#timeframes$`));
    await page.getByRole('heading', { level: 1, name: new RegExp(caseNumber) }).waitFor();
    const clocks = page.getByRole('table').filter({ hasText: 'Timeframes running on this case' });
    await clocks.waitFor();
    assert.match(await clocks.innerText(), /overdue|due soon|running/i);
    await screenshot(page, 'case-timeframes');

    // The worker records the action taken: the clock moves to the history and its worklist item closes.
    const before = await clocks.locator('tbody tr').count();
    await clocks.getByRole('button', { name: /^Record .* as met$/ }).first().click();
    await page.getByLabel('What was done').fill('Searched FPLS and the state new-hire file; address verified by mail');
    await assertAccessible(w, 'recording a clock met');
    await page.getByRole('table').filter({ hasText: 'Timeframes running on this case' }).screenshot({ path: join(ARTIFACTS, 'case-record-met.png') });
    await page.getByRole('button', { name: 'Record met', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'recorded as met' }).waitFor();
    await page.getByRole('table').filter({ hasText: 'Timeframe history' }).filter({ hasText: 'address verified by mail' }).waitFor();
    assert.equal(await page.getByRole('table').filter({ hasText: 'Timeframes running on this case' }).locator('tbody tr').count(), before - 1);
    const items = await server.sys.deps.db.selectFrom('worklist_item').select('status').where('done_note', 'like', '%address verified by mail%').execute();
    assert.deepEqual(items.map((i) => i.status), ['done'], 'the worklist item closed with the clock');
  });
});

test('a supervisor sees the overdue items escalated to them', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.super', /\/worklist$/);
    await page.getByRole('heading', { name: 'Escalated to you' }).waitFor();
    const escalated = page.getByRole('table').filter({ hasText: 'escalated to you' });
    await escalated.waitFor();
    assert.ok((await escalated.locator('tbody tr').count()) > 0);
    assert.match(await escalated.innerText(), /escalated\s+to Pittsburgh Supervisor/i);
    await page.getByLabel('Show').selectOption('overdue');
    await page.waitForURL(/show=overdue/);
    await assertAccessible(w, 'supervisor worklist');
    await screenshot(page, 'worklist-supervisor');
  });
});

test('the case summary shows enforcement actions and a notice that opens as a PDF', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, `${enforced.office.toLowerCase()}.worker1`, /\/worklist$/);
    await page.goto(`/cases/${enforced.caseNumber}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(enforced.caseNumber) }).waitFor();
    const actions = page.getByRole('table').filter({ hasText: 'enforcement action' });
    await actions.waitFor();
    assert.match(await actions.innerText(), /Income withholding|Tax refund offset|Passport denial/);
    const documents = page.getByRole('table').filter({ hasText: 'notice' }).filter({ hasText: 'sent, newest first' });
    await documents.waitFor();
    assert.match(await documents.innerText(), new RegExp(noticeTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const link = documents.getByRole('link', { name: /^Open the PDF of/ }).first();
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /^\/api\/notices\/\d+\/pdf$/);
    const pdf = await page.request.get(href!);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    await page.getByRole('heading', { name: 'Closure' }).waitFor();
    await page.getByText('No closure is in progress').waitFor();
    await assertAccessible(w, 'case summary with documents');
    await page.locator('#enforcement').scrollIntoViewIfNeeded();
    await screenshot(page, 'case-documents');
  });
});

interface Example {
  input: {
    calculationDate: string;
    children: number;
    obligor: { income: { grossPerPeriod: string; deductionsPerPeriod?: string; payFrequency: string } };
    obligee: { income: { grossPerPeriod: string; deductionsPerPeriod?: string; payFrequency: string } };
    expenses: Array<{ kind: string; amount: string; paidBy: string }>;
  };
  expected: { calculations: Array<{ lines: Record<string, { obligor?: string; obligee?: string; combined?: string }>; result: { totalMonthly: string } }> };
}

test('the guideline worksheet computes a published example line by line and prints it as a PDF', async () => {
  const example = JSON.parse(readFileSync(new URL('../../docs/guideline-examples/04-child-care-health-insurance.json', import.meta.url), 'utf8')) as Example;
  const { input } = example;
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.worker1', /\/worklist$/);
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Guideline' }).click();
    await page.getByRole('heading', { level: 1, name: 'Guideline worksheet' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1', 'focus moves to the new page heading');
    // The date starts at today (the demo's business date); the demo program's policy names PA-2017 only
    // up to 2021, so the page says in words that no guideline is in effect today and which one is.
    assert.equal(await page.getByLabel('Support takes effect on').inputValue(), '2026-11-02');
    await page.locator('#schedule-notice').getByText(/names no guideline for support taking effect on November 2, 2026\. The policy names PA-2017 from February 25, 2017 to December 31, 2021/).waitFor();
    await page.getByLabel('Support takes effect on').fill(input.calculationDate);
    // On a date the policy covers, the guideline follows it.
    await page.locator('#schedule-notice').getByText(/applies Pennsylvania Monthly Basic Child Support Schedule .* \(PA-2017\)/).waitFor();
    assert.equal(await page.locator('#guideline').inputValue(), 'PA-2017');
    await page.locator('#guideline-coverage').getByText(/cannot compute below \$1,000\.00 or from \$3,000\.01 to \$30,000\.00/).waitFor();
    await page.getByLabel('Number of children').fill(String(input.children));
    for (const who of ['obligor', 'obligee'] as const) {
      await page.locator(`#${who}-gross`).fill(input[who].income.grossPerPeriod);
      await page.locator(`#${who}-deductions`).fill(input[who].income.deductionsPerPeriod ?? '');
      await page.locator(`#${who}-frequency`).selectOption(input[who].income.payFrequency);
    }
    const ids: Record<string, string> = { childCare: 'childCare', healthInsurancePremium: 'premium', unreimbursedMedical: 'medical' };
    for (const e of input.expenses) {
      await page.locator(`#${ids[e.kind]}-amount`).fill(e.amount);
      await page.locator(`#${ids[e.kind]}-paidBy`).selectOption(e.paidBy);
    }
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.getByRole('heading', { level: 2, name: 'Worksheet', exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'worksheet-heading', undefined, { timeout: 3000 });

    const plain = (t: string) => t.replace(/[$,%\s]/g, '');
    const expected = example.expected.calculations[0]!;
    for (const [line, cols] of Object.entries(expected.lines)) {
      const row = page.locator(`.worksheet-table tr[data-line="${line}"]`);
      for (const col of ['obligor', 'obligee', 'combined'] as const) {
        const want = cols[col];
        if (want === undefined) continue;
        const got = await row.locator(`td[data-col="${col}"]`).innerText();
        assert.equal(plain(got), plain(want), `line ${line} ${col}`);
      }
    }
    assert.equal(plain(await page.getByTestId('guideline-total').innerText()), expected.result.totalMonthly);

    const pdfLink = page.getByRole('link', { name: 'Print the worksheet (PDF)' });
    await pdfLink.waitFor();
    // The link holds the PDF the server made from the same input (the page's CSP keeps fetch to 'self',
    // so the bytes are checked by asking the server again).
    assert.match((await pdfLink.getAttribute('href')) ?? '', /^blob:/);
    // A request made with the session cookie says where it comes from, as the page's own fetch does.
    const res = await page.request.post('/api/guideline/worksheet.pdf', { data: { input }, headers: { origin: new URL(page.url()).origin } });
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /application\/pdf/);
    assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
    await assertAccessible(w, 'guideline worksheet');
    await screenshot(page, 'guideline-worksheet');

    // An income outside the schedule rows held is refused in words, next to the field, never as a code.
    await page.locator('#obligor-gross').fill('9000');
    await w.expectingConsoleError(/status of 400/, async () => {
      await page.getByRole('button', { name: 'Calculate' }).click();
      await page.getByRole('alert').filter({ hasText: 'is outside the schedule on file' }).first().waitFor();
    });
    assert.equal(await page.getByText('SCHEDULE_RANGE').count(), 0);
  });
});

test('the dashboard draws the measures, OCSE-157, OCSE-34 and compliance charts, and a line leads to its cases', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'auditor', /\/worklist$/);
    await page.getByRole('navigation', { name: 'Primary' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByRole('img', { name: /Federal performance measures, FFY \d{4}/ }).waitFor();
    await page.getByRole('img', { name: /OCSE-157 key lines/ }).waitFor();
    await page.getByRole('img', { name: /OCSE-34 quarter/ }).waitFor();
    await page.getByRole('img', { name: /Timeframe compliance/ }).waitFor();
    assert.equal(await page.locator('svg[role="img"] > title').count(), await page.locator('svg[role="img"]').count(), 'every chart has a title');
    assert.equal(await page.locator('svg[role="img"] > desc').count(), await page.locator('svg[role="img"]').count(), 'and a description');
    const measures = page.getByRole('img', { name: /Federal performance measures/ });
    assert.match((await measures.locator('desc').textContent()) ?? '', /Current collections: \d+\.\d%/);
    await assertAccessible(w, 'dashboard');
    await screenshot(page, 'dashboard');
    await page.locator('figure.chart').first().screenshot({ path: join(ARTIFACTS, 'dashboard-measures-chart.png') });
    await page.locator('figure.chart').nth(2).screenshot({ path: join(ARTIFACTS, 'dashboard-ocse34-chart.png') });

    await page.getByRole('link', { name: /^Cases behind line 1, / }).click();
    await page.waitForURL(/\/reports\/ocse157\/1\?year=\d{4}/);
    await page.getByRole('heading', { level: 1, name: /OCSE-157 line 1, FFY/ }).waitFor();
    const cases = page.getByRole('table').filter({ hasText: 'behind line 1' });
    await cases.waitFor();
    assert.ok((await cases.locator('a[href^="/cases/"]').count()) > 0, 'the line lists its cases');
    await assertAccessible(w, 'OCSE-157 drill-down');
    await screenshot(page, 'dashboard-drilldown');

    // Back, and one office instead of the state.
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await page.getByLabel('Office').selectOption('ALLE');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/officeCode=ALLE/);
    await page.getByRole('img', { name: /OCSE-157 key lines/ }).waitFor();
    await page.getByText(/office ALLE/).first().waitFor();
  });
});

test('a supervisor’s dashboard is their office’s', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.super', /\/worklist$/);
    await page.goto('/dashboard');
    await page.getByRole('img', { name: /OCSE-157 key lines/ }).waitFor();
    await page.getByText(/office ALLE/).first().waitFor();
    await page.getByRole('img', { name: /Timeframe compliance/ }).waitFor();
  });
});
