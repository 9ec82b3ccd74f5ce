/**
 * Row types of every table, as Kysely sees them. Each module owns its tables; this file only gathers
 * the types so one `Kysely<Database>` can be typed.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Business dates travel as YYYY-MM-DD strings. */
type DateString = string;

export interface OfficeTable {
  id: Generated<number>;
  code: string;
  name: string;
  county_fips: string | null;
  created_at: Timestamp;
}

export type Role = 'caseworker' | 'supervisor' | 'financial_worker' | 'administrator' | 'auditor' | 'parent' | 'employer';

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  office_id: number | null;
  person_id: number | null;
  employer_id: number | null;
  password_hash: string;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  /** An install (State-wide) administrator: manages every program and its users. */
  install_admin: Generated<boolean>;
  created_at: Timestamp;
}

export interface LoginThrottleTable {
  key: string;
  attempts: number;
  window_start: Date;
  blocked_until: Date | null;
}

export interface PersonLinkRequestTable {
  id: Generated<number>;
  intake_id: number;
  member_index: number;
  person_id: number;
  requesting_office_id: number;
  requested_by: number | null;
  requested_date: DateString;
  status: Generated<'pending' | 'granted' | 'refused'>;
  decided_by: number | null;
  decided_as: 'holding_office' | 'supervisor' | null;
  decided_date: DateString | null;
  reason: string | null;
  created_at: Generated<Date>;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Date;
  last_seen_at: Timestamp;
  revoked_at: Date | null;
}

export type AuditAction =
  | 'read'
  | 'create'
  | 'update'
  | 'search'
  | 'import'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'reveal_ssn'
  | 'export'
  | 'access_denied'
  | 'disable'
  | 'enable'
  | 'password_reset'
  | 'revoke_sessions'
  | 'decide';

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: number | null;
  actor_username: string;
  actor_role: string;
  actor_office_id: number | null;
  action: AuditAction;
  entity_type: string;
  entity_id: string | null;
  person_ids: ColumnType<number[], number[] | undefined, never>;
  case_ids: ColumnType<number[], number[] | undefined, never>;
  purpose: string;
  request_id: string | null;
  client_ip: string | null;
  detail: unknown | null;
  /** The program of the actor (null: the system, unconfined). */
  program_id: number | null;
}

