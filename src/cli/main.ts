/** The `cse` command line. */
import { readFileSync } from 'node:fs';
import { basename, join as joinPath, resolve as resolvePath } from 'node:path';
import { Command, Option } from 'commander';
import { openSystem, type System } from '../system.ts';
import { buildApp } from '../http/app.ts';
import { systemActor, type RequestContext } from '../security/context.ts';
import { createUser } from '../security/users.ts';
import { ROLES } from '../security/roles.ts';
import { importIntakeFile } from '../cases/import.ts';
import { seedDemo, DEMO_PASSWORD } from '../demo/seed.ts';
import type { Role } from '../db/schema.ts';
import { migrate } from '../db/migrate.ts';
import { addProgramGuideline, programGuidelines } from '../establishment/guideline-policy.ts';
import { guidelineCalcCommand, guidelineVersionsCommand, renderWorksheetPdf, calculateGuideline, type GuidelineInput } from '../establishment/guideline/index.ts';
import { writeFileSync } from 'node:fs';
import { runScenario, formatScenarioOutput } from '../financial/scenario.ts';
import { runDailyCycle, PHASES } from '../financial/batch.ts';
import { SingleBar, Presets } from 'cli-progress';
import { importAchPayments } from '../financial/ach.ts';
import { formatDollars } from '../kernel/money.ts';
import { listReviewsDue } from '../establishment/review.ts';
import { registerCaseManagementCommands } from '../casework/cli.ts';
import { registerLocateCommands } from '../locate/cli.ts';
import { registerEnforcementCommands } from '../enforcement/cli.ts';
import { registerInterstateCommands } from '../interstate/cli.ts';
import { registerTribalCommands } from '../tribal/cli.ts';
import { confineToProgram, programIdByCode } from '../tribal/policy.ts';
import { ensureUiBuilt } from '../ui/build.ts';

async function withSystem<T>(fn: (system: System) => Promise<T>): Promise<T> {
  const system = await openSystem();
  try {
    return await fn(system);
  } finally {
    await system.close();
  }
}

function cliContext(system: System, purpose: string): RequestContext {
  return { actor: systemActor('administrator'), purpose, requestId: null, clientIp: null, clock: system.deps.clock };
}

/** Writes the day's outbound bank files to the outbox folder and says where. */
async function reportOutbox(s: System, dir: string | undefined, date: string): Promise<void> {
  const { writeOutbox } = await import('../financial/outbox.ts');
  const outbox = resolvePath(dir ?? joinPath(s.config.home, 'outbox'));
  const files = await writeOutbox(s.deps.db, outbox, date);
  if (!files.length) return void process.stdout.write(`${date}: no outbound bank files\n`);
  for (const f of files) {
    const what = f.status === 'written' ? 'written' : f.status === 'unchanged' ? 'already there' : 'NOT written: another file of that name is there';
    process.stdout.write(`outbound: ${joinPath(outbox, f.name)} (${f.kind}, ${f.entries} entries, ${formatDollars(f.totalCents)}): ${what}\n`);
  }
}

function fatal(message: string, details?: Array<{ line?: number; path?: string; message: string }>): never {
  process.stderr.write(`error: ${message}\n`);
  for (const d of details ?? []) process.stderr.write(`  ${d.line !== undefined ? `line ${d.line}: ` : ''}${d.path ? `${d.path}: ` : ''}${d.message}\n`);
  process.exit(1);
}

