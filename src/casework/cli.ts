/**
 * Command-line commands of case management and federal reporting, registered on the `cse` program by
 * src/cli/main.ts with the helpers it owns (opening the system, the batch request context, errors).
 *
 *   cse casework timeframes --as-of 2026-11-23 [--office CNTY01]
 *   cse report ocse157 --year 2026 [--office CNTY01] [--line 28] [--json]
 *   cse report ocse34 --year 2026 --quarter 1 [--json]
 *   cse report measures --year 2026 [--expenditures 1250000.00] [--pep iv_d|statewide] [--json]
 *   cse report statewide-input --year 2026 [--births-out-of-wedlock N] [--paternities N] --source TEXT
 *   cse report case-fact --case CS00000001 --fact no_jurisdiction|health_insurance_provided --from DATE [--through DATE] --source TEXT
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { System } from '../system.ts';
import type { RequestContext } from '../security/context.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { parseCents } from '../kernel/money.ts';
import { runTimeframeBatch } from './timeframes.ts';
import { ocse157WithLists, ocse34Report, performanceMeasures } from '../reporting/service.ts';
import { confineToProgram } from '../tribal/policy.ts';
import { formatOcse157, formatOcse34, formatPerformance } from '../reporting/format.ts';
import { CASE_FACTS, recordCaseFact, recordStatewideInput, type CaseFact } from '../reporting/inputs.ts';

export interface CliHelpers {
  withSystem<T>(fn: (system: System) => Promise<T>): Promise<T>;
  cliContext(system: System, purpose: string): RequestContext;
  fatal(message: string, details?: Array<{ line?: number; path?: string; message: string }>): never;
}

const year = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1990 || n > 2100) throw new InvalidArgumentError(`--year must be a federal fiscal year, e.g. 2026 (got ${v})`);
  return n;
};

export function registerCaseManagementCommands(program: Command, h: CliHelpers): void {
  const casework = program.command('casework').description('case management: timeframes, worklists');
  casework
    .command('timeframes')
    .requiredOption('--as-of <date>', 'business date (YYYY-MM-DD)')
    .option('--office <code>', 'one office only')
    .description('start and meet 45 CFR 303 clocks from the data on file, make worklist items for clocks due soon or overdue, escalate overdue ones (safe to run twice)')
    .action((o: { asOf: string; office?: string }) =>
      h.withSystem(async (s) => {
        if (!isIsoDate(o.asOf)) h.fatal('--as-of must be a date (YYYY-MM-DD)');
        let officeId: number | null = null;
        if (o.office) {
          const office = await s.deps.db.selectFrom('office').select('id').where('code', '=', o.office.toUpperCase()).executeTakeFirst();
          if (!office) h.fatal(`no office ${o.office}`);
          officeId = office.id;
        }
        const result = await runTimeframeBatch(s.deps, h.cliContext(s, 'timeframe batch'), o.asOf, officeId);
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(
          `${r.asOf}: ${r.cases} cases; clocks ${r.started} started, ${r.met} met, ${r.cancelled} stopped; worklist ${r.itemsCreated} new, ${r.itemsOverdue} now overdue, ${r.itemsEscalated} escalated` +
            `${r.itemsNotEscalated ? ` (${r.itemsNotEscalated} with no supervisor to escalate to)` : ''}, ${r.itemsDone} done, ${r.itemsReassigned} reassigned\n`,
        );
      }),
    );

  const report = program.command('report').description('federal reports');
  report
    .command('ocse157')
    .requiredOption('--year <ffy>', 'federal fiscal year (2026 = 2025-10-01 to 2026-09-30)', year)
    .option('--office <code>', 'one office only')
    .option('--line <line>', 'also list the cases (or children) behind this line')
    .option('--json', 'print JSON with every line and its list')
    .description('print the OCSE-157 annual data report')
    .action((o: { year: number; office?: string; line?: string; json?: boolean }) =>
      h.withSystem(async (s) => {
        const result = await ocse157WithLists(s.deps, h.cliContext(s, 'federal reporting'), o.year, o.office, o.json ? 'all' : o.line ? [o.line] : []);
        if (!result.ok) h.fatal(result.message, result.details);
        process.stdout.write((o.json ? JSON.stringify(result.value, null, 2) : formatOcse157(result.value, o.office?.toUpperCase() ?? null, o.line)) + '\n');
      }),
    );
  report
    .command('ocse34')
    .requiredOption('--year <ffy>', 'federal fiscal year', year)
    .requiredOption('--quarter <q>', 'quarter of the fiscal year (1 = October to December)', (v) => Number(v))
    .option('--program <code>', 'one IV-D program (tribal mode); the whole install when not given')
    .option('--json', 'print JSON')
    .description('print the OCSE-34 quarterly report of collections (Part 1)')
    .action((o: { year: number; quarter: number; program?: string; json?: boolean }) =>
      h.withSystem(async (s) => {
        if (![1, 2, 3, 4].includes(o.quarter)) h.fatal('--quarter must be 1, 2, 3 or 4');
        const ctx = (await confineToProgram(s.deps.db, h.cliContext(s, 'federal reporting'), o.program)) ?? h.fatal(`no program ${o.program}`);
        const result = await ocse34Report(s.deps, ctx, o.year, o.quarter as 1 | 2 | 3 | 4);
        if (!result.ok) h.fatal(result.message, result.details);
        process.stdout.write((o.json ? JSON.stringify(result.value, null, 2) : formatOcse34(result.value)) + '\n');
      }),
    );
  report
    .command('measures')
    .requiredOption('--year <ffy>', 'federal fiscal year', year)
    .option('--office <code>', 'one office only')
    .option('--expenditures <amount>', 'IV-D expenditures for the year (OCSE-396), for cost-effectiveness')
    .option('--pep <basis>', 'paternity measure the State reports: iv_d (line 6 / prior line 5) or statewide (line 9 / line 8a)', 'iv_d')
    .option('--program <code>', 'one IV-D program (tribal mode); the whole install when not given')
    .option('--json', 'print JSON')
    .description('print the five federal performance measures with their credit and penalty tests')
    .action((o: { year: number; office?: string; expenditures?: string; pep: string; program?: string; json?: boolean }) =>
      h.withSystem(async (s) => {
        const expenditures = o.expenditures === undefined ? undefined : parseCents(o.expenditures);
        if (expenditures === null || (expenditures !== undefined && expenditures <= 0)) h.fatal('--expenditures must be a positive amount, e.g. 1250000.00');
        if (o.pep !== 'iv_d' && o.pep !== 'statewide') h.fatal('--pep must be iv_d or statewide');
        const ctx = (await confineToProgram(s.deps.db, h.cliContext(s, 'federal reporting'), o.program)) ?? h.fatal(`no program ${o.program}`);
        const result = await performanceMeasures(s.deps, ctx, o.year, { expendituresCents: expenditures, officeCode: o.office, pep: o.pep as 'iv_d' | 'statewide' });
        if (!result.ok) h.fatal(result.message, result.details);
        process.stdout.write((o.json ? JSON.stringify(result.value, null, 2) : formatPerformance(result.value)) + '\n');
      }),
    );
  const count = (v: string) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`must be a whole number (got ${v})`);
    return n;
  };
  report
    .command('statewide-input')
    .requiredOption('--year <ffy>', 'federal fiscal year the figures are for', year)
    .option('--births-out-of-wedlock <n>', 'children born out of wedlock in the State during the year (OCSE-157 line 8; line 8a of the next year)', count)
    .option('--paternities <n>', 'children in the State with paternity established or acknowledged during the year (line 9)', count)
    .requiredOption('--source <text>', 'where the figures come from (vital statistics extract, date)')
    .description('enter the statewide vital-statistics figures the OCSE-157 needs (the IV-D system does not hold them)')
    .action((o: { year: number; birthsOutOfWedlock?: number; paternities?: number; source: string }) =>
      h.withSystem(async (s) => {
        const result = await recordStatewideInput(s.deps, h.cliContext(s, 'federal reporting input'), { fiscalYear: o.year, birthsOutOfWedlock: o.birthsOutOfWedlock ?? null, paternitiesEstablished: o.paternities ?? null, source: o.source });
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`FFY ${r.fiscalYear}: births out of wedlock ${r.birthsOutOfWedlock ?? 'not entered'}, paternities established ${r.paternitiesEstablished ?? 'not entered'} (${r.source})\n`);
      }),
    );
  report
    .command('case-fact')
    .requiredOption('--case <number>', 'case number')
    .requiredOption('--fact <fact>', `one of ${CASE_FACTS.join(', ')}`)
    .requiredOption('--from <date>', 'first day the fact holds (YYYY-MM-DD)')
    .option('--through <date>', 'last day it holds (open-ended if left out)')
    .requiredOption('--source <text>', 'where the fact comes from')
    .description('record a dated case fact for the OCSE-157: no jurisdiction (line 3) or health insurance provided (lines 21a, 23)')
    .action((o: { case: string; fact: string; from: string; through?: string; source: string }) =>
      h.withSystem(async (s) => {
        const result = await recordCaseFact(s.deps, h.cliContext(s, 'federal reporting input'), { caseNumber: o.case, fact: o.fact as CaseFact, fromDate: o.from, throughDate: o.through ?? null, source: o.source });
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`${r.caseNumber}: ${r.fact} from ${r.fromDate} through ${r.throughDate ?? 'open'} (fact ${r.id})\n`);
      }),
    );
}
