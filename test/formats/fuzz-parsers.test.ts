/**
 * Fuzzing every file reader the system has, in one table: each is fed mutations of a valid file (bytes
 * changed, lines dropped, repeated, swapped or cut short), random text and shuffles of valid lines. A reader
 * must never throw; it answers with a Result, and a refusal has an error code, a message and at least one
 * detail that says where (a line, a record or a field path) and what. Parsers of the same formats also
 * have their own fuzz tests (ccd, eiwo, newhire-fcr); this table makes sure none is left out.
 * The service-level half (a refused file writes nothing) is test/formats/db-rejected-files.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Result } from '../../src/kernel/result.ts';
import { parseCcdFile } from '../../src/formats/nacha/ccd.ts';
import { parsePpdFile } from '../../src/formats/nacha/ppd.ts';
import { parseDed } from '../../src/formats/nacha/ded.ts';
import { parseEiwoFile, parseAckFile } from '../../src/formats/eiwo/eiwo.ts';
import { parseNewHireFile, parseNewHireCsv } from '../../src/formats/newhire/newhire.ts';
import { parseFcrInputFile, parseFcrResponseFile } from '../../src/formats/fcr/files.ts';
import { parseSwaFile } from '../../src/formats/swa/swa.ts';
import { parseLicenseList, parseCreditFile } from '../../src/formats/remedies/remedies.ts';
import { parseFidmMatchFile as parseFidmFile } from '../../src/formats/fidm/fidm.ts';
import { parseSubmissionFile, parseCollectionFile, parseExclusions } from '../../src/formats/fop/fop.ts';
import { decodeTransaction, parseFips } from '../../src/formats/csenet/csenet.ts';
import { parseIntakeFile } from '../../src/cases/import.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'latin1');
const formats = (name: string) => read(`./fixtures/${name}`);

const CCD = formats('ccd-two-batches.ach');
const DED = CCD.split('\n').find((l) => l.startsWith('705'))!.slice(3, 83).trimEnd();
const INTAKE_CSV = [
  'referral_id,kind,source_system,received_date,case_type,office_code,member_role,last_name,first_name,date_of_birth,sex,ssn,address_line1,city,state,zip,employer_name,employer_fein,born_out_of_wedlock',
  'R-100,iv_a_referral,TANF,2026-10-15,current_assistance,NORTH,custodial_party,Walker,Tanya,1991-04-04,F,521-44-1001,5 Pine Rd,Erie,PA,16505,,,',
  'R-100,iv_a_referral,TANF,2026-10-15,current_assistance,NORTH,noncustodial_parent,Hill,Marcus,1989-12-12,M,521-44-1002,,,,,"Harbor Hospitality Partners, LLC",462345678,',
  'R-100,iv_a_referral,TANF,2026-10-15,current_assistance,NORTH,child,Hill,Jada,2020-06-06,F,,,,,,,,Y',
].join('\n');
const INTAKE_JSONL = [
  JSON.stringify({ referralId: 'R-200', kind: 'application', sourceSystem: 'WEB', receivedDate: '2026-10-15', caseType: 'never_assistance', officeCode: 'NORTH', members: [{ role: 'custodial_party', lastName: 'Walker', firstName: 'Tanya', dateOfBirth: '1991-04-04' }] }),
  JSON.stringify({ referralId: 'R-201', kind: 'application', sourceSystem: 'WEB', receivedDate: '2026-10-16', caseType: 'never_assistance', officeCode: 'SOUTH', members: [] }),
].join('\n');

interface Reader {
  name: string;
  sample: string;
  read: (text: string) => Result<unknown>;
}

/** Every reader of a file (or of one record of one) that comes from outside the system. */
const READERS: Reader[] = [
  { name: 'NACHA CCD+ (employer payments)', sample: CCD, read: (t) => parseCcdFile(t) },
  { name: 'NACHA CCD+ as bytes', sample: CCD, read: (t) => parseCcdFile(Buffer.from(t, 'latin1')) },
  { name: 'NACHA PPD (disbursement file read back)', sample: formats('ppd-disbursements.ach'), read: (t) => parsePpdFile(t) },
  { name: 'DED addenda segment', sample: DED, read: (t) => parseDed(t) },
  { name: 'e-IWO file', sample: formats('eiwo-one-order.txt'), read: (t) => parseEiwoFile(t) },
  { name: 'e-IWO employer acknowledgments', sample: formats('eiwo-acks.txt'), read: (t) => parseAckFile(t) },
  { name: 'new-hire (fixed width)', sample: formats('newhire-w4.txt'), read: (t) => parseNewHireFile(t) },
  { name: 'new-hire (CSV)', sample: 'employee_ssn,employee_last_name,employee_first_name,hire_date,employer_fein,employer_name\n521441002,HILL,MARCUS,2026-10-01,462345678,HARBOR\n', read: (t) => parseNewHireCsv(t) },
  { name: 'FCR input file (read back)', sample: read('../locate/fixtures/fcr-input.txt'), read: (t) => parseFcrInputFile(t) },
  { name: 'FCR/NDNH response file', sample: read('../locate/fixtures/fcr-response.txt'), read: (t) => parseFcrResponseFile(t) },
  { name: 'SWA quarterly wage / UI file', sample: read('../locate/fixtures/swa-match.txt'), read: (t) => parseSwaFile(t) },
  { name: 'FIDM match file', sample: formats('fidm-matches.txt'), read: (t) => parseFidmFile(t) },
  { name: 'license suspension list', sample: formats('license-list.txt'), read: (t) => parseLicenseList(t) },
  { name: 'credit bureau file', sample: formats('credit-report.txt'), read: (t) => parseCreditFile(t) },
  { name: 'Federal Offset submission (read back)', sample: formats('fop-submission.txt'), read: (t) => parseSubmissionFile(t) },
  { name: 'Federal Offset collections', sample: formats('fop-collections.txt'), read: (t) => parseCollectionFile(t) },
  { name: 'CSENet transaction', sample: read('../interstate/fixtures/enf-request.txt').split('\n')[0]!, read: (t) => decodeTransaction(t, 1) },
  { name: 'intake referral file (CSV)', sample: INTAKE_CSV, read: (t) => parseIntakeFile('csv', t) },
  { name: 'intake referral file (JSON lines)', sample: INTAKE_JSONL, read: (t) => parseIntakeFile('jsonl', t) },
];

