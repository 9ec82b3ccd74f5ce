/**
 * The guideline worksheet on a case in a real browser: the page picks up the case's parents and
 * children and the guideline the program's policy names for today (Wisconsin, set for this test);
 * a worker computes the rule's own shared-placement example, saves it to the case and proposes the
 * order; compares a what-if side by side; then computes an Arkansas order (another state's guideline,
 * as in an interstate case), saves it and proposes a different amount with the deviation finding.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchChromium, runJourney, screenshot, signIn, startDemoServer, type DemoServer } from '../helpers/browser.ts';
import { addProgramGuideline } from '../../src/establishment/guideline-policy.ts';
import { programIdByCode } from '../../src/tribal/policy.ts';

let server: DemoServer;
let browser: Browser;
let kase: { caseNumber: string; obligor: string; obligee: string; children: number };

before(async () => {
  server = await startDemoServer();
  const db = server.sys.deps.db;
  const programId = (await programIdByCode(db, 'STATE'))!;
  const wi = await addProgramGuideline(db, { programId, effectiveFrom: '2022-01-01', effectiveTo: null, versionId: 'WI-DCF150', source: 'browser test: the program applies Wisconsin DCF 150' });
  assert.ok(wi.ok, wi.ok ? '' : wi.message);
  const row = await sql<{ case_number: string; ncp: string; cp: string; children: number }>`
    select c.case_number,
      (select p.first_name || ' ' || p.last_name from case_member m join person p on p.id = m.person_id where m.case_id = c.id and m.role = 'noncustodial_parent' and m.end_date is null limit 1) as ncp,
      (select p.first_name || ' ' || p.last_name from case_member m join person p on p.id = m.person_id where m.case_id = c.id and m.role = 'custodial_party' and m.end_date is null limit 1) as cp,
      (select count(*)::int from case_member m where m.case_id = c.id and m.role = 'child' and m.end_date is null) as children
    from iv_d_case c join office o on o.id = c.office_id
    where o.code = 'ALLE' and c.status = 'open'
      and exists (select 1 from case_member m where m.case_id = c.id and m.role = 'noncustodial_parent' and m.end_date is null)
      and exists (select 1 from case_member m where m.case_id = c.id and m.role = 'custodial_party' and m.end_date is null)
    order by c.id limit 1`.execute(db);
  const r = row.rows[0];
  assert.ok(r, 'the demo has an open ALLE case with both parents');
  kase = { caseNumber: r.case_number, obligor: r.ncp, obligee: r.cp, children: r.children };
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a Wisconsin and an Arkansas order computed from a case, saved to it and proposed', async () => {
  await runJourney(browser, server.baseUrl, async (w) => {
    const { page } = w;
    const { caseNumber } = kase;
    await signIn(page, 'alle.worker1', /\/worklist$/);
    await page.goto(`/cases/${caseNumber}`);
    await page.getByRole('link', { name: 'Guideline worksheet' }).click();
    await page.getByRole('heading', { level: 1, name: `Guideline worksheet for case ${caseNumber}` }).waitFor();

    // The case's parents and children, today's date and the policy's guideline.
    await page.locator('#schedule-notice').getByText(/applies Wisconsin percentage-of-income standard .* \(WI-DCF150\) to support taking effect on November 2, 2026/).waitFor();
    assert.equal(await page.locator('#guideline').inputValue(), 'WI-DCF150');
    assert.equal(await page.getByLabel('Support takes effect on').inputValue(), '2026-11-02');
    assert.equal(await page.locator('#obligor-name').inputValue(), kase.obligor);
    assert.equal(await page.locator('#obligee-name').inputValue(), kase.obligee);
    assert.equal(await page.getByLabel('Number of children').inputValue(), String(Math.max(1, kase.children)));

    // DCF 150.035 Note: 2 children; the obligor $3,000 with 146 nights, the obligee $2,000 with 219.
    await page.getByLabel('Number of children').fill('2');
    await page.locator('#obligor-gross').fill('3000');
    await page.locator('#obligor-overnights').fill('146');
    await page.locator('#obligee-gross').fill('2000');
    await page.locator('#obligee-overnights').fill('219');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.getByRole('heading', { level: 2, name: 'Worksheet', exact: true }).waitFor();
    assert.equal((await page.getByTestId('guideline-total').innerText()).trim(), '$375.00');
    assert.equal((await page.locator('.worksheet-table tr[data-line="9"] td[data-col="obligor"]').innerText()).trim(), '$675.00');
    assert.equal((await page.locator('.worksheet-table tr[data-line="9"] td[data-col="obligee"]').innerText()).trim(), '$300.00');
    await page.getByTestId('guideline-findings').getByText(/Low-income payer table/).waitFor();

    // What-if: the obligor earns $4,000 instead; both results side by side.
    await page.locator('#whatif-field').selectOption('obligorIncome');
    await page.locator('#whatif-value').fill('4000');
    await page.getByRole('button', { name: 'Compare' }).click();
    const totals = page.getByTestId('whatif-totals');
    await totals.waitFor();
    assert.match(await totals.locator('td[data-col="a"]').innerText(), /\$375\.00/);
    assert.match(await totals.locator('td[data-col="b"]').innerText(), /\$600\.00/);
    assert.ok((await page.locator('.whatif-table tr.row--changed').count()) > 0, 'changed lines are marked');
    await assertAccessible(w, 'guideline worksheet with a what-if');
    await screenshot(page, 'guideline-case-wisconsin');

    // Save to the case and propose the guideline amount.
    await page.getByRole('button', { name: `Save to case ${caseNumber}` }).click();
    await page.getByRole('heading', { level: 2, name: `Saved to case ${caseNumber}` }).waitFor();
    const pdf = page.getByRole('link', { name: 'Worksheet PDF with the case number' });
    const href = (await pdf.getAttribute('href'))!;
    const res = await page.request.get(href);
    assert.equal(res.status(), 200);
    assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
    await page.getByRole('button', { name: 'Propose the order' }).click();
    await page.getByText(/\$375\.00 a month from November 1, 2026, the guideline amount|\$375\.00 a month from .*, the guideline amount/).waitFor();

    // Arkansas: another state's guideline; the form shows what AR-2020 reads.
    await page.locator('#guideline').selectOption('AR-2020');
    await page.locator('#guideline-coverage').getByText(/AR-2020 can compute support for 1 to 6 children at any combined monthly gross income/).waitFor();
    assert.equal(await page.locator('#obligor-overnights').count(), 0, 'AR-2020 has no shared-custody adjustment loaded');
    await page.getByLabel('Number of children').fill('1');
    await page.locator('#childCare-amount').fill('300');
    await page.locator('#premium-amount').fill('100');
    await page.locator('#premium-paidBy').selectOption('obligor');
    await page.getByRole('button', { name: 'Calculate' }).click();
    await page.locator('.worksheet-table tr[data-line="6"] td[data-col="combined"]').getByText('$737.00').waitFor();
    assert.equal((await page.getByTestId('guideline-total').innerText()).trim(), '$582.00');
    await page.getByRole('button', { name: `Save to case ${caseNumber}` }).click();
    await page.getByRole('heading', { level: 2, name: `Saved to case ${caseNumber}` }).waitFor();
    // A different amount needs the deviation finding.
    await page.getByLabel('Monthly support in the proposed order').fill('500.00');
    await page.getByRole('button', { name: 'Propose the order' }).click();
    await page.getByText(/say why the guideline amount would be unjust or inappropriate/).first().waitFor();
    await page.getByLabel('Why the guideline amount would be unjust or inappropriate').fill('the obligor pays the children’s private school tuition directly');
    await page.getByRole('button', { name: 'Propose the order' }).click();
    await page.getByText(/\$500\.00 a month from .*, a deviation from the guideline amount of \$582\.00: the obligor pays/).waitFor();

    const saved = page.getByTestId('saved-calculations');
    await saved.waitFor();
    assert.match(await saved.innerText(), /AR-2020[\s\S]*\$500\.00 .*\(deviation\)[\s\S]*WI-DCF150[\s\S]*\$375\.00/);
    await assertAccessible(w, 'guideline worksheet saved to a case');
    await screenshot(page, 'guideline-case-arkansas');
  });
  const rows = await server.sys.deps.db
    .selectFrom('guideline_calculation as g')
    .innerJoin('iv_d_case as c', 'c.id', 'g.case_id')
    .select(['g.guideline_version', 'g.guideline_monthly_cents', 'g.proposed_monthly_cents', 'g.deviation_reason'])
    .where('c.case_number', '=', kase.caseNumber)
    .orderBy('g.id')
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.guideline_version, r.guideline_monthly_cents, r.proposed_monthly_cents, r.deviation_reason !== null]),
    [
      ['WI-DCF150', 37_500, 37_500, false],
      ['AR-2020', 58_200, 50_000, true],
    ],
  );
});
