-- Locate: what the state registered with the Federal Case Registry (FCR) and the transmissions that carried
-- it, and locate results (addresses and employers from NDNH, FCR and the state workforce agency) with
-- their source, confidence and verification.

-- One FCR input file sent: its batch number, date and record counts. The file itself holds full SSNs and
-- is not kept here (its SHA-256 is, so a copy can be recognised).
create table fcr_transmission (
  id bigint generated always as identity primary key,
  batch_number integer not null unique,
  file_date date not null,
  case_records integer not null,
  person_records integer not null,
  record_count integer not null,
  file_sha256 char(64) not null,
  created_at timestamptz not null default now(),
  created_by bigint references app_user (id)
);

-- What the FCR was last told about a case (person_id null) or a person on a case: the record's field values
-- as last sent (their SHA-256 and a version that goes up with each change), so the next export sends only
-- what is new or changed. The SSN as last sent is kept encrypted for the Previous SSN of a change record.
create table fcr_registration (
  id bigint generated always as identity primary key,
  record_type text not null check (record_type in ('case', 'person')),
  case_id bigint not null references iv_d_case (id),
  person_id bigint references person (id),
  status text not null check (status in ('registered', 'deleted')),
  sent_version integer not null check (sent_version >= 1),
  sent_hash char(64) not null,
  sent_ssn_ciphertext text,
  last_action char(1) not null check (last_action in ('A', 'C', 'D')),
  last_transmission_id bigint not null references fcr_transmission (id),
  -- From the FCR acknowledgment (FD / FS): AAAAA accepted, REJCT rejected, HOLDS pended, with error codes.
  ack_code text,
  ack_errors text,
  ack_date date,
  -- From the person acknowledgment: V verified, C corrected, N not found (blank on the record).
  ssn_validity text check (ssn_validity in ('V', 'C', 'N')),
  ssn_validity_date date,
  updated_at timestamptz not null default now(),
  check ((record_type = 'case') = (person_id is null))
);
create unique index fcr_registration_one on fcr_registration (case_id, coalesce(person_id, 0));

-- One address or employer a locate source reported for a person on file. The same fact reported again
-- (in any file) has the same dedupe key and is taken once. Each result points at the row it made in the
-- participant's history (person_address / person_employment) and carries its own verification.
create table locate_result (
  id bigint generated always as identity primary key,
  import_batch_id bigint not null references import_batch (id),
  record_number integer not null,
  source text not null check (source in ('ndnh_w4', 'ndnh_qw', 'ndnh_ui', 'fcr', 'state_new_hire', 'state_qw', 'state_ui')),
  item text not null check (item in ('address', 'employer')),
  person_id bigint not null references person (id),
  person_address_id bigint references person_address (id),
  person_employment_id bigint references person_employment (id),
  employer_id bigint references employer (id),
  -- The date the source gives (hire date, end of the wage quarter, UI claim date), when it gives one.
  reported_date date,
  received_date date not null,
  confidence text not null check (confidence in ('high', 'medium', 'low')),
  verification text not null default 'unverified' check (verification in ('unverified', 'verified', 'failed')),
  verified_date date,
  verified_by bigint references app_user (id),
  verification_method text check (verification_method in ('caseworker', 'postal', 'employer')),
  verification_note text,
  -- Wages (integer cents) and quarter, UI weekly benefit, response agency and SSN match indicator.
  detail jsonb not null,
  -- Which case's 75-day locate clock this result met, if any.
  met_timeframe_ids jsonb not null default '[]',
  dedupe_key text not null unique,
  created_at timestamptz not null default now(),
  check ((item = 'address') = (person_address_id is not null)),
  check ((item = 'employer') = (person_employment_id is not null)),
  check ((verification = 'unverified') = (verified_date is null))
);
create index locate_result_person on locate_result (person_id, id);

-- Worklist items for the caseworker to verify a new address or employer (casework owns the worklist).
alter table worklist_item drop constraint worklist_item_kind_check;
alter table worklist_item add constraint worklist_item_kind_check check (kind in ('timeframe', 'closure_notice_ended', 'locate_verification'));
