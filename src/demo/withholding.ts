/**
 * Demo income withholding, through the enforcement module's own path: a state new-hire file names the
 * obligors' employers, the matches start withholding orders, an e-IWO file sends them, and the employers
 * acknowledge (accept; a few later report the employee gone). So the case summaries show enforcement
 * actions and the employer portal shows orders received, acknowledgments and terminations.
 */
import type { Deps } from '../deps.ts';
import { addBusinessDays } from '../kernel/calendar.ts';
import { fixedClock } from '../kernel/clock.ts';
import { systemActor, type RequestContext } from '../security/context.ts';
import { decryptText } from '../security/pii.ts';
import { exportEiwoFile, importEiwoAcks, importNewHiresWithWithholding } from '../enforcement/withholding.ts';
import { buildAckFile, parseEiwoFile, type EiwoAck, type EiwoDetail } from '../formats/eiwo/eiwo.ts';

/** What an employer needs to acknowledge one order later (a termination). */
export interface SentOrder {
  caseNumber: string;
  employerEin: string;
  detail: EiwoDetail;
}

function at(date: string): { deps: (d: Deps) => Deps; ctx: RequestContext } {
  const clock = fixedClock(date);
  return { deps: (d) => ({ ...d, clock }), ctx: { actor: systemActor('administrator'), purpose: 'demo data', requestId: null, clientIp: null, clock } };
}

const STATE_FIPS = '42000';

function ackFor(detail: EiwoDetail, ein: string, status: 'A' | 'T', terminationDate?: string): EiwoAck {
  return {
    action: status === 'A' ? detail.action : 'EMP',
    case_id: detail.case_id,
    employer_ein: ein,
    employee: { last: detail.employee.last, first: detail.employee.first, ssn: detail.employee.ssn },
    document_tracking_number: detail.document_tracking_number,
    order_identifier: detail.order_identifier,
    status,
    ...(terminationDate ? { termination_date: terminationDate } : {}),
  };
}

/**
 * Reports the obligors of these cases as hired by their employers on `date` (a new-hire file), sends the
 * withholding orders that starts (an e-IWO file) and has each employer accept within three business
 * days. Returns the orders sent, by case number.
 */
export async function startDemoWithholding(deps: Deps, date: string, caseNumbers: readonly string[]): Promise<Map<string, SentOrder>> {
  const sent = new Map<string, SentOrder>();
  const rows = await deps.db
    .selectFrom('iv_d_case as c')
    .innerJoin('case_member as m', (j) => j.onRef('m.case_id', '=', 'c.id').on('m.role', '=', 'noncustodial_parent').on('m.end_date', 'is', null))
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .innerJoin('person_employment as e', (j) => j.onRef('e.person_id', '=', 'p.id').on('e.end_date', 'is', null))
    .innerJoin('employer as r', 'r.id', 'e.employer_id')
    .select(['c.case_number', 'p.first_name', 'p.last_name', 'p.ssn_ciphertext', 'e.start_date', 'r.fein', 'r.name'])
    .where('c.case_number', 'in', [...caseNumbers])
    .execute();
  // Electronic orders need the employee's SSN and the employer's FEIN; the rest would go on paper.
  const lines = rows.filter((r) => r.ssn_ciphertext && r.fein);
  if (!lines.length) return sent;
  const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const csv = [
    'employee_ssn,employee_first_name,employee_last_name,hire_date,employer_fein,employer_name',
    ...lines.map((r) => [decryptText(deps.keys, r.ssn_ciphertext!), r.first_name, r.last_name, r.start_date ?? date, r.fein!, r.name].map(csvField).join(',')),
  ].join('\n');
  const day = at(date);
  const imported = await importNewHiresWithWithholding(day.deps(deps), day.ctx, `demo-new-hires-${date}.csv`, csv + '\n');
  if (!imported.ok) throw new Error(`demo new hires ${date}: ${imported.message} ${JSON.stringify(imported.details ?? [])}`);
  const exported = await exportEiwoFile(day.deps(deps), day.ctx, date);
  if (!exported.ok) throw new Error(`demo e-IWO ${date}: ${exported.message}`);
  if (!exported.value.content) return sent;
  const parsed = parseEiwoFile(exported.value.content);
  if (!parsed.ok) throw new Error(`demo e-IWO ${date} does not read back: ${parsed.message}`);
  const acceptOn = addBusinessDays(date, 3);
  const acks = buildAckFile({
    state_fips: STATE_FIPS,
    creation_date: acceptOn,
    creation_time: '090000',
    batches: parsed.value.batches.map((b) => ({ employer_ein: b.employer_ein, acks: b.details.map((d) => ackFor(d, b.employer_ein, 'A')) })),
  });
  if (!acks.ok) throw new Error(`demo acknowledgments ${date}: ${acks.message}`);
  const later = at(acceptOn);
  const applied = await importEiwoAcks(later.deps(deps), later.ctx, `demo-acks-${acceptOn}.txt`, acks.value);
  if (!applied.ok) throw new Error(`demo acknowledgments ${acceptOn}: ${applied.message} ${JSON.stringify(applied.details ?? [])}`);
  for (const b of parsed.value.batches) {
    for (const d of b.details) {
      const caseNumber = caseNumbers.find((cn) => cn.startsWith(d.case_id.trim()));
      if (caseNumber) sent.set(caseNumber, { caseNumber, employerEin: b.employer_ein, detail: d });
    }
  }
  return sent;
}

/** The employer reports that the employee left (an employer-started termination acknowledgment). */
export async function terminateDemoWithholding(deps: Deps, date: string, order: SentOrder, lastDay: string): Promise<void> {
  const file = buildAckFile({ state_fips: STATE_FIPS, creation_date: date, creation_time: '100000', batches: [{ employer_ein: order.employerEin, acks: [ackFor(order.detail, order.employerEin, 'T', lastDay)] }] });
  if (!file.ok) throw new Error(`demo termination ${order.caseNumber}: ${file.message} ${JSON.stringify(file.details ?? [])}`);
  const day = at(date);
  const applied = await importEiwoAcks(day.deps(deps), day.ctx, `demo-termination-${order.caseNumber}-${date}.txt`, file.value);
  if (!applied.ok) throw new Error(`demo termination ${order.caseNumber}: ${applied.message} ${JSON.stringify(applied.details ?? [])}`);
}