/** Mutations of a valid file: byte edits, dropped/repeated/swapped lines, a cut. */
function mutated(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  const byteEdits = fc.array(fc.tuple(fc.nat(Math.max(0, text.length - 1)), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => {
    const chars = [...text];
    for (const [at, code] of edits) chars[at] = String.fromCharCode(code);
    return chars.join('');
  });
  const lineEdits = fc.array(fc.tuple(fc.constantFrom('drop', 'repeat', 'swap'), fc.nat(lines.length - 1), fc.nat(lines.length - 1)), { minLength: 1, maxLength: 3 }).map((edits) => {
    const ls = [...lines];
    for (const [kind, i, j] of edits) {
      if (i >= ls.length || j >= ls.length) continue;
      if (kind === 'drop') ls.splice(i, 1);
      else if (kind === 'repeat') ls.splice(i, 0, ls[i]!);
      else [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    }
    return ls.join('\n');
  });
  const cut = fc.nat(text.length).map((n) => text.slice(0, n));
  const insert = fc.tuple(fc.nat(text.length), fc.string({ maxLength: 40 })).map(([at, s]) => text.slice(0, at) + s + text.slice(at));
  return fc.oneof(byteEdits, lineEdits, cut, insert);
}

const KNOWN_CODES = new Set(['IMPORT_REJECTED', 'VALIDATION_FAILED']);

/** What every reader owes its caller: a Result; a refusal coded, explained and placed. */
function checkAnswer(reader: Reader, text: string): void {
  let r: Result<unknown>;
  try {
    r = reader.read(text);
  } catch (e) {
    assert.fail(`${reader.name} threw ${(e as Error).stack} on ${JSON.stringify(text.slice(0, 200))}`);
  }
  assert.equal(typeof r.ok, 'boolean', reader.name);
  if (r.ok) return;
  assert.ok(KNOWN_CODES.has(r.code), `${reader.name}: code ${r.code}`);
  assert.ok(typeof r.message === 'string' && r.message.length > 0, `${reader.name}: a refusal has a message`);
  assert.ok(Array.isArray(r.details) && r.details.length > 0, `${reader.name}: a refusal says where (${r.message})`);
  for (const d of r.details!) {
    assert.ok(typeof d.message === 'string' && d.message.length > 0, `${reader.name}: each detail says what`);
    assert.ok(d.line !== undefined || (typeof d.path === 'string' && d.path.length > 0), `${reader.name}: each detail says where: ${JSON.stringify(d)}`);
  }
}

test('every reader accepts its own valid sample (the mutations start from a good file)', () => {
  for (const reader of READERS) {
    const r = reader.read(reader.sample);
    assert.ok(r.ok, `${reader.name}: ${r.ok ? '' : `${r.message} ${JSON.stringify(r.details?.slice(0, 3))}`}`);
  }
});

for (const reader of READERS) {
  test(`fuzz ${reader.name}: mutated files, random text and shuffled lines never throw; every refusal is coded and placed`, () => {
    fc.assert(fc.property(mutated(reader.sample), (t) => checkAnswer(reader, t)), { numRuns: 200 });
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (t) => checkAnswer(reader, t)), { numRuns: 100 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (t) => checkAnswer(reader, t)), { numRuns: 50 });
    const lines = reader.sample.split('\n');
    fc.assert(fc.property(fc.array(fc.constantFrom(...lines), { maxLength: 10 }).map((ls) => ls.join('\n')), (t) => checkAnswer(reader, t)), { numRuns: 100 });
    checkAnswer(reader, '');
    checkAnswer(reader, '\n\n\n');
  });
}

test('the small readers that answer with null rather than a Result never throw either', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (t) => {
      const fips = parseFips(t);
      assert.ok(fips === null || typeof fips.state === 'string');
      const exclusions = parseExclusions(t);
      assert.ok(exclusions === null || Array.isArray(exclusions));
    }),
    { numRuns: 300 },
  );
});
