/**
 * This program's identity on the intergovernmental network and the other programs it exchanges with.
 * A partner is registered by its FIPS state code with the key it presents to us (kept only as a SHA-256
 * hash) and the key we present to it (kept encrypted with the data key). This module owns
 * interstate_local and interstate_partner.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, ok, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import { systemActor, type Actor, type RequestContext } from '../security/context.ts';
import { decryptText, encryptText } from '../security/pii.ts';
import { parseFips, type Fips } from '../formats/csenet/csenet.ts';
import { isValidRoutingNumber } from '../formats/nacha/ach.ts';

export interface LocalSettings {
  fips: string;
  name: string;
  sduName: string | null;
  sduLine1: string | null;
  sduCity: string | null;
  sduState: string | null;
  sduZip: string | null;
  registryOfficeId: number | null;
}

export async function localSettings(db: Db): Promise<LocalSettings | null> {
  const row = await db.selectFrom('interstate_local').selectAll().executeTakeFirst();
  if (!row) return null;
  return { fips: row.fips, name: row.name, sduName: row.sdu_name, sduLine1: row.sdu_line1, sduCity: row.sdu_city, sduState: row.sdu_state, sduZip: row.sdu_zip, registryOfficeId: row.registry_office_id };
}

/** The local settings, or a failure saying how to set them. */
export async function requireLocal(db: Db): Promise<LocalSettings & { fipsParts: Fips }> {
  const local = await localSettings(db);
  if (!local) throw new FailureError(fail('CASE_STATE_INVALID', 'this program has no FIPS code yet: run `cse interstate setup --fips NNNNNNN --name ...`'));
  return { ...local, fipsParts: parseFips(local.fips)! };
}

export interface LocalInput {
  fips: string;
  name: string;
  sduName?: string | undefined;
  sduLine1?: string | undefined;
  sduCity?: string | undefined;
  sduState?: string | undefined;
  sduZip?: string | undefined;
  registryOfficeCode?: string | undefined;
}

export async function saveLocalSettings(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: LocalInput): Promise<Result<LocalSettings>> {
  if (!/^\d{7}$/.test(input.fips)) return fail('VALIDATION_FAILED', undefined, [{ path: '/fips', message: 'must be 7 digits: state (2), county (3), office (2), e.g. 4200000' }]);
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'user.manage'));
    let officeId: number | null = null;
    if (input.registryOfficeCode) {
      const office = await db.selectFrom('office').select('id').where('code', '=', input.registryOfficeCode.toUpperCase()).executeTakeFirst();
      if (!office) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/registryOfficeCode', message: `no office ${input.registryOfficeCode}` }]));
      officeId = office.id;
    }
    const values = {
      fips: input.fips,
      name: input.name,
      sdu_name: input.sduName ?? null,
      sdu_line1: input.sduLine1 ?? null,
      sdu_city: input.sduCity ?? null,
      sdu_state: input.sduState ?? null,
      sdu_zip: input.sduZip ?? null,
      registry_office_id: officeId,
      updated_at: ctx.clock.now(),
    };
    await db.insertInto('interstate_local').values({ id: true, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
    await recordAudit(db, ctx, { action: 'update', entityType: 'interstate_local', entityId: input.fips });
    return (await localSettings(db))!;
  });
}

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A fresh partner key (what one program gives another out of band). */
export const newPartnerKey = (): string => randomBytes(32).toString('hex');

export interface PartnerInput {
  fipsState: string;
  name: string;
  baseUrl?: string | null | undefined;
  /** The key that program presents to us. */
  inboundKey?: string | null | undefined;
  /** The key we present to that program. */
  outboundKey?: string | null | undefined;
  sduName?: string | null | undefined;
  sduFips?: string | null | undefined;
  /** Where its SDU is paid by ACH (the forwarding CCD+ file): routing (ABA check digit) and account. */
  sduRoutingNumber?: string | null | undefined;
  sduAccountNumber?: string | null | undefined;
  sduAccountType?: 'checking' | 'savings' | undefined;
}

