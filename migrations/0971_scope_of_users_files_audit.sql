-- Access control (issue 15): administration confined to a program, the audit log to the reader's
-- program, and links of existing persons across offices on the record.

-- An install (State-wide) administrator manages every program and its users; a program's administrator
-- manages its own program's users only.
alter table app_user add column install_admin boolean not null default false;
alter table app_user add constraint install_admin_is_administrator check (not install_admin or role = 'administrator');

-- The program of the actor an audit row is about, so that a program's auditor reads that program's rows.
alter table audit_event add column program_id bigint;
-- The one backfill of the new column for rows written before it (nothing else in a row changes); the
-- append-only trigger is back on in the same transaction.
alter table audit_event disable trigger audit_event_no_update;
update audit_event a set program_id = u.program_id from app_user u where u.id = a.actor_user_id;
alter table audit_event enable trigger audit_event_no_update;
create index audit_event_program on audit_event (program_id, id);
alter table audit_event drop constraint audit_event_action_check;
alter table audit_event add constraint audit_event_action_check check (action in ('read', 'create', 'update', 'search', 'import',
  'login', 'login_failed', 'logout', 'reveal_ssn', 'export', 'access_denied', 'disable', 'enable', 'password_reset', 'revoke_sessions',
  'decide'));

-- Linking a person already on file to a new case of another office: that office's consent or a supervisor's
-- decision, recorded. One request per intake and person.
create table person_link_request (
  id bigint generated always as identity primary key,
  intake_id bigint not null references intake (id),
  member_index integer not null,
  person_id bigint not null references person (id),
  requesting_office_id bigint not null references office (id),
  requested_by bigint references app_user (id),
  requested_date date not null,
  status text not null default 'pending' check (status in ('pending', 'granted', 'refused')),
  decided_by bigint references app_user (id),
  decided_as text check (decided_as in ('holding_office', 'supervisor')),
  decided_date date,
  reason text,
  created_at timestamptz not null default now(),
  unique (intake_id, person_id)
);
create index person_link_request_pending on person_link_request (status) where status = 'pending';

-- Sign-in throttling, per account and per client address, counted atomically before the password is
-- checked so that parallel attempts cannot get past the limit. Times are real time (a pinned business
-- date does not stop a lockout from ending).
create table login_throttle (
  key text primary key,
  attempts integer not null,
  window_start timestamptz not null,
  blocked_until timestamptz
);
