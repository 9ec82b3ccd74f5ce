/**
 * The parent portal (English and Spanish) and the employer portal in a real browser, and that each kind
 * of user lands on their own pages only. Fails on any console error; screenshots go to
 * test-artifacts/browser/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

test('a parent sees their case, what is due and their payments, in English and in Spanish, and reports a new address', async () => {
  const parent = await db().selectFrom('app_user').select(['person_id']).where('username', '=', 'parent').executeTakeFirstOrThrow();
  const myCase = await db()
    .selectFrom('case_member as m')
    .innerJoin('iv_d_case as c', 'c.id', 'm.case_id')
    .select(['c.id', 'c.case_number'])
    .where('m.person_id', '=', parent.person_id!)
    .executeTakeFirstOrThrow();
  // What the parent must never see: the other parent's address and anyone's SSN.
  const other = await db()
    .selectFrom('case_member as m')
    .innerJoin('person_address as a', 'a.person_id', 'm.person_id')
    .select(['a.line1'])
    .where('m.case_id', '=', myCase.id)
    .where('m.role', '=', 'noncustodial_parent')
    .execute();
  const receipts = await db().selectFrom('receipt').select('id').where('case_id', '=', myCase.id).execute();
  assert.ok(receipts.length > 0, 'the demo parent has payments on their case');

  await journey(async (w) => {
    const { page } = w;
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await signIn(page, 'parent', /\/portal$/);
    await page.getByRole('heading', { level: 1, name: 'Your child support cases' }).waitFor();
    await page.getByRole('heading', { name: `Case ${myCase.case_number}` }).waitFor();
    await page.getByRole('heading', { name: 'Next payment due' }).waitFor();
    const history = page.getByRole('table').filter({ hasText: 'Date received' });
    await history.waitFor();
    assert.equal(await history.locator('tbody tr').count(), receipts.length, 'every payment on the case is listed');
    const text = await page.locator('main').innerText();
    for (const a of other) assert.ok(!text.includes(a.line1), "the other parent's address is not shown");
    assert.doesNotMatch(text, /\*\*\*-\*\*-\d{4}|(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/, 'no SSN, masked or not');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await assertAccessible(w, 'parent portal (English)');
    await screenshot(page, 'parent-portal-en');

    await page.getByRole('button', { name: 'Ver esta página en español' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sus casos de manutención de menores' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    await page.getByRole('heading', { name: 'Próximo pago' }).waitFor();
    await page.getByRole('heading', { name: 'Historial de pagos' }).waitFor();
    await assertAccessible(w, 'parent portal (Spanish)');

    // The address form in Spanish: problems first, then a saved address.
    await page.getByRole('button', { name: 'Guardar mi dirección' }).click();
    await page.locator('.error-summary').filter({ hasText: 'Hay un problema' }).waitFor();
    await page.getByRole('textbox', { name: /^Dirección/ }).fill('77 Walnut St');
    await page.getByLabel('Ciudad').fill('Pittsburgh');
    await page.getByRole('combobox', { name: /^Estado/ }).selectOption('PA');
    await page.getByLabel('Código postal').fill('15221');
    await page.getByRole('button', { name: 'Guardar mi dirección' }).click();
    await page.getByRole('status').filter({ hasText: 'Guardamos su nueva dirección' }).waitFor();
    await screenshot(page, 'parent-portal-es');
    const saved = await db().selectFrom('person_address').select(['line1', 'source', 'verification']).where('person_id', '=', parent.person_id!).where('line1', '=', '77 Walnut St').executeTakeFirst();
    assert.deepEqual(saved, { line1: '77 Walnut St', source: 'parent_portal', verification: 'unverified' });

    // The choice of language stays, and a parent cannot open the workstation.
    await page.goto('/worklist');
    await page.waitForURL(/\/portal$/);
    await page.getByRole('heading', { level: 1, name: 'Sus casos de manutención de menores' }).waitFor();
    await page.getByRole('button', { name: 'View this page in English' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?signedOut=1/);
  });
});

test('an employer sees the withholding orders it received with its acknowledgments, and the payments it sent', async () => {
  const employerUser = await db().selectFrom('app_user').select(['employer_id']).where('username', '=', 'employer').executeTakeFirstOrThrow();
  const sent = await db().selectFrom('receipt').select('id').where('employer_id', '=', employerUser.employer_id!).execute();
  const orders = await db().selectFrom('income_withholding_order').select(['document_tracking_number', 'status']).where('employer_id', '=', employerUser.employer_id!).where('status', '<>', 'pending').execute();
  assert.ok(orders.length > 0, 'the demo employer received withholding orders');
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'employer', /\/employer$/);
    await page.getByRole('heading', { level: 1, name: 'Employer portal' }).waitFor();
    const iwos = page.getByRole('table').filter({ hasText: 'Your acknowledgment' });
    await iwos.waitFor();
    assert.equal(await iwos.locator('tbody tr').count(), orders.length, 'every order sent to the employer');
    for (const o of orders) await iwos.getByRole('rowheader', { name: new RegExp(o.document_tracking_number) }).waitFor();
    assert.match(await iwos.innerText(), /accepted/i);
    await page.getByText('Acknowledging here is not built yet.').waitFor();
    if (sent.length) {
      const table = page.getByRole('table').filter({ hasText: 'Withheld on' });
      await table.waitFor();
      assert.equal(await table.locator('tbody tr').count(), Math.min(sent.length, 100));
    } else {
      await page.getByText('No payments from you have been received yet.').waitFor();
    }
    await assertAccessible(w, 'employer portal');
    await screenshot(page, 'employer-portal');
    // An employer has no workstation or parent pages.
    await page.goto('/cases');
    await page.waitForURL(/\/employer$/);
  });
});

test('a worker who opens the parent portal lands on the worklist; a page that does not exist says so', async () => {
  await journey(async (w) => {
    const { page } = w;
    await signIn(page, 'alle.super', /\/worklist$/);
    await page.goto('/portal');
    await page.waitForURL(/\/worklist$/);
    await page.goto('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await assertAccessible(w, 'not found');
  });
});
