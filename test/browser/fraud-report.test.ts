/**
 * The fraud signals report page in a real browser: a supervisor reaches it from the dashboard, chooses a
 * period with the keyboard, sees the counts by kind and the signals (severity, date, kind, cases, masked
 * evidence, summary), follows a case link to the case summary, and a wrong period is explained. An
 * administrator may pick an office. Fails on any console error; screenshots go to test-artifacts/browser/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchChromium, runJourney, screenshot, signIn, startDemoServer, type DemoServer, type WatchedPage } from '../helpers/browser.ts';
import { blindIndex, encryptText } from '../../src/security/pii.ts';

let server: DemoServer;
let browser: Browser;
let flagged: { caseNumber: string; personId: number };
const BAD_SSN = '666123456';

before(async () => {
  server = await startDemoServer();
  const { sys } = server;
  // A custodial parent in Allegheny with an SSN in the never-issued 666 area: an invalid-SSN signal.
  const row = await sql<{ person_id: number; case_number: string }>`
    select m.person_id, c.case_number from case_member m join iv_d_case c on c.id = m.case_id join office o on o.id = c.office_id
    where o.code = 'ALLE' and m.role = 'custodial_party' and c.status = 'open' order by c.id limit 1`.execute(sys.deps.db);
  assert.ok(row.rows[0], 'the demo has an open case in Allegheny');
  flagged = { caseNumber: row.rows[0].case_number, personId: row.rows[0].person_id };
  await sys.deps.db
    .updateTable('person')
    // Entered (business date) in the report's period.
    .set({ ssn_ciphertext: encryptText(sys.deps.keys, BAD_SSN), ssn_index: blindIndex(sys.deps.keys, BAD_SSN), ssn_last4: BAD_SSN.slice(-4), entered_date: '2026-10-01' })
    .where('id', '=', flagged.personId)
    .execute();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const journey = (run: (w: WatchedPage) => Promise<void>) => runJourney(browser, server.baseUrl, run);

test('a supervisor opens the fraud signals report from the dashboard, sees counts and masked signals, and opens a case', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.super', /\/worklist$/);
    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'Fraud signals report' }).click();
    await page.waitForURL(/\/reports\/fraud$/);
    await page.getByRole('heading', { level: 1, name: 'Fraud signals' }).waitFor();
    assert.equal(await page.getByLabel('Office').count(), 0, 'a supervisor sees their own office; no office choice');

    // The period, typed and submitted from the keyboard.
    await page.getByLabel(/^From/).fill('2026-01-01');
    await page.getByLabel(/^To/).fill('2026-11-02');
    await page.getByLabel(/^To/).press('Enter');
    await page.waitForURL(/from=2026-01-01&to=2026-11-02/);
    const counts = page.getByRole('table').filter({ hasText: 'Signals by kind' });
    await counts.waitFor();
    assert.match(await counts.getByRole('row', { name: /SSN fails the validity checks/ }).innerText(), /[1-9]\d*\s*$/);
    const signals = page.locator('#fraud-signals');
    await signals.waitFor();
    const row = signals.locator('tbody tr').filter({ hasText: 'SSN fails the validity checks' }).filter({ hasText: flagged.caseNumber }).first();
    const text = await row.innerText();
    assert.match(text, /medium/i);
    assert.match(text, /\*\*\*-\*\*-3456/, 'the SSN is masked in the evidence');
    assert.ok(!text.includes(BAD_SSN) && !text.includes('666-12'), 'never the whole SSN');
    assert.match(text, /area 666|666/i, 'the reason is given');
    // Nothing unmasked anywhere in the table: no whole SSN, no whole routing number.
    const all = await signals.innerText();
    assert.doesNotMatch(all, /\b\d{3}-\d{2}-\d{4}\b/);
    assert.doesNotMatch(all, /routing \d{9}\b/);
    await assertAccessible(w, 'fraud signals report');
    await screenshot(page, 'fraud-report-supervisor');

    // Filtering by kind keeps the period; a case link opens the case summary.
    await page.getByLabel('Kind of signal').selectOption('invalid_ssn');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/kind=invalid_ssn/);
    assert.ok((await signals.locator('tbody tr').count()) >= 1);
    assert.equal(await signals.locator('tbody tr').filter({ hasNotText: 'SSN fails the validity checks' }).count(), 0);
    await row.getByRole('link', { name: flagged.caseNumber }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/cases/${flagged.caseNumber}$`));
    await page.getByRole('heading', { level: 1, name: new RegExp(flagged.caseNumber) }).waitFor();
    await page.goBack();
    await page.waitForURL(/\/reports\/fraud\?/);
    await page.locator('#fraud-signals').waitFor();
  });
});

test('a wrong period is explained next to its field, and an administrator can choose an office', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'admin', /\/(worklist|dashboard)/);
    await page.goto('/reports/fraud');
    await page.getByRole('heading', { level: 1, name: 'Fraud signals' }).waitFor();
    await page.getByLabel(/^From/).fill('2026-11-02');
    await page.getByLabel(/^To/).fill('2026-01-01');
    await page.getByRole('button', { name: 'Show' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    await summary.waitFor();
    assert.match(await summary.innerText(), /must not be after the last day/);
    await page.getByLabel(/^To/).fill('2026-11-02');
    await page.getByLabel(/^From/).fill('2026-01-01');
    await page.getByLabel('Office').selectOption('ALLE');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/officeCode=ALLE/);
    await page.locator('#fraud-signals').filter({ hasText: flagged.caseNumber }).waitFor();
    await assertAccessible(w, 'fraud signals report (administrator)');
    await screenshot(page, 'fraud-report-administrator');
  });
});
