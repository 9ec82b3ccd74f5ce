/** Payees' bank accounts for direct deposit: account numbers are encrypted; only the last four show. */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, type Result } from '../kernel/result.ts';
import { addDays } from '../kernel/calendar.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { encryptText } from '../security/pii.ts';
import { isValidRoutingNumber } from '../formats/nacha/ach.ts';

export interface BankAccountInput {
  routingNumber: string;
  accountNumber: string;
  accountType: 'checking' | 'savings';
}

/** Records a payee's account; the one on file until now ends the day before. */
export async function recordBankAccount(deps: Deps, ctx: RequestContext, personId: number, input: BankAccountInput): Promise<Result<{ bankAccountId: number; accountLast4: string }>> {
  if (!isValidRoutingNumber(input.routingNumber)) return fail('VALIDATION_FAILED', undefined, [{ path: '/routingNumber', message: 'is not a valid ABA routing number (check digit)' }]);
  if (!/^[0-9A-Za-z-]{4,17}$/.test(input.accountNumber)) return fail('VALIDATION_FAILED', undefined, [{ path: '/accountNumber', message: 'must be 4 to 17 letters, digits or hyphens' }]);
  return inTransaction(deps.db, async (db) => {
    const person = await db.selectFrom('person').select('id').where('id', '=', personId).executeTakeFirst();
    if (!person) throw new FailureError(fail('NOT_FOUND', `no person ${personId}`));
    const today = ctx.clock.today();
    const current = await db.selectFrom('payee_bank_account').select(['id', 'effective_from']).where('person_id', '=', personId).where('effective_to', 'is', null).executeTakeFirst();
    if (current) await db.updateTable('payee_bank_account').set({ effective_to: current.effective_from < today ? addDays(today, -1) : current.effective_from }).where('id', '=', current.id).execute();
    const last4 = input.accountNumber.slice(-4);
    const row = await db
      .insertInto('payee_bank_account')
      .values({ person_id: personId, routing_number: input.routingNumber, account_ciphertext: encryptText(deps.keys, input.accountNumber), account_last4: last4, account_type: input.accountType, effective_from: today, effective_to: null, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(db, ctx, { action: 'create', entityType: 'payee_bank_account', entityId: row.id, personIds: [personId], detail: { accountLast4: last4, replaced: current?.id ?? null } });
    return { bankAccountId: row.id, accountLast4: last4 };
  });
}
