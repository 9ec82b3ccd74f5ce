/**
 * The federal Income Withholding for Support form (OMB 0970-0154) as a PDF, from the same typed order
 * the e-IWO DTL record carries. Sections and field numbers follow file-formats.md 1.8; 1a-1f and field
 * 14 (lump sum) are from the OCSE instructions, the rest of the labels are [unverified] against the
 * official form and are kept in one list here.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatDollars } from '../kernel/money.ts';
import { pdfText, wrapText } from '../formats/pdf-forms.ts';
import type { EiwoDetail } from '../formats/eiwo/eiwo.ts';

const FREQ: Record<string, string> = { W: 'per week', B: 'per two weeks', S: 'twice a month', M: 'per month' };


const money = (c: number | undefined) => formatDollars(c ?? 0);
const mdy = (iso: string | undefined) => (iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '');
const maskSsn = (ssn: string) => `XXX-XX-${ssn.slice(5)}`;

export interface IwoPdfOptions {
  /** The employer copy shows the full SSN (the employer needs it); other copies mask it. */
  fullSsn: boolean;
  signedDate?: string;
}

/** Lines of the form in order: [label, value] pairs, section headings as [heading, null]. */
export function iwoFormLines(d: EiwoDetail, o: IwoPdfOptions): Array<[string, string | null]> {
  const box = (on: boolean) => (on ? '[X]' : '[ ]');
  const amount = (label: string, a: { amount_cents: number; frequency: string } | undefined): [string, string] => [label, a ? `${money(a.amount_cents)} ${FREQ[a.frequency] ?? a.frequency}` : `${money(0)}`];
  const addr = (a: { line1?: string; line2?: string; city?: string; state?: string; zip?: string; zip4?: string } | undefined) =>
    [a?.line1, a?.line2, [a?.city, a?.state].filter(Boolean).join(', '), [a?.zip, a?.zip4].filter(Boolean).join('-')].filter((x) => x).join(', ');
  const lines: Array<[string, string | null]> = [
    ['INCOME WITHHOLDING FOR SUPPORT', null],
    [`1a ${box(d.action === 'ORG')} Original IWO   1b ${box(d.action === 'AMD')} Amended IWO   1c ${box(d.action === 'LUM')} One-Time Order/Notice for Lump Sum Payment   1d ${box(d.action === 'TRM')} Termination of IWO`, ''],
    ['1e Date', mdy(d.document_date)],
    ['1f Sender', 'Child Support Enforcement Agency'],
    ['State/Tribe/Territory', d.issuing_state_name],
    ['City/County/Dist./Tribe', d.issuing_jurisdiction_name ?? ''],
    ['Remittance ID (include with payment)', d.remittance_identifier ?? ''],
    ['Order ID', d.order_identifier],
    ['Case ID', d.case_id],
    ['PARTIES', null],
    ['Employer/Income Withholder', d.employer.name],
    ['Employer address', addr(d.employer.address)],
    ["Employer's FEIN", d.employer.ein],
    ['Employee/Obligor name', [d.employee.last, d.employee.first, d.employee.middle, d.employee.suffix].filter(Boolean).join(', ')],
    ['Employee/Obligor SSN', o.fullSsn ? d.employee.ssn : maskSsn(d.employee.ssn)],
    ['Employee/Obligor date of birth', mdy(d.employee.birth_date)],
    ['Custodial Party/Obligee name', d.obligee ? [d.obligee.last, d.obligee.first, d.obligee.middle].filter(Boolean).join(', ') : ''],
    ...(d.children ?? []).map((c, i): [string, string] => [`Child ${i + 1}`, `${[c.last, c.first, c.middle].filter(Boolean).join(', ')}   DOB ${mdy(c.birth_date)}`]),
    ['ORDER INFORMATION', null],
    ['This document is based on the support or withholding order from', d.issuing_tribunal_name || d.issuing_state_name],
    amount('Current child support', d.current_child_support),
    amount('Past-due child support', d.past_due_child_support),
    ['Arrears greater than 12 weeks?', d.arrears_over_12_weeks ? 'Yes' : 'No'],
    amount('Current cash medical support', d.current_medical_support),
    amount('Past-due cash medical support', d.past_due_medical_support),
    amount('Current spousal support', d.current_spousal_support),
    amount('Past-due spousal support', d.past_due_spousal_support),
    amount(`Other (must specify)${d.other_obligation?.description ? `: ${d.other_obligation.description}` : ''}`, d.other_obligation),
    amount('Total amount to withhold', d.total_withhold),
    ['AMOUNTS TO WITHHOLD', null],
    ['Per weekly pay period', money(d.withhold_per.weekly)],
    ['Per semimonthly pay period (twice a month)', money(d.withhold_per.semimonthly)],
    ['Per biweekly pay period (every two weeks)', money(d.withhold_per.biweekly)],
    ['Per monthly pay period', money(d.withhold_per.monthly)],
    ['14 Lump sum payment', d.lump_sum_amount_cents ? money(d.lump_sum_amount_cents) : 'Do not stop any existing IWO unless you receive a termination order'],
    ['REMITTANCE INFORMATION', null],
    ['Begin withholding no later than the first pay period that occurs', `${d.begin_within_days ?? 14} days after the date of this order/notice`],
    ['Send payment within', `${d.send_payment_within_days ?? 7} working days of the pay date`],
    ['Do not withhold more than', `${d.ccpa_percent ?? 50}% of the employee's disposable income (Consumer Credit Protection Act)`],
    ['Remit payment to', d.payee ? `${d.payee.name}, ${addr(d.payee.address)}` : ''],
    ['Remittance FIPS code', d.payee?.remittance_fips ?? ''],
    ['Issuing official', d.official ? `${d.official.name}, ${d.official.title}` : ''],
    ['Date', mdy(o.signedDate ?? d.document_date)],
    [`${box(!!d.send_employee_copy)} If checked, you are required to provide a copy of this form to your employee.`, ''],
    ['NOTIFICATION OF EMPLOYMENT TERMINATION OR INCOME STATUS', null],
    ['If this employee never worked for you or no longer works for you, tell the sender: termination date, last known phone and address, final payment date and amount, new employer name and address.', ''],
    ['CONTACT INFORMATION', null],
    ['Document Tracking ID', d.document_tracking_number],
  ];
  return lines;
}

