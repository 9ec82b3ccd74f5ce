/**
 * OCSE-157 (Child Support Enforcement Annual Data Report) lines computed from report data as plain loops,
 * each line with the cases (or children) behind it so an auditor can go from a number to the records.
 * Which lines are confirmed from government sources and which are inferred follows federal-rules.md 6.2;
 * every line carries its confidence and what exactly it counts here. Pure: no database.
 */
import { currentSupportForMonth, type ObligationTerms } from '../financial/obligation-rules.ts';
import type { ReportAllocation, ReportCase, ReportData } from './data.ts';

export type Confidence = 'confirmed' | 'inference' | 'not_supported';
/** Where a line's figure comes from: counted from the records, or entered (statewide vital statistics). */
export type LineBasis = 'counted' | 'entered';
export type LineUnit = 'cases' | 'children' | 'cents';

export interface Ocse157Line {
  line: string;
  label: string;
  unit: LineUnit;
  value: number | null;
  confidence: Confidence;
  /** Where the line's meaning comes from. */
  source: string;
  /** What this system counts for the line, in words. */
  counts: string;
  drillDown: 'cases' | 'children' | null;
  basis: LineBasis;
}

export interface DrillRow {
  caseId?: number;
  caseNumber?: string;
  caseType?: string;
  officeCode?: string;
  personId?: number;
  name?: string;
  caseNumbers?: string[];
  amountCents?: number;
  detail?: Record<string, string | number | boolean | null>;
}

export interface Ocse157Report {
  form: 'OCSE-157';
  fiscalYear: number;
  periodStart: string;
  periodEnd: string;
  officeId: number | null;
  lines: Ocse157Line[];
  drill: Record<string, DrillRow[]>;
}

export function fiscalYearBounds(year: number): { start: string; end: string } {
  return { start: `${year - 1}-10-01`, end: `${year}-09-30` };
}

