-- Tribal mode, files per program (issue 9): the SDU's money and the imported files are attributed to an
-- IV-D program, so the OCSE-34 can be computed for one program and an SSN on file in two programs is not
-- matched to whichever person happens to be found first.

-- The program that received the payment: the program a file was imported for (--program, or the
-- importing user's program), or the program of the user who posted it. Null when the SDU received it for
-- the whole install (a file imported without a program on a consortium install).
alter table receipt add column receiving_program_id bigint references iv_d_program (id);
-- Why a receipt is unidentified when the reason is more than "no case, no person found", e.g. an SSN
-- on file in several programs with no program given.
alter table receipt add column unidentified_reason text;

-- A receipt's program, as every report and access check reads it: the program of its case's office,
-- else of its obligor, else the receiving program, else the program of the user who posted it, else the
-- install's only program. Null: a receipt of a consortium install that no program has yet (it is shown
-- only in install-wide figures).
create view receipt_program as
select r.id as receipt_id,
  coalesce(ro.program_id, rp.program_id, r.receiving_program_id, ru.program_id,
    (select case when count(*) = 1 then min(ip.id) end from iv_d_program ip)) as program_id
from receipt r
left join iv_d_case rc on rc.id = r.case_id
left join office ro on ro.id = rc.office_id
left join person rp on rp.id = r.obligor_person_id
left join app_user ru on ru.id = r.created_by;

-- A new hire whose SSN is on file in several programs, imported without a program: not matched to any.
alter table new_hire_report drop constraint new_hire_report_match_status_check;
alter table new_hire_report add constraint new_hire_report_match_status_check check (match_status in ('matched', 'unmatched', 'ambiguous'));
