-- Financial management: support orders and obligations, assistance history, case accounts, receipts,
-- the append-only double-entry ledger, distribution allocations, disbursements and batch runs.

create table support_order (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  order_number text not null,
  order_kind text not null check (order_kind in ('judicial', 'administrative')),
  entered_date date not null,
  effective_date date not null,
  end_date date,
  status text not null default 'active' check (status in ('active', 'superseded', 'terminated')),
  supersedes_order_id bigint references support_order (id),
  obligor_person_id bigint not null references person (id),
  obligee_person_id bigint references person (id),
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  check (end_date is null or end_date >= effective_date)
);
create index support_order_case on support_order (case_id);

create table obligation (
  id bigint generated always as identity primary key,
  order_id bigint not null references support_order (id),
  case_id bigint not null references iv_d_case (id),
  kind text not null check (kind in ('current_support', 'medical_support', 'spousal_support', 'arrears_judgment')),
  amount_cents bigint not null check (amount_cents > 0),
  frequency text not null check (frequency in ('weekly', 'biweekly', 'semimonthly', 'monthly', 'one_time')),
  start_date date not null,
  end_date date,
  -- An arrears judgment is owed to the family (NA) or assigned to the State (PA).
  judgment_bucket text check (judgment_bucket in ('PA', 'NA', 'UDA', 'UPA', 'TA', 'CA')),
  created_at timestamptz not null default now(),
  check ((kind = 'arrears_judgment') = (frequency = 'one_time')),
  check ((kind = 'arrears_judgment') = (judgment_bucket is not null)),
  check (end_date is null or end_date >= start_date)
);
create index obligation_case on obligation (case_id);

