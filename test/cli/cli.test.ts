import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';

let cli: CliEnv;
before(async () => {
  cli = await createCliEnv();
});
after(() => cli.close());

const HEADER = 'referral_id,kind,received_date,case_type,office_code,member_role,last_name,first_name,date_of_birth,ssn,born_out_of_wedlock';

test('cse db migrate, offices add, users add and intake import work from the command line', () => {
  const migrate = cli.run(['db', 'migrate']);
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.match(migrate.stdout, /database is up to date|applied/);
  const office = cli.run(['offices', 'add', '--code', 'CNTY01', '--name', 'County One']);
  assert.equal(office.status, 0, office.stderr);
  const user = cli.run(['users', 'add', '--username', 'pat.worker', '--role', 'caseworker', '--office', 'CNTY01'], { CSE_PASSWORD: 'a-long-password-9' });
  assert.equal(user.status, 0, user.stderr);
  const weak = cli.run(['users', 'add', '--username', 'weak.one', '--role', 'auditor', '--password', 'short']);
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /at least 12 characters/);

  const good = join(cli.home, 'referrals.csv');
  writeFileSync(
    good,
    [
      HEADER,
      'A1,application,2026-10-30,never_assistance,CNTY01,custodial_party,Moss,Iris,1992-02-02,521-55-0001,',
      'A1,application,2026-10-30,never_assistance,CNTY01,child,Moss,Fern,2020-03-03,,Y',
    ].join('\n') + '\n',
  );
  const imported = cli.run(['intake', 'import', good]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /1 intakes \(csv\); 1 cases opened, 0 waiting for duplicate review/);
  const again = cli.run(['intake', 'import', good]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already imported/);

  const bad = join(cli.home, 'bad.csv');
  writeFileSync(
    bad,
    [
      HEADER,
      'B1,application,2026-10-30,never_assistance,CNTY01,custodial_party,Oak,Ivy,1992-02-02,999-55-0001,',
      'B1,application,2026-10-30,never_assistance,CNTY01,child,Oak,Ash,2020-03-03,,Y',
      'B2,application,2026-10-30,never_assistance,CNTY01,custodial_party,Elm,Eve,1992-02-02,,',
      'B2,application,2026-10-30,never_assistance,CNTY01,child,Elm,Bud,2020-03-03,,X',
    ].join('\n'),
  );
  const rejected = cli.run(['intake', 'import', bad]);
  assert.equal(rejected.status, 1);
  assert.match(rejected.stderr, /line 2: .*area number 999 is never issued/);
  assert.match(rejected.stderr, /line 5: \/members\/1\/bornOutOfWedlock: must be boolean/);
});
