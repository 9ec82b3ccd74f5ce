-- Case management: timeframe clocks (45 CFR 303) with who met them, worklist items and alerts with their
-- history, case closure (45 CFR 303.11) with the 60-day notice and reopening, and notices from templates.

-- case_timeframe (0004) keeps one row per clock. A clock now also records the event that started it, who
-- met it (or why it stopped applying), so the history of every deadline stays on the row.
alter table case_timeframe add column event text;
alter table case_timeframe add column met_by bigint references app_user (id);
alter table case_timeframe add column met_note text;
alter table case_timeframe add column cancelled_date date;
alter table case_timeframe add column cancel_reason text;
alter table case_timeframe add column created_by bigint references app_user (id);
alter table case_timeframe add constraint case_timeframe_met_or_cancelled check (met_date is null or cancelled_date is null);
alter table case_timeframe add constraint case_timeframe_cancel_reason check ((cancelled_date is null) = (cancel_reason is null));
-- One clock of a kind per case and start date: starting the same clock twice changes nothing.
create unique index case_timeframe_clock on case_timeframe (case_id, kind, start_date) where case_id is not null;

-- Notices sent from templates: the PDF as sent (with its SHA-256), and the merge data exactly as printed
-- (SSNs already masked) with the template version, so the document can also be re-rendered and compared.
create table case_notice (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  template_code text not null,
  template_version integer not null,
  notice_date date not null,
  recipient_person_id bigint references person (id),
  recipient_role text not null,
  -- An agency recipient (the initiating State's agency, the IV-E agency) has no person record.
  recipient_agency text,
  delivery text not null default 'mail' check (delivery in ('mail', 'electronic')),
  merge_data jsonb not null,
  pdf bytea not null,
  pdf_sha256 char(64) not null,
  page_count integer not null,
  generated_at timestamptz not null default now(),
  generated_by bigint references app_user (id),
  check (recipient_person_id is not null or recipient_agency is not null)
);
create index case_notice_case on case_notice (case_id, notice_date);

-- A closure of a case under one 45 CFR 303.11 criterion: proposed with the worker's finding and the checks
-- run against the data on file, the 60-day notice where 303.11(d) demands it, then closed, kept open by a
-- reply within the notice period, withdrawn, or (after closing) reopened. Each row is one attempt, so the
-- rows of a case are its closure history.
create table case_closure (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  reason_code text not null,
  regulation text not null,
  status text not null check (status in ('notice_period', 'closed', 'kept_open', 'withdrawn', 'reopened')),
  finding text not null,
  -- Attestations, documented facts and the result of every check, as judged when proposed and when closed.
  facts jsonb not null,
  proposed_date date not null,
  proposed_by bigint references app_user (id),
  notice_required text not null check (notice_required in ('none', 'recipient', 'recipient_reapply', 'initiating_agency')),
  notice_id bigint references case_notice (id),
  notice_date date,
  delivery text check (delivery in ('mail', 'electronic')),
  electronic_consent_date date,
  -- 45 CFR 303.11(d): the case may not close before the notice date plus 60 calendar days.
  earliest_closure_date date,
  response_date date,
  response_note text,
  closed_date date,
  closed_by bigint references app_user (id),
  withdrawn_date date,
  withdrawn_by bigint references app_user (id),
  withdraw_reason text,
  reopened_date date,
  reopened_by bigint references app_user (id),
  reopen_reason text,
  reopen_application_date date,
  created_at timestamptz not null default now(),
  version integer not null default 1,
  check (notice_required = 'none' or (notice_date is not null and earliest_closure_date = notice_date + 60)),
  check (notice_required <> 'none' or notice_date is null),
  check (delivery is distinct from 'electronic' or electronic_consent_date is not null),
  check (closed_date is null or earliest_closure_date is null or closed_date >= earliest_closure_date),
  check ((status in ('closed', 'reopened')) = (closed_date is not null)),
  check ((status = 'reopened') = (reopened_date is not null)),
  check ((status = 'kept_open') = (response_date is not null)),
  check ((status = 'withdrawn') = (withdrawn_date is not null))
);
-- At most one closure in progress or in force per case.
create unique index case_closure_live on case_closure (case_id) where status in ('notice_period', 'closed');
create index case_closure_case on case_closure (case_id);

-- Worklist items and alerts for the assigned worker: one per clock (due soon, then overdue and escalated
-- to the office's supervisor) or per closure whose notice period ended. The dedupe key makes the batch
-- safe to run any number of times.
create table worklist_item (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('timeframe', 'closure_notice_ended')),
  case_id bigint references iv_d_case (id),
  intake_id bigint references intake (id),
  timeframe_id bigint references case_timeframe (id),
  closure_id bigint references case_closure (id),
  office_id bigint not null references office (id),
  title text not null,
  regulation text,
  due_date date,
  alert_level text not null check (alert_level in ('info', 'due_soon', 'overdue')),
  status text not null default 'open' check (status in ('open', 'done', 'escalated')),
  assigned_user_id bigint references app_user (id),
  escalated_to_user_id bigint references app_user (id),
  escalated_date date,
  created_date date not null,
  done_date date,
  done_by bigint references app_user (id),
  done_note text,
  dedupe_key text not null unique,
  created_at timestamptz not null default now(),
  check (case_id is not null or intake_id is not null),
  check (status <> 'escalated' or escalated_to_user_id is not null),
  check ((status = 'done') = (done_date is not null))
);
create index worklist_item_assigned on worklist_item (assigned_user_id) where status <> 'done';
create index worklist_item_escalated on worklist_item (escalated_to_user_id) where status = 'escalated';
create index worklist_item_office on worklist_item (office_id, status);

create table worklist_event (
  id bigint generated always as identity primary key,
  item_id bigint not null references worklist_item (id),
  event text not null check (event in ('created', 'due_soon', 'overdue', 'escalated', 'not_escalated', 'done', 'reassigned')),
  business_date date not null,
  occurred_at timestamptz not null default now(),
  actor_user_id bigint references app_user (id),
  detail jsonb
);
create index worklist_event_item on worklist_event (item_id);
