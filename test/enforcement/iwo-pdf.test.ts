/**
 * The Income Withholding for Support form (OMB 0970-0154) as printed: read back with pdf-lib's reader,
 * every field of the form is there, in the form's order (page by page, top to bottom), filled from the
 * order; the sections the federal form has are all printed. When pdftoppm is installed the pages are
 * also rendered to images (a person can look at them under the test's temp folder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFCheckBox, PDFDocument, PDFTextField } from 'pdf-lib';
import { IWO_FORM_FIELDS, renderIwoPdf } from '../../src/enforcement/iwo-pdf.ts';
import type { EiwoDetail } from '../../src/formats/eiwo/eiwo.ts';

const ORDER: EiwoDetail = {
  action: 'ORG',
  document_date: '2026-11-03',
  issuing_state_name: 'PENNSYLVANIA',
  issuing_jurisdiction_name: 'ERIE COUNTY',
  case_id: 'PA000123',
  employer: { name: 'LAKESHORE FOODS INC', address: { line1: '400 BAYFRONT PKWY', city: 'ERIE', state: 'PA', zip: '16507' }, ein: '251112222' },
  employee: { last: 'REYES', first: 'DANIEL', ssn: '318224410', birth_date: '1988-07-02' },
  obligee: { last: 'LOPEZ', first: 'MARIA' },
  current_child_support: { amount_cents: 30000, frequency: 'M' },
  past_due_child_support: { amount_cents: 6000, frequency: 'M' },
  total_withhold: { amount_cents: 36000, frequency: 'M' },
  arrears_over_12_weeks: true,
  withhold_per: { weekly: 8308, biweekly: 16615, semimonthly: 18000, monthly: 36000 },
  employment_state_name: 'PENNSYLVANIA',
  begin_within_days: 14,
  send_payment_within_days: 7,
  ccpa_percent: 55,
  payee: { name: 'STATE DISBURSEMENT UNIT', address: { line1: 'PO BOX 69110', city: 'HARRISBURG', state: 'PA', zip: '17106' }, remittance_fips: '4200000' },
  official: { name: 'IV-D DIRECTOR', title: 'DIRECTOR, BUREAU OF CHILD SUPPORT ENFORCEMENT' },
  send_employee_copy: true,
  document_tracking_number: 'IWO-PA000123-7',
  order_identifier: 'DR-2026-0077',
  children: [{ last: 'REYES', first: 'SOFIA', birth_date: '2019-05-30' }],
  remittance_identifier: 'PA000123',
};

test('every field of the federal form is printed, in the form order, filled from the order', async () => {
  const bytes = await renderIwoPdf(ORDER, { fullSsn: true });
  const doc = await PDFDocument.load(bytes);
  const form = doc.getForm();
  const pages = doc.getPages();
  const pageOf = (ref: unknown) => pages.findIndex((p) => p.ref === ref);
  let previous = { page: 0, y: Infinity, name: '' };
  for (const [name, section] of IWO_FORM_FIELDS) {
    const field = form.getFieldMaybe(name);
    assert.ok(field, `the form has ${name} (${section})`);
    const widget = field!.acroField.getWidgets()[0]!;
    const page = pageOf(widget.P());
    const rect = widget.getRectangle();
    assert.ok(page >= previous.page, `${name} is not on a page before ${previous.name}`);
    if (page === previous.page) assert.ok(rect.y + rect.height <= previous.y + 0.01, `${name} (${section}) is below ${previous.name} on page ${page + 1}`);
    previous = { page, y: rect.y + rect.height, name };
  }
  const text = (n: string) => form.getTextField(n).getText() ?? '';
  const checked = (n: string) => form.getCheckBox(n).isChecked();
  assert.deepEqual([checked('1a_original'), checked('1b_amended'), checked('1c_lump_sum'), checked('1d_termination')], [true, false, false, false]);
  assert.deepEqual([checked('1f_sender_cse_agency'), checked('1f_sender_court'), checked('1f_sender_attorney'), checked('1f_sender_private')], [true, false, false, false]);
  assert.equal(text('1e_date'), '11/03/2026');
  assert.equal(text('case_identifier'), 'PA000123');
  assert.equal(text('order_identifier'), 'DR-2026-0077');
  assert.equal(text('remittance_identifier'), 'PA000123');
  assert.equal(text('re_employee_name'), 'REYES, DANIEL');
  assert.equal(text('re_employee_ssn'), '318224410');
  assert.equal(text('re_obligee_name'), 'LOPEZ, MARIA');
  assert.match(text('re_children'), /REYES, SOFIA 05\/30\/2019/);
  assert.equal(text('employer_address'), '400 BAYFRONT PKWY, ERIE, PA, 16507');
  assert.equal(text('current_child_support'), '$300.00 per month');
  assert.equal(text('total_to_withhold'), '$360.00 per month');
  assert.deepEqual([checked('arrears_over_12_weeks_yes'), checked('arrears_over_12_weeks_no')], [true, false]);
  assert.equal(text('per_biweekly_pay_period'), '$166.15');
  assert.equal(text('principal_place_of_employment'), 'PENNSYLVANIA');
  assert.equal(text('withhold_up_to_percent'), '55%');
  assert.equal(text('remit_payee'), 'STATE DISBURSEMENT UNIT');
  assert.equal(text('fips_code'), '4200000');
  assert.equal(text('official_title'), 'DIRECTOR, BUREAU OF CHILD SUPPORT ENFORCEMENT');
  assert.equal(checked('employee_copy_required'), true);
  assert.equal(checked('return_to_sender'), false);
  assert.match(text('withholding_limits_law'), /Pennsylvania/);
  assert.equal(text('termination_date'), '', 'the termination notice is left for the employer to fill in');
  assert.match(text('employer_contact_phone'), /^\(\d{3}\) \d{3}-\d{4}$/);
  assert.ok(form.getField('re_employee_ssn') instanceof PDFTextField && form.getField('never_worked') instanceof PDFCheckBox);
  assert.ok(pages.length >= 2, 'the additional information for employers is on its own page');
});

test('a copy for someone other than the employer masks the SSN', async () => {
  const doc = await PDFDocument.load(await renderIwoPdf(ORDER, { fullSsn: false }));
  assert.equal(doc.getForm().getTextField('re_employee_ssn').getText(), 'XXX-XX-4410');
});

test('the pages render (pdftoppm, when installed)', { skip: !existsSync('/usr/bin/pdftoppm') && 'pdftoppm is not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iwo-'));
  writeFileSync(join(dir, 'iwo.pdf'), await renderIwoPdf(ORDER, { fullSsn: false }));
  execFileSync('/usr/bin/pdftoppm', ['-r', '60', '-png', join(dir, 'iwo.pdf'), join(dir, 'page')]);
  assert.ok(readdirSync(dir).filter((f) => f.endsWith('.png')).length >= 2);
});
