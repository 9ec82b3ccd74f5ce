/** Words for the codes the API returns, as caseworkers say them. A code without a label is shown as is. */
const LABELS: Record<string, Record<string, string>> = {
  caseType: {
    current_assistance: 'Current assistance (TANF)',
    former_assistance: 'Former assistance',
    never_assistance: 'Never assistance',
    iv_e_foster_care: 'IV-E foster care',
    medicaid_only: 'Medicaid only',
  },
  intakeKind: {
    application: 'Application for services',
    iv_a_referral: 'IV-A (TANF) referral',
    iv_e_referral: 'IV-E (foster care) referral',
    medicaid_referral: 'Medicaid referral',
    interstate_referral: 'Interstate referral',
  },
  role: {
    custodial_party: 'Custodial party',
    noncustodial_parent: 'Noncustodial parent',
    alleged_father: 'Alleged father',
    child: 'Child',
  },
  interstate: { none: 'Intrastate', initiating: 'Initiating interstate', responding: 'Responding interstate' },
  status: { open: 'Open', closed: 'Closed', active: 'Active', superseded: 'Superseded', ended: 'Ended' },
  timeframe: { case_opening: 'Open the case' },
  noticeRecipient: { custodial_party: 'Custodial party', noncustodial_parent: 'Noncustodial parent', initiating_agency: 'Initiating agency', custodial_party_or_agency: 'Custodial party or agency' },
  obligation: { current_support: 'Current support', medical_support: 'Medical support', spousal_support: 'Spousal support', arrears_judgment: 'Arrears judgment' },
  frequency: { weekly: 'Weekly', biweekly: 'Every two weeks', semimonthly: 'Twice a month', monthly: 'Monthly', one_time: 'One time' },
  orderKind: { judicial: 'Judicial', administrative: 'Administrative' },
  source: {
    check: 'Check',
    cash: 'Cash',
    money_order: 'Money order',
    ach_employer: 'Employer withholding (ACH)',
    federal_tax_offset: 'Federal tax refund offset',
    state_tax_offset: 'State tax refund offset',
    unemployment_offset: 'Unemployment benefit offset',
    interstate: 'Interstate payment',
    other: 'Other',
  },
  receiptStatus: { undistributed: 'Undistributed', distributed: 'Distributed', reversed: 'Reversed', unidentified: 'Unidentified' },
  bucket: {
    PA: 'Permanently assigned (PA)',
    TA: 'Temporarily assigned (TA)',
    CA: 'Conditionally assigned (CA)',
    UDA: 'Unassigned during assistance (UDA)',
    UPA: 'Unassigned pre-assistance (UPA)',
    NA: 'Never assigned (NA)',
  },
  target: {
    current_support: 'Current support',
    future_support: 'Held for a future month',
    annual_fee: 'Annual fee',
    undistributed: 'Held (not distributed)',
    refund: 'Refund',
    PA: 'Arrears: permanently assigned',
    TA: 'Arrears: temporarily assigned',
    CA: 'Arrears: conditionally assigned',
    UDA: 'Arrears: unassigned during assistance',
    UPA: 'Arrears: unassigned pre-assistance',
    NA: 'Arrears: never assigned',
  },
  payee: { family: 'Family', state: 'State', federal: 'Federal government', iv_e_agency: 'IV-E agency', medicaid_agency: 'Medicaid agency', held: 'Held', obligor_refund: 'Refund to obligor' },
  method: { eft: 'Direct deposit', check: 'Check', internal: 'Internal transfer' },
  sex: { F: 'Female', M: 'Male', U: 'Unknown' },
  enforcement: {
    income_withholding: 'Income withholding',
    tax_refund_offset: 'Tax refund offset',
    passport_denial: 'Passport denial',
    administrative_offset: 'Administrative offset',
    license_suspension: 'License suspension',
    credit_reporting: 'Credit reporting',
    fidm_levy: 'Financial institution levy',
  },
  notice: { income_withholding_order: 'Income withholding order' },
  worklistKind: { timeframe: 'Timeframe', closure_notice_ended: 'Closure decision', duplicate_review: 'Duplicate review' },
  clockStatus: { met_on_time: 'Met on time', met_late: 'Met late', cancelled: 'Stopped', open: 'Running', due_soon: 'Due soon', overdue: 'Overdue' },
  closureStatus: { notice_period: 'In the 60-day notice period', closed: 'Closed', kept_open: 'Kept open (reply received)', withdrawn: 'Withdrawn', reopened: 'Reopened' },
  delivery: { mail: 'Mail', electronic: 'Electronic' },
};

export function label(kind: keyof typeof LABELS | string, code: string | null | undefined): string {
  if (code === null || code === undefined) return '—';
  return LABELS[kind]?.[code] ?? code.replaceAll('_', ' ');
}

export function options(kind: keyof typeof LABELS | string): Array<{ value: string; label: string }> {
  return Object.entries(LABELS[kind] ?? {}).map(([value, text]) => ({ value, label: text }));
}

export const US_STATES = ['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'PR', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'VI', 'WA', 'WV', 'WI', 'WY', 'GU', 'AS', 'MP'];
