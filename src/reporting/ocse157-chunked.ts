/**
 * The OCSE-157 of a whole State without holding the whole State in memory: the cases in scope are read a
 * slice at a time in case-number order (loadReportData with a chunk), each slice is counted by the same
 * pure computeOcse157, and the slices are added up.
 *
 * Case and money lines add up across slices because every case is in exactly one slice. Child lines do
 * not: a child can be a member of cases in two slices, and is counted once. So for lines 4, 5, 5a, 6, 13
 * and 16 each slice's children are folded by person: born out of wedlock and paternity established are
 * "on any of the child's cases", as computeOcse157 itself decides them, and line 13 (out of wedlock without
 * paternity) is taken only after every slice is in. Entered lines (8, 8a, 9) and lines not computed are
 * the same in every slice.
 *
 * Case lists are kept only for the lines asked for (`lists`), so the summary and the measures hold
 * counts, not a million rows per line.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { loadReportData, reportCaseScope } from './data.ts';
import { computeOcse157, type DrillRow, type Ocse157Line, type Ocse157Report } from './ocse157.ts';

/** Cases read per slice: about 20,000 cases' report data is tens of megabytes. */
export const OCSE157_CHUNK_CASES = 20_000;

export interface ChunkedOptions {
  /** Which lines' case (or child) lists to keep: 'all', or a list of line numbers (none when empty). */
  lists: 'all' | readonly string[];
  chunkCases?: number;
}

export interface ChunkedResult {
  reports: Map<number, Ocse157Report>;
  /** The earliest opened date of a case in scope (null when there is none). */
  earliestOpened: string | null;
  cases: number;
  chunks: number;
}

interface ChildTally {
  personId: number;
  name: string;
  caseNumbers: Set<string>;
  outOfWedlock: boolean;
  paternity: boolean;
}

interface PaternityTally {
  row: DrillRow;
  caseNumbers: Set<string>;
}

/** Adds up one fiscal year's report slice by slice. */
class YearTally {
  private readonly values = new Map<string, number>();
  private readonly rows = new Map<string, DrillRow[]>();
  private readonly kids = new Map<number, ChildTally>();
  private readonly kidsPrior = new Map<number, ChildTally>();
  private readonly paternities = new Map<number, PaternityTally>();
  private template: Ocse157Report | null = null;

  constructor(private readonly keep: (line: string) => boolean) {}

  add(r: Ocse157Report): void {
    if (!this.template) this.template = r;
    for (const l of r.lines) {
      if (CHILD_LINES.has(l.line) || l.basis === 'entered' || l.value === null) continue;
      this.values.set(l.line, (this.values.get(l.line) ?? 0) + l.value);
      if (!this.keep(l.line)) continue;
      const rows = this.rows.get(l.line) ?? [];
      for (const row of r.drill[l.line] ?? []) rows.push(row);
      this.rows.set(l.line, rows);
    }
    const inLine = (line: string) => new Set((r.drill[line] ?? []).map((row) => row.personId!));
    const outOfWedlock = inLine('5');
    const paternity = inLine('6');
    // Names and case numbers are kept only when a child line's list is asked for.
    const listed = ['4', '5', '6', '13'].some(this.keep);
    for (const row of r.drill['4'] ?? []) foldChild(this.kids, row, outOfWedlock.has(row.personId!), paternity.has(row.personId!), listed);
    for (const row of r.drill['5a'] ?? []) foldChild(this.kidsPrior, row, true, false, this.keep('5a'));
    for (const row of r.drill['16'] ?? []) {
      const prev = this.paternities.get(row.personId!);
      if (prev) for (const n of row.caseNumbers ?? []) prev.caseNumbers.add(n);
      else this.paternities.set(row.personId!, { row, caseNumbers: new Set(row.caseNumbers ?? []) });
    }
  }

