-- Security core: offices, users and roles, sessions, and the append-only audit log.

create table office (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Z0-9]{2,10}$'),
  name text not null,
  county_fips char(5),
  created_at timestamptz not null default now()
);

create table app_user (
  id bigint generated always as identity primary key,
  username text not null check (username ~ '^[a-z0-9._-]{3,64}$'),
  display_name text not null,
  role text not null check (role in ('caseworker', 'supervisor', 'financial_worker', 'administrator', 'auditor', 'parent', 'employer')),
  office_id bigint references office (id),
  -- A parent user is one person on file; an employer user acts for one employer.
  person_id bigint,
  employer_id bigint,
  password_hash text not null,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  constraint office_roles_have_office check (role not in ('caseworker', 'supervisor') or office_id is not null),
  constraint parent_has_person check (role <> 'parent' or person_id is not null),
  constraint employer_has_employer check (role <> 'employer' or employer_id is not null)
);
create unique index app_user_username on app_user (username);

create table user_session (
  -- Only a hash of the bearer token is stored, so a copy of this table opens no session.
  token_hash text primary key,
  user_id bigint not null references app_user (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index user_session_user on user_session (user_id);

create table audit_event (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_user_id bigint,
  actor_username text not null,
  actor_role text not null,
  actor_office_id bigint,
  action text not null check (action in ('read', 'create', 'update', 'search', 'import', 'login', 'login_failed', 'logout', 'reveal_ssn', 'export')),
  entity_type text not null,
  entity_id text,
  person_ids bigint[] not null default '{}',
  case_ids bigint[] not null default '{}',
  purpose text not null,
  request_id text,
  client_ip text,
  detail jsonb
);
create index audit_event_occurred on audit_event (occurred_at);
create index audit_event_persons on audit_event using gin (person_ids);
create index audit_event_cases on audit_event using gin (case_ids);
create index audit_event_actor on audit_event (actor_user_id, occurred_at);

-- The audit log is append-only: no row may be changed or removed, by anyone.
create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only (% refused)', tg_op;
end $$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_is_append_only();
