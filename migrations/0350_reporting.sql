-- Federal reporting inputs the IV-D system does not otherwise hold (OCSE-157, federal-rules.md 6.2).

-- Statewide figures from vital statistics and the paternity acknowledgment registry, one row per federal
-- fiscal year: line 8 (children born out of wedlock in the State during the year; the next year's line
-- 8a) and line 9 (children in the State with paternity established or acknowledged during the year).
-- They cover every birth in the State, not only IV-D children, so they are entered, never counted here.
create table report_statewide_input (
  fiscal_year integer primary key check (fiscal_year between 1990 and 2200),
  births_out_of_wedlock integer check (births_out_of_wedlock >= 0),
  paternities_established integer check (paternities_established >= 0),
  source text not null check (length(source) > 0),
  recorded_by bigint references app_user (id),
  recorded_at timestamptz not null default now()
);

-- Case facts the OCSE-157 needs that no module records, each for a span of business dates:
-- no_jurisdiction (line 3: the State has no jurisdiction over the case; such a case is on no other line)
-- and health_insurance_provided (lines 21a and 23: the health insurance ordered is in fact provided).
create table report_case_fact (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  fact text not null check (fact in ('no_jurisdiction', 'health_insurance_provided')),
  from_date date not null,
  through_date date,
  source text not null check (length(source) > 0),
  recorded_by bigint references app_user (id),
  recorded_at timestamptz not null default now(),
  check (through_date is null or through_date >= from_date)
);
create index report_case_fact_case on report_case_fact (case_id);
