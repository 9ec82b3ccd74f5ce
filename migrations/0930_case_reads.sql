-- Reading one case (the case summary, the parent portal, access checks through a case's members) looks
-- up case_member by case_id alone. The only index led by case_id was partial (current members,
-- end_date is null), so those reads scanned the whole table: 8 ms at 20,000 cases, growing with the
-- caseload, and the largest cost of GET /api/cases/:caseNumber (bench/RESULTS.md).
create index case_member_case on case_member (case_id, id);
