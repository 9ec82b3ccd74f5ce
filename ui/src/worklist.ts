/**
 * The worklist's items, from the case management module's worklist (GET /api/worklist: timeframe
 * alerts on the 45 CFR 303 clocks, closure notice periods that ended, escalations to supervisors) and
 * the intakes waiting for a duplicate decision (GET /api/intakes/pending), which keep their own review
 * page. An intake's 20-day clock also shows up in the worklist; the two are merged into one item.
 */
import { get, query, type PendingIntake, type WorklistItemView } from './api.ts';
import { label } from './labels.ts';
import { formatDate } from './format.ts';
import { TIMEFRAME_RULES, type TimeframeRule } from '../../src/casework/timeframe-rules.ts';

export type ItemKind = 'timeframe' | 'closure_notice_ended' | 'duplicate_review' | string;

export interface WorklistItem {
  key: string;
  kind: ItemKind;
  /** YYYY-MM-DD, or null for an alert without a deadline. */
  dueDate: string | null;
  /** The timeframe behind the item ("Locate", 75 calendar days), when there is one. */
  timeframe: { kind: string; name: string; length: string; regulation: string } | null;
  title: string;
  detail: string;
  caseNumber: string | null;
  status: 'open' | 'escalated' | 'done';
  alertLevel: 'info' | 'due_soon' | 'overdue';
  daysOverdue: number;
  assignedTo: string | null;
  escalatedTo: { userId: number; displayName: string } | null;
  escalatedDate: string | null;
  /** Where the worker acts on it. */
  href: string;
  actionLabel: string;
}

/** Short names of the clocks, as workers say them. */
const TIMEFRAME_NAMES: Record<string, string> = {
  case_opening: 'Case opening',
  referral_information: 'Referral information',
  locate: 'Locate',
  service_or_order: 'Service of process or order',
  iwo_employer_notice: 'Income withholding notice',
  review_adjustment: 'Review and adjustment',
  review_notice: 'Review rights notice',
  review_completion: 'Requested review',
  incarceration_review_notice: 'Incarceration review',
  enforcement_action: 'Enforcement action',
  enforcement_action_service: 'Enforcement with service',
  ic_controlling_order_records: 'Controlling-order records',
  ic_new_information: 'New information (interstate)',
  ic_central_registry: 'Central registry',
  ic_status_inquiry: 'Status inquiry',
  ic_initiating_referral: 'Interstate referral',
  ic_information_reply: 'Interstate information reply',
  ic_review_request: 'Interstate review request',
  ic_closure_notice: 'Interstate closure notice',
  ic_responding_locate: 'Responding locate',
  ic_forward: 'Forward the case',
  ic_controlling_order_request: 'Controlling-order request',
  ic_stop_and_close: 'Stop withholding and close',
};

const UNIT_WORDS: Record<TimeframeRule['unit'], string> = { calendar_days: 'days', business_days: 'business days', working_days: 'working days', months: 'months' };

export function timeframeName(kind: string): string {
  return TIMEFRAME_NAMES[kind] ?? kind.replaceAll('_', ' ');
}

export function timeframeLength(rule: Pick<TimeframeRule, 'length' | 'unit'>): string {
  return `${rule.length} ${UNIT_WORDS[rule.unit]}`;
}

/**
 * The rule behind a worklist item. The item carries the rule's title (plus a note for an intake), so
 * the longest title it starts with names the clock; the regulation breaks a tie.
 */
export function ruleOfItem(item: Pick<WorklistItemView, 'title' | 'regulation'>): TimeframeRule | null {
  let best: TimeframeRule | null = null;
  for (const r of TIMEFRAME_RULES) {
    if (!item.title.startsWith(r.title)) continue;
    if (!best || r.title.length > best.title.length || (r.title.length === best.title.length && r.regulation === item.regulation)) best = r;
  }
  return best;
}

export function ruleOfKind(kind: string): TimeframeRule | null {
  return TIMEFRAME_RULES.find((r) => r.kind === kind) ?? null;
}

