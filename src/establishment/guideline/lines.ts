/**
 * Accumulates the numbered lines of one worksheet calculation. Each model has its own labels (the
 * state's worksheet where it has one, OpenCSE's otherwise); a line's figures are decimal strings, a
 * percent line also carries the exact fraction behind it.
 */
import { formatCents, type Cents } from '../../kernel/money.ts';
import { formatPercent, formatRatio, type PercentRounding, type Ratio } from './rational.ts';
import type { LineUnit, WorksheetLine } from './worksheet.ts';

export interface LineLabels {
  /** line id -> label */
  readonly labels: Readonly<Record<string, string>>;
  /** Lines numbered as on the state's own worksheet ("reference"); all others are OpenCSE's. */
  readonly referenceLines: ReadonlySet<string>;
}

type Values<T> = { obligor?: T | null; obligee?: T | null; combined?: T | null };

export class Lines {
  readonly lines: WorksheetLine[] = [];
  constructor(
    private readonly layout: LineLabels,
    private readonly percentRounding: PercentRounding,
  ) {}

  add(line: string, unit: LineUnit, values: Values<string>, note?: string, label?: string): WorksheetLine {
    const entry: WorksheetLine = {
      line,
      label: label ?? this.layout.labels[line] ?? line,
      unit,
      obligor: values.obligor ?? null,
      obligee: values.obligee ?? null,
      combined: values.combined ?? null,
      origin: this.layout.referenceLines.has(line) ? 'reference' : 'opencse',
    };
    if (note) entry.note = note;
    this.lines.push(entry);
    return entry;
  }

  usd(line: string, values: Values<Cents>, note?: string, label?: string): WorksheetLine {
    const f = (c: Cents | null | undefined) => (c === null || c === undefined ? null : formatCents(c));
    return this.add(line, 'usd', { obligor: f(values.obligor), obligee: f(values.obligee), combined: f(values.combined) }, note, label);
  }

  pct(line: string, values: Values<Ratio>, note?: string, label?: string, rounding: PercentRounding = this.percentRounding): WorksheetLine {
    const f = (r: Ratio | null | undefined) => (r ? formatPercent(r, rounding) : null);
    const entry = this.add(line, 'percent', { obligor: f(values.obligor), obligee: f(values.obligee), combined: f(values.combined) }, note, label);
    const exact: NonNullable<WorksheetLine['exact']> = {};
    if (values.obligor) exact.obligor = formatRatio(values.obligor);
    if (values.obligee) exact.obligee = formatRatio(values.obligee);
    if (values.combined) exact.combined = formatRatio(values.combined);
    entry.exact = exact;
    return entry;
  }
}
