/** Plain-text renderings of the federal reports for the command line. */
import { formatDollars } from '../kernel/money.ts';
import type { Ocse157Report } from './ocse157.ts';
import type { Ocse34Report } from './ocse34.ts';
import type { PerformanceReport } from './service.ts';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padLeft = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function formatOcse157(r: Ocse157Report, officeCode: string | null, listLine?: string): string {
  const out: string[] = [];
  out.push(`OCSE-157 Child Support Enforcement Annual Data Report - FFY ${r.fiscalYear} (${r.periodStart} to ${r.periodEnd})${officeCode ? ` - office ${officeCode}` : ''}`);
  out.push('');
  out.push(`${pad('Line', 6)}${pad('Description', 78)}${padLeft('Value', 16)}  Confidence`);
  for (const l of r.lines) {
    const value = l.value === null ? 'n/a' : l.unit === 'cents' ? formatDollars(l.value) : String(l.value);
    out.push(`${pad(l.line, 6)}${pad(l.label.slice(0, 77), 78)}${padLeft(value, 16)}  ${l.confidence.replace('_', ' ')}${l.basis === 'entered' && l.value !== null ? ' (entered)' : ''}`);
  }
  out.push('');
  out.push('What each line counts here:');
  for (const l of r.lines) out.push(`  ${pad(l.line, 4)} ${l.counts} [${l.source}]`);
  if (listLine) {
    const rows = r.drill[listLine];
    out.push('');
    if (!rows) out.push(`line ${listLine} has no list`);
    else {
      out.push(`Line ${listLine}: ${rows.length} ${r.lines.find((l) => l.line === listLine)?.unit ?? 'rows'}`);
      for (const row of rows) {
        if (row.personId !== undefined) out.push(`  child ${row.personId} ${row.name ?? ''} in ${row.caseNumbers?.join(', ')}`);
        else out.push(`  ${row.caseNumber} ${pad(row.caseType ?? '', 20)} ${row.officeCode ?? ''}${row.amountCents !== undefined ? `  ${formatDollars(row.amountCents)}` : ''}${row.detail ? `  ${JSON.stringify(row.detail)}` : ''}`);
      }
    }
  }
  return out.join('\n');
}

export function formatOcse34(r: Ocse34Report & { scope?: { programCode: string | null } }): string {
  const out: string[] = [];
  out.push(`OCSE-34 Quarterly Report of Collections - FFY ${r.fiscalYear} quarter ${r.quarter} (${r.periodStart} to ${r.periodEnd})${r.scope?.programCode ? ` - program ${r.scope.programCode}` : ''}`);
  out.push('');
  const cols = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
  out.push(`${pad('Line', 16)}${pad('Description', 76)}${padLeft('Amount', 16)}`);
  for (const l of r.lines) {
    out.push(`${pad(l.line, 16)}${pad(l.label.slice(0, 75), 76)}${padLeft(formatDollars(l.amountCents), 16)}`);
    if (l.columns && l.amountCents !== 0) out.push(`${' '.repeat(16)}  by column: ${cols.map((c) => `${c} ${formatDollars(l.columns![c])}`).join('  ')}`);
    if (l.note) out.push(`${' '.repeat(16)}  (${l.note})`);
  }
  out.push('');
  for (const c of r.checks) out.push(`check: ${c.name}: ${c.ok ? 'ok' : 'FAILED'} (${c.detail})`);
  out.push('Columns: A current IV-A, B current IV-E, C former IV-A, D former IV-E, E Medicaid never assistance, F other never assistance.');
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

export function formatPerformance(r: PerformanceReport): string {
  const out: string[] = [];
  out.push(`Federal performance measures - FFY ${r.fiscalYear}${r.scope.officeCode ? ` - office ${r.scope.officeCode}` : ''}`);
  out.push('');
  for (const m of r.measures) {
    const value = m.value === null ? 'n/a' : m.measure === 'cost_effectiveness' ? `$${m.value.toFixed(2)} per $1` : `${m.value.toFixed(2)}%`;
    const prior = m.priorValue === null ? '' : ` (prior year ${m.priorValue.toFixed(2)}%)`;
    out.push(`${pad(m.label, 40)} ${pad(m.lines, 50)} ${padLeft(value, 16)}${prior}`);
    out.push(`${' '.repeat(41)}credit ${m.credit} (${m.creditBasis}); incentive base ${formatDollars(m.earnedBaseCents)} of ${formatDollars(m.maximumBaseCents)}`);
    if (m.penalty.applies) out.push(`${' '.repeat(41)}penalty test: ${m.penalty.passed === null ? 'no data' : m.penalty.passed ? 'passed' : 'FAILED'} (standard ${m.penalty.standard}${m.penalty.detail ? `; ${m.penalty.detail}` : ''})${m.penaltyRange ? `; ${m.consecutiveFailures} consecutive: ${m.penaltyRange}` : ''}`);
  }
  if (r.collectionsBase) out.push('', `Collections base ${formatDollars(r.collectionsBase.baseCents)} = 2 x ${formatDollars(r.collectionsBase.assistanceCents)} (assistance cases) + ${formatDollars(r.collectionsBase.otherCents)} (other); incentive base ${formatDollars(r.incentiveBaseCents ?? 0)}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