export interface PersonTable {
  id: Generated<number>;
  ssn_ciphertext: string | null;
  ssn_index: string | null;
  ssn_last4: string | null;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  suffix: string | null;
  last_name_key: string;
  first_name_key: string;
  last_name_soundex: string;
  date_of_birth: DateString | null;
  sex: Generated<'F' | 'M' | 'U'>;
  date_of_death: DateString | null;
  /** The business date the person was entered (the request's or batch's clock), not the insert's time. */
  entered_date: DateString;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PersonAliasTable {
  id: Generated<number>;
  person_id: number;
  kind: Generated<'alias' | 'maiden' | 'former' | 'nickname'>;
  first_name: string;
  middle_name: string | null;
  last_name: string;
  last_name_key: string;
  first_name_key: string;
  created_at: Timestamp;
}

export type Verification = 'unverified' | 'verified' | 'bad';

export interface PersonAddressTable {
  id: Generated<number>;
  person_id: number;
  kind: Generated<'residential' | 'mailing'>;
  line1: string;
  line2: string | null;
  city: string;
  state_code: string;
  zip: string;
  source: string;
  verification: Generated<Verification>;
  verified_date: DateString | null;
  effective_from: DateString;
  effective_to: DateString | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface EmployerTable {
  id: Generated<number>;
  fein: string | null;
  name: string;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state_code: string | null;
  zip: string | null;
  phone: string | null;
  created_at: Timestamp;
}

export interface PersonEmploymentTable {
  id: Generated<number>;
  person_id: number;
  employer_id: number;
  start_date: DateString | null;
  end_date: DateString | null;
  source: string;
  verification: Generated<Verification>;
  verified_date: DateString | null;
  /** The business date the agency learned of the employment (the request's or batch's clock). */
  entered_date: DateString;
  created_at: Timestamp;
  created_by: number | null;
}

export type CaseType = 'current_assistance' | 'former_assistance' | 'never_assistance' | 'iv_e_foster_care' | 'medicaid_only';
export type InterstateRole = 'none' | 'initiating' | 'responding';
export type IntakeKind = 'application' | 'iv_a_referral' | 'iv_e_referral' | 'medicaid_referral' | 'interstate_referral';
export type MemberRole = 'custodial_party' | 'noncustodial_parent' | 'alleged_father' | 'child';

export interface IvDCaseTable {
  id: Generated<number>;
  case_number: string;
  case_type: CaseType;
  interstate_role: Generated<InterstateRole>;
  other_jurisdiction_fips: string | null;
  other_jurisdiction_case_id: string | null;
  office_id: number;
  assigned_worker_id: number | null;
  status: Generated<'open' | 'closed'>;
  intake_source: IntakeKind;
  received_date: DateString;
  open_due_date: DateString;
  opened_date: DateString;
  closed_date: DateString | null;
  closure_reason: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export interface CaseMemberTable {
  id: Generated<number>;
  case_id: number;
  person_id: number;
  role: MemberRole;
  start_date: DateString;
  end_date: DateString | null;
  born_out_of_wedlock: boolean | null;
  paternity_established: boolean | null;
  created_at: Timestamp;
}

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  file_sha256: string;
  line_count: number;
  status: 'accepted';
  created_at: Timestamp;
  created_by: number | null;
}

export interface IntakeTable {
  id: Generated<number>;
  kind: IntakeKind;
  source_system: string;
  external_id: string;
  received_date: DateString;
  due_date: DateString;
  office_id: number;
  status: 'pending_review' | 'opened';
  payload_ciphertext: string;
  proposals: unknown | null;
  case_id: number | null;
  import_batch_id: number | null;
  import_line: number | null;
  created_at: Timestamp;
  created_by: number | null;
  resolved_at: Date | null;
  resolved_by: number | null;
}

export interface CaseTimeframeTable {
  id: Generated<number>;
  case_id: number | null;
  intake_id: number | null;
  kind: string;
  regulation: string;
  start_date: DateString;
  due_date: DateString;
  met_date: DateString | null;
  created_at: Timestamp;
}

export interface SupportOrderTable {
  id: Generated<number>;
  case_id: number;
  order_number: string;
  order_kind: 'judicial' | 'administrative';
  entered_date: DateString;
  effective_date: DateString;
  end_date: DateString | null;
  status: Generated<'active' | 'superseded' | 'terminated'>;
  supersedes_order_id: number | null;
  obligor_person_id: number;
  obligee_person_id: number | null;
  created_at: Timestamp;
  created_by: number | null;
}

export type ObligationKind = 'current_support' | 'medical_support' | 'spousal_support' | 'arrears_judgment';
export type Frequency = 'weekly' | 'biweekly' | 'semimonthly' | 'monthly' | 'one_time';

export interface ObligationTable {
  id: Generated<number>;
  order_id: number;
  case_id: number;
  kind: ObligationKind;
  amount_cents: number;
  frequency: Frequency;
  start_date: DateString;
  end_date: DateString | null;
  judgment_bucket: string | null;
  created_at: Timestamp;
}

export interface AssistancePeriodTable {
  id: Generated<number>;
  case_id: number;
  program: 'tanf' | 'iv_e';
  start_month: string;
  end_month: string | null;
  monthly_amount_cents: number;
  created_at: Timestamp;
}

export interface CaseAccountTable {
  case_id: number;
  obligor_person_id: number;
  support_month: string;
  state: unknown;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface AccrualTable {
  id: Generated<number>;
  case_id: number;
  support_month: string;
  current_support_cents: number;
  assistance_paid_cents: number;
  unpaid_to_arrears_cents: number;
  arrears_bucket: string | null;
  notes: unknown;
  batch_run_id: number | null;
  created_at: Timestamp;
}

export type ReceiptSource =
  | 'check'
  | 'cash'
  | 'money_order'
  | 'ach_employer'
  | 'federal_tax_offset'
  | 'state_tax_offset'
  | 'unemployment_offset'
  | 'interstate'
  | 'other';

export interface ReceiptTable {
  id: Generated<number>;
  idempotency_key: string;
  source: ReceiptSource;
  amount_cents: number;
  received_date: DateString;
  withholding_date: DateString | null;
  case_id: number | null;
  obligor_person_id: number | null;
  employer_id: number | null;
  joint_return: Generated<boolean>;
  reference: string | null;
  remitter_name: string | null;
  status: Generated<'unidentified' | 'undistributed' | 'distributed' | 'reversed'>;
  import_batch_id: number | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface LedgerJournalTable {
  id: Generated<number>;
  event: string;
  business_date: DateString;
  posted_at: Timestamp;
  receipt_id: number | null;
  reverses_journal_id: number | null;
  reason_code: string | null;
  memo: string | null;
  batch_run_id: number | null;
  created_by: number | null;
}

export interface LedgerPostingTable {
  id: Generated<number>;
  journal_id: number;
  account: string;
  case_id: number | null;
  person_id: number | null;
  amount_cents: number;
}

export interface DistributionAllocationTable {
  id: Generated<number>;
  receipt_id: number;
  case_id: number;
  journal_id: number;
  support_month: string;
  target: string;
  payee: string;
  amount_cents: number;
  rule_code: string;
  explanation: string;
  hold_reason: string | null;
  hold_until: DateString | null;
  from_hold: Generated<boolean>;
  released_allocation_id: number | null;
  policy_id: string;
  created_at: Timestamp;
}

export interface PayeeBankAccountTable {
  id: Generated<number>;
  person_id: number;
  routing_number: string;
  account_ciphertext: string;
  account_last4: string;
  account_type: 'checking' | 'savings';
  effective_from: DateString;
  effective_to: DateString | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface DisbursementFileTable {
  id: Generated<number>;
  /** ccd_interstate: migration 0920, the interstate forwarding CCD+ file. */
  kind: 'ppd' | 'ccd_interstate';
  file_name: string;
  effective_date: DateString;
  entry_count: number;
  total_cents: number;
  content: string;
  created_at: Timestamp;
  batch_run_id: number | null;
}

export interface DisbursementTable {
  id: Generated<number>;
  case_id: number | null;
  payee: 'family' | 'state' | 'federal' | 'iv_e_agency' | 'medicaid_agency' | 'obligor_refund' | 'other_state';
  payee_person_id: number | null;
  method: 'eft' | 'check' | 'internal';
  amount_cents: number;
  earliest_receipt_date: DateString;
  due_date: DateString;
  issued_date: DateString;
  journal_id: number;
  disbursement_file_id: number | null;
  check_number: string | null;
  bank_account_id: number | null;
  created_at: Timestamp;
  batch_run_id: number | null;
}

export interface BatchRunTable {
  id: Generated<number>;
  kind: string;
  business_date: DateString;
  status: 'running' | 'completed' | 'failed';
  checkpoint: unknown;
  started_at: Timestamp;
  finished_at: Date | null;
  summary: unknown | null;
}

export interface Database {
  login_throttle: LoginThrottleTable;
  person_link_request: PersonLinkRequestTable;
  office: OfficeTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  audit_event: AuditEventTable;
  person: PersonTable;
  person_alias: PersonAliasTable;
  person_address: PersonAddressTable;
  employer: EmployerTable;
  person_employment: PersonEmploymentTable;
  iv_d_case: IvDCaseTable;
  case_member: CaseMemberTable;
  import_batch: ImportBatchTable;
  intake: IntakeTable;
  case_timeframe: CaseTimeframeTable;
  support_order: SupportOrderTable;
  obligation: ObligationTable;
  assistance_period: AssistancePeriodTable;
  case_account: CaseAccountTable;
  accrual: AccrualTable;
  receipt: ReceiptTable;
  ledger_journal: LedgerJournalTable;
  ledger_posting: LedgerPostingTable;
  distribution_allocation: DistributionAllocationTable;
  payee_bank_account: PayeeBankAccountTable;
  disbursement_file: DisbursementFileTable;
  disbursement: DisbursementTable;
  batch_run: BatchRunTable;
}

// ---- Locate and enforcement (migrations/05xx) ----
export interface NewHireReportTable {
  id: Generated<number>;
  import_batch_id: number;
  import_line: number;
  ssn_index: string;
  employer_id: number;
  hire_date: DateString;
  state_of_hire: string | null;
  match_status: 'matched' | 'unmatched' | 'ambiguous';
  person_id: number | null;
  person_employment_id: number | null;
  employment_already_known: Generated<boolean>;
  created_at: Generated<Timestamp>;
}

export type EnforcementKind = 'income_withholding' | 'tax_refund_offset' | 'passport_denial' | 'administrative_offset' | 'license_suspension' | 'credit_reporting' | 'fidm_levy';
export type EnforcementStatus = 'pending' | 'active' | 'contested' | 'rejected' | 'terminated' | 'closed';

export interface EnforcementActionTable {
  id: Generated<number>;
  case_id: number;
  obligor_person_id: number;
  kind: EnforcementKind;
  status: EnforcementStatus;
  start_date: DateString;
  due_date: DateString | null;
  end_date: DateString | null;
  notice_kind: string | null;
  notice_sent_date: DateString | null;
  source: string;
  source_id: number | null;
  reason: string | null;
  created_at: Generated<Timestamp>;
  created_by: number | null;
  /** migrations/0510: when it went to the outside agency, the notice sent (case_notice), the amount. */
  submitted_date: Generated<DateString | null>;
  notice_id: Generated<number | null>;
  amount_cents: Generated<number | null>;
}

export interface EiwoFileTable {
  id: Generated<number>;
  control_number: string;
  file_date: DateString;
  batch_count: number;
  record_count: number;
  file_sha256: string;
  content: string;
  created_at: Generated<Timestamp>;
  created_by: number | null;
}

export type IwoStatus = 'pending' | 'sent' | 'accepted' | 'rejected' | 'suspended' | 'terminated';

export interface IncomeWithholdingOrderTable {
  id: Generated<number>;
  enforcement_action_id: number;
  case_id: number;
  support_order_id: number;
  obligor_person_id: number;
  employer_id: number;
  person_employment_id: number | null;
  new_hire_report_id: number | null;
  document_tracking_number: string;
  order_identifier: string;
  action_code: 'ORG' | 'AMD' | 'TRM' | 'LUM';
  status: IwoStatus;
  income_source_date: DateString;
  issue_due_date: DateString;
  issued_date: DateString | null;
  current_support_monthly_cents: ColumnType<number, number, number>;
  arrears_payment_monthly_cents: ColumnType<number, number, number>;
  arrears_over_12_weeks: boolean;
  ccpa_percent: number;
  eiwo_file_id: number | null;
  ack_status: string | null;
  ack_reason: string | null;
  ack_date: DateString | null;
  termination_date: DateString | null;
  final_payment_cents: number | null;
  lump_sum_cents: number | null;
  lump_sum_date: DateString | null;
  /** Why the order could not go out in an e-IWO file (migration 1000); null once sent. */
  hold_reason: Generated<string | null>;
  held_date: Generated<DateString | null>;
  created_at: Generated<Timestamp>;
}

// Declaration merging adds the enforcement tables to `Database` without touching the list above.
export interface Database {
  new_hire_report: NewHireReportTable;
  enforcement_action: EnforcementActionTable;
  eiwo_file: EiwoFileTable;
  income_withholding_order: IncomeWithholdingOrderTable;
}

// Establishment tables (migrations/0200_establishment.sql), merged into Database by declaration merging
// so this module's types stay in one block.
export interface PaternityTable {
  id: Generated<number>;
  case_id: number;
  child_person_id: number;
  alleged_father_person_id: number;
  status: Generated<'pending' | 'established' | 'excluded' | 'rescinded'>;
  method: 'acknowledgment' | 'genetic_test' | 'court_order' | 'default_order' | null;
  established_date: DateString | null;
  excluded_date: DateString | null;
  adjudication_order_number: string | null;
  adjudication_tribunal: string | null;
  policy_id: string | null;
  created_at: Timestamp;
  created_by: number | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PaternityAcknowledgmentTable {
  id: Generated<number>;
  paternity_id: number;
  mother_signed_date: DateString;
  father_signed_date: DateString;
  signed_date: DateString;
  signing_site: 'hospital' | 'vital_records' | 'iv_d_agency' | 'other';
  form_number: string | null;
  filed_date: DateString | null;
  rescission_deadline: DateString;
  rescinded_date: DateString | null;
  rescinded_by: 'mother' | 'father' | null;
  policy_id: string;
  created_at: Timestamp;
  created_by: number | null;
}

export interface GeneticTestTable {
  id: Generated<number>;
  paternity_id: number;
  status: Generated<'scheduled' | 'resulted' | 'no_show' | 'cancelled'>;
  ordered_date: DateString;
  appointment_date: DateString;
  lab_name: string;
  lab_case_number: string | null;
  collection_site: string | null;
  mother_sample_date: DateString | null;
  father_sample_date: DateString | null;
  child_sample_date: DateString | null;
  result_date: DateString | null;
  probability_reported: string | null;
  probability_basis_points: number | null;
  lab_excluded: boolean | null;
  threshold_basis_points: number | null;
  outcome: 'included' | 'excluded' | null;
  policy_id: string | null;
  closed_reason: string | null;
  closed_date: DateString | null;
  created_at: Timestamp;
  created_by: number | null;
  updated_at: Timestamp;
}

export interface ServiceAttemptTable {
  id: Generated<number>;
  case_id: number;
  person_id: number;
  document: string;
  method: string;
  attempt_date: DateString;
  result: string;
  served_date: DateString | null;
  server_name: string | null;
  notes: string | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface OrderReviewTable {
  id: Generated<number>;
  case_id: number;
  support_order_id: number;
  reason: 'cycle' | 'request' | 'incarceration' | 'substantial_change';
  requested_by: 'agency' | 'custodial_party' | 'noncustodial_parent' | 'iv_a_agency' | 'other_jurisdiction';
  request_date: DateString;
  review_due_date: DateString;
  status: Generated<'open' | 'completed'>;
  compared_date: DateString | null;
  guideline_monthly_cents: number | null;
  current_monthly_cents: number | null;
  difference_cents: number | null;
  percent_difference_basis_points: number | null;
  threshold_basis_points: number | null;
  threshold_cents: number | null;
  threshold_met: boolean | null;
  guideline_worksheet: unknown | null;
  outcome: 'adjust' | 'no_change' | 'withdrawn' | null;
  outcome_date: DateString | null;
  outcome_reason: string | null;
  resulting_order_id: number | null;
  policy_id: string;
  created_at: Timestamp;
  created_by: number | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ReviewNoticeTable {
  id: Generated<number>;
  review_id: number;
  case_id: number;
  kind: 'review_started' | 'review_outcome';
  recipient_person_id: number;
  recipient_role: 'custodial_party' | 'noncustodial_parent';
  notice_date: DateString;
  content: Uint8Array;
  sha256: string;
  created_at: Timestamp;
  created_by: number | null;
}

export interface SupportOrderTermsTable {
  support_order_id: number;
  case_id: number;
  tribunal: string | null;
  legal_custody: 'custodial_party' | 'noncustodial_parent' | 'joint' | 'third_party' | 'not_addressed';
  physical_custody: 'custodial_party' | 'noncustodial_parent' | 'shared' | 'third_party' | 'not_addressed';
  obligor_overnights_per_year: number | null;
  parenting_schedule: string | null;
  health_insurance_by: 'obligor' | 'obligee' | 'both' | 'neither' | 'not_addressed';
  health_insurance_premium_monthly_cents: number | null;
  obligor_gross_monthly_income_cents: number | null;
  reasonable_cost_basis_points: number | null;
  health_insurance_reasonable_cost: boolean | null;
  unreimbursed_medical_obligor_basis_points: number | null;
  guideline_monthly_cents: number | null;
  guideline_worksheet: unknown | null;
  deviation_reason: string | null;
  policy_id: string;
  created_at: Timestamp;
  created_by: number | null;
}

export interface Database {
  paternity: PaternityTable;
  paternity_acknowledgment: PaternityAcknowledgmentTable;
  genetic_test: GeneticTestTable;
  service_attempt: ServiceAttemptTable;
  order_review: OrderReviewTable;
  review_notice: ReviewNoticeTable;
  support_order_terms: SupportOrderTermsTable;
}

// ---- Case management (casework: migrations/0300_casework.sql) -------------------------------------------
// Interface merging adds the columns 0300 gives case_timeframe and the new tables to Database.

export interface CaseTimeframeTable {
  event: string | null;
  met_by: number | null;
  met_note: string | null;
  cancelled_date: DateString | null;
  cancel_reason: string | null;
  created_by: number | null;
}

export interface CaseNoticeTable {
  id: Generated<number>;
  case_id: number;
  template_code: string;
  template_version: number;
  notice_date: DateString;
  recipient_person_id: number | null;
  recipient_role: string;
  recipient_agency: string | null;
  delivery: Generated<'mail' | 'electronic'>;
  merge_data: unknown;
  pdf: Uint8Array;
  pdf_sha256: string;
  page_count: number;
  generated_at: Timestamp;
  generated_by: number | null;
}

export type ClosureStatus = 'notice_period' | 'closed' | 'kept_open' | 'withdrawn' | 'reopened';
export type ClosureNotice = 'none' | 'recipient' | 'recipient_reapply' | 'initiating_agency';

export interface CaseClosureTable {
  id: Generated<number>;
  case_id: number;
  reason_code: string;
  regulation: string;
  status: ClosureStatus;
  finding: string;
  facts: unknown;
  proposed_date: DateString;
  proposed_by: number | null;
  notice_required: ClosureNotice;
  notice_id: number | null;
  notice_date: DateString | null;
  delivery: 'mail' | 'electronic' | null;
  electronic_consent_date: DateString | null;
  earliest_closure_date: DateString | null;
  response_date: DateString | null;
  response_note: string | null;
  closed_date: DateString | null;
  closed_by: number | null;
  withdrawn_date: DateString | null;
  withdrawn_by: number | null;
  withdraw_reason: string | null;
  reopened_date: DateString | null;
  reopened_by: number | null;
  reopen_reason: string | null;
  reopen_application_date: DateString | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export type WorklistStatus = 'open' | 'done' | 'escalated';
export type AlertLevel = 'info' | 'due_soon' | 'overdue';

export interface WorklistItemTable {
  id: Generated<number>;
  kind: 'timeframe' | 'closure_notice_ended' | 'locate_verification' | 'eiwo_held';
  case_id: number | null;
  intake_id: number | null;
  timeframe_id: number | null;
  closure_id: number | null;
  office_id: number;
  title: string;
  regulation: string | null;
  due_date: DateString | null;
  alert_level: AlertLevel;
  status: Generated<WorklistStatus>;
  assigned_user_id: number | null;
  escalated_to_user_id: number | null;
  escalated_date: DateString | null;
  created_date: DateString;
  done_date: DateString | null;
  done_by: number | null;
  done_note: string | null;
  dedupe_key: string;
  created_at: Timestamp;
}

export interface WorklistEventTable {
  id: Generated<number>;
  item_id: number;
  event: 'created' | 'due_soon' | 'overdue' | 'escalated' | 'not_escalated' | 'done' | 'reassigned';
  business_date: DateString;
  occurred_at: Timestamp;
  actor_user_id: number | null;
  detail: unknown | null;
}

export interface Database {
  case_notice: CaseNoticeTable;
  case_closure: CaseClosureTable;
  worklist_item: WorklistItemTable;
  worklist_event: WorklistEventTable;
}

// ---- Federal reporting (reporting: migrations/0350_reporting.sql) ------------------------------------------

export interface ReportStatewideInputTable {
  fiscal_year: number;
  births_out_of_wedlock: number | null;
  paternities_established: number | null;
  source: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface ReportCaseFactTable {
  id: Generated<number>;
  case_id: number;
  fact: 'no_jurisdiction' | 'health_insurance_provided';
  from_date: DateString;
  through_date: DateString | null;
  source: string;
  recorded_by: number | null;
  recorded_at: Timestamp;
}

export interface Database {
  report_statewide_input: ReportStatewideInputTable;
  report_case_fact: ReportCaseFactTable;
}

// ---- Locate (issue 5): FCR registration and transmissions, locate results (migrations/0400_locate.sql) ----

export interface FcrTransmissionTable {
  id: Generated<number>;
  batch_number: number;
  file_date: DateString;
  case_records: number;
  person_records: number;
  record_count: number;
  file_sha256: string;
  created_at: Timestamp;
  created_by: number | null;
}

export interface FcrRegistrationTable {
  id: Generated<number>;
  record_type: 'case' | 'person';
  case_id: number;
  person_id: number | null;
  status: 'registered' | 'deleted';
  sent_version: number;
  sent_hash: string;
  sent_ssn_ciphertext: string | null;
  last_action: 'A' | 'C' | 'D';
  last_transmission_id: number;
  ack_code: string | null;
  ack_errors: string | null;
  ack_date: DateString | null;
  ssn_validity: 'V' | 'C' | 'N' | null;
  ssn_validity_date: DateString | null;
  updated_at: Timestamp;
}

export type LocateSource = 'ndnh_w4' | 'ndnh_qw' | 'ndnh_ui' | 'fcr' | 'state_new_hire' | 'state_qw' | 'state_ui';
export type LocateConfidence = 'high' | 'medium' | 'low';
export type LocateVerification = 'unverified' | 'verified' | 'failed';

export interface LocateResultTable {
  id: Generated<number>;
  import_batch_id: number;
  record_number: number;
  source: LocateSource;
  item: 'address' | 'employer';
  person_id: number;
  person_address_id: number | null;
  person_employment_id: number | null;
  employer_id: number | null;
  reported_date: DateString | null;
  received_date: DateString;
  confidence: LocateConfidence;
  verification: Generated<LocateVerification>;
  verified_date: DateString | null;
  verified_by: number | null;
  verification_method: 'caseworker' | 'postal' | 'employer' | null;
  verification_note: string | null;
  detail: unknown;
  met_timeframe_ids: Generated<unknown>;
  dedupe_key: string;
  created_at: Timestamp;
}

export interface Database {
  fcr_transmission: FcrTransmissionTable;
  fcr_registration: FcrRegistrationTable;
  locate_result: LocateResultTable;
}

// Enforcement remedies (migrations/0510_enforcement_remedies.sql)
export interface FederalOffsetCertificationTable {
  id: Generated<number>;
  obligor_person_id: number;
  case_type: 'A' | 'N';
  fop_case_id: string;
  amount_dollars: number;
  exclusions: string;
  notice_date: DateString;
  status: 'certified' | 'deleted';
  certified_date: DateString;
  changed_date: DateString;
}

export interface FederalOffsetFileTable {
  id: Generated<number>;
  week_start: DateString;
  file_date: DateString;
  record_count: number;
  content: string;
  file_sha256: string;
  created_at: Generated<Timestamp>;
  created_by: number | null;
}

export interface FederalOffsetRecordTable {
  id: Generated<number>;
  file_id: number;
  line: number;
  obligor_person_id: number;
  case_type: 'A' | 'N';
  transaction_type: 'A' | 'M' | 'D' | 'R';
  amount_dollars: number;
  exclusions: string;
}

export interface FederalOffsetCollectionTable {
  id: Generated<number>;
  record_key: string;
  file_name: string;
  line: number;
  obligor_person_id: number | null;
  fop_case_id: string;
  tax_year: number;
  collection_cents: number;
  adjustment_cents: number;
  joint_return: boolean;
  injured_spouse: boolean;
  offset_type: string;
  receipt_id: number | null;
  outcome: 'collected' | 'hold_released' | 'reversed' | 'research';
  original_id: number | null;
  business_date: DateString;
  created_at: Generated<Timestamp>;
}

export interface FidmMatchTable {
  id: Generated<number>;
  import_batch_id: number;
  line: number;
  obligor_person_id: number | null;
  institution_fein: string;
  institution_name: string;
  account_last4: string;
  account_type: string;
  balance_cents: number;
  match_date: DateString;
  enforcement_action_id: number | null;
  outcome: 'levy' | 'below_threshold' | 'no_obligor' | 'levy_open';
}

export interface EnforcementListFileTable {
  id: Generated<number>;
  kind: 'license_suspension' | 'credit_reporting';
  list_date: DateString;
  record_count: number;
  content: string;
  file_sha256: string;
  created_at: Generated<Timestamp>;
  created_by: number | null;
}

export interface EnforcementListEntryTable {
  id: Generated<number>;
  file_id: number;
  enforcement_action_id: number;
  entry: 'add' | 'update' | 'remove';
  amount_cents: number;
}

export interface Database {
  federal_offset_certification: FederalOffsetCertificationTable;
  federal_offset_file: FederalOffsetFileTable;
  federal_offset_record: FederalOffsetRecordTable;
  federal_offset_collection: FederalOffsetCollectionTable;
  fidm_match: FidmMatchTable;
  enforcement_list_file: EnforcementListFileTable;
  enforcement_list_entry: EnforcementListEntryTable;
}

// ---- interstate (src/interstate): partners, intergovernmental cases, CSENet transactions ----------------

export interface InterstateLocalTable {
  id: Generated<boolean>;
  fips: string;
  name: string;
  sdu_name: string | null;
  sdu_line1: string | null;
  sdu_city: string | null;
  sdu_state: string | null;
  sdu_zip: string | null;
  registry_office_id: number | null;
  updated_at: Timestamp;
}

export interface InterstatePartnerTable {
  fips_state: string;
  name: string;
  base_url: string | null;
  inbound_key_hash: string | null;
  outbound_key_ciphertext: string | null;
  sdu_name: string | null;
  sdu_fips: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InterstateCaseTable {
  id: Generated<number>;
  case_id: number;
  role: 'initiating' | 'responding';
  other_fips_state: string;
  other_fips_county: Generated<string>;
  other_fips_sub: Generated<string>;
  other_case_id: string | null;
  legal_basis: Generated<'UIFSA' | 'URESA' | 'tribal' | 'international'>;
  origin: 'worker' | 'csenet';
  status: Generated<'open' | 'closed'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CsenetStatus = 'queued' | 'sent' | 'failed' | 'received' | 'processed' | 'rejected';

export interface CsenetTransactionTable {
  id: Generated<number>;
  direction: 'outbound' | 'inbound';
  serial: string;
  local_fips: string;
  other_fips: string;
  function_code: string;
  action_code: string;
  reason_code: string | null;
  transaction_date: DateString;
  case_id: number | null;
  local_case_id: string | null;
  other_case_id: string | null;
  record: string;
  status: CsenetStatus;
  attempts: Generated<number>;
  last_error: string | null;
  responds_to_id: number | null;
  outcome: unknown | null;
  created_at: Timestamp;
  sent_at: Date | null;
  processed_at: Date | null;
}

export interface InterstateCollectionForwardTable {
  id: Generated<number>;
  disbursement_id: number;
  case_id: number;
  transaction_id: number;
  amount_cents: number;
  collection_date: DateString;
  created_at: Timestamp;
}

export interface InterstateCollectionReceivedTable {
  id: Generated<number>;
  transaction_id: number;
  block_index: number;
  /** Null until the advised money arrives (migration 0960). */
  receipt_id: number | null;
  created_at: Timestamp;
  case_id: number | null;
  amount_cents: number | null;
  collection_date: DateString | null;
  receipt_source: 'interstate' | 'federal_tax_offset' | null;
  settled_date: DateString | null;
}

export interface Database {
  interstate_local: InterstateLocalTable;
  interstate_partner: InterstatePartnerTable;
  interstate_case: InterstateCaseTable;
  csenet_transaction: CsenetTransactionTable;
  interstate_collection_forward: InterstateCollectionForwardTable;
  interstate_collection_received: InterstateCollectionReceivedTable;
}

// ---- tribal (programs: a State or Tribal IV-D program owns offices, users and persons) ----

export interface IvDProgramTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: 'state' | 'tribal';
  created_at: Timestamp;
}

export interface ProgramPolicyTable {
  id: Generated<number>;
  program_id: number;
  effective_from: DateString;
  effective_to: DateString | null;
  cfr_part: '302' | '309';
  service_population: string | null;
  jurisdiction: string | null;
  allowed_case_types: string[];
  distribution_rule: 'usc_657' | 'cfr_309_115';
  federal_assignment: boolean;
  charge_annual_fee: boolean;
  guideline_reference: string | null;
  timeframe_days: Generated<unknown>;
  fraud_thresholds: Generated<unknown>;
  source: string;
  created_at: Timestamp;
}

// The owning program; filled by the database when the install has one program (migration 0700).
export interface OfficeTable {
  program_id: Generated<number>;
}
export interface AppUserTable {
  program_id: Generated<number>;
}
export interface PersonTable {
  program_id: Generated<number>;
}

export interface Database {
  iv_d_program: IvDProgramTable;
  program_policy: ProgramPolicyTable;
}

// ---- Branch nacha-fraudui (migration 0920): where a partner program's SDU is paid by ACH ----
export interface InterstatePartnerTable {
  sdu_routing_number: string | null;
  sdu_account_ciphertext: string | null;
  sdu_account_last4: string | null;
  sdu_account_type: Generated<'checking' | 'savings'>;
}

// ---- Branch tribal-scope (migration 0910): receipts per IV-D program, ambiguous new-hire matches ----
export interface ReceiptTable {
  /** The program the payment was received for (the import's program, or the posting user's). */
  receiving_program_id: Generated<number | null>;
  /** Why the receipt is unidentified beyond "nobody found" (e.g. an SSN on file in several programs). */
  unidentified_reason: Generated<string | null>;
}
export interface ReceiptProgramView {
  receipt_id: number;
  program_id: number | null;
}
export interface Database {
  receipt_program: ReceiptProgramView;
}

export interface ProgramGuidelineTable {
  id: Generated<number>;
  program_id: number;
  effective_from: DateString;
  effective_to: DateString | null;
  guideline_version: string;
  source: string;
  created_at: Generated<Timestamp>;
  created_by: number | null;
}

export interface GuidelineCalculationTable {
  id: Generated<number>;
  case_id: number;
  guideline_version: string;
  model: 'income-shares' | 'percentage-of-income';
  calculation_date: DateString;
  children: number;
  calculation_id: string;
  input: unknown;
  worksheet: unknown;
  guideline_monthly_cents: number;
  payer: 'obligor' | 'obligee' | null;
  obligor_person_id: number | null;
  obligee_person_id: number | null;
  proposed_monthly_cents: number | null;
  proposed_effective_date: DateString | null;
  deviation_reason: string | null;
  deviation_best_interests: string | null;
  proposed_at: Timestamp | null;
  proposed_by: number | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface Database {
  program_guideline: ProgramGuidelineTable;
  guideline_calculation: GuidelineCalculationTable;
}
