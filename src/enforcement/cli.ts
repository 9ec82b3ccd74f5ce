/**
 * Enforcement remedy commands, registered on the `cse` program by src/cli/main.ts:
 *
 *   cse enforcement offset-file --date 2026-12-03 [--out FILE]
 *   cse enforcement offset-collections FILE
 *   cse enforcement fidm-import FILE
 *   cse enforcement fidm-inquiry --date 2026-11-20 --out fidm-inquiry.txt
 *   cse enforcement fidm-levies --date 2026-11-20
 *   cse enforcement license-list --date 2026-12-01 [--out FILE]
 *   cse enforcement credit-report --date 2026-12-01 [--out FILE]
 *   cse enforcement iwo-review --date 2026-12-01
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeFile, encodeFile, isFileEncoding, type FileEncoding } from '../formats/ebcdic.ts';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { isIsoDate } from '../kernel/calendar.ts';
import { formatDollars } from '../kernel/money.ts';
import type { CliHelpers } from '../casework/cli.ts';
import { writeOffsetFile } from './federal-offset.ts';
import { importOffsetCollections } from './offset-collections.ts';
import { exportFidmInquiry, importFidmMatches, sendFidmLevies } from './fidm.ts';
import { DEFAULT_WITHHOLDING_POLICY } from './withholding.ts';
import { runRemedyList, type ListKind } from './lists.ts';
import { reviewWithholding } from './iwo-changes.ts';

export function registerEnforcementCommands(program: Command, h: CliHelpers): void {
  const e = program.command('enforcement').description('administrative enforcement remedies: federal offset, FIDM levies, license suspension, credit reporting');
  const date = (d: string) => {
    if (!isIsoDate(d)) h.fatal('--date must be a date (YYYY-MM-DD)');
    return d;
  };
  e.command('offset-file')
    .requiredOption('--date <date>', 'run date (YYYY-MM-DD); one file per week (Monday to Sunday)')
    .option('--out <file>', 'where to write the submission (default: FOP-<week start>.txt)')
    .option('--encoding <encoding>', 'ascii, or ebcdic (CP037 fixed-length records, as OCSE takes them)', 'ascii')
    .description('send pre-offset notices to newly qualifying obligors and write the weekly Federal Offset case submission file (adds, modifications, exclusions, deletions)')
    .action((o: { date: string; out?: string; encoding: string }) =>
      h.withSystem(async (s) => {
        if (!isFileEncoding(o.encoding)) h.fatal('--encoding must be ascii or ebcdic');
        const result = await writeOffsetFile(s.deps, h.cliContext(s, 'federal offset'), date(o.date));
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        for (const x of r.held) process.stderr.write(`held: obligor ${x.obligorPersonId}: ${x.problem}\n`);
        if (r.certification) process.stdout.write(`${o.date}: pre-offset notices for ${r.certification.taxOffsetCases} tax offset and ${r.certification.passportDenialCases} passport cases (${r.certification.alreadyCertified} already certified)\n`);
        if (r.alreadyWritten) return void process.stdout.write(`week of ${r.weekStart}: the file was already written (file ${r.fileId}); nothing new\n`);
        if (!r.content) return void process.stdout.write(`week of ${r.weekStart}: no changes to send\n`);
        const out = o.out ?? `FOP-${r.weekStart}.txt`;
        writeFileSync(out, encodeFile(r.content, o.encoding as FileEncoding), 'latin1');
        process.stdout.write(`${out}: ${r.adds} adds, ${r.modifies} modifications, ${r.replaces} exclusion replacements, ${r.deletes} deletions\n`);
      }),
    );
  e.command('offset-collections')
    .argument('<file>', 'OCSE federal offset collection/adjustment file (245-byte records)')
    .option('--encoding <encoding>', 'ascii, or ebcdic (CP037, fixed-length records or EBCDIC line ends)', 'ascii')
    .description('receipt offset collections (joint returns held), apply adjustments (injured spouse, reversals); each record once; a bad file is rejected whole')
    .action((file: string, o: { encoding: string }) =>
      h.withSystem(async (s) => {
        if (!isFileEncoding(o.encoding)) h.fatal('--encoding must be ascii or ebcdic');
        const result = await importOffsetCollections(s.deps, h.cliContext(s, 'federal offset'), basename(file), decodeFile(readFileSync(file), o.encoding as FileEncoding, 245));
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`${r.records} records (${r.duplicates} seen before): ${r.collections} collections ${formatDollars(r.collectedCents)}; adjustments ${formatDollars(r.adjustedCents)}: ${r.holdsReleased} from joint-return holds, ${r.reversals} reversals, ${r.research} to research\n`);
      }),
    );
  e.command('fidm-import')
    .argument('<file>', 'financial institution data match file (OCSE FIDM layout: A institution, B matched accounts, T totals)')
    .description('open levy actions (with notice and due process) for matched obligors over the levy threshold; the same file twice is refused')
    .action((file: string) =>
      h.withSystem(async (s) => {
        const result = await importFidmMatches(s.deps, h.cliContext(s, 'financial institution data match'), basename(file), readFileSync(file, 'latin1'));
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`batch ${r.batchId}: ${r.matches} matches; ${r.levies} levies (${formatDollars(r.levyCents)}), ${r.belowThreshold} below threshold, ${r.noObligor} not an obligor, ${r.levyAlreadyOpen} already levied, ${r.held} held\n`);
      }),
    );
  e.command('fidm-inquiry')
    .requiredOption('--date <date>', 'run date (YYYY-MM-DD)')
    .requiredOption('--out <file>', 'where to write the inquiry file')
    .option('--fips <code>', "the State's FIPS code passed back on a match", DEFAULT_WITHHOLDING_POLICY.stateFips)
    .description('write the FIDM inquiry file (D / I / T, 99-character records): every obligor whose arrears reach the levy threshold')
    .action((o: { date: string; out: string; fips: string }) =>
      h.withSystem(async (s) => {
        const result = await exportFidmInquiry(s.deps, h.cliContext(s, 'financial institution data match'), date(o.date), o.fips);
        if (!result.ok) h.fatal(result.message, result.details);
        writeFileSync(o.out, result.value.content, 'latin1');
        process.stdout.write(`${o.out}: ${result.value.inquiries} obligors to match${result.value.noSsn ? ` (${result.value.noSsn} left out: no SSN on file)` : ''}\n`);
      }),
    );
  e.command('fidm-levies')
    .requiredOption('--date <date>', 'run date (YYYY-MM-DD)')
    .description('send the levies whose due process ended without a contest')
    .action((o: { date: string }) =>
      h.withSystem(async (s) => {
        const result = await sendFidmLevies(s.deps, h.cliContext(s, 'financial institution data match'), date(o.date));
        if (!result.ok) h.fatal(result.message, result.details);
        process.stdout.write(`${o.date}: ${result.value.sent} levies sent\n`);
      }),
    );
  const list = (name: string, kind: ListKind, what: string) =>
    e.command(name)
      .requiredOption('--date <date>', 'list date (YYYY-MM-DD); one list per date')
      .option('--out <file>', `where to write the file (default: ${kind === 'license_suspension' ? 'LICENSE' : 'CREDIT'}-<date>.txt)`)
      .description(`${what}: notices for newly qualifying cases; adds after due process without a contest; removals when paid or closed`)
      .action((o: { date: string; out?: string }) =>
        h.withSystem(async (s) => {
          const result = await runRemedyList(s.deps, h.cliContext(s, 'license and credit reporting'), kind, date(o.date));
          if (!result.ok) h.fatal(result.message, result.details);
          const r = result.value;
          if (r.alreadyWritten) return void process.stdout.write(`${o.date}: the list was already written (file ${r.fileId}); nothing new\n`);
          process.stdout.write(`${o.date}: ${r.noticesSent} notices sent; ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.held} held\n`);
          if (r.content) {
            const out = o.out ?? `${kind === 'license_suspension' ? 'LICENSE' : 'CREDIT'}-${o.date}.txt`;
            writeFileSync(out, r.content, 'latin1');
            process.stdout.write(`${out}: written\n`);
          }
        }),
      );
  e.command('iwo-review')
    .requiredOption('--date <date>', 'run date (YYYY-MM-DD)')
    .description('issue amended (AMD) withholding orders when an order was modified or the amounts changed, and terminations (TRM) when it ended; they go out in the next e-IWO file')
    .action((o: { date: string }) =>
      h.withSystem(async (s) => {
        const result = await reviewWithholding(s.deps, h.cliContext(s, 'income withholding'), date(o.date));
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`${o.date}: ${r.amended} amended, ${r.terminated} terminated, ${r.unchanged} unchanged\n`);
      }),
    );
  list('license-list', 'license_suspension', 'license suspension list for the licensing agencies');
  list('credit-report', 'credit_reporting', 'credit bureau report (simplified Metro 2-like)');
}
