/**
 * Batch import of referrals and applications from a file: CSV (one row per case member, rows grouped by
 * referral_id) or JSON lines (one intake per line, the API's shape). The whole file is checked first; a
 * file with any bad line is rejected with every problem and its line number, and nothing is written.
 * A file already imported (same content) is refused as already processed.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, ok, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { CsvError, parseCsv } from '../formats/csv.ts';
import { checkIntake, receiveIntake } from './intake.ts';
import type { IntakeInput } from './schemas.ts';

export const CSV_COLUMNS = [
  'referral_id',
  'kind',
  'source_system',
  'received_date',
  'case_type',
  'office_code',
  'interstate_role',
  'other_jurisdiction_fips',
  'other_jurisdiction_case_id',
  'member_role',
  'last_name',
  'first_name',
  'middle_name',
  'suffix',
  'date_of_birth',
  'sex',
  'ssn',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'zip',
  'employer_name',
  'employer_fein',
  'born_out_of_wedlock',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['referral_id', 'kind', 'received_date', 'case_type', 'member_role', 'last_name', 'first_name'];
const CASE_LEVEL: readonly Column[] = ['kind', 'source_system', 'received_date', 'case_type', 'office_code', 'interstate_role', 'other_jurisdiction_fips', 'other_jurisdiction_case_id'];

export interface ParsedIntake {
  /** The first line of the intake in the file. */
  line: number;
  /** The line of each member, by member index. */
  memberLines: number[];
  value: unknown;
}

export type ImportFormat = 'csv' | 'jsonl';

export function detectFormat(fileName: string, text: string): ImportFormat {
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/** Intakes read from a file, with the problems found in reading it (empty when clean). */
export interface ParsedFile {
  intakes: ParsedIntake[];
  problems: ErrorDetail[];
}

/** Reads the file; a failure means it could not be read at all (structure), not one bad record. */
export function parseIntakeFile(format: ImportFormat, text: string): Result<ParsedFile> {
  return format === 'csv' ? parseCsvIntakes(text) : parseJsonLines(text);
}

function parseJsonLines(text: string): Result<ParsedFile> {
  const out: ParsedIntake[] = [];
  const problems: ErrorDetail[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const value = JSON.parse(raw) as { members?: unknown[] };
      const count = Array.isArray(value?.members) ? value.members.length : 0;
      out.push({ line: i + 1, memberLines: Array.from({ length: count }, () => i + 1), value });
    } catch (err) {
      problems.push({ line: i + 1, message: `not valid JSON: ${(err as Error).message}` });
    }
  });
  if (out.length === 0 && problems.length === 0) return fail('IMPORT_REJECTED', 'the file holds no intakes', [{ line: 1, message: 'no intake line: a file must hold at least one JSON object per line' }]);
  return ok({ intakes: out, problems });
}

function parseCsvIntakes(text: string): Result<ParsedFile> {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) return fail('IMPORT_REJECTED', undefined, [{ line: err.line, message: err.message }]);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) return fail('IMPORT_REJECTED', 'the file is empty', [{ line: 1, message: 'no header line: the first line must name the columns' }]);
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const problems: ErrorDetail[] = [];
  columns.forEach((c) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(c)) problems.push({ line: header.line, message: `unknown column "${c}"` });
  });
  for (const c of REQUIRED) if (!columns.includes(c)) problems.push({ line: header.line, message: `missing column "${c}"` });
  if (new Set(columns).size !== columns.length) problems.push({ line: header.line, message: 'a column appears twice' });
  if (problems.length) return fail('IMPORT_REJECTED', undefined, problems);
  if (rows.length === 0) return fail('IMPORT_REJECTED', 'the file has a header but no rows', [{ line: 2, message: 'no referral row after the header' }]);

  const groups = new Map<string, Array<{ line: number; get: (c: Column) => string }>>();
  for (const r of rows) {
    if (r.fields.length !== columns.length) {
      problems.push({ line: r.line, message: `has ${r.fields.length} fields; the header has ${columns.length}` });
      continue;
    }
    const get = (c: Column) => {
      const i = columns.indexOf(c);
      return i < 0 ? '' : r.fields[i]!.trim();
    };
    const id = get('referral_id');
    if (!id) {
      problems.push({ line: r.line, message: 'referral_id is empty' });
      continue;
    }
    const group = groups.get(id) ?? [];
    group.push({ line: r.line, get });
    groups.set(id, group);
  }
  const out: ParsedIntake[] = [];
  for (const [id, group] of groups) {
    const first = group[0]!;
    for (const row of group.slice(1)) {
      for (const c of CASE_LEVEL) {
        if (row.get(c) !== first.get(c)) problems.push({ line: row.line, message: `${c} differs from line ${first.line} of referral ${id}` });
      }
    }
    out.push({ line: first.line, memberLines: group.map((g) => g.line), value: csvIntake(id, group.map((g) => g.get), first.get) });
  }
  return ok({ intakes: out, problems });
}

const opt = (v: string) => (v === '' ? undefined : v);