async function serve(system: System, port: number, host: string): Promise<void> {
  const app = await buildApp(system.deps, { logger: true });
  await app.listen({ port, host });
  const stop = async () => {
    await app.close();
    await system.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => undefined);
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('cse').description('OpenCSE: child support enforcement (IV-D) system').showHelpAfterError();

  const db = program.command('db').description('database tasks');
  db.command('migrate')
    .description('apply pending migrations')
    .action(() =>
      withSystem(async (s) => {
        const applied = await migrate(s.handle);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      }),
    );

  const offices = program.command('offices').description('offices of the program');
  offices
    .command('add')
    .requiredOption('--code <code>', 'office code, e.g. CNTY01')
    .requiredOption('--name <name>', 'office name')
    .option('--county-fips <fips>', 'five-digit county FIPS code')
    .option('--program <code>', 'the IV-D program that owns the office (needed when the install serves several)')
    .action((o) =>
      withSystem(async (s) => {
        const programId = o.program ? ((await programIdByCode(s.deps.db, o.program)) ?? fatal(`no program ${o.program}`)) : undefined;
        const row = await s.deps.db.insertInto('office').values({ code: o.code, name: o.name, county_fips: o.countyFips ?? null, ...(programId ? { program_id: programId } : {}) }).returning('id').executeTakeFirstOrThrow();
        process.stdout.write(`office ${o.code} added (id ${row.id})\n`);
      }),
    );

  const users = program.command('users').description('user accounts');
  users
    .command('add')
    .description('add a user; the password comes from --password or the CSE_PASSWORD variable')
    .requiredOption('--username <name>')
    .addOption(new Option('--role <role>').choices(ROLES).makeOptionMandatory())
    .option('--display-name <name>')
    .option('--office <code>', 'office code (caseworkers and supervisors)')
    .option('--person-id <id>', 'person on file (parent users)')
    .option('--employer-id <id>', 'employer (employer users)')
    .option('--program <code>', 'the IV-D program (users without an office, when the install serves several)')
    .option('--install-admin', "an administrator of the whole install: manages every program's users (docs/security.md)")
    .option('--password <password>')
    .action((o) =>
      withSystem(async (s) => {
        const password = o.password ?? process.env.CSE_PASSWORD;
        if (!password) fatal('give --password or set CSE_PASSWORD');
        let officeId: number | null = null;
        if (o.office) {
          const office = await s.deps.db.selectFrom('office').select('id').where('code', '=', o.office).executeTakeFirst();
          if (!office) fatal(`no office ${o.office}`);
          officeId = office.id;
        }
        const result = await createUser(s.deps.db, {
          username: o.username,
          displayName: o.displayName ?? o.username,
          role: o.role as Role,
          password,
          officeId,
          personId: o.personId ? Number(o.personId) : null,
          employerId: o.employerId ? Number(o.employerId) : null,
          programId: o.program ? ((await programIdByCode(s.deps.db, o.program)) ?? fatal(`no program ${o.program}`)) : null,
          installAdmin: o.installAdmin === true,
        });
        if (!result.ok) fatal(result.message, result.details);
        process.stdout.write(`user ${o.username} added (id ${result.value.id})\n`);
      }),
    );

  const intake = program.command('intake').description('case intake');
  intake
    .command('import')
    .argument('<file>', 'CSV (one row per member) or JSON lines (one intake per line)')
    .description('import referrals and applications; a file with any bad line is rejected whole')
    .action((file: string) =>
      withSystem(async (s) => {
        const text = readFileSync(file, 'utf8');
        const result = await importIntakeFile(s.deps, cliContext(s, 'batch intake import'), basename(file), text);
        if (!result.ok) fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`batch ${r.batchId}: ${r.intakes} intakes (${r.format}); ${r.opened} cases opened, ${r.pendingReview} waiting for duplicate review, ${r.alreadyReceived} already received\n`);
      }),
    );

  const scenario = program.command('scenario').description('distribution scenarios for policy analysts');
  scenario
    .command('run')
    .argument('<file>', 'scenario JSON; see docs/scenarios.md')
    .option('--text', 'print a readable summary instead of JSON')
    .description('distribute the scenario\'s collections and print where every cent went')
    .action((file: string, o: { text?: boolean }) => {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        fatal(`${file} is not valid JSON: ${(err as Error).message}`);
      }
      const result = runScenario(json);
      if (!result.ok) fatal(result.message, result.details);
      process.stdout.write(o.text ? formatScenarioOutput(result.value) + '\n' : JSON.stringify(result.value, null, 2) + '\n');
    });

  const receipts = program.command('receipts').description('SDU receipting');
  receipts
    .command('import-ach')
    .argument('<file>', 'employer CCD+ payment file (NACHA)')
    .option('--program <code>', 'the IV-D program the file is for (tribal mode): payments match that program\'s cases and persons only')
    .description('post the payments of an employer ACH file; the same file twice posts nothing new')
    .action((file: string, o: { program?: string }) =>
      withSystem(async (s) => {
        const ctx = (await confineToProgram(s.deps.db, cliContext(s, 'receipting'), o.program)) ?? fatal(`no program ${o.program}`);
        const result = await importAchPayments(s.deps, ctx, basename(file), readFileSync(file, 'latin1'));
        if (!result.ok) fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(
          `${r.fileName}${r.programCode ? ` (program ${r.programCode})` : ''}: ${r.payments} payments; ${r.posted} posted (${formatDollars(r.totalCents)}), ${r.duplicates} already posted, ${r.unidentified} unidentified` +
            (r.ambiguous ? ` (${r.ambiguous} with an SSN on file in several programs: give --program)` : '') +
            `; ${r.employmentEnded} employments ended${r.employmentEndAmbiguous ? `, ${r.employmentEndAmbiguous} not ended (SSN in several programs)` : ''}\n`,
        );
        for (const h of r.held) process.stdout.write(`  held line ${h.line} (trace ${h.traceNumber}, ${formatDollars(h.amountCents)})${h.receiptId ? ` as unidentified receipt ${h.receiptId}` : ''}: ${h.reason}\n`);
      }),
    );

  const batch = program.command('batch').description('batch cycles');
  batch
    .command('daily')
    .requiredOption('--date <date>', 'business date (YYYY-MM-DD)')
    .option('--chunk-size <n>', 'items per committed chunk', (v) => Number(v), 500)
    .option('--outbox <dir>', 'where to write the day\'s outbound bank files (default: <CSE_HOME>/outbox)')
    .option('--quiet', 'no progress bar')
    .description('run the daily financial cycle: distribute, charge, disburse, check conservation (resumable); the PPD file goes to the outbox folder')
    .action((o: { date: string; chunkSize: number; outbox?: string; quiet?: boolean }) =>
      withSystem(async (s) => {
        const bar = o.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: 'daily cycle {phase} |{bar}| chunk {value}', hideCursor: true }, Presets.shades_classic);
        bar?.start(PHASES.length - 1, 0, { phase: 'distribute' });
        const summary = await runDailyCycle(s.deps, o.date, {
          chunkSize: o.chunkSize,
          onProgress: (phase, cp) => bar?.update(PHASES.indexOf(phase), { phase: `${phase} (${cp.chunks} chunks)` }),
        });
        bar?.stop();
        if (summary.status === 'failed') fatal('the conservation check failed; nothing was kept', summary.problems.map((p) => ({ path: p.scope, message: p.message })));
        const d = summary.disbursements;
        process.stdout.write(
          `${o.date}: ${summary.status}; ${summary.receiptsDistributed} receipts distributed, ${summary.receiptsWaitingForOrder} waiting for an order, ${summary.accountsCharged} accounts charged` +
            (d ? `; ${d.count} disbursements (${formatDollars(d.totalCents)}: ${d.eftCount} EFT, ${d.checkCount} checks, ${d.internalCount} internal), ${d.late} late` : '') +
            '\n',
        );
        await reportOutbox(s, o.outbox, o.date);
      }),
    );

  batch
    .command('nightly')
    .requiredOption('--date <date>', 'business date (YYYY-MM-DD)')
    .option('--inbox <dir>', 'folder of payment files (employer ACH CCD+) to import first; imported files move to <dir>/processed')
    .option('--program <code>', 'the IV-D program the --inbox files are for (tribal mode)')
    .option('--program-inbox <code=dir>', 'a further inbox of one IV-D program\'s payment files (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--chunk-size <n>', 'items per committed chunk of the daily cycle', (v) => Number(v), 500)
    .option('--outbox <dir>', 'where to write the day\'s outbound bank files (default: <CSE_HOME>/outbox)')
    .option('--quiet', 'no progress bar')
    .description('run the nightly cycle: import payment files, the daily financial cycle (accrual, distribution, disbursement, PPD file), timeframe alerts (resumable, safe to run twice); outbound files go to the outbox folder')
    .action((o: { date: string; inbox?: string; program?: string; programInbox: string[]; chunkSize: number; outbox?: string; quiet?: boolean }) =>
      withSystem(async (s) => {
        const { runNightly, NIGHTLY_STEPS } = await import('../financial/nightly.ts');
        if (o.program && !o.inbox) fatal('--program names the program of the --inbox files; give --inbox too');
        const programOf = async (code: string | undefined) => (code ? ((await programIdByCode(s.deps.db, code)) ?? fatal(`no program ${code}`)) : null);
        const inboxes = [...(o.inbox ? [{ dir: o.inbox, programId: await programOf(o.program) }] : [])];
        for (const pair of o.programInbox) {
          const [code, dir] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
          if (!pair.includes('=') || !code || !dir) fatal(`--program-inbox takes CODE=DIR (got ${pair})`);
          inboxes.push({ dir, programId: await programOf(code) });
        }
        const bar = o.quiet || !process.stderr.isTTY ? null : new SingleBar({ format: 'nightly {step} |{bar}| {detail}', hideCursor: true }, Presets.shades_classic);
        bar?.start(NIGHTLY_STEPS.length - 1, 0, { step: 'receipts', detail: '' });
        const summary = await runNightly(s.deps, o.date, {
          inboxes,
          chunkSize: o.chunkSize,
          onProgress: (step, detail) => bar?.update(NIGHTLY_STEPS.indexOf(step), { step, detail }),
        });
        bar?.stop();
        for (const f of summary.files) {
          process.stdout.write(f.status === 'imported' ? `${f.name}: ${f.summary!.posted} payments posted (${formatDollars(f.summary!.totalCents)}), ${f.summary!.duplicates} already posted, ${f.summary!.unidentified} unidentified${f.summary!.heldCount ? `, ${f.summary!.heldCount} held for a worker (${formatDollars(f.summary!.heldCents)})` : ''}\n` : `${f.name}: rejected: ${f.problem}\n`);
        }
        if (summary.status === 'failed') fatal(summary.problem ?? 'the nightly cycle failed', summary.daily?.problems.map((p) => ({ path: p.scope, message: p.message })));
        const d = summary.daily;
        const t = summary.timeframes;
        process.stdout.write(
          `${o.date}: nightly ${summary.status}` +
            (d ? `; ${d.receiptsDistributed} receipts distributed, ${d.receiptsWaitingForOrder} waiting for an order, ${d.accountsCharged} accounts charged` : '') +
            (d?.disbursements ? `; ${d.disbursements.count} disbursements (${formatDollars(d.disbursements.totalCents)}: ${d.disbursements.eftCount} EFT, ${d.disbursements.checkCount} checks, ${d.disbursements.internalCount} internal)` : '') +
            (t ? `; timeframes: ${t.cases} cases, ${t.started} clocks started, ${t.itemsCreated} worklist items new, ${t.itemsEscalated} escalated` : '') +
            '\n',
        );
        await reportOutbox(s, o.outbox, o.date);
      }),
    );

  // Locate and enforcement (issue 5): modules loaded on use so this block stands alone.
  const locate = program.command('locate').description('locate sources');
  locate
    .command('import-newhires')
    .argument('<file>', 'state new-hire file: W4 fixed-width records or CSV')
    .option('--program <code>', 'the IV-D program the file is for (tribal mode): hires match that program\'s persons only')
    .description('match new hires to persons by SSN, record employment, start income withholding; a file with any bad line is rejected whole')
    .action((file: string, o: { program?: string }) =>
      withSystem(async (s) => {
        const { importNewHiresWithWithholding } = await import('../enforcement/withholding.ts');
        const ctx = (await confineToProgram(s.deps.db, cliContext(s, 'locate'), o.program)) ?? fatal(`no program ${o.program}`);
        const result = await importNewHiresWithWithholding(s.deps, ctx, basename(file), readFileSync(file, 'latin1'));
        if (!result.ok) fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`batch ${r.batchId}: ${r.reports} new hires (${r.format}); ${r.matched} matched, ${r.unmatched} unmatched${r.ambiguous ? `, ${r.ambiguous} ambiguous (SSN on file in several programs: give --program)` : ''}; ${r.employmentsAdded} employments added, ${r.employmentsAlreadyKnown} already known; ${r.locateTimeframesMet} locate timeframes met; ${r.withholdingStarted} income withholding orders started\n`);
      }),
    );
  registerLocateCommands(locate, { withSystem, cliContext, fatal });
  const iwo = program.command('iwo').description('income withholding (e-IWO)');
  iwo
    .command('export')
    .requiredOption('--date <date>', 'file date (YYYY-MM-DD)')
    .option('--out <file>', 'where to write the e-IWO file (default: EIWO-<control number>.txt)')
    .option('--program <code>', 'only the pending orders of this IV-D program (tribal mode)')
    .description('write every pending income withholding order into one e-IWO file')
    .action((o: { date: string; out?: string; program?: string }) =>
      withSystem(async (s) => {
        const { exportEiwoFile } = await import('../enforcement/withholding.ts');
        const ctx = (await confineToProgram(s.deps.db, cliContext(s, 'income withholding'), o.program)) ?? fatal(`no program ${o.program}`);
        const result = await exportEiwoFile(s.deps, ctx, o.date);
        if (!result.ok) fatal(result.message, result.details);
        const r = result.value;
        for (const h of r.held) process.stderr.write(`held: order ${h.iwoId}: ${h.problem}\n`);
        if (!r.content) {
          process.stdout.write(`${o.date}: no pending orders to send\n`);
          return;
        }
        const out = o.out ?? `EIWO-${r.controlNumber}.txt`;
        writeFileSync(out, r.content, 'latin1');
        process.stdout.write(`${out}: ${r.orders} orders (control number ${r.controlNumber})\n`);
      }),
    );
  iwo
    .command('import-acks')
    .argument('<file>', 'employer e-IWO acknowledgment file (FHA/BHA/ACK/BTA/FTA)')
    .description('apply employer acknowledgments to the withholding orders; whole file or nothing')
    .action((file: string) =>
      withSystem(async (s) => {
        const { importEiwoAcks } = await import('../enforcement/withholding.ts');
        const result = await importEiwoAcks(s.deps, cliContext(s, 'income withholding'), basename(file), readFileSync(file, 'latin1'));
        if (!result.ok) fatal(result.message, result.details);
        const r = result.value;
        process.stdout.write(`batch ${r.batchId}: ${r.acks} acknowledgments; ${r.accepted} accepted, ${r.rejected} rejected, ${r.terminated} terminated, ${r.suspended} suspended, ${r.lumpSums} lump sums\n`);
      }),
    );

  const guideline = program.command('guideline').description('child support guideline');
  guideline
    .command('calc')
    .argument('<file>', 'guideline input (JSON); see docs/guideline.md')
    .option('--text', 'print the worksheet for a terminal instead of JSON')
    .option('--pdf <out>', 'also write the worksheet as a PDF')
    .description('calculate a guideline worksheet and print it')
    .option('--case <caseNumber>', 'the case number to print on the PDF')
    .action(async (file: string, o: { text?: boolean; pdf?: string; case?: string }) => {
      const text = readFileSync(file, 'utf8');
      const result = guidelineCalcCommand(text, o.text ? 'text' : 'json');
      if (!result.ok) fatal(result.message, result.details);
      process.stdout.write(result.value + (result.value.endsWith('\n') ? '' : '\n'));
      if (o.pdf) {
        const doc = JSON.parse(text) as { input?: unknown };
        const input = doc && typeof doc === 'object' && 'input' in doc && 'expected' in doc ? doc.input : doc;
        const sheet = calculateGuideline(input);
        if (sheet.ok) writeFileSync(o.pdf, await renderWorksheetPdf(sheet.value, { caseNumber: o.case ?? null, input: input as GuidelineInput }));
      }
    });
  const policy = guideline.command('policy').description("a program's guideline policy: which version applies to support taking effect on a date");
  policy
    .command('list')
    .requiredOption('--program <code>', 'IV-D program code, e.g. STATE')
    .description("list the program's guideline spans")
    .action((o: { program: string }) =>
      withSystem(async (s) => {
        const id = await programIdByCode(s.deps.db, o.program);
        if (id === null) fatal(`There is no IV-D program ${o.program}.`);
        const spans = await programGuidelines(s.deps.db, id);
        for (const p of spans) process.stdout.write(`${p.effectiveFrom}\t${p.effectiveTo ?? 'open'}\t${p.versionId}\t${p.source}\n`);
        process.stdout.write(`${spans.length} guideline spans\n`);
      }),
    );
  policy
    .command('add')
    .requiredOption('--program <code>', 'IV-D program code, e.g. STATE')
    .requiredOption('--version <id>', 'guideline version on file (see cse guideline versions)')
    .requiredOption('--from <date>', 'first date of support the span covers (YYYY-MM-DD)')
    .option('--to <date>', 'last date (YYYY-MM-DD); open-ended when omitted')
    .requiredOption('--source <text>', 'the law or plan that says so')
    .description("name the guideline version the program applies from a date")
    .action((o: { program: string; version: string; from: string; to?: string; source: string }) =>
      withSystem(async (s) => {
        const id = await programIdByCode(s.deps.db, o.program);
        if (id === null) fatal(`There is no IV-D program ${o.program}.`);
        const added = await addProgramGuideline(s.deps.db, { programId: id, versionId: o.version, effectiveFrom: o.from, effectiveTo: o.to ?? null, source: o.source });
        if (!added.ok) fatal(added.message, added.details);
        process.stdout.write(`${o.program.toUpperCase()} applies ${o.version} from ${o.from}${o.to ? ` to ${o.to}` : ''}\n`);
      }),
    );
  guideline
    .command('versions')
    .description('list the guideline versions on file: model, dates, which incomes each can compute, what is not loaded')
    .action(() => {
      process.stdout.write(guidelineVersionsCommand());
    });

  const review = program.command('review').description('review and adjustment of support orders');
  review
    .command('due')
    .option('--as-of <date>', 'business date (YYYY-MM-DD); today when omitted')
    .description('list open cases whose 36-month review is due (45 CFR 303.8(b)(1)) and that have no review open')
    .action((o: { asOf?: string }) =>
      withSystem(async (s) => {
        const result = await listReviewsDue(s.deps, cliContext(s, 'review and adjustment'), o.asOf ?? s.deps.clock.today());
        if (!result.ok) fatal(result.message, result.details);
        for (const r of result.value) process.stdout.write(`${r.caseNumber}\t${r.officeCode}\torder ${r.orderNumber}\tdue ${r.dueDate}\t${r.daysOverdue} days overdue\n`);
        process.stdout.write(`${result.value.length} reviews due\n`);
      }),
    );
  // Case management and federal reporting: cse casework timeframes, cse report ocse157 | ocse34 | measures.
  registerCaseManagementCommands(program, { withSystem, cliContext, fatal });
  registerEnforcementCommands(program, { withSystem, cliContext, fatal });
  registerInterstateCommands(program, { withSystem, cliContext, fatal });
  // Tribal mode and fraud signals: cse programs add | list, cse fraud report.
  registerTribalCommands(program, { withSystem, cliContext, fatal });

  program
    .command('serve')
    .description('run the server (API and browser pages)')
    .option('--port <port>', 'port', (v) => Number(v))
    .option('--host <host>', 'address to listen on')
    .action(async (o) => {
      await ensureUiBuilt({ quiet: true, log: (m) => process.stdout.write(m + '\n') });
      const s = await openSystem();
      await serve(s, o.port ?? s.config.port, o.host ?? s.config.host);
    });

  const demo = program.command('demo').description('demonstration data');
  demo
    .command('seed')
    .description('make a believable state: offices, users of every role, cases (more than 1000 cases, or --bulk: the fast bulk loader)')
    .option('--cases <n>', 'number of cases', (v) => Number(v), 300)
    .option('--seed <n>', 'random seed', (v) => Number(v), 1)
    .option('--bulk', 'load with COPY instead of the ordinary intake path (the default above 1000 cases)')
    .option('--no-timeframes', "leave out last night's timeframe sweep (no clocks or worklist items yet)")
    .action((o) =>
      withSystem(async (s) => {
        if (o.bulk || o.cases > 1000) {
          const { seedBulk } = await import('../demo/bulk.ts');
          const bar = process.stderr.isTTY ? new SingleBar({ format: 'demo seed |{bar}| {value}/{total} cases', hideCursor: true }, Presets.shades_classic) : null;
          bar?.start(o.cases, 0);
          const b = await seedBulk(s.deps, s.handle, { cases: o.cases, seed: o.seed, log: (m) => { const n = /^  (\d+) cases$/.exec(m); if (bar && n) bar.update(Number(n[1])); else if (!bar) process.stdout.write(m + "\n"); } });
          bar?.stop();
          process.stdout.write(`${b.cases} cases, ${b.persons} persons, ${b.orders} orders, ${b.receipts} receipts, ${b.journals} journals (${b.postings} postings), ${b.disbursements} disbursements in ${b.seconds.toFixed(1)} s; ${b.method}; users of every role (password "${DEMO_PASSWORD}")\n`);
          return;
        }
        const summary = await seedDemo(s.deps, { cases: o.cases, seed: o.seed, timeframes: o.timeframes !== false, log: (m) => process.stdout.write(m + '\n') });
        process.stdout.write(`${summary.cases} cases in ${summary.offices} offices; users: ${summary.users.join(', ')} (password "${DEMO_PASSWORD}")\n`);
      }),
    );

  const ui = program.command('ui').description('the browser app (workstation and portals)');
  ui.command('build')
    .description('build the browser app into dist/ui with Vite (only when its sources changed, unless --force)')
    .option('--force', 'build even when the last build is current')
    .action(async (o: { force?: boolean }) => {
      const outcome = await ensureUiBuilt({ force: o.force ?? false, quiet: true, log: (m) => process.stdout.write(m + '\n') });
      process.stdout.write(outcome === 'fresh' ? 'the browser app is up to date (dist/ui)\n' : 'built the browser app into dist/ui\n');
    });

  program
    .command('start')
    .description('first run: build the browser app if needed, migrate, seed demo data when the database is empty, and serve')
    .action(async () => {
      await ensureUiBuilt({ quiet: true, log: (m) => process.stdout.write(m + '\n') });
      const s = await openSystem();
      const existing = await s.deps.db.selectFrom('office').select('id').limit(1).execute();
      if (existing.length === 0) {
        process.stdout.write('empty database: seeding demo data…\n');
        const summary = await seedDemo(s.deps, { cases: 300, seed: 1, log: (m) => process.stdout.write(m + '\n') });
        process.stdout.write(`demo users: ${summary.users.join(', ')}; password "${DEMO_PASSWORD}"\n`);
      }
      process.stdout.write(`OpenCSE on http://${s.config.host}:${s.config.port}/  (workstation and portals; API: /openapi.json)\n`);
      await serve(s, s.config.port, s.config.host);
    });

  await program.parseAsync(argv);
}
