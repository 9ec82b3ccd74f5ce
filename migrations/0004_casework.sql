-- Case timeframes (45 CFR 303): one row per clock, with when it started, when it is due and when it was met.

create table case_timeframe (
  id bigint generated always as identity primary key,
  case_id bigint references iv_d_case (id),
  intake_id bigint references intake (id),
  kind text not null,
  regulation text not null,
  start_date date not null,
  due_date date not null,
  met_date date,
  created_at timestamptz not null default now(),
  check (case_id is not null or intake_id is not null)
);
create index case_timeframe_open on case_timeframe (due_date) where met_date is null;
create index case_timeframe_case on case_timeframe (case_id);
