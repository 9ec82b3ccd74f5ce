-- Guideline models as effective-dated program policy, and guideline calculations saved to a case.

-- Which guideline version a IV-D program applies to support taking effect on a date (45 CFR 302.56 for a
-- State, 309.105 for a Tribe). The version id names a data file of src/establishment/guideline/data
-- (PA-2017, AR-2020, WI-DCF150); the application checks that it exists and that a program's spans do
-- not overlap. Owned by src/establishment/guideline-policy.ts.
create table program_guideline (
  id bigint generated always as identity primary key,
  program_id bigint not null references iv_d_program (id),
  effective_from date not null,
  effective_to date,
  guideline_version text not null check (guideline_version ~ '^[A-Z]{2}-[A-Za-z0-9.-]{1,30}$'),
  source text not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  unique (program_id, effective_from),
  check (effective_to is null or effective_to >= effective_from)
);

-- A guideline worksheet saved to a case: the input as entered, the worksheet the calculator returned
-- (with its version), the guideline amount, and, once proposed, the order it leads to with the
-- deviation finding 45 CFR 302.56(g) requires when the amount differs. Rows are not changed after the
-- proposal; a new calculation is a new row. Owned by src/establishment/guideline-cases.ts.
create table guideline_calculation (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  guideline_version text not null,
  model text not null check (model in ('income-shares', 'percentage-of-income')),
  calculation_date date not null,
  children integer not null check (children > 0),
  -- Which calculation of the worksheet is the order's (main, or obligor1/obligor2 in a third-party case).
  calculation_id text not null,
  input jsonb not null,
  worksheet jsonb not null,
  guideline_monthly_cents bigint not null check (guideline_monthly_cents >= 0),
  -- Who pays under the worksheet: 'obligor', 'obligee' (a percentage model's offset can turn it), or null.
  payer text check (payer in ('obligor', 'obligee')),
  obligor_person_id bigint references person (id),
  obligee_person_id bigint references person (id),
  proposed_monthly_cents bigint check (proposed_monthly_cents >= 0),
  proposed_effective_date date,
  deviation_reason text,
  deviation_best_interests text,
  proposed_at timestamptz,
  proposed_by bigint references app_user (id),
  created_at timestamptz not null,
  created_by bigint references app_user (id),
  check ((proposed_at is null) = (proposed_monthly_cents is null)),
  -- 302.56(g): an order that departs from the guideline amount carries the reason.
  check (proposed_monthly_cents is null or proposed_monthly_cents = guideline_monthly_cents or deviation_reason is not null)
);
create index guideline_calculation_case on guideline_calculation (case_id, id);
