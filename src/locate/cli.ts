/**
 * Command-line commands of locate, added to the `cse locate` group by src/cli/main.ts:
 *
 *   cse locate fcr-export --date 2026-11-23 [--out FILE]   FCR input file of new and changed cases/persons
 *   cse locate fcr-import FILE                            FCR acknowledgments and NDNH / FCR locate responses
 *   cse locate swa-import FILE                            state workforce agency quarterly wages and UI claims
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeFile, encodeFile, isFileEncoding, type FileEncoding } from '../formats/ebcdic.ts';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { CliHelpers } from '../casework/cli.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { exportFcrFile } from './fcr-export.ts';
import { importFcrResponses } from './fcr-import.ts';
import { importSwaMatches } from './swa-import.ts';

export function registerLocateCommands(locate: Command, h: CliHelpers): void {
  locate
    .command('fcr-export')
    .requiredOption('--date <date>', 'file date (YYYY-MM-DD)')
    .option('--out <file>', 'where to write the file (default: FCR-<date>-<batch>.txt)')
    .option('--encoding <encoding>', 'ascii, or ebcdic (CP037 fixed-length records, as OCSE takes them)', 'ascii')
    .description('write the FCR input file: cases and persons added or changed since the last transmission (a second run sends nothing new)')
    .action((o: { date: string; out?: string; encoding: string }) =>
      h.withSystem(async (s) => {
        if (!isIsoDate(o.date)) h.fatal('--date must be a date (YYYY-MM-DD)');
        if (!isFileEncoding(o.encoding)) h.fatal('--encoding must be ascii or ebcdic');
        const result = await exportFcrFile(s.deps, h.cliContext(s, 'locate: FCR transmission'), o.date);
        if (!result.ok) h.fatal(result.message, result.details);
        const { summary: r, text } = result.value;
        if (text === null) {
          process.stdout.write(`${r.fileDate}: nothing new or changed to send to the FCR; no file written\n`);
          return;
        }
        const out = o.out ?? `FCR-${r.fileDate.replaceAll('-', '')}-${String(r.batchNumber).padStart(6, '0')}.txt`;
        writeFileSync(out, encodeFile(text, o.encoding as FileEncoding), { encoding: 'latin1', mode: 0o600 });
        process.stdout.write(
          `${out}: batch ${r.batchNumber}, ${r.recordCount} records; cases ${r.caseRecords.add} added, ${r.caseRecords.change} changed, ${r.caseRecords.delete} deleted; ` +
            `persons ${r.personRecords.add} added, ${r.personRecords.change} changed, ${r.personRecords.delete} deleted (the file holds full SSNs)\n`,
        );
      }),
    );
  locate
    .command('fcr-import')
    .argument('<file>', 'FCR response file (920-byte records: FD/FS acknowledgments, NDNH proactive matches, locate responses)')
    .option('--encoding <encoding>', 'ascii, or ebcdic (CP037, fixed-length records or EBCDIC line ends)', 'ascii')
    .description('apply FCR acknowledgments and record NDNH / FCR locate results; a file with any bad record is rejected whole; the same file twice is refused')
    .action((file: string, o: { encoding: string }) =>
      h.withSystem(async (s) => {
        if (!isFileEncoding(o.encoding)) h.fatal('--encoding must be ascii or ebcdic');
        const result = await importFcrResponses(s.deps, h.cliContext(s, 'locate'), basename(file), decodeFile(readFileSync(file), o.encoding as FileEncoding, 920));
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(
          `batch ${r.batchId}: ${r.records} records; acknowledgments ${r.caseAcks} case, ${r.personAcks} person (${r.rejectedAcks} rejected, ${r.acksUnmatched} unmatched); SSNs ${r.ssnVerified} verified, ${r.ssnCorrected} corrected, ${r.ssnNotFound} not found; ` +
            `matches ${r.matches} (${r.matchesUnmatched} unmatched, ${r.noInformation} without information); ${r.addressesRecorded} addresses and ${r.employersRecorded} employers recorded, ${r.duplicates} already known; ` +
            `${r.locateTimeframesMet} locate timeframes met; ${r.withholdingStarted} income withholding orders started; ${r.worklistItems} verification items\n`,
        );
      }),
    );
  locate
    .command('swa-import')
    .argument('<file>', 'state workforce agency match file (300-byte QW and UI records; docs/locate.md)')
    .description('record quarterly wages and UI claims of persons on file and start income withholding for obligors; rejected whole on any bad record')
    .action((file: string) =>
      h.withSystem(async (s) => {
        const result = await importSwaMatches(s.deps, h.cliContext(s, 'locate'), basename(file), readFileSync(file, 'latin1'));
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(
          `batch ${r.batchId}: ${r.records} records (${r.wageRecords} QW, ${r.claimRecords} UI); ${r.matched} matched, ${r.unmatched} unmatched; ${r.addressesRecorded} addresses and ${r.employersRecorded} employers recorded, ${r.duplicates} already known; ` +
            `${r.locateTimeframesMet} locate timeframes met; ${r.withholdingStarted} income withholding orders started; ${r.worklistItems} verification items\n`,
        );
      }),
    );
}
