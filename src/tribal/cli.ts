/**
 * Command-line commands of tribal mode and the fraud signals report, registered by src/cli/main.ts.
 *
 *   cse programs add --code NAVAJO --name "Navajo Nation Child Support" --kind tribal \
 *       --service-population "..." --jurisdiction "..." --guideline "..." [--effective 2026-01-01]
 *   cse programs list
 *   cse fraud report --from 2026-10-01 --to 2026-10-31 [--program CODE] [--office CODE] [--json]
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliHelpers } from '../casework/cli.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { formatDollars } from '../kernel/money.ts';
import { fraudReport } from '../fraud/service.ts';
import { addProgram, programIdByCode, tribalPolicyDefaults, type NewProgramPolicy } from './policy.ts';

export function registerTribalCommands(program: Command, h: CliHelpers): void {
  const programs = program.command('programs').description('IV-D programs served by this install (tribal mode)');
  programs
    .command('add')
    .description('add a State or Tribal IV-D program with its 45 CFR 302/309 policy')
    .requiredOption('--code <code>', 'program code, e.g. TRIBEA')
    .requiredOption('--name <name>', 'program name')
    .addOption(new Option('--kind <kind>').choices(['state', 'tribal']).default('tribal'))
    .option('--effective <date>', 'policy effective from (YYYY-MM-DD)', '2000-01-01')
    .option('--service-population <text>', '45 CFR 309.65(a): who the Tribal program serves')
    .option('--jurisdiction <text>', '45 CFR 309.65(a): the Tribe\'s jurisdiction')
    .option('--guideline <text>', '45 CFR 309.105: the Tribe\'s child support guideline')
    .action((o: { code: string; name: string; kind: 'state' | 'tribal'; effective: string; servicePopulation?: string; jurisdiction?: string; guideline?: string }) =>
      h.withSystem(async (s) => {
        if (!isIsoDate(o.effective)) h.fatal('--effective must be a date (YYYY-MM-DD)');
        if (await programIdByCode(s.deps.db, o.code)) h.fatal(`program ${o.code} already exists`);
        const policy: NewProgramPolicy = o.kind === 'tribal'
          ? tribalPolicyDefaults(o.effective, { servicePopulation: o.servicePopulation ?? 'as the Tribal IV-D plan states', jurisdiction: o.jurisdiction ?? 'as the Tribal IV-D plan states', guidelineReference: o.guideline ?? '45 CFR 309.105' })
          : { effectiveFrom: o.effective, cfrPart: '302', allowedCaseTypes: ['current_assistance', 'former_assistance', 'never_assistance', 'iv_e_foster_care', 'medicaid_only'], distributionRule: 'usc_657', federalAssignment: true, chargeAnnualFee: true, guidelineReference: o.guideline ?? '45 CFR 302.56', source: '45 CFR 302; 42 USC 657' };
        const id = await addProgram(s.deps.db, { code: o.code.toUpperCase(), name: o.name, kind: o.kind }, policy);
        process.stdout.write(`program ${o.code.toUpperCase()} added (id ${id}, 45 CFR ${policy.cfrPart})\n`);
      }),
    );
  programs
    .command('list')
    .description('programs with their offices and users')
    .action(() =>
      h.withSystem(async (s) => {
        const rows = await s.deps.db
          .selectFrom('iv_d_program as p')
          .select((eb) => [
            'p.code', 'p.name', 'p.kind',
            eb.selectFrom('office').select((e) => e.fn.countAll<number>().as('n')).whereRef('office.program_id', '=', 'p.id').as('offices'),
            eb.selectFrom('app_user').select((e) => e.fn.countAll<number>().as('n')).whereRef('app_user.program_id', '=', 'p.id').as('users'),
          ])
          .orderBy('p.code')
          .execute();
        for (const r of rows) process.stdout.write(`${r.code}\t${r.kind}\t${r.name}\t${r.offices} offices\t${r.users} users\n`);
      }),
    );

  const fraud = program.command('fraud').description('fraud signals');
  fraud
    .command('report')
    .description('risky events in a period: bank account changed before a large deposit, one account for unrelated families, adjustments by the receipt poster, invalid SSNs')
    .requiredOption('--from <date>', 'first business date (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last business date (YYYY-MM-DD)')
    .option('--program <code>', 'one IV-D program (tribal mode); all when not given')
    .option('--office <code>', 'one office')
    .option('--json', 'print JSON')
    .action((o: { from: string; to: string; program?: string; office?: string; json?: boolean }) =>
      h.withSystem(async (s) => {
        const ctx = h.cliContext(s, 'fraud review');
        if (o.program) {
          const id = await programIdByCode(s.deps.db, o.program);
          if (!id) h.fatal(`no program ${o.program}`);
          ctx.actor = { ...ctx.actor, programId: id };
        }
        const result = await fraudReport(s.deps, ctx, { from: o.from, to: o.to, officeCode: o.office });
        if (!result.ok) h.fatal(result.message, result.details);
        const r = result.value;
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        process.stdout.write(`Fraud signals ${r.from} to ${r.to}${r.scope.programCode ? ` - program ${r.scope.programCode}` : ''}${r.scope.officeCode ? ` - office ${r.scope.officeCode}` : ''}\n`);
        for (const [kind, n] of Object.entries(r.counts)) process.stdout.write(`  ${kind}: ${n}\n`);
        for (const sig of r.signals) {
          const amount = typeof sig.evidence.amountCents === 'number' ? ` ${formatDollars(sig.evidence.amountCents)}` : '';
          process.stdout.write(`${sig.severity.toUpperCase()}\t${sig.date}\t${sig.kind}\t${sig.caseNumbers.join(',') || '-'}${amount}\t${sig.summary}\n`);
        }
      }),
    );
}
