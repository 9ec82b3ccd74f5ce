/**
 * The worksheet a guideline calculation returns: plain JSON, every figure a decimal string, every line
 * numbered and labelled. Lines numbered as on a state's own worksheet are `origin: "reference"` (PA
 * lines "1".."13e"); the lines OpenCSE adds ("TP-", "LI-", "E", "T", and every line of a model whose
 * official worksheet was not read) are `origin: "opencse"`, so every number on the order can be traced.
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
  /** "reference" for the state worksheet's own lines, "opencse" for the lines OpenCSE adds or numbers. */
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
    /** Percentage models: split placement, serial-family adjustment, high-income tiers. */
    splitPlacement?: boolean;
    serialFamily?: boolean;
    highIncome?: boolean;
  };
  result: {
    /** Basic child support the payer owes after the shared custody and low-income rules. */
    basicSupportMonthly: string;
    /** Obligor's net contribution to child care, premium and medical expenses (negative = credit). */
    additionalExpensesMonthly: string;
    /** What the payer owes a month under the guideline (never below zero). */
    totalMonthly: string;
    /**
     * Who pays: the obligor in an income-shares case; in a percentage model with shared or split
     * placement the offset decides, and it can be the parent entered as obligee. Null when nobody owes.
     */
    payer: 'obligor' | 'obligee' | null;
  };
}

/** The federal findings of 45 CFR 302.56 the worksheet carries. */
export interface WorksheetFindings {
  /** How this model meets 302.56(c)(1)(ii): the obligor's subsistence needs. */
  subsistence: string;
  parents: Array<{
    who: string;
    incarcerated: boolean;
    imputedIncome: { reason: string; factors: string[]; finding: string } | null;
  }>;
  /** 302.56(g): a written finding when the order departs from the guideline amount. */
  deviation: {
    calculationId: string;
    guidelineMonthly: string;
    orderedMonthly: string;
    difference: string;
    reason: string;
    bestInterests: string | null;
  } | null;
}

export interface Worksheet {
  format: 'opencse-guideline-worksheet';
  formatVersion: 2;
  state: string;
  calculationDate: string;
  children: number;
  caseType: 'parents' | 'thirdParty';
  /** The guideline model and version that computed it (the program's policy names it). */
  schedule: {
    id: string;
    model: 'income-shares' | 'percentage-of-income';
    title: string;
    citation: string;
    effectiveFrom: string;
    effectiveThrough: string | null;
    effectiveDatesConfidence: 'verified' | 'unverified';
    /** Income-shares only: the schedule rows held. */
    rowsHeld: { lowest: string; highest: string; complete: boolean } | null;
    /** Which incomes this version can compute, in a sentence. */
    coverage: string;
    /** Parts of the state's rule documented as not loaded. */
    notLoaded: string[];
    /** How the state's worksheet is laid out (its own line numbers or OpenCSE's). */
    layout: string;
  };
  options: { percentRounding: PercentRounding; shareRounding: ShareRounding; betweenRows: BetweenRows | null };
  calculations: WorksheetCalculation[];
  findings: WorksheetFindings;
  /** Things a reader must know: rules not applied and why, clamps, data caveats. */
  notes: string[];
}

/** Finds a line of a calculation by its number ("10", "13d", "T1"). */
export function worksheetLine(calculation: WorksheetCalculation, line: string): WorksheetLine | undefined {
  return calculation.lines.find((l) => l.line === line);
}
