/**
 * The service half of the file fuzzing (the readers' half is fuzz-parsers.test.ts): every import a file
 * comes in through is given mutations of a valid file that its reader refuses, and must refuse the file
 * and leave every table as it was (the row count of every table in the schema is compared).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import fc from 'fast-check';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import type { Result } from '../../src/kernel/result.ts';
import type { RequestContext } from '../../src/security/context.ts';
import type { Deps } from '../../src/deps.ts';
import { parseCcdFile } from '../../src/formats/nacha/ccd.ts';
import { parseAckFile } from '../../src/formats/eiwo/eiwo.ts';
import { parseNewHireFile } from '../../src/formats/newhire/newhire.ts';
import { parseFcrResponseFile } from '../../src/formats/fcr/files.ts';
import { parseSwaFile } from '../../src/formats/swa/swa.ts';
import { parseFidmMatchFile as parseFidmFile } from '../../src/formats/fidm/fidm.ts';
import { parseCollectionFile } from '../../src/formats/fop/fop.ts';
import { parseIntakeFile } from '../../src/cases/import.ts';
import { importAchPayments } from '../../src/financial/ach.ts';
import { importEiwoAcks } from '../../src/enforcement/withholding.ts';
import { importNewHires } from '../../src/locate/newhire.ts';
import { importFcrResponses } from '../../src/locate/fcr-import.ts';
import { importSwaMatches } from '../../src/locate/swa-import.ts';
import { importFidmMatches } from '../../src/enforcement/fidm.ts';
import { importOffsetCollections } from '../../src/enforcement/offset-collections.ts';
import { importIntakeFile } from '../../src/cases/import.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'latin1');

interface Importer {
  name: string;
  sample: string;
  parse: (text: string) => Result<unknown>;
  run: (deps: Deps, ctx: RequestContext, text: string) => Promise<Result<unknown>>;
}

const IMPORTERS: Importer[] = [
  { name: 'employer ACH payments', sample: read('./fixtures/ccd-two-batches.ach'), parse: parseCcdFile, run: (d, c, t) => importAchPayments(d, c, 'fuzz.ach', t) },
  { name: 'e-IWO acknowledgments', sample: read('./fixtures/eiwo-acks.txt'), parse: parseAckFile, run: (d, c, t) => importEiwoAcks(d, c, 'fuzz-acks.txt', t) },
  { name: 'new hires', sample: read('./fixtures/newhire-w4.txt'), parse: parseNewHireFile, run: (d, c, t) => importNewHires(d, c, 'fuzz-w4.txt', t) },
  { name: 'FCR/NDNH responses', sample: read('../locate/fixtures/fcr-response.txt'), parse: parseFcrResponseFile, run: (d, c, t) => importFcrResponses(d, c, 'fuzz-fcr.txt', t) },
  { name: 'SWA wage and UI matches', sample: read('../locate/fixtures/swa-match.txt'), parse: parseSwaFile, run: (d, c, t) => importSwaMatches(d, c, 'fuzz-swa.txt', t) },
  { name: 'FIDM matches', sample: read('./fixtures/fidm-matches.txt'), parse: parseFidmFile, run: (d, c, t) => importFidmMatches(d, c, 'fuzz-fidm.txt', t) },
  { name: 'Federal Offset collections', sample: read('./fixtures/fop-collections.txt'), parse: parseCollectionFile, run: (d, c, t) => importOffsetCollections(d, c, 'fuzz-fop.txt', t) },
  {
    name: 'intake referrals (CSV)',
    sample: 'referral_id,kind,source_system,received_date,case_type,office_code,member_role,last_name,first_name,date_of_birth,sex,ssn\nR-1,iv_a_referral,TANF,2026-10-15,current_assistance,NORTH,custodial_party,Walker,Tanya,1991-04-04,F,521-44-1001\n',
    parse: (t) => parseIntakeFile('csv', t),
    run: (d, c, t) => importIntakeFile(d, c, 'fuzz.csv', t),
  },
];

function mutated(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  return fc.oneof(
    fc.array(fc.tuple(fc.nat(text.length - 1), fc.integer({ min: 32, max: 126 })), { minLength: 1, maxLength: 4 }).map((edits) => {
      const chars = [...text];
      for (const [at, code] of edits) chars[at] = String.fromCharCode(code);
      return chars.join('');
    }),
    fc.nat(lines.length - 1).map((i) => lines.filter((_, j) => j !== i).join('\n')),
    fc.nat(text.length).map((n) => text.slice(0, n)),
  );
}

let sys: TestSystem;
let countAll: string;

/** Row counts of every table in the schema, in one statement. */
async function rowCounts(): Promise<Record<string, number>> {
  const r = await sql.raw<Record<string, number | string>>(countAll).execute(sys.deps.db);
  return Object.fromEntries(Object.entries(r.rows[0]!).map(([k, v]) => [k, Number(v)]));
}

before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(sys.deps.db);
  countAll = `select ${tables.rows.map((t) => `(select count(*) from "${t.table_name}") as "${t.table_name}"`).join(', ')}`;
});
after(() => sys.close());

for (const imp of IMPORTERS) {
  test(`${imp.name}: any file its reader refuses is refused whole and writes nothing`, async () => {
    const ctx = sys.ctx('administrator');
    const before = await rowCounts();
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(mutated(imp.sample).filter((t) => !imp.parse(t).ok), async (text) => {
        tried++;
        const r = await imp.run(sys.deps, ctx, text);
        assert.equal(r.ok, false, `${imp.name} took a file its reader refuses`);
        assert.deepEqual(await rowCounts(), before, `${imp.name} wrote rows for a refused file`);
      }),
      { numRuns: 12 },
    );
    assert.ok(tried >= 12);
  });
}