create table assistance_period (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  program text not null check (program in ('tanf', 'iv_e')),
  start_month text not null check (start_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  end_month text check (end_month ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  monthly_amount_cents bigint not null check (monthly_amount_cents >= 0),
  created_at timestamptz not null default now(),
  check (end_month is null or end_month >= start_month)
);
create index assistance_period_case on assistance_period (case_id);

-- The distribution state of each case with an order (balances by bucket, URA, this month's current
-- support). A projection kept in step with the ledger; every change is written with the journal.
create table case_account (
  case_id bigint primary key references iv_d_case (id),
  obligor_person_id bigint not null references person (id),
  support_month text not null,
  state jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now()
);
create index case_account_obligor on case_account (obligor_person_id);

-- One row per case and support month charged: the accrual is idempotent per period.
create table accrual (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  support_month text not null,
  current_support_cents bigint not null,
  assistance_paid_cents bigint not null,
  unpaid_to_arrears_cents bigint not null,
  arrears_bucket text,
  notes jsonb not null default '[]',
  batch_run_id bigint,
  created_at timestamptz not null default now(),
  unique (case_id, support_month)
);

create table receipt (
  id bigint generated always as identity primary key,
  -- From the edge: SDU batch line, ACH trace number, offset record. Saved before processing.
  idempotency_key text not null unique,
  source text not null check (source in ('check', 'cash', 'money_order', 'ach_employer', 'federal_tax_offset', 'state_tax_offset', 'unemployment_offset', 'interstate', 'other')),
  amount_cents bigint not null check (amount_cents > 0),
  -- Date of collection (45 CFR 302.51(a)(4)): the SDU's receipt date; the withholding date when given.
  received_date date not null,
  withholding_date date,
  case_id bigint references iv_d_case (id),
  obligor_person_id bigint references person (id),
  employer_id bigint references employer (id),
  joint_return boolean not null default false,
  reference text,
  remitter_name text,
  status text not null default 'undistributed' check (status in ('unidentified', 'undistributed', 'distributed', 'reversed')),
  import_batch_id bigint references import_batch (id),
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  check (status = 'unidentified' or obligor_person_id is not null)
);
create index receipt_undistributed on receipt (received_date) where status in ('undistributed', 'unidentified');
create index receipt_case on receipt (case_id);
create index receipt_obligor on receipt (obligor_person_id);

create table ledger_journal (
  id bigint generated always as identity primary key,
  -- Event code: collection_received, distribution, disbursement, refund, nsf_reversal, adjustment, identification.
  event text not null,
  business_date date not null,
  posted_at timestamptz not null default now(),
  receipt_id bigint references receipt (id),
  reverses_journal_id bigint references ledger_journal (id),
  reason_code text,
  memo text,
  batch_run_id bigint,
  created_by bigint references app_user (id),
  -- A correction points at the journal it reverses and says why.
  check (reverses_journal_id is null or reason_code is not null)
);
create index ledger_journal_receipt on ledger_journal (receipt_id);
create unique index ledger_journal_reversed_once on ledger_journal (reverses_journal_id) where reverses_journal_id is not null;

create table ledger_posting (
  id bigint generated always as identity primary key,
  journal_id bigint not null references ledger_journal (id),
  -- sdu_cash, undistributed, payable_family, payable_state, payable_federal, payable_iv_e_agency,
  -- payable_medicaid_agency, refund_payable.
  account text not null,
  case_id bigint references iv_d_case (id),
  person_id bigint references person (id),
  -- Debit positive, credit negative; each journal sums to zero.
  amount_cents bigint not null check (amount_cents <> 0)
);
create index ledger_posting_journal on ledger_posting (journal_id);
create index ledger_posting_case on ledger_posting (case_id, account);

create function ledger_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only (% refused); correct with a reversing entry', tg_table_name, tg_op;
end $$;
create trigger ledger_journal_no_change before update or delete on ledger_journal for each row execute function ledger_is_append_only();
create trigger ledger_posting_no_change before update or delete on ledger_posting for each row execute function ledger_is_append_only();
create trigger ledger_journal_no_truncate before truncate on ledger_journal for each statement execute function ledger_is_append_only();
create trigger ledger_posting_no_truncate before truncate on ledger_posting for each statement execute function ledger_is_append_only();

-- Double entry is checked by the database at commit: a journal whose postings do not sum to zero is refused.
create function ledger_journal_balances() returns trigger language plpgsql as $$
declare
  total bigint;
begin
  select coalesce(sum(amount_cents), 0) into total from ledger_posting where journal_id = new.journal_id;
  if total <> 0 then
    raise exception 'ledger journal % does not balance (off by % cents)', new.journal_id, total;
  end if;
  return null;
end $$;
create constraint trigger ledger_posting_balanced after insert on ledger_posting
  deferrable initially deferred for each row execute function ledger_journal_balances();

-- How each receipt was distributed, allocation by allocation, with the rule and its explanation.
create table distribution_allocation (
  id bigint generated always as identity primary key,
  receipt_id bigint not null references receipt (id),
  case_id bigint not null references iv_d_case (id),
  journal_id bigint not null references ledger_journal (id),
  support_month text not null,
  target text not null,
  payee text not null,
  amount_cents bigint not null,
  rule_code text not null,
  explanation text not null,
  hold_reason text,
  hold_until date,
  -- Set when the allocation spends money this receipt had held for future months.
  from_hold boolean not null default false,
  -- Set on the allocations that release a joint-return offset hold: the hold they release.
  released_allocation_id bigint references distribution_allocation (id),
  policy_id text not null,
  created_at timestamptz not null default now()
);
create index distribution_allocation_receipt on distribution_allocation (receipt_id);
create index distribution_allocation_case on distribution_allocation (case_id);

create table payee_bank_account (
  id bigint generated always as identity primary key,
  person_id bigint not null references person (id),
  routing_number char(9) not null check (routing_number ~ '^\d{9}$'),
  account_ciphertext text not null,
  account_last4 char(4) not null,
  account_type text not null check (account_type in ('checking', 'savings')),
  effective_from date not null,
  effective_to date,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id)
);
create unique index payee_bank_account_current on payee_bank_account (person_id) where effective_to is null;

create table disbursement_file (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('ppd')),
  file_name text not null unique,
  effective_date date not null,
  entry_count integer not null,
  total_cents bigint not null,
  content text not null,
  created_at timestamptz not null default now(),
  batch_run_id bigint
);

create table disbursement (
  id bigint generated always as identity primary key,
  case_id bigint references iv_d_case (id),
  payee text not null check (payee in ('family', 'state', 'federal', 'iv_e_agency', 'medicaid_agency', 'obligor_refund')),
  payee_person_id bigint references person (id),
  method text not null check (method in ('eft', 'check', 'internal')),
  amount_cents bigint not null check (amount_cents > 0),
  -- 42 USC 654b(c)(1): within two business days of receipt by the SDU.
  earliest_receipt_date date not null,
  due_date date not null,
  issued_date date not null,
  journal_id bigint not null references ledger_journal (id),
  disbursement_file_id bigint references disbursement_file (id),
  check_number text,
  bank_account_id bigint references payee_bank_account (id),
  created_at timestamptz not null default now(),
  batch_run_id bigint
);
create index disbursement_case on disbursement (case_id);

create table batch_run (
  id bigint generated always as identity primary key,
  kind text not null,
  business_date date not null,
  status text not null check (status in ('running', 'completed', 'failed')),
  checkpoint jsonb not null default '{}',
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  summary jsonb,
  unique (kind, business_date)
);

create sequence check_number_seq start 100001;
