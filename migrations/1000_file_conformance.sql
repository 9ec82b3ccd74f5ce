-- Files that partners accept (issue 16).
-- An income withholding order that cannot make a valid e-IWO record stays pending, held with its reason
-- (and a worklist item for the case's worker) until the data on file is corrected; the next export sends it.
alter table income_withholding_order add column hold_reason text;
alter table income_withholding_order add column held_date date;

alter table worklist_item drop constraint worklist_item_kind_check;
alter table worklist_item add constraint worklist_item_kind_check check (kind in ('timeframe', 'closure_notice_ended', 'locate_verification', 'eiwo_held'));
