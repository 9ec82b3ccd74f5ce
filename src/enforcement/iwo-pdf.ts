/**
 * The federal Income Withholding for Support form (OMB 0970-0154, the 2021 version), filled from the same
 * typed order the e-IWO DTL record carries, drawn with the forms module (formats/pdf-forms.ts): every
 * filled-in value and check box is a named field (IWO_FORM_FIELDS, in form order), so a reader (and the
 * tests) can find each one and where it is. The whole form is printed: the document type and sender
 * check boxes, the identifiers, the RE: line, the order information and the legal duty to withhold, the
 * amounts per pay period and the lump sum note, the remittance information with the principal place of
 * employment, the return-to-sender box, the signature block and the employee-copy box; the "Additional
 * information for employers/income withholders" (priority, combining payments, payments to the SDU,
 * reporting the pay date, multiple IWOs, lump sums, liability, anti-discrimination, withholding limits
 * with the State's law); the termination / income status notice with its fill-in fields; and the contact
 * details for the employer and the employee. The form's wording is paraphrased closely from the published
 * form; the field labels follow file-formats.md 1.8.
 */
import { formatDollars } from '../kernel/money.ts';
import type { EiwoDetail } from '../formats/eiwo/eiwo.ts';
import { FormWriter } from '../formats/pdf-forms.ts';

const FREQ: Record<string, string> = { W: 'week', B: 'two weeks', S: 'half month', M: 'month' };
const money = (c: number | undefined) => formatDollars(c ?? 0);
const mdy = (iso: string | undefined) => (iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '');
const maskSsn = (ssn: string) => `XXX-XX-${ssn.slice(5)}`;
type Address = { line1?: string; line2?: string; city?: string; state?: string; zip?: string; zip4?: string } | undefined;
const addr = (a: Address) => [a?.line1, a?.line2, [a?.city, a?.state].filter(Boolean).join(', '), [a?.zip, a?.zip4].filter(Boolean).join('-')].filter((x) => x).join(', ');
const fullName = (n: { last: string; first: string; middle?: string; suffix?: string }) => [n.last, n.first, n.middle, n.suffix].filter(Boolean).join(', ');

/** The issuing agency's contacts and the State's law on withholding limits: policy data. */
export interface IwoIssuer {
  name: string;
  phone: string;
  fax: string;
  emailOrWebsite: string;
  /** Where termination / income status notices and other correspondence go. */
  address: string;
  /** The State's withholding limits and where its law says so. */
  withholdingLimitsLaw: string;
  /** Supplemental, State-specific information for employers. */
  supplemental?: string;
}

export interface IwoPdfOptions {
  /** The employer copy shows the full SSN (the employer needs it); other copies mask it. */
  fullSsn: boolean;
  signedDate?: string;
  issuer?: IwoIssuer;
}

export const DEFAULT_ISSUER: IwoIssuer = {
  name: 'Bureau of Child Support Enforcement',
  phone: '8005105555',
  fax: '7175550199',
  emailOrWebsite: 'www.childsupport.example.gov',
  address: 'PO Box 8018, Harrisburg, PA 17105',
  withholdingLimitsLaw: 'Pennsylvania follows the federal Consumer Credit Protection Act limits (15 USC 1673(b)); see 23 Pa.C.S. 4348.',
};

/**
 * The form's named fields in the order they appear: [field name, section]. The tests read each back from
 * the PDF and check its page, its place below the previous one and its value.
 */
