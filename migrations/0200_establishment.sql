-- Establishment: paternity (alleged fathers, voluntary acknowledgments, genetic tests, adjudications),
-- service of process, the terms of a support order that are not money (custody, parenting time,
-- medical support), and review and adjustment with its notices. The money terms of an order live in
-- support_order and obligation (financial module); support_order_terms is keyed by the support_order id.
-- Clocks (45 CFR 303.4(d) 90 days, 303.8 36 months and 180 days) are rows of case_timeframe.

-- One row per child and alleged father on a case. At most one man is the established father of a
-- child on a case; the child's case_member.paternity_established mirrors it for reporting (PEP).
create table paternity (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  child_person_id bigint not null references person (id),
  alleged_father_person_id bigint not null references person (id),
  status text not null default 'pending' check (status in ('pending', 'established', 'excluded', 'rescinded')),
  -- How paternity was (or is being) established.
  method text check (method in ('acknowledgment', 'genetic_test', 'court_order', 'default_order')),
  -- Business dates: when paternity was established (PEP counts by this date) or the man excluded.
  established_date date,
  excluded_date date,
  -- A court or administrative adjudication (method court_order or default_order).
  adjudication_order_number text,
  adjudication_tribunal text,
  -- The establishment policy version applied when the status last changed.
  policy_id text,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  unique (case_id, child_person_id, alleged_father_person_id),
  check (child_person_id <> alleged_father_person_id),
  check ((status = 'established') = (established_date is not null)),
  check (status <> 'established' or method is not null),
  check ((status = 'excluded') = (excluded_date is not null))
);
create unique index paternity_one_father on paternity (case_id, child_person_id) where status = 'established';
create index paternity_case on paternity (case_id);

-- A voluntary acknowledgment of paternity (42 USC 666(a)(5)(C); 45 CFR 303.5(g)). It is a legal finding
-- of paternity once both parents have signed, rescindable by either signatory until the earlier of
-- 60 days or a proceeding relating to the child (666(a)(5)(D)(ii)).
create table paternity_acknowledgment (
  id bigint generated always as identity primary key,
  paternity_id bigint not null references paternity (id),
  mother_signed_date date not null,
  father_signed_date date not null,
  -- Takes effect when both have signed: the later signature.
  signed_date date not null,
  signing_site text not null check (signing_site in ('hospital', 'vital_records', 'iv_d_agency', 'other')),
  form_number text,
  filed_date date,
  rescission_deadline date not null,
  rescinded_date date,
  rescinded_by text check (rescinded_by in ('mother', 'father')),
  policy_id text not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  check (signed_date = greatest(mother_signed_date, father_signed_date)),
  check (rescission_deadline >= signed_date),
  check ((rescinded_date is null) = (rescinded_by is null)),
  check (rescinded_date is null or rescinded_date >= signed_date),
  check (filed_date is null or filed_date >= signed_date)
);
create index paternity_acknowledgment_paternity on paternity_acknowledgment (paternity_id);

-- Genetic tests: scheduled, then resulted (or missed or cancelled). The result is the lab's probability
-- of paternity; the man is included when it reaches the policy threshold in force on the result date.
create table genetic_test (
  id bigint generated always as identity primary key,
  paternity_id bigint not null references paternity (id),
  status text not null default 'scheduled' check (status in ('scheduled', 'resulted', 'no_show', 'cancelled')),
  ordered_date date not null,
  appointment_date date not null,
  lab_name text not null,
  lab_case_number text,
  collection_site text,
  mother_sample_date date,
  father_sample_date date,
  child_sample_date date,
  result_date date,
  -- The probability as the lab reported it ("99.9998") and in whole basis points, rounded down so a
  -- result is never lifted over the threshold by rounding.
  probability_reported text,
  probability_basis_points integer check (probability_basis_points between 0 and 10000),
  lab_excluded boolean,
  threshold_basis_points integer check (threshold_basis_points between 1 and 10000),
  outcome text check (outcome in ('included', 'excluded')),
  policy_id text,
  closed_reason text,
  closed_date date,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  updated_at timestamptz not null default now(),
  check (appointment_date >= ordered_date),
  check ((status = 'resulted') = (outcome is not null)),
  check (status <> 'resulted' or (result_date is not null and probability_basis_points is not null and threshold_basis_points is not null and policy_id is not null)),
  check ((status in ('no_show', 'cancelled')) = (closed_date is not null))
);
create unique index genetic_test_one_scheduled on genetic_test (paternity_id) where status = 'scheduled';