  finish(): Ocse157Report {
    const t = this.template!;
    const kids = [...this.kids.values()].sort((a, b) => a.personId - b.personId);
    const childRows: Record<string, ChildTally[]> = {
      '4': kids,
      '5': kids.filter((k) => k.outOfWedlock),
      '5a': [...this.kidsPrior.values()].sort((a, b) => a.personId - b.personId),
      '6': kids.filter((k) => k.outOfWedlock && k.paternity),
      '13': kids.filter((k) => k.outOfWedlock && !k.paternity),
    };
    const paternityRows = [...this.paternities.values()].sort((a, b) => a.row.personId! - b.row.personId!);
    const drill: Record<string, DrillRow[]> = {};
    const lines: Ocse157Line[] = t.lines.map((l) => {
      if (l.line === '16') {
        if (this.keep('16')) drill['16'] = paternityRows.map((p) => ({ ...p.row, caseNumbers: [...p.caseNumbers].sort() }));
        return { ...l, value: paternityRows.length };
      }
      const children = childRows[l.line];
      if (children) {
        if (this.keep(l.line)) drill[l.line] = children.map((k) => ({ personId: k.personId, name: k.name, caseNumbers: [...k.caseNumbers].sort() }));
        return { ...l, value: children.length };
      }
      if (l.basis === 'entered' || l.value === null) return l;
      if (this.keep(l.line)) drill[l.line] = this.rows.get(l.line) ?? [];
      return { ...l, value: this.values.get(l.line) ?? 0 };
    });
    return { ...t, lines, drill };
  }
}

const CHILD_LINES = new Set(['4', '5', '5a', '6', '13', '16']);

const NO_CASES: ReadonlySet<string> = new Set();

function foldChild(into: Map<number, ChildTally>, row: DrillRow, outOfWedlock: boolean, paternity: boolean, listed: boolean): void {
  const k = into.get(row.personId!);
  if (!k) {
    into.set(row.personId!, { personId: row.personId!, name: listed ? (row.name ?? '') : '', caseNumbers: listed ? new Set(row.caseNumbers ?? []) : (NO_CASES as Set<string>), outOfWedlock, paternity });
    return;
  }
  if (listed) for (const n of row.caseNumbers ?? []) k.caseNumbers.add(n);
  k.outOfWedlock ||= outOfWedlock;
  k.paternity ||= paternity;
}

/** The OCSE-157 of each year in `years` for the cases in scope, read a slice at a time. */
export async function ocse157ByChunks(db: Db, officeId: number | null, programId: number | null, years: readonly number[], options: ChunkedOptions): Promise<ChunkedResult> {
  const keep = options.lists === 'all' ? () => true : (line: string) => (options.lists as readonly string[]).includes(line);
  const tallies = new Map(years.map((y) => [y, new YearTally(keep)]));
  const limit = options.chunkCases ?? OCSE157_CHUNK_CASES;
  let after: string | null = null;
  let earliestOpened: string | null = null;
  let cases = 0;
  let chunks = 0;
  for (;;) {
    const data = await loadReportData(db, officeId, programId, { afterCaseNumber: after, limit });
    chunks++;
    cases += data.cases.length;
    for (const c of data.cases) if (earliestOpened === null || c.openedDate < earliestOpened) earliestOpened = c.openedDate;
    for (const [year, tally] of tallies) tally.add(computeOcse157(data, year));
    if (data.cases.length < limit) break;
    after = data.cases[data.cases.length - 1]!.caseNumber;
  }
  return { reports: new Map([...tallies].map(([y, t]) => [y, t.finish()])), earliestOpened, cases, chunks };
}

/** One year's report (convenience for callers that want a single year). */
export async function ocse157For(db: Db, officeId: number | null, programId: number | null, year: number, lists: ChunkedOptions['lists']): Promise<Ocse157Report> {
  return (await ocse157ByChunks(db, officeId, programId, [year], { lists })).reports.get(year)!;
}

/** The earliest opened date of a case in scope (the office, and in tribal mode the program), or null. */
export async function earliestOpenedDate(db: Db, officeId: number | null, programId: number | null): Promise<string | null> {
  const r = await sql<{ earliest: string | null }>`select min(c.opened_date) as earliest from iv_d_case c where ${reportCaseScope(officeId, programId)}`.execute(db);
  return r.rows[0]?.earliest ?? null;
}
