-- Intergovernmental (UIFSA) cases: the other programs we exchange with, the intergovernmental data of our
-- cases, CSENet transactions sent and received, and collections forwarded to an initiating State.

-- This program's own identity on the network (one row): its FIPS code, name, where its SDU takes
-- payments, and the office that acts as the central registry for cases other programs refer to us.
create table interstate_local (
  id boolean primary key default true check (id),
  fips char(7) not null check (fips ~ '^\d{7}$'),
  name text not null,
  sdu_name text,
  sdu_line1 text,
  sdu_city text,
  sdu_state char(2),
  sdu_zip char(5),
  registry_office_id bigint references office (id),
  updated_at timestamptz not null default now()
);

-- Another IV-D program we exchange CSENet transactions and QUICK queries with, by FIPS state code.
-- inbound_key_hash: SHA-256 of the key that program presents to us (we never keep its key itself);
-- outbound_key_ciphertext: the key we present to it, encrypted with the data key.
create table interstate_partner (
  fips_state char(2) primary key check (fips_state ~ '^\d{2}$'),
  name text not null,
  base_url text,
  inbound_key_hash char(64),
  outbound_key_ciphertext text,
  -- Where collections for that program's cases are sent (its SDU), as the CSENet case block carries it.
  sdu_name text,
  sdu_fips char(7) check (sdu_fips ~ '^\d{7}$'),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The intergovernmental side of one of our cases: who the other jurisdiction is (FIPS state, county,
-- office), its case id, our role and the legal basis. iv_d_case keeps the role, FIPS and case id as intake
-- wrote them; this row is the interstate module's record, kept in step with it.
create table interstate_case (
  id bigint generated always as identity primary key,
  case_id bigint not null unique references iv_d_case (id),
  role text not null check (role in ('initiating', 'responding')),
  other_fips_state char(2) not null check (other_fips_state ~ '^\d{2}$'),
  other_fips_county char(3) not null default '000' check (other_fips_county ~ '^\d{3}$'),
  other_fips_sub char(2) not null default '00' check (other_fips_sub ~ '^\d{2}$'),
  other_case_id text,
  legal_basis text not null default 'UIFSA' check (legal_basis in ('UIFSA', 'URESA', 'tribal', 'international')),
  -- How the case came to be intergovernmental: a worker's referral, or a CSENet transaction received.
  origin text not null check (origin in ('worker', 'csenet')),
  status text not null default 'open' check (status in ('open', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index interstate_case_other on interstate_case (other_fips_state, other_case_id);

create sequence csenet_serial_seq;

-- One CSENet transaction, outbound (queued, then sent) or inbound (received, then processed).
-- The record is the transaction as it travels (header and data blocks, one line), encrypted with the data
-- key because it carries SSNs.
create table csenet_transaction (
  id bigint generated always as identity primary key,
  direction text not null check (direction in ('outbound', 'inbound')),
  serial text not null check (serial ~ '^\d{12}$'),
  local_fips char(7) not null check (local_fips ~ '^\d{7}$'),
  other_fips char(7) not null check (other_fips ~ '^\d{7}$'),
  function_code char(3) not null,
  action_code char(1) not null,
  reason_code text,
  transaction_date date not null,
  case_id bigint references iv_d_case (id),
  local_case_id text,
  other_case_id text,
  record text not null,
  status text not null check (status in ('queued', 'sent', 'failed', 'received', 'processed', 'rejected')),
  attempts integer not null default 0,
  last_error text,
  -- For an inbound request: the transaction we answered it with; for an outbound answer: what it answers.
  responds_to_id bigint references csenet_transaction (id),
  outcome jsonb,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  processed_at timestamptz
);
-- Idempotency: a serial is used once per sender (ours for outbound, theirs for inbound). The same
-- batch posted twice changes nothing.
create unique index csenet_transaction_serial on csenet_transaction (direction, (case when direction = 'outbound' then local_fips else other_fips end), serial);
create index csenet_transaction_queue on csenet_transaction (other_fips, id) where status in ('queued', 'failed');
create index csenet_transaction_case on csenet_transaction (case_id);

-- A collection forwarded to an initiating State: the disbursement (payee other_state) and the COL
-- transaction that advised that State of it. One advice per disbursement.
create table interstate_collection_forward (
  id bigint generated always as identity primary key,
  disbursement_id bigint not null unique references disbursement (id),
  case_id bigint not null references iv_d_case (id),
  transaction_id bigint not null references csenet_transaction (id),
  amount_cents bigint not null check (amount_cents > 0),
  collection_date date not null,
  created_at timestamptz not null default now()
);

-- A forwarded collection received from a responding State (COL P): receipted once per sender and serial.
create table interstate_collection_received (
  id bigint generated always as identity primary key,
  transaction_id bigint not null references csenet_transaction (id),
  block_index integer not null,
  receipt_id bigint not null references receipt (id),
  created_at timestamptz not null default now(),
  unique (transaction_id, block_index)
);

-- The responding State forwards what it collects to the initiating State (45 CFR 303.7(d)(6)(v)): a new
-- disbursement payee, owned by financial, added here with its only use.
alter table disbursement drop constraint disbursement_payee_check;
alter table disbursement add constraint disbursement_payee_check
  check (payee in ('family', 'state', 'federal', 'iv_e_agency', 'medicaid_agency', 'obligor_refund', 'other_state'));
