-- Case search by the start of a last name (`last_name_key like 'SMI%'`, src/cases/service.ts): a prefix
-- match can use a btree index only with pattern operators (or the C collation), so the workstation's
-- name search stays an index lookup on a large caseload.
create index person_last_name_prefix on person (last_name_key text_pattern_ops);
create index person_first_name_prefix on person (first_name_key text_pattern_ops);
