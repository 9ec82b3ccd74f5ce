/**
 * The outbox: the bank files a business day made (PPD direct deposits, the interstate forwarding CCD+),
 * written to a folder a person can find and hand to the bank's transfer, besides being kept in the
 * database (disbursement_file). Writing twice is harmless: a file already there with the same content is
 * left alone, and one with other content is never overwritten (that would be a bug to look at).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database.ts';

export interface OutboxFile {
  name: string;
  kind: string;
  entries: number;
  totalCents: number;
  /** written now, already there (same content), or conflict (another file of that name is there). */
  status: 'written' | 'unchanged' | 'conflict';
}

/** The business day's files: their names carry the day (ppd-<date>-..., ccd-interstate-<date>-...). */
export async function outboundFilesOf(db: Db, businessDate: string) {
  return db
    .selectFrom('disbursement_file')
    .select(['file_name', 'kind', 'entry_count', 'total_cents', 'content'])
    .where((eb) => eb.or([eb('file_name', 'like', `ppd-${businessDate}-%`), eb('file_name', 'like', `ccd-interstate-${businessDate}-%`)]))
    .orderBy('id')
    .execute();
}

/** Writes the day's files into `dir` (created if need be), readable by the owner only (they hold account numbers). */
export async function writeOutbox(db: Db, dir: string, businessDate: string): Promise<OutboxFile[]> {
  const files = await outboundFilesOf(db, businessDate);
  if (files.length) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return files.map((f) => {
    const path = join(dir, f.file_name);
    const base = { name: f.file_name, kind: f.kind, entries: f.entry_count, totalCents: f.total_cents };
    if (existsSync(path)) return { ...base, status: readFileSync(path, 'latin1') === f.content ? ('unchanged' as const) : ('conflict' as const) };
    writeFileSync(path, f.content, { encoding: 'latin1', mode: 0o600 });
    return { ...base, status: 'written' as const };
  });
}