export interface PartnerView {
  fipsState: string;
  name: string;
  baseUrl: string | null;
  acceptsInbound: boolean;
  canSend: boolean;
  sduName: string | null;
  sduFips: string | null;
  /** Its SDU's bank: routing number and the account's last four digits only. */
  sduRoutingNumber: string | null;
  sduAccountLast4: string | null;
  sduAccountType: 'checking' | 'savings';
  active: boolean;
}

export async function savePartner(deps: Pick<Deps, 'db' | 'keys'>, ctx: RequestContext, input: PartnerInput): Promise<Result<PartnerView>> {
  const problems = [];
  if (!/^\d{2}$/.test(input.fipsState)) problems.push({ path: '/fipsState', message: 'must be the 2-digit FIPS state code' });
  if (input.baseUrl && !/^https?:\/\/[^\s]+$/.test(input.baseUrl)) problems.push({ path: '/baseUrl', message: 'must be an http(s) URL' });
  for (const k of ['inboundKey', 'outboundKey'] as const) if (input[k] && input[k]!.length < 32) problems.push({ path: `/${k}`, message: 'must be at least 32 characters' });
  if (input.sduFips && !/^\d{7}$/.test(input.sduFips)) problems.push({ path: '/sduFips', message: 'must be 7 digits' });
  if (input.sduRoutingNumber && !isValidRoutingNumber(input.sduRoutingNumber)) problems.push({ path: '/sduRoutingNumber', message: 'must be a 9-digit routing number with a valid ABA check digit' });
  if (input.sduAccountNumber && !/^[0-9A-Za-z-]{4,17}$/.test(input.sduAccountNumber)) problems.push({ path: '/sduAccountNumber', message: 'must be 4 to 17 letters, digits or hyphens' });
  if (Boolean(input.sduRoutingNumber) !== Boolean(input.sduAccountNumber)) problems.push({ path: '/sduAccountNumber', message: 'give the SDU routing number and account number together' });
  if (input.sduAccountType && input.sduAccountType !== 'checking' && input.sduAccountType !== 'savings') problems.push({ path: '/sduAccountType', message: "must be 'checking' or 'savings'" });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'user.manage'));
    const existing = await db.selectFrom('interstate_partner').selectAll().where('fips_state', '=', input.fipsState).executeTakeFirst();
    const values = {
      name: input.name,
      base_url: input.baseUrl ?? existing?.base_url ?? null,
      inbound_key_hash: input.inboundKey ? hashKey(input.inboundKey) : (existing?.inbound_key_hash ?? null),
      outbound_key_ciphertext: input.outboundKey ? encryptText(deps.keys, input.outboundKey) : (existing?.outbound_key_ciphertext ?? null),
      sdu_name: input.sduName ?? existing?.sdu_name ?? null,
      sdu_fips: input.sduFips ?? existing?.sdu_fips ?? null,
      sdu_routing_number: input.sduRoutingNumber ?? existing?.sdu_routing_number ?? null,
      sdu_account_ciphertext: input.sduAccountNumber ? encryptText(deps.keys, input.sduAccountNumber) : (existing?.sdu_account_ciphertext ?? null),
      sdu_account_last4: input.sduAccountNumber ? input.sduAccountNumber.slice(-4) : (existing?.sdu_account_last4 ?? null),
      sdu_account_type: input.sduAccountType ?? existing?.sdu_account_type ?? 'checking',
      updated_at: ctx.clock.now(),
    };
    await db
      .insertInto('interstate_partner')
      .values({ fips_state: input.fipsState, ...values, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('fips_state').doUpdateSet(values))
      .execute();
    // Never the keys themselves in the audit detail.
    await recordAudit(db, ctx, { action: existing ? 'update' : 'create', entityType: 'interstate_partner', entityId: input.fipsState, detail: { keysChanged: Boolean(input.inboundKey || input.outboundKey), sduBankChanged: Boolean(input.sduAccountNumber) } });
    return (await partnerView(db, input.fipsState))!;
  });
}

export async function partnerView(db: Db, fipsState: string): Promise<PartnerView | null> {
  const p = await db.selectFrom('interstate_partner').selectAll().where('fips_state', '=', fipsState).executeTakeFirst();
  if (!p) return null;
  return { fipsState: p.fips_state, name: p.name, baseUrl: p.base_url, acceptsInbound: p.inbound_key_hash !== null, canSend: p.base_url !== null && p.outbound_key_ciphertext !== null, sduName: p.sdu_name, sduFips: p.sdu_fips, sduRoutingNumber: p.sdu_routing_number, sduAccountLast4: p.sdu_account_last4, sduAccountType: p.sdu_account_type, active: p.active };
}

