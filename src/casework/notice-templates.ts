/**
 * Notice templates: text with {{merge fields}}, versioned so a notice sent under an older wording still
 * re-renders exactly. Pure: the service fills the fields (never with a full SSN, only the masked last
 * four) and notice-pdf.ts draws the page.
 */

export type NoticeRecipient = 'custodial_party' | 'noncustodial_parent' | 'initiating_agency' | 'custodial_party_or_agency';

export interface NoticeTemplate {
  code: string;
  version: number;
  title: string;
  citation: string;
  /** Who the notice is for by default. */
  recipient: NoticeRecipient;
  /** Other recipients a worker may choose. */
  otherRecipients?: readonly NoticeRecipient[];
  /** Sent only by the closure process, not on request. */
  closureOnly?: boolean;
  /** Sent only by another process (the enforcement remedies fill its figures), named here for the error. */
  sentBy?: string;
  paragraphs: readonly string[];
  /** A two-column table of figures, drawn after the first paragraph. */
  table?: ReadonlyArray<readonly [label: string, value: string]>;
}

const CONTACT = 'If you have questions, call or write to {{officeName}} and give your case number, {{caseNumber}}.';

export const NOTICE_TEMPLATES: readonly NoticeTemplate[] = [
  {
    code: 'case_opening_letter',
    version: 1,
    title: 'Your child support case is open',
    citation: '45 CFR 303.2(a)(2), 303.2(b)',
    recipient: 'custodial_party_or_agency',
    paragraphs: [
      'Dear {{recipientName}}:',
      'We opened child support case {{caseNumber}} on {{openedDate}} after receiving your {{intakeKind}} on {{receivedDate}}. The case concerns {{childrenNames}}. The other parent named on the case is {{ncpName}}.',
      'The {{programName}} can: find the other parent (locate); establish paternity; establish and change support orders, including medical support; enforce orders (income withholding, tax refund offsets and other remedies); and collect and send you the support paid.',
      'Fees and costs: {{feeText}} The program may recover the costs of genetic tests as State law allows.',
      'How payments are applied: payments go first to the current month\'s support, then to past-due support. If you receive or received TANF assistance, support is assigned to the State and part of it may be kept to repay that assistance, as federal law (42 USC 657) requires.',
      'Your rights: you may ask for a review of a support order at least every 36 months, and you may ask that your case be closed. Tell us when your address or the other parent\'s address or job changes.',
      'Your caseworker is {{workerName}}. ' + CONTACT,
    ],
  },
  {
    code: 'iwo_notice_obligor',
    version: 1,
    title: 'Notice of income withholding',
    citation: '42 USC 666(b)(4)(A); 45 CFR 303.100(e)',
    recipient: 'noncustodial_parent',
    paragraphs: [
      'Dear {{recipientName}}:',
      'An income withholding order for child support in case {{caseNumber}} has been sent to your employer, {{employerName}}. Your employer must withhold support from your pay and send it to the State Disbursement Unit.',
      'Obligor: {{recipientName}}, SSN {{obligorSsnMasked}}.',
      'You may contest the withholding only on the ground of a mistake of fact (for example, the wrong person, the wrong amount, or support already paid). To contest, write to {{officeName}} within {{contestDays}} days of the date of this notice. Withholding continues while a contest is decided.',
      'If you change jobs, you must tell the program the name and address of your new employer. ' + CONTACT,
    ],
    table: [
      ['Current support ordered (monthly)', '{{currentSupportMonthly}}'],
      ['Past-due support (arrears) on {{noticeDate}}', '{{arrearsBalance}}'],
      ['Amount to withhold toward arrears (monthly)', '{{arrearsPaymentMonthly}}'],
      ['Total to withhold (monthly)', '{{withholdingMonthly}}'],
    ],
  },
  {
    code: 'closure_notice',
    version: 1,
    title: 'Notice of intent to close your child support case',
    citation: '45 CFR 303.11(d)(1), (d)(3)',
    recipient: 'custodial_party',
    closureOnly: true,
    paragraphs: [
      'Dear {{recipientName}}:',
      'We intend to close child support case {{caseNumber}} on or after {{earliestClosureDate}}, because: {{closureReason}} ({{closureCitation}}).',
      '{{replyText}}',
      'If the case closes, you may later ask to reopen it with a new application if your circumstances change (45 CFR 303.11(d)(5)). ' + CONTACT,
    ],
  },
  {
    code: 'closure_notice_reapply',
    version: 1,
    title: 'Notice of intent to close your child support case (paternity service completed)',
    citation: '45 CFR 303.11(d)(4)',
    recipient: 'custodial_party',
    closureOnly: true,
    paragraphs: [
      'Dear {{recipientName}}:',
      'The limited service you asked for in case {{caseNumber}} (establishing paternity) is complete. We intend to close the case on or after {{earliestClosureDate}} ({{closureCitation}}).',
      'If you reply by {{earliestClosureDate}} with information that could lead to establishing or enforcing a support order, the case will stay open.',
      'To get full services later (an order, enforcement, collection), you must apply again with a new application and pay the application fee. {{feeText}} Payments are applied first to the current month\'s support, then to past-due support; support assigned to the State because of assistance is kept to repay that assistance (42 USC 657). The program may recover the costs of genetic tests as State law allows.',
      CONTACT,
    ],
  },
  {
    code: 'closure_notice_agency',
    version: 1,
    title: 'Notice of intent to close the responding case',
    citation: '45 CFR 303.11(b)(17), (d)(2)',
    recipient: 'initiating_agency',
    closureOnly: true,
    paragraphs: [
      'To the child support agency of {{recipientName}} (your case {{otherJurisdictionCaseId}}):',
      'As the responding agency in our case {{caseNumber}}, we intend to close the case on or after {{earliestClosureDate}} because the initiating agency has not taken an action essential for the next step in providing services ({{closureCitation}}). Finding: {{finding}}',
      'If you reply by {{earliestClosureDate}} with the information or action needed, the case will stay open (45 CFR 303.11(d)(3)). ' + CONTACT,
    ],
  },
  {
    code: 'annual_statement',
    version: 1,
    title: 'Annual statement of support collected in {{year}}',
    citation: '45 CFR 302.54 (notice of support collected; inference: the section is not in the reference file)',
    recipient: 'custodial_party',
    otherRecipients: ['noncustodial_parent'],
    paragraphs: [
      'Dear {{recipientName}}:',
      'This statement shows the support distributed in case {{caseNumber}} from January 1 to December 31, {{year}}, and the balances on file on {{noticeDate}}.',
      'Amounts kept by the State repay assistance (TANF or foster care) the family received, as federal law requires (42 USC 657). ' + CONTACT,
    ],
    table: [
      ['Payments distributed in {{year}}', '{{paymentCount}}'],
      ['Support distributed in {{year}}', '{{distributedTotal}}'],
      ['  of which current support', '{{currentSupportPaid}}'],
      ['  of which past-due support', '{{arrearsPaid}}'],
      ['Paid to the family', '{{toFamily}}'],
      ['Kept to repay assistance', '{{retained}}'],
      ['Annual fee', '{{fees}}'],
      ['Current support ordered (monthly)', '{{currentSupportMonthly}}'],
      ['Past-due support owed', '{{arrearsBalance}}'],
    ],
  },
  {
    code: 'review_rights_notice',
    version: 1,
    title: 'Your right to ask for a review of your support order',
    citation: '45 CFR 303.8(b)(7)(i)',
    recipient: 'custodial_party',
    otherRecipients: ['noncustodial_parent'],
    paragraphs: [
      'Dear {{recipientName}}:',
      'Either parent may ask the {{programName}} to review the support order in case {{caseNumber}}. We review an order at least every 36 months when asked, and sooner if circumstances have changed substantially (for example, a change in income, or incarceration for more than 180 days).',
      'After a review the order may be changed under the State\'s guidelines. To ask for a review, write to {{officeName}}. ' + CONTACT,
    ],
  },
  // Enforcement remedies (src/enforcement/remedies.ts fills amountOwed, dueProcessDate and the rest).
  {
    code: 'pre_offset_notice',
    version: 1,
    sentBy: 'cse enforcement offset-file',
    title: 'Notice of intent to refer past-due support for federal offset and passport denial',
    citation: '42 USC 664; 45 CFR 303.72(e); 42 USC 652(k)',
    recipient: 'noncustodial_parent',
    paragraphs: [
      'Dear {{recipientName}}:',
      'Our records show past-due support of {{amountOwed}} in case {{caseNumber}} ({{offsetKinds}}). Unless the debt is paid or you show that it is wrong, we will refer it to the U.S. Department of Health and Human Services for offset of your federal income tax refund and other federal payments. {{passportText}}',
      'If you file a joint return, your spouse may be able to claim a share of the refund as an injured spouse.',
      'You may contest the debt (for example, if you paid it or are not the person who owes it) and ask for an administrative review by writing to {{officeName}} by {{dueProcessDate}}. If the order was issued in another State you may ask that the review be held there.',
      CONTACT,
    ],
  },
  {
    code: 'fidm_levy_notice',
    version: 1,
    sentBy: 'cse enforcement fidm-import',
    title: 'Notice of levy on a financial account',
    citation: '42 USC 666(a)(17), 666(c)(1)(G)(ii)',
    recipient: 'noncustodial_parent',
    paragraphs: [
      'Dear {{recipientName}}:',
      'You owe past-due support of {{amountOwed}} in case {{caseNumber}}. A financial institution match found an account in your name at {{institutionName}} (account ending {{accountLast4}}). We intend to levy {{levyAmount}} from that account.',
      'You may contest the levy (for example, if the account is not yours, is jointly owned, or the amount is wrong) by writing to {{officeName}} by {{dueProcessDate}}. If you do not, the levy will be sent to the institution after that date.',
      CONTACT,
    ],
  },
  {
    code: 'license_suspension_notice',
    version: 1,
    sentBy: 'cse enforcement license-list',
    title: "Notice of intent to suspend your driver's, professional and recreational licenses",
    citation: '42 USC 666(a)(16)',
    recipient: 'noncustodial_parent',
    paragraphs: [
      'Dear {{recipientName}}:',
      'You owe past-due support of {{amountOwed}} in case {{caseNumber}}. State law allows the suspension of your driver\'s, professional, occupational and recreational licenses when support is this far behind.',
      'To avoid suspension, pay the past-due support, agree to a payment plan, or contest this notice by writing to {{officeName}} by {{dueProcessDate}}. If you do none of these, your name will be sent to the licensing agencies after that date.',
      CONTACT,
    ],
  },
  {
    code: 'credit_reporting_notice',
    version: 1,
    sentBy: 'cse enforcement credit-report',
    title: 'Notice of intent to report past-due support to consumer reporting agencies',
    citation: '42 USC 666(a)(7)',
    recipient: 'noncustodial_parent',
    paragraphs: [
      'Dear {{recipientName}}:',
      'You owe past-due support of {{amountOwed}} in case {{caseNumber}}. We intend to report this past-due support to consumer reporting agencies (credit bureaus).',
      'You may contest the amount or ask for a review by writing to {{officeName}} by {{dueProcessDate}}. We will not report the debt before that date, nor while a contest is being decided.',
      CONTACT,
    ],
  },
];

