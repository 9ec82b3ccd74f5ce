/**
 * Pure rules for obligations: converting an order's amount to a monthly current support figure, and
 * which obligations and assistance apply in a support month.
 */
import type { Cents } from '../kernel/money.ts';
import type { Frequency, ObligationKind } from '../db/schema.ts';

/** Payments per year of each frequency. */
const PER_YEAR: Record<Exclude<Frequency, 'one_time'>, number> = { weekly: 52, biweekly: 26, semimonthly: 24, monthly: 12 };

/**
 * The monthly equivalent of a periodic amount: amount × payments a year ÷ 12, rounded half up to the
 * cent (45 CFR 302.51(a)(2) lets a State round the converted amount; we keep cents).
 */
export function monthlyEquivalentCents(amountCents: Cents, frequency: Exclude<Frequency, 'one_time'>): Cents {
  const yearly = amountCents * PER_YEAR[frequency];
  return Math.floor((yearly * 2 + 12) / 24);
}

export interface ObligationTerms {
  kind: ObligationKind;
  amountCents: Cents;
  frequency: Frequency;
  startDate: string;
  endDate: string | null;
}

/** Support months run whole: an obligation counts for a month when it is in effect on any day of it. */
export function activeInMonth(o: Pick<ObligationTerms, 'startDate' | 'endDate'>, month: string): boolean {
  const first = `${month}-01`;
  const last = `${month}-31`;
  return o.startDate <= last && (o.endDate === null || o.endDate >= first);
}

/** Current support due for a month: the monthly equivalents of the periodic obligations in effect. */
export function currentSupportForMonth(obligations: readonly ObligationTerms[], month: string): Cents {
  let total = 0;
  for (const o of obligations) {
    if (o.frequency === 'one_time' || o.kind === 'arrears_judgment') continue;
    if (activeInMonth(o, month)) total += monthlyEquivalentCents(o.amountCents, o.frequency);
  }
  return total;
}

export interface AssistanceTerms {
  program: 'tanf' | 'iv_e';
  startMonth: string;
  endMonth: string | null;
  monthlyAmountCents: Cents;
}

export function assistanceInMonth(periods: readonly AssistanceTerms[], month: string): { assistanceMonth: boolean; paidCents: Cents; program: 'tanf' | 'iv_e' | null } {
  let paid = 0;
  let program: 'tanf' | 'iv_e' | null = null;
  for (const p of periods) {
    if (p.startMonth <= month && (p.endMonth === null || p.endMonth >= month)) {
      paid += p.monthlyAmountCents;
      program = p.program;
    }
  }
  return { assistanceMonth: program !== null, paidCents: paid, program };
}