export async function listPartners(db: Db): Promise<PartnerView[]> {
  const rows = await db.selectFrom('interstate_partner').select('fips_state').orderBy('fips_state').execute();
  return (await Promise.all(rows.map((r) => partnerView(db, r.fips_state)))).filter((p): p is PartnerView => p !== null);
}

/** Where and with which key we reach a partner. */
export async function partnerEndpoint(deps: Pick<Deps, 'db' | 'keys'>, fipsState: string): Promise<{ baseUrl: string; key: string; name: string }> {
  const p = await deps.db.selectFrom('interstate_partner').selectAll().where('fips_state', '=', fipsState).executeTakeFirst();
  if (!p || !p.active) throw new FailureError(fail('NOT_FOUND', `no active partner program with FIPS state ${fipsState}`));
  if (!p.base_url || !p.outbound_key_ciphertext) throw new FailureError(fail('CASE_STATE_INVALID', `partner ${fipsState} has no address or key to send with`));
  return { baseUrl: p.base_url.replace(/\/+$/, ''), key: decryptText(deps.keys, p.outbound_key_ciphertext), name: p.name };
}

/** Where a partner's SDU is paid by ACH, with the account decrypted; null when it is not on file. */
export async function partnerSduBank(deps: Pick<Deps, 'db' | 'keys'>, fipsState: string): Promise<{ name: string; sduName: string | null; sduFips: string | null; routingNumber: string; accountNumber: string; accountType: 'checking' | 'savings' } | null> {
  const p = await deps.db.selectFrom('interstate_partner').selectAll().where('fips_state', '=', fipsState).executeTakeFirst();
  if (!p || !p.active || !p.sdu_routing_number || !p.sdu_account_ciphertext) return null;
  return { name: p.name, sduName: p.sdu_name, sduFips: p.sdu_fips, routingNumber: p.sdu_routing_number, accountNumber: decryptText(deps.keys, p.sdu_account_ciphertext), accountType: p.sdu_account_type };
}

/** Headers a partner call carries: who we are (FIPS state) and our key for them. */
export const PARTNER_FIPS_HEADER = 'x-csenet-fips';
export const PARTNER_KEY_HEADER = 'x-csenet-key';

/**
 * Checks a partner's credentials (FIPS state and key) in constant time. Returns the partner's FIPS state
 * or an UNAUTHENTICATED failure; a wrong key and an unknown partner look the same to the caller.
 */
export async function authenticatePartner(db: Db, fips: string | undefined, key: string | undefined): Promise<Result<{ fipsState: string; name: string }>> {
  if (!fips || !key || !/^\d{2}$/.test(fips)) return fail('UNAUTHENTICATED', 'partner credentials are missing');
  const p = await db.selectFrom('interstate_partner').select(['fips_state', 'name', 'inbound_key_hash', 'active']).where('fips_state', '=', fips).executeTakeFirst();
  const expected = Buffer.from(p?.inbound_key_hash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hashKey(key), 'hex');
  const match = timingSafeEqual(expected, given);
  if (!p || !p.active || !p.inbound_key_hash || !match) return fail('UNAUTHENTICATED', 'partner credentials were not accepted');
  return ok({ fipsState: p.fips_state, name: p.name });
}

/** The audited actor a partner program acts as: read-only for QUICK, the system for CSENet processing. */
export function partnerActor(fipsState: string, kind: 'csenet' | 'quick'): Actor {
  return { ...systemActor(kind === 'quick' ? 'auditor' : 'administrator'), username: `${kind}:${fipsState}` };
}

export function partnerContext(deps: Pick<Deps, 'clock'>, fipsState: string, kind: 'csenet' | 'quick', purpose: string, requestId: string | null, clientIp: string | null): RequestContext {
  return { actor: partnerActor(fipsState, kind), purpose, requestId, clientIp, clock: deps.clock };
}
