/** The worksheet as plain text for a terminal (fixed-width columns, ASCII only). */
import { formatDollars, parseCents } from '../../kernel/money.ts';
import type { Worksheet, WorksheetCalculation, WorksheetLine } from './worksheet.ts';

/** A cell as people read it: "$1,234.56", "62%", "146", or the text itself; blank when empty. */
export function displayValue(line: WorksheetLine, value: string | null): string {
  if (value === null) return '';
  switch (line.unit) {
    case 'usd': {
      const cents = parseCents(value);
      return cents === null ? value : formatDollars(cents);
    }
    case 'percent':
      return `${value}%`;
    default:
      return value;
  }
}

/** Wraps text to `width` characters at spaces (a word longer than the width is cut). */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (current) {
        out.push(current);
        current = '';
      }
      out.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!current) current = w;
    else if (current.length + 1 + w.length <= width) current += ` ${w}`;
    else {
      out.push(current);
      current = w;
    }
  }
  if (current) out.push(current);
  return out.length ? out : [''];
}

const LINE_W = 5;
const LABEL_W = 52;
const VALUE_W = 13;

function partyName(p: WorksheetCalculation['obligor']): string {
  const role = p.role === 'thirdParty' ? 'third party' : p.role;
  return p.name ? `${p.name} (${role})` : role;
}

const MODEL_NAMES = { 'income-shares': 'income shares', 'percentage-of-income': 'percentage of income' } as const;

function wrapped(out: string[], text: string, width: number, first = '', rest = '') {
  const parts = wrapText(text, width - first.length);
  out.push(`${first}${parts[0]}`);
  for (const more of parts.slice(1)) out.push(`${rest}${more}`);
}

export function formatWorksheetText(worksheet: Worksheet, context: { caseNumber?: string | null } = {}): string {
  const out: string[] = [];
  const s = worksheet.schedule;
  const rule = '-'.repeat(LINE_W + 1 + LABEL_W + 3 * (VALUE_W + 1));
  out.push(`Child support guideline worksheet - ${worksheet.state}${context.caseNumber ? ` - case ${context.caseNumber}` : ''}`);
  wrapped(out, `Guideline: ${s.title} [${s.id}], ${MODEL_NAMES[s.model]} model, in effect ${s.effectiveFrom} to ${s.effectiveThrough ?? 'no end date'}${s.effectiveDatesConfidence === 'verified' ? '' : ' (dates unverified)'}`, rule.length, '', '  ');
  wrapped(out, `Source: ${s.citation}`, rule.length, '', '  ');
  wrapped(out, `Can compute: ${s.coverage}`, rule.length, '', '  ');
  out.push(
    `Calculation date: ${worksheet.calculationDate}   Children: ${worksheet.children}   Case: ${worksheet.caseType === 'thirdParty' ? 'third-party payer' : 'parents'}`,
  );
  if (s.model === 'income-shares') {
    out.push(`Rounding: percentages ${worksheet.options.percentRounding}, shares ${worksheet.options.shareRounding}; between schedule rows: ${worksheet.options.betweenRows}`);
  }
  for (const calc of worksheet.calculations) {
    out.push('');
    out.push(`${worksheet.calculations.length > 1 ? `[${calc.id}] ` : ''}Obligor: ${partyName(calc.obligor)}   Obligee: ${partyName(calc.obligee)}`);
    out.push(rule);
    out.push(`${'Line'.padEnd(LINE_W)} ${'Description'.padEnd(LABEL_W)} ${'Obligor'.padStart(VALUE_W)} ${'Obligee'.padStart(VALUE_W)} ${'Combined'.padStart(VALUE_W)}`);
    out.push(rule);
    for (const line of calc.lines) {
      const label = wrapText(line.label, LABEL_W);
      const values = [line.obligor, line.obligee, line.combined].map((v) => displayValue(line, v).padStart(VALUE_W)).join(' ');
      out.push(`${line.line.padEnd(LINE_W)} ${label[0]!.padEnd(LABEL_W)} ${values}`);
      for (const more of label.slice(1)) out.push(`${''.padEnd(LINE_W)} ${more}`);
      if (line.note) for (const n of wrapText(`(${line.note})`, LABEL_W + 3 * (VALUE_W + 1) - 2)) out.push(`${''.padEnd(LINE_W)}   ${n}`);
    }
    out.push(rule);
    const payer = calc.result.payer === 'obligee' ? 'PAID BY THE OBLIGEE' : calc.result.payer === null ? 'nobody owes' : 'paid by the obligor';
    out.push(`Basic support ${formatDollars(parseCents(calc.result.basicSupportMonthly)!)}` +
      ` + additional expenses ${formatDollars(parseCents(calc.result.additionalExpensesMonthly)!)}` +
      ` = TOTAL MONTHLY OBLIGATION ${formatDollars(parseCents(calc.result.totalMonthly)!)} (${payer})`);
  }
  out.push('');
  out.push('Findings (45 CFR 302.56):');
  wrapped(out, `Subsistence: ${worksheet.findings.subsistence}`, rule.length, '  - ', '    ');
  const d = worksheet.findings.deviation;
  if (d) wrapped(out, `Deviation: guideline $${d.guidelineMonthly}, ordered $${d.orderedMonthly} (difference $${d.difference}); reason: ${d.reason}`, rule.length, '  - ', '    ');
  const notes = [...worksheet.notes, ...s.notLoaded.map((n) => `Not loaded: ${n}`)];
  if (notes.length) {
    out.push('');
    out.push('Notes:');
    for (const note of notes) wrapped(out, note, rule.length, '  - ', '    ');
  }
  return `${out.join('\n')}\n`;
}
