-- Case initiation: IV-D cases, members and roles, intake of applications and referrals, import batches.

create sequence iv_d_case_number_seq;

create table iv_d_case (
  id bigint generated always as identity primary key,
  case_number text not null unique,
  case_type text not null check (case_type in ('current_assistance', 'former_assistance', 'never_assistance', 'iv_e_foster_care', 'medicaid_only')),
  interstate_role text not null default 'none' check (interstate_role in ('none', 'initiating', 'responding')),
  other_jurisdiction_fips text check (other_jurisdiction_fips ~ '^\d{2}(\d{3}(\d{2})?)?$'),
  other_jurisdiction_case_id text,
  office_id bigint not null references office (id),
  assigned_worker_id bigint references app_user (id),
  status text not null default 'open' check (status in ('open', 'closed')),
  intake_source text not null check (intake_source in ('application', 'iv_a_referral', 'iv_e_referral', 'medicaid_referral', 'interstate_referral')),
  -- Business dates: when the referral or application was received, when the case must be open by
  -- (45 CFR 303.2(b): 20 calendar days), and when it was opened.
  received_date date not null,
  open_due_date date not null,
  opened_date date not null,
  closed_date date,
  closure_reason text,
  created_at timestamptz not null default now(),
  version integer not null default 1,
  check (interstate_role = 'none' or other_jurisdiction_fips is not null),
  check ((status = 'closed') = (closed_date is not null))
);
create index iv_d_case_office on iv_d_case (office_id, status);
create index iv_d_case_worker on iv_d_case (assigned_worker_id) where status = 'open';

create table case_member (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  person_id bigint not null references person (id),
  role text not null check (role in ('custodial_party', 'noncustodial_parent', 'alleged_father', 'child')),
  start_date date not null,
  end_date date,
  -- Child facts needed for paternity and reporting (born out of wedlock: OCSE-157 lines 5 and 8).
  born_out_of_wedlock boolean,
  paternity_established boolean,
  created_at timestamptz not null default now(),
  check (end_date is null or end_date >= start_date)
);
create unique index case_member_active on case_member (case_id, person_id, role) where end_date is null;
create index case_member_person on case_member (person_id);

create table import_batch (
  id bigint generated always as identity primary key,
  kind text not null,
  file_name text not null,
  -- The same file (by content) is taken once.
  file_sha256 char(64) not null,
  line_count integer not null,
  status text not null check (status in ('accepted')),
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  unique (kind, file_sha256)
);

create table intake (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('application', 'iv_a_referral', 'iv_e_referral', 'medicaid_referral', 'interstate_referral')),
  -- Idempotency key from the sender: one referral id per source system is taken once.
  source_system text not null,
  external_id text not null,
  received_date date not null,
  due_date date not null,
  office_id bigint not null references office (id),
  status text not null check (status in ('pending_review', 'opened')),
  -- The intake as received, encrypted (it holds SSNs); needed to finish a pending review.
  payload_ciphertext text not null,
  -- Proposed duplicate matches awaiting a worker's decision (no SSNs, only person ids and reasons).
  proposals jsonb,
  case_id bigint references iv_d_case (id),
  import_batch_id bigint references import_batch (id),
  import_line integer,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  resolved_at timestamptz,
  resolved_by bigint references app_user (id),
  unique (source_system, external_id),
  check ((status = 'opened') = (case_id is not null))
);
create index intake_pending on intake (office_id, due_date) where status = 'pending_review';