export function fiscalYearMonths(year: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    const m = ((9 + i) % 12) + 1;
    out.push(`${m >= 10 ? year - 1 : year}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

/** The case is open (a IV-D case) on `date`: opened by then and not inside a closed interval. */
export function openOn(c: ReportCase, date: string): boolean {
  if (c.openedDate > date) return false;
  return !c.closedIntervals.some((i) => i.closed <= date && (i.reopened === null || i.reopened > date));
}

/** The case is open on at least one day from `from` to `to`. */
export function openSomeDay(c: ReportCase, from: string, to: string): boolean {
  if (c.openedDate > to) return false;
  const first = c.openedDate > from ? c.openedDate : from;
  return !c.closedIntervals.some((i) => i.closed <= first && (i.reopened === null || i.reopened > to));
}

const ARREARS_TARGETS = new Set(['PA', 'TA', 'CA', 'UDA', 'UPA', 'NA']);

/** A distributed allocation (not money held) signed by when it moved: + on its date, − on its reversal's. */
function netIn(a: ReportAllocation, from: string, to: string): number {
  if (a.payee === 'held') return 0;
  let n = 0;
  if (a.date >= from && a.date <= to) n += a.amountCents;
  if (a.reversedDate && a.reversedDate >= from && a.reversedDate <= to) n -= a.amountCents;
  return n;
}

interface CaseMoney {
  currentDue: number;
  currentPaid: number;
  arrearsPaid: number;
  collected: number;
  arrearsAtStart: number;
  arrearsAdded: number;
}

/**
 * Current support due by case and month: the accrual of each charged month, and for the month the case
 * account opened (which has no accrual row) the order's terms for that month.
 */
export function currentSupportDueByMonth(data: ReportData): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  const put = (caseId: number, month: string, cents: number) => {
    let m = out.get(caseId);
    if (!m) out.set(caseId, (m = new Map()));
    m.set(month, cents);
  };
  for (const a of data.accruals) put(a.caseId, a.supportMonth, a.currentSupportCents);
  const accountCases = new Set(data.accounts.map((a) => a.caseId));
  const firstEffective = new Map<number, string>();
  for (const o of data.orders) {
    const prev = firstEffective.get(o.caseId);
    if (!prev || o.effectiveDate < prev) firstEffective.set(o.caseId, o.effectiveDate);
  }
  for (const [caseId, effective] of firstEffective) {
    if (!accountCases.has(caseId)) continue;
    const month = effective.slice(0, 7);
    if (out.get(caseId)?.has(month)) continue;
    const terms: ObligationTerms[] = data.obligations
      .filter((o) => o.caseId === caseId && o.orderStatus !== 'terminated')
      .map((o) => ({ kind: o.kind, amountCents: o.amountCents, frequency: o.frequency, startDate: o.startDate, endDate: o.endDate }));
    put(caseId, month, currentSupportForMonth(terms, month));
  }
  return out;
}

/** Computes the OCSE-157 for federal fiscal year `year` (FFY 2026 runs 2025-10-01 to 2026-09-30). */
export function computeOcse157(data: ReportData, year: number): Ocse157Report {
  const { start, end } = fiscalYearBounds(year);
  const prior = fiscalYearBounds(year - 1);
  const months = fiscalYearMonths(year);
  const drill: Record<string, DrillRow[]> = {};
  const caseRow = (c: ReportCase, extra: Partial<DrillRow> = {}): DrillRow => ({ caseId: c.id, caseNumber: c.caseNumber, caseType: c.caseType, officeCode: c.officeCode, ...extra });

  // Line 3 (OCSE letter of 10 Jul 1998): cases over which the State has no jurisdiction are reported on
  // no other line. A case counts when a recorded no-jurisdiction span covers the last day of the year and
  // the case is open then; such a case is left out of every other line of the year (money lines too).
  const factOn = (caseId: number, fact: 'no_jurisdiction' | 'health_insurance_provided', date: string) =>
    data.caseFacts.some((f) => f.caseId === caseId && f.fact === fact && f.fromDate <= date && (f.throughDate === null || f.throughDate >= date));
  const noJurisdiction = data.cases.filter((c) => openOn(c, end) && factOn(c.id, 'no_jurisdiction', end));
  drill['3'] = noJurisdiction.map((c) => caseRow(c));
  const excluded = new Set(noJurisdiction.map((c) => c.id));
  const cases = data.cases.filter((c) => !excluded.has(c.id));
  const openAtEnd = cases.filter((c) => openOn(c, end));
  const openDuring = cases.filter((c) => openSomeDay(c, start, end));
  const firstOrder = new Map<number, string>();
  for (const o of data.orders) if (!firstOrder.has(o.caseId) || o.enteredDate < firstOrder.get(o.caseId)!) firstOrder.set(o.caseId, o.enteredDate);

  // Lines 1, 2, 12, 19, 20: cases open at the end of the year.
  drill['1'] = openAtEnd.map((c) => caseRow(c));
  const withOrder = openAtEnd.filter((c) => (firstOrder.get(c.id) ?? '9999') <= end);
  drill['2'] = withOrder.map((c) => caseRow(c, { detail: { firstOrderEntered: firstOrder.get(c.id)! } }));
  const withOrderIds = new Set(withOrder.map((c) => c.id));
  drill['12'] = openAtEnd.filter((c) => !withOrderIds.has(c.id)).map((c) => caseRow(c));
  drill['19'] = openAtEnd.filter((c) => c.interstateRole === 'initiating').map((c) => caseRow(c));
  drill['20'] = openAtEnd.filter((c) => c.interstateRole === 'responding').map((c) => caseRow(c));
  drill['17'] = openDuring.filter((c) => { const d = firstOrder.get(c.id); return d !== undefined && d >= start && d <= end; }).map((c) => caseRow(c, { detail: { firstOrderEntered: firstOrder.get(c.id)! } }));

  // Lines 4, 5, 5a, 6, 13: children on cases open at the end of the year (each child counted once).
  const childrenAt = (date: string) => {
    const openIds = new Set(cases.filter((c) => openOn(c, date)).map((c) => c.id));
    const numbers = new Map(data.cases.map((c) => [c.id, c.caseNumber]));
    const byPerson = new Map<number, { personId: number; name: string; caseNumbers: string[]; outOfWedlock: boolean; paternity: boolean }>();
    for (const m of data.children) {
      if (!openIds.has(m.caseId) || m.startDate > date || (m.endDate !== null && m.endDate < date)) continue;
      const p = byPerson.get(m.personId) ?? { personId: m.personId, name: m.name, caseNumbers: [], outOfWedlock: false, paternity: false };
      p.caseNumbers.push(numbers.get(m.caseId)!);
      if (m.bornOutOfWedlock === true) {
        p.outOfWedlock = true;
        if (m.paternityEstablished === true) p.paternity = true;
      }
      byPerson.set(m.personId, p);
    }
    return [...byPerson.values()].sort((a, b) => a.personId - b.personId);
  };
  const childRow = (p: { personId: number; name: string; caseNumbers: string[] }): DrillRow => ({ personId: p.personId, name: p.name, caseNumbers: [...p.caseNumbers].sort() });
  const kids = childrenAt(end);
  const kidsPrior = childrenAt(prior.end);
  drill['4'] = kids.map(childRow);
  drill['5'] = kids.filter((k) => k.outOfWedlock).map(childRow);
  drill['5a'] = kidsPrior.filter((k) => k.outOfWedlock).map(childRow);
  drill['6'] = kids.filter((k) => k.outOfWedlock && k.paternity).map(childRow);
  drill['13'] = kids.filter((k) => k.outOfWedlock && !k.paternity).map(childRow);

  // Line 16 (Kansas code, inference): paternities established or acknowledged through the IV-D program
  // in the year: each child once, with a paternity still established today whose business date falls in
  // the year on a case that was a IV-D case (open) that day. A later-rescinded acknowledgment is left out.
  const caseOf = new Map(cases.map((c) => [c.id, c]));
  const established = new Map<number, DrillRow>();
  for (const p of data.paternities) {
    const c = caseOf.get(p.caseId);
    if (!c || p.establishedDate < start || p.establishedDate > end || !openOn(c, p.establishedDate)) continue;
    const prev = established.get(p.childPersonId);
    if (prev) {
      prev.caseNumbers = [...new Set([...prev.caseNumbers!, c.caseNumber])].sort();
      continue;
    }
    established.set(p.childPersonId, { personId: p.childPersonId, name: p.name, caseNumbers: [c.caseNumber], detail: { establishedDate: p.establishedDate, method: p.method } });
  }
  drill['16'] = [...established.values()].sort((a, b) => a.personId! - b.personId!);

  // Lines 21, 21a, 22, 23 (Kansas code, inference; the reference names 21a "cases open at the end of the
  // FY in which medical support is ordered and provided"): line 1 cases whose order (entered by the last
  // day) orders health insurance from a parent or cash medical support (21); of those, cases where health
  // insurance is recorded as provided on the last day (21a). 22 counts line 1 cases ordered to carry
  // health insurance and 23 those where it is provided as ordered (the meaning of 22 and 23 is
  // unverified). "Provided" is an entered fact (report_case_fact): no module records coverage.
  const insured = new Set(data.orderTerms.filter((t) => t.enteredDate <= end && ['obligor', 'obligee', 'both'].includes(t.healthInsuranceBy)).map((t) => t.caseId));
  const cashMedical = new Set(data.obligations.filter((o) => o.kind === 'medical_support' && o.enteredDate <= end).map((o) => o.caseId));
  const medicalRow = (c: ReportCase) => caseRow(c, { detail: { healthInsuranceOrdered: insured.has(c.id), cashMedicalOrdered: cashMedical.has(c.id), healthInsuranceProvided: factOn(c.id, 'health_insurance_provided', end) } });
  const medicalOrdered = openAtEnd.filter((c) => insured.has(c.id) || cashMedical.has(c.id));
  drill['21'] = medicalOrdered.map(medicalRow);
  drill['21a'] = medicalOrdered.filter((c) => insured.has(c.id) && factOn(c.id, 'health_insurance_provided', end)).map(medicalRow);
  drill['22'] = openAtEnd.filter((c) => insured.has(c.id)).map(medicalRow);
  drill['23'] = openAtEnd.filter((c) => insured.has(c.id) && factOn(c.id, 'health_insurance_provided', end)).map(medicalRow);

  // Money lines over cases open at some time in the year; amounts only for days the case was open.
  const due = currentSupportDueByMonth(data);
  const money = new Map<number, CaseMoney>();
  const get = (caseId: number) => {
    let m = money.get(caseId);
    if (!m) money.set(caseId, (m = { currentDue: 0, currentPaid: 0, arrearsPaid: 0, collected: 0, arrearsAtStart: 0, arrearsAdded: 0 }));
    return m;
  };
  const openDuringIds = new Set(openDuring.map((c) => c.id));
  const caseById = new Map(data.cases.map((c) => [c.id, c]));
  for (const [caseId, byMonth] of due) {
    if (!openDuringIds.has(caseId)) continue;
    const c = caseById.get(caseId)!;
    for (const month of months) {
      const cents = byMonth.get(month);
      if (cents && openSomeDay(c, `${month}-01`, lastDayOf(month))) get(caseId).currentDue += cents;
    }
  }
  for (const a of data.allocations) {
    if (!openDuringIds.has(a.caseId) || !openOn(caseById.get(a.caseId)!, a.date)) continue;
    const n = netIn(a, start, end);
    if (n === 0) continue;
    const m = get(a.caseId);
    m.collected += n;
    if (a.target === 'current_support') m.currentPaid += n;
    if (ARREARS_TARGETS.has(a.target)) m.arrearsPaid += n;
  }

  // Arrears owed at the start of the year, rebuilt backwards from today's balance:
  // start = now − (arrears added since the start) + (arrears paid since the start).
  const nowArrears = new Map(data.accounts.map((a) => [a.caseId, a.arrearsCents]));
  const addedSince = new Map<number, number>();
  const addedIn = new Map<number, number>();
  const bump = (map: Map<number, number>, id: number, n: number) => map.set(id, (map.get(id) ?? 0) + n);
  for (const a of data.accruals) {
    if (a.unpaidToArrearsCents <= 0) continue;
    const date = `${a.supportMonth}-01`;
    if (date >= start) bump(addedSince, a.caseId, a.unpaidToArrearsCents);
    if (date >= start && date <= end) bump(addedIn, a.caseId, a.unpaidToArrearsCents);
  }
  for (const o of data.obligations) {
    if (o.kind !== 'arrears_judgment') continue;
    if (o.enteredDate >= start) bump(addedSince, o.caseId, o.amountCents);
    if (o.enteredDate >= start && o.enteredDate <= end) bump(addedIn, o.caseId, o.amountCents);
  }
  const paidSince = new Map<number, number>();
  for (const a of data.allocations) {
    if (ARREARS_TARGETS.has(a.target)) {
      if (a.date >= start) bump(paidSince, a.caseId, a.amountCents);
      if (a.reversedDate && a.reversedDate >= start) bump(paidSince, a.caseId, -a.amountCents);
    } else if (a.target === 'current_support' && a.reversedDate && a.reversedDate.slice(0, 7) > a.supportMonth) {
      // A reversal after the month closed turns that month's paid current support into arrears.
      if (a.reversedDate >= start) bump(addedSince, a.caseId, a.amountCents);
      if (a.reversedDate >= start && a.reversedDate <= end) bump(addedIn, a.caseId, a.amountCents);
    }
  }
  for (const c of openDuring) {
    if (!nowArrears.has(c.id)) continue;
    const m = get(c.id);
    m.arrearsAtStart = nowArrears.get(c.id)! - (addedSince.get(c.id) ?? 0) + (paidSince.get(c.id) ?? 0);
    m.arrearsAdded = addedIn.get(c.id) ?? 0;
  }

  const moneyRows = (pick: (m: CaseMoney) => number) =>
    openDuring.flatMap((c) => {
      const m = money.get(c.id);
      const v = m ? pick(m) : 0;
      return v !== 0 ? [caseRow(c, { amountCents: v })] : [];
    });
  drill['18'] = moneyRows((m) => m.collected).filter((r) => r.amountCents! > 0);
  drill['24'] = moneyRows((m) => m.currentDue);
  drill['25'] = moneyRows((m) => m.currentPaid);
  drill['27'] = moneyRows((m) => m.arrearsPaid);
  const owing = openDuring.filter((c) => {
    const m = money.get(c.id);
    return m !== undefined && (m.arrearsAtStart > 0 || m.arrearsAdded > 0);
  });
  drill['28'] = owing.map((c) => {
    const m = money.get(c.id)!;
    return caseRow(c, { detail: { arrearsAtStartCents: m.arrearsAtStart, arrearsAddedCents: m.arrearsAdded } });
  });
  drill['29'] = owing.filter((c) => money.get(c.id)!.arrearsPaid > 0).map((c) => caseRow(c, { amountCents: money.get(c.id)!.arrearsPaid }));
  // Line 26 (Kansas code, inference): arrears due for all fiscal years = for each line 28 case, what it
  // owed at the start of the year plus what was added during it (before the year's payments, which are
  // line 27), so the cases behind line 26 are exactly those of line 28.
  drill['26'] = owing.map((c) => {
    const m = money.get(c.id)!;
    return caseRow(c, { amountCents: Math.max(0, m.arrearsAtStart) + m.arrearsAdded, detail: { arrearsAtStartCents: m.arrearsAtStart, arrearsAddedCents: m.arrearsAdded } });
  });

  // Lines 8, 8a, 9 (Wyoming manual App. 17.A): statewide births out of wedlock in the year (8) and the
  // prior year (8a), and statewide paternities established or acknowledged in the year (9). They count
  // every child born in the State, so they are entered from vital statistics (report_statewide_input),
  // never counted from IV-D records; an office view has none.
  const statewide = (y: number) => data.statewide.find((s) => s.fiscalYear === y);
  const births = statewide(year)?.birthsOutOfWedlock ?? null;
  const birthsPrior = statewide(year - 1)?.birthsOutOfWedlock ?? null;
  const paternitiesStatewide = statewide(year)?.paternitiesEstablished ?? null;

  const sum = (rows: DrillRow[]) => rows.reduce((s, r) => s + (r.amountCents ?? 0), 0);
  const AT = 'AT-99-15';
  const L = (line: string, label: string, unit: LineUnit, confidence: Confidence, source: string, counts: string, value: number | null = null): Ocse157Line => ({
    line,
    label,
    unit,
    value: confidence === 'not_supported' ? null : (value ?? (unit === 'cents' ? sum(drill[line]!) : drill[line]!.length)),
    confidence,
    source,
    counts,
    drillDown: confidence === 'not_supported' ? null : unit === 'children' ? 'children' : 'cases',
    basis: 'counted',
  });
  /** A line entered from outside the system: no case list behind it; null (not supported) until entered. */
  const entered = (line: string, label: string, source: string, value: number | null, what: string, fiscalYear: number): Ocse157Line => ({
    line,
    label,
    unit: 'children',
    value,
    confidence: value === null ? 'not_supported' : 'confirmed',
    source,
    counts:
      value === null
        ? `not entered: statewide ${what} for FFY ${fiscalYear} come from vital statistics (cse report statewide-input --year ${fiscalYear})${data.officeId !== null ? '; statewide figures are not shown for one office' : ''}`
        : `entered from vital statistics for FFY ${fiscalYear} (${statewide(fiscalYear)!.source}); statewide, not counted from IV-D records, so there is no case list`,
    drillDown: null,
    basis: 'entered',
  });
  const NOT_DEFINED = 'the reference lists lines 33-37 only as "Medicaid and medical-support lines (Kansas)", inference, with no meaning for each line; nothing is computed rather than a guessed definition';
  const lines: Ocse157Line[] = [
    L('1', 'Cases open at the end of the fiscal year', 'cases', 'confirmed', `${AT}; Kansas OCSE157 Line1`, `IV-D cases opened on or before ${end} and not closed on ${end} (closure history honoured)`),
    L('2', 'Cases open at the end of the fiscal year with support orders established', 'cases', 'confirmed', `${AT}; Kansas "Number of Cases with an Order"`, `line 1 cases with a support order entered on or before ${end} (a later-terminated order still counts: the order was established; inference)`),
    L('3', 'Cases for which the State has no jurisdiction', 'cases', 'confirmed', 'OCSE letter of 10 Jul 1998 (new reporting instrument)', `cases open on ${end} with a recorded no-jurisdiction span (report_case_fact, entered: no module records jurisdiction) covering that day; these cases are left out of every other line`),
    L('4', 'Children in IV-D cases open at the end of the fiscal year', 'children', 'inference', 'Kansas code (inference)', 'distinct children who are members of line 1 cases on the last day of the year'),
    L('5', 'Children in IV-D cases open at the end of the fiscal year born out of wedlock', 'children', 'confirmed', 'Wyoming manual App. 17.A', 'line 4 children marked born out of wedlock on a line 1 case'),
    L('5a', 'Children in IV-D cases open at the end of the prior fiscal year born out of wedlock', 'children', 'confirmed', 'Wyoming manual App. 17.A', `as line 5 on ${prior.end} (membership and closure history are dated; the born-out-of-wedlock flag is today's)`),
    L('6', 'Children in IV-D cases born out of wedlock with paternity established or acknowledged', 'children', 'confirmed', `${AT} (PEP numerator; wording is an inference)`, 'line 5 children whose paternity is marked established on a line 1 case (the date it was established is not kept)'),
    entered('8', 'Children in the State born out of wedlock during the fiscal year', 'Wyoming manual App. 17.A', births, 'births out of wedlock', year),
    entered('8a', 'Children in the State born out of wedlock during the prior fiscal year', 'Wyoming manual App. 17.A', birthsPrior, 'births out of wedlock', year - 1),
    entered('9', 'Children in the State with paternity established or acknowledged during the fiscal year', 'Wyoming manual App. 17.A', paternitiesStatewide, 'paternities established or acknowledged', year),
    L('12', 'Cases open at the end of the fiscal year needing a support order', 'cases', 'inference', 'Kansas code (inference)', 'line 1 cases without a support order (line 1 minus line 2); the federal exclusions (e.g. cases where an order cannot be pursued) are not applied'),
    L('13', 'Children in IV-D cases needing paternity established', 'children', 'inference', 'Kansas code (inference)', 'line 5 children whose paternity is not marked established'),
    L('16', 'Paternities established or acknowledged through the IV-D program in the fiscal year', 'children', 'inference', 'Kansas code (inference)', `distinct children with a paternity (acknowledgment, genetic test, court or default order) established on a date in the year while the case was open, and not rescinded since; drill-down gives the date and method`),
    L('17', 'Support orders established in the fiscal year', 'cases', 'inference', 'Kansas code (inference)', 'cases open during the year whose first support order was entered during the year'),
    L('18', 'Cases with collections in the fiscal year', 'cases', 'inference', 'Kansas code (inference)', 'cases open during the year with money distributed to them during the year (net of reversals)'),
    L('19', 'Interstate cases initiated in another State (this State initiating) open at year end', 'cases', 'inference', 'Kansas code (inference)', 'line 1 cases where this State is the initiating agency'),
    L('20', 'Interstate cases received from another State open at year end', 'cases', 'inference', 'Kansas code (inference)', 'line 1 cases where this State is the responding agency'),
    L('21', 'Cases open at the end of the fiscal year in which medical support is ordered', 'cases', 'inference', 'Kansas code (inference)', 'line 1 cases with an order entered by the last day that orders health insurance from a parent (obligor, obligee or both) or cash medical support'),
    L('21a', 'Cases open at the end of the fiscal year in which medical support is ordered and provided', 'cases', 'inference', 'Kansas code (inference; label as the reference gives it)', 'line 21 cases ordered to carry health insurance with coverage recorded as provided on the last day (report_case_fact, entered); cash medical payments are not told apart from current support by the financial module, so cash-medical-only cases never count'),
    L('22', 'Cases open at the end of the fiscal year in which health insurance is ordered', 'cases', 'inference', 'Kansas code (inference; meaning of line 22 unverified)', 'line 1 cases with an order entered by the last day that orders health insurance from a parent'),
    L('23', 'Cases open at the end of the fiscal year in which health insurance is provided as ordered', 'cases', 'inference', 'Kansas code (inference; meaning of line 23 unverified)', 'line 22 cases with coverage recorded as provided on the last day (report_case_fact, entered)'),
    L('24', 'Total amount of current support due for the fiscal year', 'cents', 'confirmed', `${AT}; 2015 DCL`, 'current support charged for each month of the year (accrual, and the order terms for the month an account opened) on months the case was open'),
    L('25', 'Total amount of current support distributed in the fiscal year', 'cents', 'confirmed', AT, 'distribution allocations to current support dated in the year (all payees, the annual fee taken from it included), less reversals dated in the year, while the case was open'),
    L('26', 'Total amount of arrears due for all fiscal years', 'cents', 'inference', 'Kansas code (inference)', 'for each line 28 case: arrears owed at the start of the year (rebuilt as for line 28) plus arrears added during it (unpaid current support of closed months, judgments, reversed payments of closed months); the year\'s arrears payments are line 27'),
    L('27', 'Total amount of arrears distributed in the fiscal year', 'cents', 'inference', 'Kansas code (inference)', 'distribution allocations to arrears buckets (PA, TA, CA, UDA, UPA, NA) dated in the year, less reversals'),
    L('28', 'Cases with arrears due during the fiscal year', 'cases', 'confirmed', `${AT}; Kansas "Line29/Line28"`, 'cases open during the year that owed arrears at its start (rebuilt from today\'s balance, accruals, judgments, payments and reversals) or had arrears added during it'),
    L('29', 'Cases paying toward arrears during the fiscal year', 'cases', 'confirmed', AT, 'line 28 cases with money distributed to arrears during the year (net of reversals)'),
    ...['33', '34', '35', '36', '37'].map((n) => L(n, `Medicaid and medical support line ${n} (meaning not in the reference)`, 'cases', 'not_supported', 'Kansas code (inference)', NOT_DEFINED)),
  ];
  return { form: 'OCSE-157', fiscalYear: year, periodStart: start, periodEnd: end, officeId: data.officeId, lines, drill };
}
