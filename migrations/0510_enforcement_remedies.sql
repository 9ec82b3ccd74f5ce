-- Enforcement remedies: the Federal Offset submission state and files, offset collections, financial
-- institution data match (FIDM) levies, and the license suspension / credit bureau lists. Every remedy
-- stays an enforcement_action (one table for all kinds) with its notice and due-process date.

-- An action may be contested during due process; submitted is when it went to the outside agency.
alter table enforcement_action drop constraint enforcement_action_status_check;
alter table enforcement_action add constraint enforcement_action_status_check
  check (status in ('pending', 'active', 'contested', 'rejected', 'terminated', 'closed'));
alter table enforcement_action add column submitted_date date;
alter table enforcement_action add column notice_id bigint references case_notice (id);
alter table enforcement_action add column amount_cents bigint;
create index enforcement_action_open on enforcement_action (kind, status) where status in ('pending', 'active', 'contested');

-- What OCSE holds for each obligor and case type (A = TANF/assigned, N = non-TANF): the last amount and
-- exclusions sent, so a weekly run sends only the differences (A add, M modify, R exclusions, D delete).
create table federal_offset_certification (
  id bigint generated always as identity primary key,
  obligor_person_id bigint not null references person (id),
  case_type char(1) not null check (case_type in ('A', 'N')),
  fop_case_id text not null,
  amount_dollars bigint not null check (amount_dollars >= 0),
  exclusions text not null default '',
  notice_date date not null,
  status text not null check (status in ('certified', 'deleted')),
  certified_date date not null,
  changed_date date not null,
  unique (obligor_person_id, case_type)
);

-- One submission file per week (the Monday of the run date): a second run in the same week writes nothing.
create table federal_offset_file (
  id bigint generated always as identity primary key,
  week_start date not null unique,
  file_date date not null,
  record_count integer not null,
  content text not null,
  file_sha256 char(64) not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id)
);

create table federal_offset_record (
  id bigint generated always as identity primary key,
  file_id bigint not null references federal_offset_file (id),
  line integer not null,
  obligor_person_id bigint not null references person (id),
  case_type char(1) not null,
  transaction_type char(1) not null check (transaction_type in ('A', 'M', 'D', 'R')),
  amount_dollars bigint not null,
  exclusions text not null,
  unique (file_id, line)
);

-- One row per collection or adjustment record of an OCSE offset file, keyed by the record itself, so a
-- record applied once is never applied again (whichever file it comes in).
create table federal_offset_collection (
  id bigint generated always as identity primary key,
  record_key text not null unique,
  file_name text not null,
  line integer not null,
  obligor_person_id bigint references person (id),
  fop_case_id text not null,
  tax_year integer not null,
  collection_cents bigint not null,
  adjustment_cents bigint not null,
  joint_return boolean not null,
  injured_spouse boolean not null,
  offset_type text not null,
  receipt_id bigint references receipt (id),
  -- collected: a receipt; hold_released: an injured-spouse share refunded from a joint-return hold;
  -- reversed: the original receipt reversed (and the rest received again); research: nothing to apply to.
  outcome text not null check (outcome in ('collected', 'hold_released', 'reversed', 'research')),
  original_id bigint references federal_offset_collection (id),
  business_date date not null,
  created_at timestamptz not null default now()
);
create index federal_offset_collection_obligor on federal_offset_collection (obligor_person_id, fop_case_id, tax_year);

-- Financial institution data match results; each line once (file SHA-256 in import_batch).
create table fidm_match (
  id bigint generated always as identity primary key,
  import_batch_id bigint not null references import_batch (id),
  line integer not null,
  obligor_person_id bigint references person (id),
  institution_fein char(9) not null,
  institution_name text not null,
  account_last4 char(4) not null,
  account_type text not null,
  balance_cents bigint not null,
  match_date date not null,
  enforcement_action_id bigint references enforcement_action (id),
  outcome text not null check (outcome in ('levy', 'below_threshold', 'no_obligor', 'levy_open')),
  unique (import_batch_id, line)
);

-- License suspension and credit bureau lists: one file per kind and date; its entries (add / remove).
create table enforcement_list_file (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('license_suspension', 'credit_reporting')),
  list_date date not null,
  record_count integer not null,
  content text not null,
  file_sha256 char(64) not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  unique (kind, list_date)
);

create table enforcement_list_entry (
  id bigint generated always as identity primary key,
  file_id bigint not null references enforcement_list_file (id),
  enforcement_action_id bigint not null references enforcement_action (id),
  entry text not null check (entry in ('add', 'update', 'remove')),
  amount_cents bigint not null,
  unique (file_id, enforcement_action_id)
);
