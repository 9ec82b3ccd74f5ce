-- Locate and enforcement: new-hire reports matched to persons, enforcement actions (each with status,
-- dates and the notice sent) and income withholding orders with their e-IWO acknowledgment.

-- One row per line of an imported new-hire file. The SSN is kept only as its blind index (the person
-- table holds the encrypted SSN); the employer is resolved into the employer registry.
create table new_hire_report (
  id bigint generated always as identity primary key,
  import_batch_id bigint not null references import_batch (id),
  import_line integer not null,
  ssn_index text not null,
  employer_id bigint not null references employer (id),
  hire_date date not null,
  state_of_hire char(2),
  -- matched: a person on file has this SSN; unmatched: nobody does (kept for a later match).
  match_status text not null check (match_status in ('matched', 'unmatched')),
  person_id bigint references person (id),
  person_employment_id bigint references person_employment (id),
  -- An employment already on file at this employer: the report confirms it, no new row.
  employment_already_known boolean not null default false,
  created_at timestamptz not null default now(),
  unique (import_batch_id, import_line),
  check ((match_status = 'matched') = (person_id is not null))
);
create index new_hire_report_person on new_hire_report (person_id);
create index new_hire_report_ssn on new_hire_report (ssn_index);

-- Every enforcement action on a case: what, its status, when it started, when it is due and the notice.
create table enforcement_action (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  obligor_person_id bigint not null references person (id),
  kind text not null check (kind in ('income_withholding', 'tax_refund_offset', 'passport_denial', 'administrative_offset', 'license_suspension', 'credit_reporting', 'fidm_levy')),
  status text not null check (status in ('pending', 'active', 'rejected', 'terminated', 'closed')),
  start_date date not null,
  due_date date,
  end_date date,
  notice_kind text,
  notice_sent_date date,
  source text not null,
  source_id bigint,
  reason text,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id)
);
create index enforcement_action_case on enforcement_action (case_id, kind);