export async function renderIwoPdf(d: EiwoDetail, o: IwoPdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('Income Withholding for Support');
  doc.setSubject(`Case ${d.case_id}, order ${d.order_identifier}`);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [W, H, M] = [612, 792, 40];
  let page: PDFPage = doc.addPage([W, H]);
  let y = H - M;
  // Form labels lay out check boxes with runs of spaces: wrap at single spaces so they stay.
  const wrap = (text: string, f: PDFFont, size: number, width: number) => wrapText(text, f, size, width, { splitOn: ' ' });
  const need = (h: number) => {
    if (y - h < M) {
      page = doc.addPage([W, H]);
      y = H - M;
    }
  };
  page.drawText('OMB 0970-0154', { x: W - M - 80, y: H - 25, size: 8, font });
  for (const [label, value] of iwoFormLines(d, o)) {
    if (value === null) {
      need(22);
      y -= 8;
      page.drawText(pdfText(label), { x: M, y, size: 11, font: bold });
      page.drawLine({ start: { x: M, y: y - 3 }, end: { x: W - M, y: y - 3 }, thickness: 0.5, color: rgb(0.3, 0.3, 0.3) });
      y -= 14;
      continue;
    }
    const labelLines = wrap(label, font, 9, value ? 250 : W - 2 * M);
    const valueLines = value ? wrap(value, bold, 9, W - 2 * M - 260) : [];
    const h = 11 * Math.max(labelLines.length, valueLines.length);
    need(h);
    labelLines.forEach((l, i) => page.drawText(l, { x: M, y: y - 11 * i, size: 9, font }));
    valueLines.forEach((l, i) => page.drawText(l, { x: M + 260, y: y - 11 * i, size: 9, font: bold }));
    y -= h + 2;
  }
  return doc.save();
}
