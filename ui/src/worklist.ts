/**
 * The worklist's items that have a due date, soonest first. Until the case management module offers a
 * worklist API, they are built from what exists: intakes waiting for a duplicate decision (each must
 * become a case within 20 days, 45 CFR 303.2(b)). When GET /api/worklist lands, loadDueItems() is the
 * one function to change; the page only knows WorklistItem.
 */
import { get, type PendingIntake } from './api.ts';
import { label } from './labels.ts';

export interface WorklistItem {
  key: string;
  kind: 'duplicate_review';
  /** YYYY-MM-DD */
  dueDate: string;
  title: string;
  detail: string;
  /** Where the worker acts on it. */
  href: string;
  actionLabel: string;
}

export async function loadDueItems(options: { canReviewIntakes: boolean; signal?: AbortSignal }): Promise<WorklistItem[]> {
  const items: WorklistItem[] = [];
  if (options.canReviewIntakes) {
    const pending = await get<PendingIntake[]>('/api/intakes/pending', options.signal);
    for (const p of pending) {
      const people = p.proposals.map((pr) => `${label('role', pr.role).toLowerCase()} may be ${pr.candidates.map((c) => `${c.firstName} ${c.lastName}`).join(' or ')}`);
      items.push({
        key: `intake-${p.intakeId}`,
        kind: 'duplicate_review',
        dueDate: p.dueDate,
        title: `Duplicate review: ${label('intakeKind', p.kind)} ${p.externalId}`,
        detail: `Received ${p.receivedDate}; ${people.join('; ') || 'possible match on file'}.`,
        href: `/intakes/${p.intakeId}/review`,
        actionLabel: 'Review',
      });
    }
  }
  return items.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.key.localeCompare(b.key)));
}
