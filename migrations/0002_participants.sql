-- Participants: persons with encrypted SSNs, aliases, address and employment history; the employer registry.

create table person (
  id bigint generated always as identity primary key,
  -- AES-256-GCM ciphertext of the nine digits; never stored or logged in clear.
  ssn_ciphertext text,
  -- Keyed hash (HMAC-SHA-256) of the SSN, for exact-match duplicate detection without decrypting.
  ssn_index text unique,
  ssn_last4 char(4),
  first_name text not null,
  middle_name text,
  last_name text not null,
  suffix text,
  -- Normalised keys for duplicate detection (upper case letters only; Soundex of the last name).
  last_name_key text not null,
  first_name_key text not null,
  last_name_soundex char(4) not null,
  date_of_birth date,
  sex char(1) not null default 'U' check (sex in ('F', 'M', 'U')),
  date_of_death date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  check ((ssn_ciphertext is null) = (ssn_index is null))
);
create index person_name_dob on person (last_name_key, date_of_birth);
create index person_soundex_dob on person (last_name_soundex, date_of_birth);
create index person_ssn_last4 on person (ssn_last4);

create table person_alias (
  id bigint generated always as identity primary key,
  person_id bigint not null references person (id),
  kind text not null default 'alias' check (kind in ('alias', 'maiden', 'former', 'nickname')),
  first_name text not null,
  middle_name text,
  last_name text not null,
  last_name_key text not null,
  first_name_key text not null,
  created_at timestamptz not null default now()
);
create index person_alias_person on person_alias (person_id);
create index person_alias_key on person_alias (last_name_key);

create table person_address (
  id bigint generated always as identity primary key,
  person_id bigint not null references person (id),
  kind text not null default 'residential' check (kind in ('residential', 'mailing')),
  line1 text not null,
  line2 text,
  city text not null,
  state_code char(2) not null,
  zip text not null check (zip ~ '^\d{5}(-\d{4})?$'),
  source text not null,
  verification text not null default 'unverified' check (verification in ('unverified', 'verified', 'bad')),
  verified_date date,
  -- History: the address in effect from .. to (to is null while current).
  effective_from date not null,
  effective_to date,
  created_at timestamptz not null default now(),
  created_by bigint,
  check (effective_to is null or effective_to >= effective_from)
);
create index person_address_person on person_address (person_id, effective_from);
create unique index person_address_one_current on person_address (person_id, kind) where effective_to is null;

create table employer (
  id bigint generated always as identity primary key,
  fein char(9) check (fein ~ '^\d{9}$'),
  name text not null,
  line1 text,
  line2 text,
  city text,
  state_code char(2),
  zip text,
  phone text,
  created_at timestamptz not null default now()
);
create index employer_fein on employer (fein);

alter table app_user add constraint app_user_person_fk foreign key (person_id) references person (id);
alter table app_user add constraint app_user_employer_fk foreign key (employer_id) references employer (id);

create table person_employment (
  id bigint generated always as identity primary key,
  person_id bigint not null references person (id),
  employer_id bigint not null references employer (id),
  start_date date,
  end_date date,
  source text not null,
  verification text not null default 'unverified' check (verification in ('unverified', 'verified', 'bad')),
  verified_date date,
  created_at timestamptz not null default now(),
  created_by bigint,
  check (end_date is null or start_date is null or end_date >= start_date)
);
create index person_employment_person on person_employment (person_id);
