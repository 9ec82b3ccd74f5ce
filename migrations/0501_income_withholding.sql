-- Income withholding orders (one per order, obligor and employer), the e-IWO files they were sent in,
-- and what the employer acknowledged back.

create table eiwo_file (
  id bigint generated always as identity primary key,
  control_number text not null unique,
  file_date date not null,
  batch_count integer not null,
  record_count integer not null,
  file_sha256 char(64) not null,
  content text not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id)
);

create table income_withholding_order (
  id bigint generated always as identity primary key,
  enforcement_action_id bigint not null unique references enforcement_action (id),
  case_id bigint not null references iv_d_case (id),
  support_order_id bigint not null references support_order (id),
  obligor_person_id bigint not null references person (id),
  employer_id bigint not null references employer (id),
  person_employment_id bigint references person_employment (id),
  new_hire_report_id bigint references new_hire_report (id),
  document_tracking_number text not null unique,
  order_identifier text not null,
  action_code char(3) not null check (action_code in ('ORG', 'AMD', 'TRM', 'LUM')),
  status text not null check (status in ('pending', 'sent', 'accepted', 'rejected', 'suspended', 'terminated')),
  -- When the income source became known, and the 2-business-day deadline to send the notice (303.100(e)).
  income_source_date date not null,
  issue_due_date date not null,
  issued_date date,
  current_support_monthly_cents bigint not null check (current_support_monthly_cents >= 0),
  arrears_payment_monthly_cents bigint not null check (arrears_payment_monthly_cents >= 0),
  arrears_over_12_weeks boolean not null,
  ccpa_percent integer not null,
  eiwo_file_id bigint references eiwo_file (id),
  ack_status text,
  ack_reason text,
  ack_date date,
  termination_date date,
  final_payment_cents bigint,
  lump_sum_cents bigint,
  lump_sum_date date,
  created_at timestamptz not null default now()
);
create index income_withholding_order_pending on income_withholding_order (status) where status = 'pending';
create index income_withholding_order_case on income_withholding_order (case_id, employer_id);
