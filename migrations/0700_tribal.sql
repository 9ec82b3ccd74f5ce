-- Tribal mode: IV-D programs (a State, or a Tribal IV-D program under 45 CFR 309) own offices, users and
-- persons. One install may serve a consortium of programs; every record belongs to exactly one program and
-- the access layer never lets a user see another program's records. A single-State install has one
-- program, 'STATE', and every existing office, user and person belongs to it.

create table iv_d_program (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[A-Z0-9]{2,10}$'),
  name text not null,
  kind text not null check (kind in ('state', 'tribal')),
  created_at timestamptz not null default now()
);
insert into iv_d_program (code, name, kind) values ('STATE', 'State IV-D program', 'state');

-- 45 CFR 302 (State) or 309 (Tribal) rules a program runs under, as effective-dated data.
create table program_policy (
  id bigint generated always as identity primary key,
  program_id bigint not null references iv_d_program (id),
  effective_from date not null,
  effective_to date,
  -- 302 for a State plan; 309 for a Tribal IV-D plan.
  cfr_part text not null check (cfr_part in ('302', '309')),
  -- 309.65(a)(1)-(2): the Tribe's service population and jurisdiction (text as the plan states it).
  service_population text,
  jurisdiction text,
  -- Case types the program takes at intake.
  allowed_case_types text[] not null,
  -- 42 USC 657 (State) or 45 CFR 309.115 (Tribal) distribution.
  distribution_rule text not null check (distribution_rule in ('usc_657', 'cfr_309_115')),
  -- Whether federal assignment rules (URA, federal share) apply.
  federal_assignment boolean not null,
  -- 42 USC 654(6)(B) annual fee: States must; Tribal programs do not charge it.
  charge_annual_fee boolean not null,
  -- The child support guideline the program uses (309.105 for a Tribe).
  guideline_reference text,
  -- Timeframes that differ from the 45 CFR 303 defaults, days by timeframe kind, e.g. {"case_opening": 20}.
  timeframe_days jsonb not null default '{}',
  -- Thresholds for the fraud signals report: {"bankChangeDays": 30, "largeDisbursementCents": 100000}.
  fraud_thresholds jsonb not null default '{}',
  source text not null,
  created_at timestamptz not null default now(),
  unique (program_id, effective_from),
  check (effective_to is null or effective_to >= effective_from)
);
insert into program_policy (program_id, effective_from, cfr_part, allowed_case_types, distribution_rule, federal_assignment, charge_annual_fee, guideline_reference, fraud_thresholds, source)
select id, '2000-01-01', '302', array['current_assistance', 'former_assistance', 'never_assistance', 'iv_e_foster_care', 'medicaid_only'],
  'usc_657', true, true, '45 CFR 302.56', '{"bankChangeDays": 30, "largeDisbursementCents": 100000}', '45 CFR 302; 42 USC 657; 42 USC 654(6)(B)'
from iv_d_program where code = 'STATE';

-- When there is one program, a row that names none belongs to it; with several, the program is required.
create function sole_program_id() returns bigint language plpgsql as $$
declare
  n integer;
  pid bigint;
begin
  select count(*), min(id) into n, pid from iv_d_program;
  if n = 1 then return pid; end if;
  raise exception 'this install serves % IV-D programs: say which program the record belongs to', n;
end $$;

alter table office add column program_id bigint references iv_d_program (id);
update office set program_id = (select id from iv_d_program where code = 'STATE');
alter table office alter column program_id set not null;
create function office_program_default() returns trigger language plpgsql as $$
begin
  if new.program_id is null then new.program_id := sole_program_id(); end if;
  if tg_op = 'UPDATE' and new.program_id <> old.program_id then
    raise exception 'an office does not move between IV-D programs';
  end if;
  return new;
end $$;
create trigger office_program before insert or update on office for each row execute function office_program_default();

alter table app_user add column program_id bigint references iv_d_program (id);
update app_user u set program_id = coalesce((select o.program_id from office o where o.id = u.office_id), (select id from iv_d_program where code = 'STATE'));
alter table app_user alter column program_id set not null;
create function app_user_program_default() returns trigger language plpgsql as $$
declare
  office_program bigint;
begin
  if new.office_id is not null then
    select program_id into office_program from office where id = new.office_id;
    if new.program_id is null then new.program_id := office_program; end if;
    if new.program_id <> office_program then raise exception 'a user''s office belongs to another IV-D program'; end if;
  end if;
  -- A parent user is a person on file, and belongs to that person's program.
  if new.person_id is not null and new.role = 'parent' then
    if new.program_id is null then select program_id into new.program_id from person where id = new.person_id; end if;
    if new.program_id <> (select program_id from person where id = new.person_id) then raise exception 'a parent user''s person belongs to another IV-D program'; end if;
  end if;
  if new.program_id is null then new.program_id := sole_program_id(); end if;
  return new;
end $$;
create trigger app_user_program before insert or update on app_user for each row execute function app_user_program_default();

-- A person on file belongs to one program. A person known to two programs is two records, one in each;
-- the SSN is unique within a program only.
alter table person add column program_id bigint references iv_d_program (id);
update person set program_id = (select id from iv_d_program where code = 'STATE');
alter table person alter column program_id set not null;
alter table person drop constraint person_ssn_index_key;
create unique index person_program_ssn on person (program_id, ssn_index) where ssn_index is not null;
create index person_program on person (program_id);
create function person_program_default() returns trigger language plpgsql as $$
begin
  if new.program_id is null then new.program_id := sole_program_id(); end if;
  if tg_op = 'UPDATE' and new.program_id <> old.program_id then raise exception 'a person does not move between IV-D programs'; end if;
  return new;
end $$;
create trigger person_program before insert or update on person for each row execute function person_program_default();

-- The database itself refuses a case member from another program, and a case moved to another program's office.
create function case_member_same_program() returns trigger language plpgsql as $$
begin
  if (select program_id from person where id = new.person_id) <>
     (select o.program_id from iv_d_case c join office o on o.id = c.office_id where c.id = new.case_id) then
    raise exception 'person % belongs to another IV-D program than case %', new.person_id, new.case_id;
  end if;
  return new;
end $$;
create trigger case_member_program before insert or update on case_member for each row execute function case_member_same_program();

create function case_office_same_program() returns trigger language plpgsql as $$
begin
  if new.office_id <> old.office_id and
     (select program_id from office where id = new.office_id) <> (select program_id from office where id = old.office_id) then
    raise exception 'a case does not move between IV-D programs';
  end if;
  return new;
end $$;
create trigger iv_d_case_program before update on iv_d_case for each row execute function case_office_same_program();
