/**
 * The worksheet a guideline calculation returns: plain JSON, every figure a decimal string, every line
 * numbered and labelled. Lines "1".."13e" are the lines of the reference worksheet (Pa.R.C.P.
 * 1910.16-4(a), Parts I-II); lines with a letter prefix ("TP-", "LI-", "E", "T") are OpenCSE
 * additions that show the other rules applied (third-party income, low-income adjustment, additional
 * expenses, total), so every number on the order can be traced.
 */
import type { BetweenRows } from './schedule.ts';
import type { PercentRounding, ShareRounding } from './rational.ts';

/** usd: "1234.56"; percent: "62" or "61.5385" (percentage points); count: "146"; text: free text. */
export type LineUnit = 'usd' | 'percent' | 'count' | 'text';

export interface WorksheetLine {
  line: string;
  label: string;
  unit: LineUnit;
  obligor: string | null;
  obligee: string | null;
  combined: string | null;
  /** For percent lines: the exact fraction of 1 behind the figure ("8/13", "31/50"). */
  exact?: { obligor?: string; obligee?: string; combined?: string };
  note?: string;
  /** "reference" for the worksheet's own lines 1-13e, "opencse" for the lines OpenCSE adds. */
  origin: 'reference' | 'opencse';
}

export interface WorksheetParty {
  role: 'obligor' | 'obligee' | 'thirdParty';
  name: string | null;
}

export interface WorksheetCalculation {
  /** "main" for a parents case; "obligor1" / "obligor2" for each separate obligor of a third-party case. */
  id: string;
  obligor: WorksheetParty;
  obligee: WorksheetParty;
  lines: WorksheetLine[];
  applied: {
    socialSecurityBenefit: boolean;
    sharedCustody: boolean;
    furtherAdjustment: boolean;
    lowIncome: boolean;
    additionalExpenses: boolean;
  };
  result: {
    /** Basic child support the obligor owes after the shared custody and low-income rules. */
    basicSupportMonthly: string;
    /** Obligor's net contribution to child care, premium and medical expenses (negative = credit). */
    additionalExpensesMonthly: string;
    /** What the obligor owes a month under the guideline (never below zero). */
    totalMonthly: string;
  };
}

export interface Worksheet {
  format: 'opencse-guideline-worksheet';
  formatVersion: 1;
  state: string;
  calculationDate: string;
  children: number;
  caseType: 'parents' | 'thirdParty';
  schedule: {
    id: string;
    title: string;
    citation: string;
    effectiveFrom: string;
    effectiveThrough: string | null;
    effectiveDatesConfidence: 'verified' | 'unverified';
    rowsHeld: { lowest: string; highest: string; complete: boolean };
  };
  options: { percentRounding: PercentRounding; shareRounding: ShareRounding; betweenRows: BetweenRows };
  calculations: WorksheetCalculation[];
  /** Things a reader must know: rules not applied and why, clamps, data caveats. */
  notes: string[];
}

/** Finds a line of a calculation by its number ("10", "13d", "T1"). */
export function worksheetLine(calculation: WorksheetCalculation, line: string): WorksheetLine | undefined {
  return calculation.lines.find((l) => l.line === line);
}