-- Service of process: every attempt, successful or not (45 CFR 303.3(c) diligent efforts; 303.4(d)).
create table service_attempt (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  person_id bigint not null references person (id),
  document text not null check (document in ('paternity_complaint', 'support_complaint', 'paternity_and_support_complaint', 'modification_petition', 'notice_of_hearing', 'administrative_notice', 'other')),
  method text not null check (method in ('personal', 'substituted', 'certified_mail', 'first_class_mail', 'sheriff', 'process_server', 'publication', 'acceptance')),
  attempt_date date not null,
  result text not null check (result in ('served', 'not_found', 'refused', 'bad_address', 'returned_unclaimed', 'other')),
  served_date date,
  server_name text,
  notes text,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  check ((result = 'served') = (served_date is not null)),
  check (served_date is null or served_date >= attempt_date)
);
create index service_attempt_case on service_attempt (case_id);

-- Review and adjustment (45 CFR 303.8): the 36-month cycle or a request, the comparison of the guideline
-- amount against the current order, and the outcome. One open review per case.
create table order_review (
  id bigint generated always as identity primary key,
  case_id bigint not null references iv_d_case (id),
  support_order_id bigint not null references support_order (id),
  reason text not null check (reason in ('cycle', 'request', 'incarceration', 'substantial_change')),
  requested_by text not null check (requested_by in ('agency', 'custodial_party', 'noncustodial_parent', 'iv_a_agency', 'other_jurisdiction')),
  request_date date not null,
  -- 303.8(e): 180 calendar days to review and adjust, or decide not to.
  review_due_date date not null,
  status text not null default 'open' check (status in ('open', 'completed')),
  -- The comparison (monthly amounts). percent_difference is (guideline - current) / current, null when
  -- the current order has no current support.
  compared_date date,
  guideline_monthly_cents bigint check (guideline_monthly_cents >= 0),
  current_monthly_cents bigint check (current_monthly_cents >= 0),
  difference_cents bigint,
  percent_difference_basis_points integer,
  threshold_basis_points integer,
  threshold_cents bigint,
  threshold_met boolean,
  guideline_worksheet jsonb,
  outcome text check (outcome in ('adjust', 'no_change', 'withdrawn')),
  outcome_date date,
  outcome_reason text,
  -- The modified order entered on this review.
  resulting_order_id bigint references support_order (id),
  policy_id text not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  check ((status = 'completed') = (outcome is not null and outcome_date is not null)),
  check (outcome is null or outcome = 'withdrawn' or threshold_met is not null),
  check (outcome_date is null or outcome_date >= request_date)
);
create unique index order_review_one_open on order_review (case_id) where status = 'open';

-- Notices of a review sent to each parent, kept as the PDF that was generated.
create table review_notice (
  id bigint generated always as identity primary key,
  review_id bigint not null references order_review (id),
  case_id bigint not null references iv_d_case (id),
  kind text not null check (kind in ('review_started', 'review_outcome')),
  recipient_person_id bigint not null references person (id),
  recipient_role text not null check (recipient_role in ('custodial_party', 'noncustodial_parent')),
  notice_date date not null,
  content bytea not null,
  sha256 char(64) not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id)
);
create index review_notice_review on review_notice (review_id);

-- The terms of a support order that are not money: custody, parenting time and medical support. Cash
-- medical support, current support and arrears are obligations of the order (financial module).
create table support_order_terms (
  support_order_id bigint primary key references support_order (id),
  case_id bigint not null references iv_d_case (id),
  tribunal text,
  legal_custody text not null check (legal_custody in ('custodial_party', 'noncustodial_parent', 'joint', 'third_party', 'not_addressed')),
  physical_custody text not null check (physical_custody in ('custodial_party', 'noncustodial_parent', 'shared', 'third_party', 'not_addressed')),
  obligor_overnights_per_year integer check (obligor_overnights_per_year between 0 and 366),
  parenting_schedule text,
  -- Health insurance for the children (45 CFR 303.31): who provides it, its monthly cost for the
  -- children, and whether that cost is reasonable under the policy share of the obligor's gross income.
  health_insurance_by text not null check (health_insurance_by in ('obligor', 'obligee', 'both', 'neither', 'not_addressed')),
  health_insurance_premium_monthly_cents bigint check (health_insurance_premium_monthly_cents >= 0),
  obligor_gross_monthly_income_cents bigint check (obligor_gross_monthly_income_cents >= 0),
  reasonable_cost_basis_points integer,
  health_insurance_reasonable_cost boolean,
  -- The obligor's share of unreimbursed medical expenses.
  unreimbursed_medical_obligor_basis_points integer check (unreimbursed_medical_obligor_basis_points between 0 and 10000),
  -- The guideline amount behind the order and, when the order departs from it, the written finding
  -- (45 CFR 302.56(g)).
  guideline_monthly_cents bigint check (guideline_monthly_cents >= 0),
  guideline_worksheet jsonb,
  deviation_reason text,
  policy_id text not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id)
);
create index support_order_terms_case on support_order_terms (case_id);
