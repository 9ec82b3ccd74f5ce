-- Scale (issue 8): indexes for lookups the nightly cycle makes once per disbursement or per night, which
-- otherwise read the whole distribution_allocation table.

-- Disbursement: "did this distribution journal spend a hold or release an offset hold?" (disburse.ts).
create index distribution_allocation_hold_journal on distribution_allocation (journal_id) where from_hold or released_allocation_id is not null;
-- Joint-return offset holds still held (release_holds phase, undistributed aging).
create index distribution_allocation_offset_hold on distribution_allocation (hold_until) where hold_reason = 'joint_return_offset';
create index distribution_allocation_released on distribution_allocation (released_allocation_id) where released_allocation_id is not null;