function fromWorklist(w: WorklistItemView): WorklistItem {
  const rule = w.kind === 'timeframe' ? ruleOfItem(w) : null;
  const timeframe = rule ? { kind: rule.kind, name: timeframeName(rule.kind), length: timeframeLength(rule), regulation: rule.regulation } : null;
  const base = {
    key: `item-${w.itemId}`,
    kind: w.kind,
    dueDate: w.dueDate,
    timeframe,
    title: w.title,
    caseNumber: w.caseNumber,
    status: w.status as WorklistItem['status'],
    alertLevel: w.alertLevel,
    daysOverdue: w.daysOverdue,
    assignedTo: w.assignedTo?.displayName ?? null,
    escalatedTo: w.escalatedTo,
    escalatedDate: w.escalatedDate,
  };
  if (w.caseNumber) {
    return {
      ...base,
      detail: `${w.regulation ?? ''}${w.kind === 'closure_notice_ended' ? ' · closure' : ''}`.trim(),
      href: `/cases/${encodeURIComponent(w.caseNumber)}${w.kind === 'closure_notice_ended' ? '#closure' : w.kind === 'timeframe' ? '#timeframes' : ''}`,
      actionLabel: 'Open case',
    };
  }
  return {
    ...base,
    detail: w.regulation ?? '',
    href: w.intakeId ? `/intakes/${w.intakeId}/review` : '/worklist',
    actionLabel: w.intakeId ? 'Review' : 'Open',
  };
}

function fromPendingIntake(p: PendingIntake): WorklistItem {
  const people = p.proposals.map((pr) => `${label('role', pr.role).toLowerCase()} may be ${pr.candidates.map((c) => `${c.firstName} ${c.lastName}`).join(' or ')}`);
  const rule = ruleOfKind('case_opening')!;
  return {
    key: `intake-${p.intakeId}`,
    kind: 'duplicate_review',
    dueDate: p.dueDate,
    timeframe: { kind: rule.kind, name: timeframeName(rule.kind), length: timeframeLength(rule), regulation: rule.regulation },
    title: `Duplicate review: ${label('intakeKind', p.kind)} ${p.externalId}`,
    detail: `Received ${formatDate(p.receivedDate)}; ${people.join('; ') || 'possible match on file'}.`,
    caseNumber: null,
    status: 'open',
    alertLevel: 'due_soon',
    daysOverdue: 0,
    assignedTo: null,
    escalatedTo: null,
    escalatedDate: null,
    href: `/intakes/${p.intakeId}/review`,
    actionLabel: 'Review',
  };
}

export interface LoadedWorklist {
  asOf: string | null;
  items: WorklistItem[];
}

export function byDueDate(a: WorklistItem, b: WorklistItem): number {
  const ad = a.dueDate ?? '9999-12-31';
  const bd = b.dueDate ?? '9999-12-31';
  return ad < bd ? -1 : ad > bd ? 1 : a.key.localeCompare(b.key);
}

/** The items the actor sees: scope "mine" for a caseworker, "office" for a supervisor (the server decides). */
export async function loadWorklist(options: { scope?: 'mine' | 'office' | 'all'; canReviewIntakes: boolean; signal?: AbortSignal }): Promise<LoadedWorklist> {
  const [worklist, pending] = await Promise.all([
    get<{ asOf: string; items: WorklistItemView[] }>(`/api/worklist${query({ scope: options.scope })}`, options.signal),
    options.canReviewIntakes ? get<PendingIntake[]>('/api/intakes/pending', options.signal) : Promise.resolve([] as PendingIntake[]),
  ]);
  const pendingById = new Map(pending.map((p) => [p.intakeId, p]));
  const items: WorklistItem[] = [];
  for (const w of worklist.items) {
    const intake = w.intakeId !== null && !w.caseNumber ? pendingById.get(w.intakeId) : undefined;
    if (intake) {
      // The intake's clock, shown as the duplicate review it waits for (with the worklist's status).
      pendingById.delete(intake.intakeId);
      const review = fromPendingIntake(intake);
      items.push({ ...review, key: `item-${w.itemId}`, status: w.status as WorklistItem['status'], alertLevel: w.alertLevel, daysOverdue: w.daysOverdue, escalatedTo: w.escalatedTo, escalatedDate: w.escalatedDate, dueDate: w.dueDate ?? review.dueDate });
    } else items.push(fromWorklist(w));
  }
  for (const p of pendingById.values()) items.push(fromPendingIntake(p));
  return { asOf: worklist.asOf, items: items.sort(byDueDate) };
}