export const IWO_FORM_FIELDS: ReadonlyArray<readonly [name: string, section: string]> = [
  ['1a_original', 'document type'], ['1b_amended', 'document type'], ['1c_lump_sum', 'document type'], ['1d_termination', 'document type'],
  ['1e_date', 'document type'],
  ['1f_sender_cse_agency', 'sender'], ['1f_sender_court', 'sender'], ['1f_sender_attorney', 'sender'], ['1f_sender_private', 'sender'],
  ['state_tribe_territory', 'identifiers'], ['remittance_identifier', 'identifiers'], ['city_county_dist_tribe', 'identifiers'], ['order_identifier', 'identifiers'], ['private_individual_entity', 'identifiers'], ['case_identifier', 'identifiers'],
  ['employer_name', 'employer'], ['employer_address', 'employer'], ['employer_fein', 'employer'],
  ['re_employee_name', 'RE'], ['re_employee_ssn', 'RE'], ['re_employee_dob', 'RE'], ['re_obligee_name', 'RE'], ['re_children', 'RE'],
  ['order_state_tribe', 'order information'],
  ['current_child_support', 'order information'], ['past_due_child_support', 'order information'], ['arrears_over_12_weeks_yes', 'order information'], ['arrears_over_12_weeks_no', 'order information'],
  ['current_cash_medical_support', 'order information'], ['past_due_cash_medical_support', 'order information'], ['current_spousal_support', 'order information'], ['past_due_spousal_support', 'order information'], ['other_support', 'order information'], ['total_to_withhold', 'order information'],
  ['per_weekly_pay_period', 'amounts to withhold'], ['per_semimonthly_pay_period', 'amounts to withhold'], ['per_biweekly_pay_period', 'amounts to withhold'], ['per_monthly_pay_period', 'amounts to withhold'], ['lump_sum_amount', 'amounts to withhold'],
  ['principal_place_of_employment', 'remittance information'], ['begin_within_days', 'remittance information'], ['send_within_working_days', 'remittance information'], ['withhold_up_to_percent', 'remittance information'],
  ['document_tracking_identifier', 'remittance information'], ['fips_code', 'remittance information'], ['remit_payee', 'remittance information'], ['remit_payee_address', 'remittance information'],
  ['return_to_sender', 'remittance information'],
  ['official_signature', 'signature'], ['official_name', 'signature'], ['official_title', 'signature'], ['signature_date', 'signature'],
  ['employee_copy_required', 'signature'],
  ['withholding_limits_law', 'additional information'],
  ['never_worked', 'termination notice'], ['no_longer_works', 'termination notice'], ['termination_date', 'termination notice'], ['last_known_phone', 'termination notice'], ['last_known_address', 'termination notice'],
  ['final_payment_date', 'termination notice'], ['final_payment_amount', 'termination notice'], ['new_employer_name', 'termination notice'], ['new_employer_address', 'termination notice'],
  ['employer_contact_name', 'contact information'], ['employer_contact_phone', 'contact information'], ['employer_contact_fax', 'contact information'], ['employer_contact_email', 'contact information'], ['correspondence_address', 'contact information'],
  ['employee_contact_name', 'contact information'], ['employee_contact_phone', 'contact information'], ['employee_contact_fax', 'contact information'], ['employee_contact_email', 'contact information'],
];

const phone = (p: string) => (/^\d{10}$/.test(p) ? `(${p.slice(0, 3)}) ${p.slice(3, 6)}-${p.slice(6)}` : p);