function csvIntake(id: string, rows: Array<(c: Column) => string>, first: (c: Column) => string): unknown {
  const interstateRole = opt(first('interstate_role'));
  return {
    kind: first('kind'),
    sourceSystem: opt(first('source_system')) ?? 'file',
    externalId: id,
    receivedDate: first('received_date'),
    caseType: first('case_type'),
    ...(opt(first('office_code')) ? { officeCode: first('office_code') } : {}),
    ...(interstateRole && interstateRole !== 'none'
      ? { interstate: { role: interstateRole, otherJurisdictionFips: first('other_jurisdiction_fips'), otherJurisdictionCaseId: opt(first('other_jurisdiction_case_id')) ?? null } }
      : {}),
    members: rows.map((get) => {
      const bow = get('born_out_of_wedlock').toUpperCase();
      return {
        role: get('member_role'),
        person: {
          firstName: get('first_name'),
          lastName: get('last_name'),
          ...(opt(get('middle_name')) ? { middleName: get('middle_name') } : {}),
          ...(opt(get('suffix')) ? { suffix: get('suffix') } : {}),
          ...(opt(get('date_of_birth')) ? { dateOfBirth: get('date_of_birth') } : {}),
          ...(opt(get('sex')) ? { sex: get('sex').toUpperCase() } : {}),
          ...(opt(get('ssn')) ? { ssn: get('ssn') } : {}),
          ...(opt(get('address_line1'))
            ? { address: { line1: get('address_line1'), line2: opt(get('address_line2')) ?? null, city: get('city'), stateCode: get('state'), zip: get('zip') } }
            : {}),
          ...(opt(get('employer_name')) ? { employer: { name: get('employer_name'), fein: opt(get('employer_fein')) ?? null } } : {}),
        },
        // Y or N; anything else is passed on as text so validation names the field and the line.
        ...(bow === 'Y' ? { bornOutOfWedlock: true } : bow === 'N' ? { bornOutOfWedlock: false } : bow ? { bornOutOfWedlock: get('born_out_of_wedlock') } : {}),
      };
    }),
  };
}

/** Puts a problem on the line it came from: a member's own line when the path names a member. */
function lineOf(parsed: ParsedIntake, detail: ErrorDetail): ErrorDetail {
  const m = /^\/members\/(\d+)/.exec(detail.path ?? '');
  const line = m ? (parsed.memberLines[Number(m[1])] ?? parsed.line) : parsed.line;
  return { line, ...(detail.path ? { path: detail.path } : {}), message: detail.message };
}

export interface ImportSummary {
  batchId: number;
  fileName: string;
  format: ImportFormat;
  intakes: number;
  opened: number;
  pendingReview: number;
  alreadyReceived: number;
}

export async function importIntakeFile(deps: Deps, ctx: RequestContext, fileName: string, text: string): Promise<Result<ImportSummary>> {
  const allowed = requirePermission(ctx.actor, 'intake.create');
  if (!allowed.ok) return allowed;
  const format = detectFormat(fileName, text);
  const parsed = parseIntakeFile(format, text);
  if (!parsed.ok) return parsed;
  const today = ctx.clock.today();
  const checked: Array<{ parsed: ParsedIntake; input: IntakeInput }> = [];
  const problems: ErrorDetail[] = [...parsed.value.problems];
  for (const p of parsed.value.intakes) {
    const result = checkIntake(p.value, today);
    if (result.ok) checked.push({ parsed: p, input: result.value });
    else problems.push(...(result.details ?? [{ message: result.message }]).map((d) => lineOf(p, d)));
  }
  const ids = new Map<string, number>();
  for (const { parsed: p, input } of checked) {
    const key = `${input.sourceSystem ?? 'worker'}/${input.externalId ?? ''}`;
    if (input.externalId && ids.has(key)) problems.push({ line: p.line, message: `the same referral id as line ${ids.get(key)}` });
    ids.set(key, p.line);
  }
  if (problems.length) return fail('IMPORT_REJECTED', `the file was rejected (${problems.length} problem${problems.length > 1 ? 's' : ''}); nothing was written`, problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  const sha256 = createHash('sha256').update(text).digest('hex');
  return inTransaction(deps.db, async (db) => {
    const earlier = await db.selectFrom('import_batch').select(['id', 'created_at']).where('kind', '=', 'intake').where('file_sha256', '=', sha256).executeTakeFirst();
    if (earlier) throw new FailureError(fail('ALREADY_PROCESSED', `this file was already imported as batch ${earlier.id}; nothing was written`, undefined, { batchId: earlier.id }));
    const batch = await db
      .insertInto('import_batch')
      .values({ kind: 'intake', file_name: fileName.slice(0, 200), file_sha256: sha256, line_count: text.split(/\r?\n/).filter((l) => l.trim()).length, status: 'accepted', created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const summary: ImportSummary = { batchId: batch.id, fileName, format, intakes: checked.length, opened: 0, pendingReview: 0, alreadyReceived: 0 };
    for (const { parsed: p, input } of checked) {
      let outcome;
      try {
        outcome = await receiveIntake({ ...deps, db }, ctx, input, { importBatchId: batch.id, importLine: p.line });
      } catch (err) {
        if (err instanceof FailureError) {
          const f = err.failure;
          const details = (f.details ?? [{ message: f.message }]).map((d) => lineOf(p, d));
          throw new FailureError(fail('IMPORT_REJECTED', `the file was rejected at line ${p.line}: ${f.message}; nothing was written`, details));
        }
        throw err;
      }
      if (outcome.alreadyReceived) summary.alreadyReceived++;
      else if (outcome.status === 'opened') summary.opened++;
      else summary.pendingReview++;
    }
    await recordAudit(db, ctx, { action: 'import', entityType: 'import_batch', entityId: batch.id, detail: { ...summary } });
    return summary;
  });
}
