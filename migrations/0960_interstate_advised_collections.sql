-- A collection another State advises with CSENet COL P is money on its way, not money received: it is
-- kept as an advice, and receipted only when the money arrives (the partner's CCD+ payment, matched by
-- our case number in the DED addenda and the amount). Before this migration the advice was receipted on
-- arrival; those rows keep their receipt and are settled.
alter table interstate_collection_received alter column receipt_id drop not null;
alter table interstate_collection_received
  add column case_id bigint references iv_d_case (id),
  add column amount_cents bigint check (amount_cents > 0),
  add column collection_date date,
  add column receipt_source text check (receipt_source in ('interstate', 'federal_tax_offset')),
  add column settled_date date;
update interstate_collection_received k
  set case_id = r.case_id, amount_cents = r.amount_cents, collection_date = r.received_date, receipt_source = r.source, settled_date = r.received_date
  from receipt r where r.id = k.receipt_id;
create index interstate_collection_awaiting on interstate_collection_received (case_id, amount_cents) where receipt_id is null;
create unique index interstate_collection_settled_once on interstate_collection_received (receipt_id) where receipt_id is not null;