export async function renderIwoPdf(d: EiwoDetail, o: IwoPdfOptions): Promise<Uint8Array> {
  const issuer = o.issuer ?? DEFAULT_ISSUER;
  const employee = fullName(d.employee);
  const f = await FormWriter.create({
    title: 'Income Withholding for Support',
    subject: `Case ${d.case_id}, order ${d.order_identifier}`,
    date: d.document_date,
    continuationHeader: `Employer's Name: ${d.employer.name}   Employer FEIN: ${d.employer.ein}   Employee/Obligor's Name: ${employee}   CSE Agency Case Identifier: ${d.case_id}   Order Identifier: ${d.order_identifier}`,
  });
  const amount = (name: string, label: string, a: { amount_cents: number; frequency: string } | undefined) =>
    f.field(name, label, a ? `${money(a.amount_cents)} per ${FREQ[a.frequency] ?? a.frequency}` : '$0.00', { labelWidth: 260 });
  const payState = d.employment_state_name || d.issuing_state_name;

  f.corner('OMB 0970-0154');
  f.title('INCOME WITHHOLDING FOR SUPPORT');
  f.checkbox('1a_original', 'ORIGINAL INCOME WITHHOLDING ORDER/NOTICE FOR SUPPORT (IWO)', d.action === 'ORG');
  f.checkbox('1b_amended', 'AMENDED IWO', d.action === 'AMD');
  f.checkbox('1c_lump_sum', 'ONE-TIME ORDER/NOTICE FOR LUMP SUM PAYMENT', d.action === 'LUM');
  f.checkbox('1d_termination', 'TERMINATION of IWO', d.action === 'TRM');
  f.field('1e_date', 'Date:', mdy(d.document_date), { labelWidth: 60, width: 100 });
  f.paragraph('Sender (check one):');
  f.checkbox('1f_sender_cse_agency', 'Child Support Enforcement (CSE) Agency', true, { indent: 12 });
  f.checkbox('1f_sender_court', 'Court', false, { indent: 12 });
  f.checkbox('1f_sender_attorney', 'Attorney', false, { indent: 12 });
  f.checkbox('1f_sender_private', 'Private Individual/Entity (a copy of the underlying order must be attached)', false, { indent: 12 });
  f.paragraph('By completing this form, you are requesting that the employer/income withholder withhold income for support. This IWO must be regular on its face. Under certain circumstances you must reject this IWO and return it to the sender (see the IWO instructions). If you receive this document from someone other than a State or Tribal CSE agency or a court, a copy of the underlying order must be attached.');
  f.field('state_tribe_territory', 'State/Tribe/Territory', d.issuing_state_name);
  f.field('remittance_identifier', 'Remittance Identifier (include with payment)', d.remittance_identifier ?? '');
  f.field('city_county_dist_tribe', 'City/County/Dist./Tribe', d.issuing_jurisdiction_name ?? '');
  f.field('order_identifier', 'Order Identifier', d.order_identifier);
  f.field('private_individual_entity', 'Private Individual/Entity', '');
  f.field('case_identifier', 'Case Identifier', d.case_id);
  f.field('employer_name', 'Employer/Income Withholder\'s Name', d.employer.name);
  f.field('employer_address', 'Employer/Income Withholder\'s Address', addr(d.employer.address));
  f.field('employer_fein', 'Employer/Income Withholder\'s FEIN', d.employer.ein);
  f.paragraph('RE:', { bold: true });
  f.field('re_employee_name', 'Employee/Obligor\'s Name (Last, First, Middle)', employee);
  f.field('re_employee_ssn', 'Employee/Obligor\'s Social Security Number', o.fullSsn ? d.employee.ssn : maskSsn(d.employee.ssn));
  f.field('re_employee_dob', 'Employee/Obligor\'s Date of Birth', mdy(d.employee.birth_date));
  f.field('re_obligee_name', 'Custodial Party/Obligee\'s Name (Last, First, Middle)', d.obligee ? fullName(d.obligee) : '');
  f.field('re_children', 'Child(ren)\'s Name(s) (Last, First, Middle) and Date(s) of Birth', (d.children ?? []).map((c) => `${fullName(c)} ${mdy(c.birth_date)}`).join('; '));

  f.heading('ORDER INFORMATION');
  f.field('order_state_tribe', 'This document is based on the support or withholding order from (State/Tribe):', d.issuing_tribunal_name || d.issuing_state_name, { labelWidth: 300 });
  f.paragraph('You are required by law to deduct these amounts from the employee/obligor\'s income until further notice.', { bold: true });
  amount('current_child_support', 'current child support', d.current_child_support);
  amount('past_due_child_support', 'past-due child support', d.past_due_child_support);
  f.checkbox('arrears_over_12_weeks_yes', 'Arrears greater than 12 weeks?  Yes', d.arrears_over_12_weeks, { indent: 24 });
  f.checkbox('arrears_over_12_weeks_no', 'No', !d.arrears_over_12_weeks, { indent: 24 });
  amount('current_cash_medical_support', 'current cash medical support', d.current_medical_support);
  amount('past_due_cash_medical_support', 'past-due cash medical support', d.past_due_medical_support);
  amount('current_spousal_support', 'current spousal support', d.current_spousal_support);
  amount('past_due_spousal_support', 'past-due spousal support', d.past_due_spousal_support);
  amount('other_support', `other (must specify)${d.other_obligation?.description ? `: ${d.other_obligation.description}` : ''}`, d.other_obligation);
  amount('total_to_withhold', 'for a Total Amount to Withhold of', d.total_withhold);

  f.heading('AMOUNTS TO WITHHOLD');
  f.paragraph('You do not have to vary your pay cycle to be in compliance with the Order Information. If your pay cycle does not match the ordered payment cycle, withhold one of the following amounts:');
  f.field('per_weekly_pay_period', 'per weekly pay period', `${money(d.withhold_per.weekly)}`, { labelWidth: 260 });
  f.field('per_semimonthly_pay_period', 'per semimonthly pay period (twice a month)', `${money(d.withhold_per.semimonthly)}`, { labelWidth: 260 });
  f.field('per_biweekly_pay_period', 'per biweekly pay period (every two weeks)', `${money(d.withhold_per.biweekly)}`, { labelWidth: 260 });
  f.field('per_monthly_pay_period', 'per monthly pay period', `${money(d.withhold_per.monthly)}`, { labelWidth: 260 });
  f.field('lump_sum_amount', 'Lump sum payment: do not stop any existing IWO unless you receive a termination order. Lump sum to withhold:', d.lump_sum_amount_cents ? `${money(d.lump_sum_amount_cents)}` : '', { labelWidth: 360 });

  f.heading('REMITTANCE INFORMATION');
  f.field('principal_place_of_employment', 'If the employee/obligor\'s principal place of employment is (State/Tribe):', payState, { labelWidth: 320 });
  f.field('begin_within_days', 'you must begin withholding no later than the first pay period that occurs this many days after the date of this order/notice:', String(d.begin_within_days ?? 14), { labelWidth: 420 });
  f.field('send_within_working_days', 'Send payment within this many working days of the pay date:', String(d.send_payment_within_days ?? 7), { labelWidth: 420 });
  f.field('withhold_up_to_percent', 'If you cannot withhold the full amount of support for all orders for this employee/obligor, withhold up to this percent of disposable income for all orders:', `${d.ccpa_percent ?? 50}%`, { labelWidth: 420 });
  f.paragraph(`If the employee/obligor's principal place of employment is not ${payState}, obtain withholding limitations, time requirements and any allowable employer fees for the State or Tribe of the principal place of employment (federal employer services: State income withholding contacts and program requirements).`);
  f.field('document_tracking_identifier', 'Document Tracking Identifier', d.document_tracking_number);
  f.field('fips_code', 'Include the Remittance Identifier with the payment and, if necessary, this FIPS code:', d.payee?.remittance_fips ?? '', { labelWidth: 360 });
  f.field('remit_payee', 'Remit payment to (SDU/Tribal Order Payee)', d.payee?.name ?? '');
  f.field('remit_payee_address', 'at (SDU/Tribal Payee Address)', addr(d.payee?.address));
  f.checkbox('return_to_sender', 'Return to Sender [completed by the employer/income withholder]. Payment must be directed to an SDU under 42 USC 666(b)(5) and (b)(6), or to a Tribal Payee. If payment is not directed to an SDU/Tribal Payee, or this IWO is not regular on its face, check this box and return the IWO to the sender.', false);
  f.field('official_signature', 'Signature of Judge/Issuing Official (if required by State or Tribal law):', '', { labelWidth: 300 });
  f.field('official_name', 'Print Name of Judge/Issuing Official:', d.official?.name ?? '', { labelWidth: 300 });
  f.field('official_title', 'Title of Judge/Issuing Official:', d.official?.title ?? '', { labelWidth: 300 });
  f.field('signature_date', 'Date of Signature:', mdy(o.signedDate ?? d.document_date), { labelWidth: 300 });
  f.paragraph('If the employee/obligor works in a State or for a Tribe that is different from the State or Tribe that issued this order, a copy of this IWO must be provided to the employee/obligor.');
  f.checkbox('employee_copy_required', 'If checked, the employer/income withholder must provide a copy of this form to the employee/obligor.', !!d.send_employee_copy);

  f.newPage();
  f.heading('ADDITIONAL INFORMATION FOR EMPLOYERS/INCOME WITHHOLDERS');
  const para = (title: string, text: string) => f.paragraph(`${title} ${text}`);
  para('Priority:', 'Withholding for support has priority over any other legal process under State law against the same income (42 USC 666(b)(7)). If a federal tax levy is in effect, please notify the sender.');
  para('Combining Payments:', "When remitting payments to an SDU or Tribal CSE agency, you may combine withheld amounts from more than one employee/obligor's income in a single payment. You must, however, separately identify each employee/obligor's portion of the payment.");
  para('Payments To SDU:', 'You must send child support payments payable by income withholding to the appropriate SDU or to a Tribal CSE agency. If this IWO instructs you to send a payment to an entity other than an SDU (e.g. payable to the custodial party, court or attorney), you must check the Return to Sender box and return this notice to the sender.');
  para('Reporting the Pay Date:', "You must report the pay date when sending the payment: the date on which the amount was withheld from the employee/obligor's wages. You must comply with the law of the State (or Tribal law) of the employee/obligor's principal place of employment on the time within which you must begin withholding and forward the payments.");
  para('Multiple IWOs:', "If there is more than one IWO against this employee/obligor and you cannot fully honor them all because of federal, State or Tribal withholding limits, honor all IWOs to the greatest extent possible, giving priority to current support before past-due support. Follow the law of the employee/obligor's principal place of employment to allocate.");
  para('Lump Sum Payments:', 'You may be required to notify a State or Tribal CSE agency of upcoming lump sum payments to this employee/obligor, such as bonuses, commissions or severance pay. Contact the sender to find out whether you must report and/or withhold lump sum payments.');
  para('Liability:', 'If you have any doubts about the validity of this IWO, contact the sender. If you fail to withhold income as the IWO directs, you are liable for both the accumulated amount you should have withheld and any penalties set by State or Tribal law.');
  para('Anti-discrimination:', 'You are subject to a fine determined under State or Tribal law for discharging an employee/obligor from employment, refusing to employ, or taking disciplinary action against an employee/obligor because of this IWO.');
  para('Withholding Limits:', "You may not withhold more than the lesser of: 1) the amounts allowed by the federal Consumer Credit Protection Act (CCPA, 15 USC 1673(b)); or 2) the amounts allowed by the State or Tribe of the employee/obligor's principal place of employment. Disposable income is the net income left after mandatory deductions such as State, federal and local taxes, Social Security taxes, statutory pension contributions and Medicare taxes. The federal limit is 50% of disposable income if the obligor is supporting another family and 60% if not; each limit rises by 5 points (to 55% and 65%) if the arrears are greater than 12 weeks. If the State or Tribe permits, you may deduct a fee for administrative costs; the support and the fee together may not exceed the limit. If the Order Information does not say that the arrears are greater than 12 weeks, use the lower percentage.");
  f.field('withholding_limits_law', "The State's law on withholding limits:", issuer.withholdingLimitsLaw, { below: true });
  if (issuer.supplemental) para('Supplemental Information:', issuer.supplemental);

  f.heading('NOTIFICATION OF EMPLOYMENT TERMINATION OR INCOME STATUS');
  f.paragraph('If this employee/obligor never worked for you or you are no longer withholding income for this employee/obligor, you must promptly notify the CSE agency and/or the sender by returning this form to the address in the contact information below:');
  f.checkbox('never_worked', 'This person has never worked for this employer nor received periodic income.', false);
  f.checkbox('no_longer_works', 'This person no longer works for this employer nor receives periodic income.', false);
  f.paragraph('Please provide the following information for the employee/obligor:');
  f.field('termination_date', 'Termination date:', '');
  f.field('last_known_phone', 'Last known phone number:', '');
  f.field('last_known_address', 'Last known address:', '');
  f.field('final_payment_date', 'Final payment date to SDU/Tribal Payee:', '');
  f.field('final_payment_amount', 'Final payment amount:', '');
  f.field('new_employer_name', "New employer's name:", '');
  f.field('new_employer_address', "New employer's address:", '');

  f.heading('CONTACT INFORMATION');
  f.paragraph('To Employer/Income Withholder: if you have any questions, contact', { bold: true });
  f.field('employer_contact_name', 'Issuer name:', issuer.name);
  f.field('employer_contact_phone', 'by phone:', phone(issuer.phone));
  f.field('employer_contact_fax', 'by fax:', phone(issuer.fax));
  f.field('employer_contact_email', 'by email or website:', issuer.emailOrWebsite);
  f.field('correspondence_address', 'Send termination/income status notice and other correspondence to:', issuer.address, { labelWidth: 300 });
  f.paragraph('To Employee/Obligor: if the employee/obligor has questions, contact', { bold: true });
  f.field('employee_contact_name', 'Issuer name:', issuer.name);
  f.field('employee_contact_phone', 'by phone:', phone(issuer.phone));
  f.field('employee_contact_fax', 'by fax:', phone(issuer.fax));
  f.field('employee_contact_email', 'by email or website:', issuer.emailOrWebsite);
  f.paragraph('IMPORTANT: The person completing this form is advised that the information may be shared with the employee/obligor.', { bold: true });
  return f.save((page, pages) => `OMB 0970-0154 Income Withholding for Support - Document Tracking Identifier ${d.document_tracking_number} - page ${page} of ${pages}`);
}
