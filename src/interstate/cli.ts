/**
 * Command-line commands of the interstate module, registered on the `cse` program by src/cli/main.ts.
 *
 *   cse interstate setup --fips 4200000 --name "Pennsylvania" [--sdu-name ... --registry-office CODE]
 *   cse interstate partner add --fips 24 --name Maryland --url http://127.0.0.1:3001 --inbound-key K --outbound-key K
 *   cse interstate key                         # print a fresh partner key
 *   cse interstate request --case CS00000001 --function ENF [--reason ESREG]
 *   cse interstate send                        # send the queued CSENet transactions
 *   cse interstate forward                     # advise initiating States of collections disbursed to them (COL P)
 *   cse interstate forward-file --date D [--out F]  # the CCD+ file paying other States' SDUs
 *   cse interstate advices                       # COL P advices whose money has not arrived
 *   cse interstate transactions [--case CS..] [--status queued]
 *   cse interstate quick --fips 24 --case ID [--purpose "..."] [--json]
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliHelpers } from '../casework/cli.ts';
import { formatDollars } from '../kernel/money.ts';
import { listTransactions, requestOnCase, sendQueued } from './exchange.ts';
import { forwardCollections } from './forward.ts';
import { writeForwardFile } from './forward-file.ts';
import { awaitingAdvices } from './advised-collections.ts';
import { askQuick, type QuickCase } from './quick.ts';
import { newPartnerKey, saveLocalSettings, savePartner } from './partners.ts';

export function formatQuick(q: QuickCase): string {
  const lines = [
    `${q.respondingName} (FIPS ${q.respondingFips}) case ${q.caseId}: ${q.status}, ${q.role}; your case id ${q.yourCaseId ?? '(none on file)'}; worker ${q.worker.name ?? '-'} (${q.worker.office})`,
    ...q.participants.map((p) => `  ${p.role.padEnd(20)} ${p.firstName} ${p.lastName}${p.dateOfBirth ? `, born ${p.dateOfBirth}` : ''}${p.ssn ? `, SSN ${p.ssn}` : ''}`),
    ...q.orders.map((o) => `  order ${o.orderNumber} (${o.orderKind}, ${o.status}) from ${o.effectiveDate}: ${o.obligations.map((x) => `${x.kind} ${formatDollars(x.amountCents)} ${x.frequency}`).join('; ')}`),
  ];
  if (q.finance) {
    const f = q.finance;
    lines.push(`  ${f.supportMonth}: current support ${formatDollars(f.currentSupportDueCents)} due, ${formatDollars(f.currentSupportPaidCents)} paid; arrears ${formatDollars(f.totalArrearsCents)}; total owed ${formatDollars(f.totalOwedCents)}; last payment ${f.lastPaymentDate ?? '-'} ${f.lastPaymentCents !== null ? formatDollars(f.lastPaymentCents) : ''}`);
  } else lines.push('  no order on file');
  for (const p of q.payments) lines.push(`  payment ${p.date} ${formatDollars(p.amountCents)} ${p.source} (${p.status})`);
  for (const d of q.disbursements) lines.push(`  disbursed ${d.date} ${formatDollars(d.amountCents)} to ${d.payee} by ${d.method}`);
  return lines.join('\n') + '\n';
}

export function registerInterstateCommands(program: Command, h: CliHelpers): void {
  const is = program.command('interstate').description('intergovernmental cases: CSENet exchange and QUICK');

  is.command('setup')
    .description("this program's FIPS code and name, its SDU, and the office that takes referred cases (central registry)")
    .requiredOption('--fips <fips>', '7 digits: state, county, office (e.g. 4200000)')
    .requiredOption('--name <name>', 'program name')
    .option('--sdu-name <name>').option('--sdu-line1 <line>').option('--sdu-city <city>').option('--sdu-state <st>').option('--sdu-zip <zip>')
    .option('--registry-office <code>', 'office code of the central registry')
    .action((o) =>
      h.withSystem(async (s) => {
        const r = await saveLocalSettings(s.deps, h.cliContext(s, 'interstate setup'), { fips: o.fips, name: o.name, sduName: o.sduName, sduLine1: o.sduLine1, sduCity: o.sduCity, sduState: o.sduState, sduZip: o.sduZip, registryOfficeCode: o.registryOffice });
        if (!r.ok) h.fatal(r.message, r.details);
        process.stdout.write(`this program is FIPS ${r.value.fips} (${r.value.name})\n`);
      }),
    );

  const partner = is.command('partner').description('other programs we exchange with');
  partner
    .command('add')
    .description('register (or update) another program: where it listens and the keys each side presents')
    .requiredOption('--fips <state>', '2-digit FIPS state code')
    .requiredOption('--name <name>', 'program name')
    .option('--url <url>', 'its base URL (for CSENet batches and QUICK)')
    .option('--inbound-key <key>', 'the key it presents to us')
    .option('--outbound-key <key>', 'the key we present to it')
    .option('--sdu-fips <fips>', "its SDU's 7-digit FIPS code")
    .option('--sdu-name <name>', "its SDU's name (the receiving company name on the forwarding file)")
    .option('--sdu-routing <routing>', "its SDU's bank routing number (for the forwarding CCD+ file)")
    .option('--sdu-account <account>', "its SDU's bank account number (kept encrypted)")
    .option('--sdu-account-type <type>', 'checking or savings', 'checking')
    .action((o) =>
      h.withSystem(async (s) => {
        const r = await savePartner(s.deps, h.cliContext(s, 'interstate partner'), {
          fipsState: o.fips, name: o.name, baseUrl: o.url, inboundKey: o.inboundKey, outboundKey: o.outboundKey, sduFips: o.sduFips, sduName: o.sduName,
          sduRoutingNumber: o.sduRouting, sduAccountNumber: o.sduAccount, sduAccountType: o.sduAccountType,
        });
        if (!r.ok) h.fatal(r.message, r.details);
        process.stdout.write(`partner ${r.value.fipsState} (${r.value.name}): ${r.value.acceptsInbound ? 'accepts its transactions' : 'no inbound key'}; ${r.value.canSend ? 'can send to it' : 'cannot send yet'}\n`);
      }),
    );

  is.command('key').description('print a fresh random partner key (give it to the other program out of band)').action(() => {
    process.stdout.write(newPartnerKey() + '\n');
  });

  is.command('request')
    .description('queue a CSENet request on a case (ENF, EST, PAT referral; CSI status; LO1 locate; MSC update)')
    .requiredOption('--case <caseNumber>')
    .requiredOption('--function <code>', 'CSI, ENF, EST, PAT, LO1 or MSC')
    .option('--reason <code>', 'action reason code (default per function)')
    .action((o) =>
      h.withSystem(async (s) => {
        const r = await requestOnCase(s.deps, h.cliContext(s, 'intergovernmental case'), o.case, { functionCode: String(o.function).toUpperCase() as 'ENF', reasonCode: o.reason });
        if (!r.ok) h.fatal(r.message, r.details);
        process.stdout.write(`queued ${r.value.functionCode} ${r.value.action} ${r.value.reasonCode} serial ${r.value.serial} to ${r.value.otherFips}\n`);
      }),
    );

  is.command('send')
    .description('send the queued CSENet transactions, one batch per partner (a repeat is harmless)')
    .action(() =>
      h.withSystem(async (s) => {
        const r = await sendQueued(s.deps, h.cliContext(s, 'CSENet send'));
        if (!r.ok) h.fatal(r.message, r.details);
        for (const p of r.value.partners) process.stdout.write(`${p.fipsState}: ${p.sent} sent${p.duplicates ? ` (${p.duplicates} already received)` : ''}${p.failed ? `, ${p.failed} failed: ${p.error}` : ''}\n`);
        process.stdout.write(`${r.value.sent} sent, ${r.value.failed} failed\n`);
        if (r.value.failed) process.exitCode = 1;
      }),
    );

  is.command('forward')
    .description('advise initiating States (COL P) of collections disbursed to them by the daily cycle')
    .action(() =>
      h.withSystem(async (s) => {
        const r = await forwardCollections(s.deps, h.cliContext(s, 'collection forwarding'));
        if (!r.ok) h.fatal(r.message, r.details);
        for (const a of r.value.advices) process.stdout.write(`${a.caseNumber}\t${formatDollars(a.amountCents)}\tcollected ${a.collectionDates.join(',')}\tCOL P serial ${a.serial}\t${a.onTime ? 'on time' : 'LATE'}\n`);
        process.stdout.write(`${r.value.forwarded} collections advised (${formatDollars(r.value.totalCents)}), ${r.value.late} late\n`);
      }),
    );

  is.command('forward-file')
    .description('write the NACHA CCD+ file paying the other States\' SDUs for the collections forwarded to them (one file per date, a batch per State; a repeat writes nothing)')
    .requiredOption('--date <date>', 'business date (YYYY-MM-DD); takes forwarded disbursements issued on or before it')
    .option('--out <path>', 'also write the file here')
    .action((o) =>
      h.withSystem(async (s) => {
        const r = await writeForwardFile(s.deps, h.cliContext(s, 'interstate forwarding file'), o.date);
        if (!r.ok) h.fatal(r.message, r.details);
        const f = r.value;
        for (const b of f.batches) process.stdout.write(`batch ${b.batchNumber}\tFIPS ${b.fipsState} ${b.partnerName}\t${b.entries} entries\t${formatDollars(b.totalCents)}\n`);
        for (const k of f.skipped) process.stdout.write(`skipped disbursement ${k.disbursementId} (${k.caseNumber}): ${k.reason}\n`);
        if (f.fileId === null) process.stdout.write(`no file written for ${f.businessDate}: nothing new to pay\n`);
        else {
          process.stdout.write(`${f.fileName} (file ${f.fileId}, modifier ${f.fileIdModifier}, settles ${f.effectiveEntryDate}): ${f.entryCount} entries, ${formatDollars(f.totalCents)}\n`);
          if (o.out) {
            const file = await s.deps.db.selectFrom('disbursement_file').select('content').where('id', '=', f.fileId).executeTakeFirstOrThrow();
            writeFileSync(o.out, file.content, 'latin1');
          }
        }
      }),
    );

  is.command('advices')
    .description('collections other States advised (COL P) whose money has not arrived, oldest first, with their age')
    .action(() =>
      h.withSystem(async (s) => {
        const ctx = h.cliContext(s, 'interstate advised collections');
        const open = await awaitingAdvices(s.deps.db, ctx.clock.today());
        for (const a of open) process.stdout.write(`${a.adviceId}\t${a.caseNumber}\t${formatDollars(a.amountCents)}\tcollected ${a.collectionDate}\t${a.ageDays} days\n`);
        process.stdout.write(`${open.length} advised collection${open.length === 1 ? '' : 's'} awaiting money, ${formatDollars(open.reduce((n, a) => n + a.amountCents, 0))}\n`);
      }),
    );

  is.command('transactions')
    .description('CSENet transactions sent and received')
    .option('--case <caseNumber>')
    .option('--status <status>')
    .action((o) =>
      h.withSystem(async (s) => {
        const r = await listTransactions(s.deps.db, h.cliContext(s, 'CSENet log'), { caseNumber: o.case, status: o.status });
        if (!r.ok) h.fatal(r.message, r.details);
        for (const t of r.value) process.stdout.write(`${t.id}\t${t.direction}\t${t.serial}\t${t.functionCode} ${t.action} ${t.reasonCode ?? ''}\t${t.otherFips}\t${t.caseNumber ?? '-'}\t${t.status}${t.lastError ? `\t${t.lastError}` : ''}\n`);
      }),
    );

  is.command('quick')
    .description('ask another program about a case through QUICK (real time, read-only, audited)')
    .requiredOption('--fips <state>', "the other program's 2-digit FIPS state code")
    .requiredOption('--case <id>', 'its case id (or ours, which it has on file)')
    .option('--purpose <text>', 'why (written to both audit logs)', 'intergovernmental case management')
    .option('--json', 'print the answer as JSON')
    .action((o) =>
      h.withSystem(async (s) => {
        const r = await askQuick(s.deps, h.cliContext(s, o.purpose), { fipsState: o.fips, caseId: o.case });
        if (!r.ok) h.fatal(r.message, r.details);
        process.stdout.write(o.json ? JSON.stringify(r.value, null, 2) + '\n' : formatQuick(r.value));
      }),
    );
}