export function noticeTemplate(code: string, version?: number): NoticeTemplate | null {
  const matches = NOTICE_TEMPLATES.filter((t) => t.code === code && (version === undefined || t.version === version));
  return matches.sort((a, b) => b.version - a.version)[0] ?? null;
}

const FIELD = /\{\{([A-Za-z0-9_]+)\}\}/g;

/** The merge fields a template uses. */
export function templateFields(t: NoticeTemplate): string[] {
  const texts = [t.title, ...t.paragraphs, ...(t.table ?? []).flat()];
  return [...new Set(texts.flatMap((text) => [...text.matchAll(FIELD)].map((m) => m[1]!)))].sort();
}

/** Replaces every {{field}}; a field with no value is a bug and throws. */
export function merge(text: string, fields: Readonly<Record<string, string>>): string {
  return text.replace(FIELD, (_, name: string) => {
    const value = fields[name];
    if (value === undefined) throw new Error(`merge field ${name} has no value`);
    return value;
  });
}

export interface MergedNotice {
  title: string;
  citation: string;
  paragraphs: string[];
  table: Array<[string, string]>;
}

export function mergeTemplate(t: NoticeTemplate, fields: Readonly<Record<string, string>>): MergedNotice {
  return {
    title: merge(t.title, fields),
    citation: t.citation,
    paragraphs: t.paragraphs.map((p) => merge(p, fields)).filter((p) => p.trim().length > 0),
    table: (t.table ?? []).map(([label, value]) => [merge(label, fields), merge(value, fields)]),
  };
}

