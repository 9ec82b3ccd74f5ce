-- The business date a person or an employment record was entered (from the request's or batch's clock),
-- kept apart from created_at (the machine's time of the insert). Reports and the casework planner filter
-- on business dates, so a record entered under a pinned business date belongs to that date whatever the
-- wall clock said (DESIGN rule 8). Rows made before this migration take the UTC date of their insert.
alter table person add column entered_date date;
update person set entered_date = (created_at at time zone 'UTC')::date;
alter table person alter column entered_date set not null;
create index person_entered_date on person (entered_date);

alter table person_employment add column entered_date date;
update person_employment set entered_date = (created_at at time zone 'UTC')::date;
alter table person_employment alter column entered_date set not null;
