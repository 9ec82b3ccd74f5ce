-- Interstate forwarding money file (branch nacha-fraudui): the responding State pays each collection it
-- forwards to the initiating State's SDU by ACH (a CCD+ credit with the DED addenda), so the partner
-- record holds where that SDU is paid. The account number is kept encrypted with the data key, like a
-- payee's bank account; only its last four digits are kept in clear for display.
alter table interstate_partner add column sdu_routing_number char(9) check (sdu_routing_number ~ '^\d{9}$');
alter table interstate_partner add column sdu_account_ciphertext text;
alter table interstate_partner add column sdu_account_last4 char(4);
alter table interstate_partner add column sdu_account_type text not null default 'checking' check (sdu_account_type in ('checking', 'savings'));
alter table interstate_partner add constraint interstate_partner_sdu_account_check
  check ((sdu_routing_number is null) = (sdu_account_ciphertext is null));

-- The file is stored with the PPD files (disbursement_file) and each forwarded disbursement points at it.
alter table disbursement_file drop constraint disbursement_file_kind_check;
alter table disbursement_file add constraint disbursement_file_kind_check check (kind in ('ppd', 'ccd_interstate'));