/** A full SSN (nine digits, with or without dashes) anywhere in a text; notices must never carry one. */
export function containsFullSsn(text: string): boolean {
  return /(?<!\d)\d{3}-?\d{2}-?\d{4}(?!\d)/.test(text);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-11-02" → "November 2, 2026", for letters. */
export function longDate(iso: string): string {
  return `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
}

/** State and territory names by two-digit FIPS code, for letters to another State's agency. */
export const STATE_FIPS: Readonly<Record<string, string>> = {
  '01': 'Alabama', '02': 'Alaska', '04': 'Arizona', '05': 'Arkansas', '06': 'California', '08': 'Colorado', '09': 'Connecticut', '10': 'Delaware',
  '11': 'District of Columbia', '12': 'Florida', '13': 'Georgia', '15': 'Hawaii', '16': 'Idaho', '17': 'Illinois', '18': 'Indiana', '19': 'Iowa',
  '20': 'Kansas', '21': 'Kentucky', '22': 'Louisiana', '23': 'Maine', '24': 'Maryland', '25': 'Massachusetts', '26': 'Michigan', '27': 'Minnesota',
  '28': 'Mississippi', '29': 'Missouri', '30': 'Montana', '31': 'Nebraska', '32': 'Nevada', '33': 'New Hampshire', '34': 'New Jersey', '35': 'New Mexico',
  '36': 'New York', '37': 'North Carolina', '38': 'North Dakota', '39': 'Ohio', '40': 'Oklahoma', '41': 'Oregon', '42': 'Pennsylvania', '44': 'Rhode Island',
  '45': 'South Carolina', '46': 'South Dakota', '47': 'Tennessee', '48': 'Texas', '49': 'Utah', '50': 'Vermont', '51': 'Virginia', '53': 'Washington',
  '54': 'West Virginia', '55': 'Wisconsin', '56': 'Wyoming', '66': 'Guam', '72': 'Puerto Rico', '78': 'U.S. Virgin Islands',
};
