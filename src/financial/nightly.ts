/**
 * The nightly cycle for a business date, in steps with their own checkpoint row (batch_run kind
 * 'nightly'): import the payment files waiting in an inbox folder (employer ACH CCD+ files, through the
 * ordinary importAchPayments), then the daily financial cycle (batch.ts: distribute, release holds,
 * charge each case account, disburse, the PPD direct-deposit file, verify conservation; resumable by its
 * own chunk checkpoints), then the casework timeframe and worklist alert sweep (runTimeframeBatch).
 *
 * Safe to run twice: a completed date is not run again; a run killed at any point resumes at its step.
 * A file is imported at most once: receipts are keyed by their ACH trace (a second import posts
 * nothing), the checkpoint records each file by its SHA-256 once imported, and the file is then moved
 * to <inbox>/processed (or <inbox>/rejected when the whole file is refused). Tribal mode: each inbox may
 * belong to one IV-D program (its files are imported for that program); the daily cycle and the timeframe
 * sweep still run for the whole install (they work case by case, each case in its own program).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Deps } from '../deps.ts';
import { systemActor, type RequestContext } from '../security/context.ts';
import { runTimeframeBatch, type TimeframeBatchSummary } from '../casework/timeframes.ts';
import { importAchPayments, type AchImportSummary } from './ach.ts';
import { runDailyCycle, type DailyCycleSummary, type Phase } from './batch.ts';

export const NIGHTLY_STEPS = ['receipts', 'daily_cycle', 'timeframes', 'done'] as const;
export type NightlyStep = (typeof NIGHTLY_STEPS)[number];

export interface NightlyFile {
  name: string;
  sha256: string;
  status: 'imported' | 'rejected';
  summary?: AchImportSummary;
  problem?: string;
}

export interface NightlySummary {
  businessDate: string;
  status: 'completed' | 'already_completed' | 'failed';
  files: NightlyFile[];
  daily: DailyCycleSummary | null;
  timeframes: TimeframeBatchSummary | null;
  problem?: string;
}

interface NightlyCheckpoint {
  step: NightlyStep;
  summary: NightlySummary;
}

export interface NightlyOptions {
  /** Folder of payment files waiting to be imported (ACH CCD+), for the whole install. */
  inbox?: string | null;
  /**
   * Tribal mode: folders of payment files, each for one IV-D program (null: the whole install). A file of
   * a program's folder matches that program's cases and persons only; without a program, an SSN on file
   * in several programs matches nobody (the payment waits as unidentified).
   */
  inboxes?: ReadonlyArray<{ dir: string; programId: number | null }>;
  chunkSize?: number;
  onProgress?: (step: NightlyStep, detail: string) => void;
}

/** The business date as today's date for the services, with real time for recorded-at stamps. */
function contextFor(deps: Deps, businessDate: string, purpose: string, programId: number | null = null): RequestContext {
  return { actor: { ...systemActor('administrator'), ...(programId !== null ? { programId } : {}) }, purpose, requestId: null, clientIp: null, clock: { now: () => deps.clock.now(), today: () => businessDate } };
}

async function save(deps: Deps, runId: number, cp: NightlyCheckpoint, status: 'running' | 'completed' | 'failed' = 'running'): Promise<void> {
  await deps.db
    .updateTable('batch_run')
    .set({ status, checkpoint: JSON.stringify(cp), summary: JSON.stringify(cp.summary), ...(status !== 'running' ? { finished_at: deps.clock.now() } : {}) })
    .where('id', '=', runId)
    .execute();
}

/** Payment files in the inbox, oldest name first (subfolders such as processed/ are skipped). */
export function inboxFiles(inbox: string): string[] {
  if (!existsSync(inbox)) return [];
  return readdirSync(inbox)
    .filter((n) => !n.startsWith('.') && statSync(join(inbox, n)).isFile())
    .sort();
}

function moveTo(inbox: string, folder: 'processed' | 'rejected', name: string): void {
  const dir = join(inbox, folder);
  mkdirSync(dir, { recursive: true });
  renameSync(join(inbox, name), join(dir, name));
}

export async function runNightly(deps: Deps, businessDate: string, options: NightlyOptions = {}): Promise<NightlySummary> {
  const progress = options.onProgress ?? (() => undefined);
  await deps.db
    .insertInto('batch_run')
    .values({ kind: 'nightly', business_date: businessDate, status: 'running', checkpoint: '{}' })
    .onConflict((oc) => oc.columns(['kind', 'business_date']).doNothing())
    .execute();
  const run = await deps.db.selectFrom('batch_run').select(['id', 'status', 'checkpoint', 'summary']).where('kind', '=', 'nightly').where('business_date', '=', businessDate).executeTakeFirstOrThrow();
  if (run.status === 'completed') return { ...(run.summary as NightlySummary), status: 'already_completed' };
  const stored = run.checkpoint as Partial<NightlyCheckpoint>;
  const cp: NightlyCheckpoint = stored.step ? (stored as NightlyCheckpoint) : { step: 'receipts', summary: { businessDate, status: 'completed', files: [], daily: null, timeframes: null } };

  if (cp.step === 'receipts') {
    const inboxes = [...(options.inbox ? [{ dir: options.inbox, programId: null }] : []), ...(options.inboxes ?? [])];
    for (const { dir: inbox, programId } of inboxes) {
      const names = inboxFiles(inbox);
      for (const [i, name] of names.entries()) {
        const content = readFileSync(join(inbox, name), 'latin1');
        const sha256 = createHash('sha256').update(content, 'latin1').digest('hex');
        progress('receipts', `file ${i + 1}/${names.length} ${name}`);
        // Imported before a crash that came before the file was moved: only move it now.
        if (!cp.summary.files.some((f) => f.sha256 === sha256)) {
          const result = await importAchPayments(deps, contextFor(deps, businessDate, 'nightly receipting', programId), name, content);
          cp.summary.files.push(result.ok ? { name, sha256, status: 'imported', summary: result.value } : { name, sha256, status: 'rejected', problem: result.message });
          await save(deps, run.id, cp);
        }
        const file = cp.summary.files.find((f) => f.sha256 === sha256)!;
        moveTo(inbox, file.status === 'imported' ? 'processed' : 'rejected', name);
      }
    }
    cp.step = 'daily_cycle';
    await save(deps, run.id, cp);
  }

  if (cp.step === 'daily_cycle') {
    progress('daily_cycle', 'distribute (starting)');
    const daily = await runDailyCycle(deps, businessDate, {
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      onProgress: (phase: Phase, c) => progress('daily_cycle', `${phase} (${c.chunks} chunks)`),
    });
    cp.summary.daily = daily;
    if (daily.status === 'failed') {
      cp.summary.status = 'failed';
      cp.summary.problem = 'the conservation check of the daily cycle failed';
      await save(deps, run.id, cp, 'failed');
      return cp.summary;
    }
    cp.step = 'timeframes';
    await save(deps, run.id, cp);
  }

  if (cp.step === 'timeframes') {
    progress('timeframes', 'clocks and worklist');
    // One transaction; running it again for the same date changes nothing more.
    const result = await runTimeframeBatch(deps, contextFor(deps, businessDate, 'nightly timeframe batch'), businessDate);
    if (!result.ok) {
      cp.summary.status = 'failed';
      cp.summary.problem = `timeframe batch: ${result.message}`;
      await save(deps, run.id, cp, 'failed');
      return cp.summary;
    }
    cp.summary.timeframes = result.value;
    cp.step = 'done';
    cp.summary.status = 'completed';
    await save(deps, run.id, cp, 'completed');
  }
  progress('done', 'completed');
  return cp.summary;
}
