/**
 * The access declaration of a route and its enforcement. Every /api route states whose data it reads or
 * writes (`data`), who may call it (`permission`, narrowed by `roles`) and which records the request names
 * (`resources`: a kind and where its key is, e.g. ['case', 'params.caseNumber']). The app checks all of it
 * before the request's body is read: a role that may not call the route gets 403, a record the caller may
 * not see gets 404 (the same answer as a record that does not exist). Services keep their own checks too;
 * lists and reports filter by the same access layer (caseVisibility, officeVisibility, program scope).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { fail, type Failure } from '../kernel/result.ts';
import { canSeeCase, canSeeOffice, canSeePerson, canSeeReceipt, caseVisibility, isSystemActor, ONLY_ONE_PROGRAM } from './access.ts';
import type { Actor } from './context.ts';
import { hasPermission, type Permission } from './roles.ts';

/**
 * Whose data a route touches:
 * - `public`: nobody's (sign-in, the session probe);
 * - `own`: the signed-in user's own (their session, a parent's own cases, an employer's own orders);
 * - `reference`: rules and tables with no person in them (timeframe rules, templates, schedules, calculators);
 * - `case`, `person`: cases and persons (one named in the request, or those the caller may see);
 * - `office`, `program`: an office's or the program's rows (worklists, users, reports, queues);
 * - `file`: a file of the program (an import, or a download of a file the program wrote);
 * - `batch`: a batch run over the program's cases;
 * - `partner`: another IV-D program's system, authenticated by its partner key instead of a session.
 */
export type RouteData = 'public' | 'own' | 'reference' | 'case' | 'person' | 'office' | 'program' | 'file' | 'batch' | 'partner';

/** Where a record's key is in the request: a path parameter or a query parameter. */
export type KeyLocation = `params.${string}` | `query.${string}`;

export interface RouteAccess {
  data: RouteData;
  /** The permission the caller's role must have. */
  permission?: Permission;
  /** Only these roles (narrower than the permission): the owners of a batch or a file. */
  roles?: readonly Role[];
  /** The records the request names, each checked against the caller's scope before the handler runs. */
  resources?: ReadonlyArray<readonly [ResourceKind, KeyLocation]>;
}

/** The declaration of a route on the case named by its :caseNumber path parameter. */
export const onCase = (permission: Permission): RouteAccess => ({ data: 'case', permission, resources: [['case', 'params.caseNumber']] });

type Resolver = (db: Db, actor: Actor, key: string) => Promise<boolean>;

const intKey = (key: string): number | null => (/^\d{1,15}$/.test(key) ? Number(key) : null);

/** A record is visible when the case it belongs to is (`caseOf` finds the case id from the record id). */
function throughCase(caseOf: (id: number) => RawBuilder<{ case_id: number | null }>): Resolver {
  return async (db, actor, key) => {
    const id = intKey(key);
    if (id === null) return false;
    const row = (await caseOf(id).execute(db)).rows[0];
    return row?.case_id != null && canSeeCase(db, actor, Number(row.case_id));
  };
}

/** The tables of files the program writes, with the roles that produce (and so may download) each. */
export const FILE_OWNERS = {
  disbursement_file: ['financial_worker', 'administrator'],
  federal_offset_file: ['administrator'],
  enforcement_list_file: ['administrator'],
  eiwo_file: ['administrator'],
} as const satisfies Record<string, readonly Role[]>;
export type FileTable = keyof typeof FILE_OWNERS;

/**
 * Who is in a written file: a row per person whose data the file carries, with the case and the program
 * it belongs to. A file's program is its rows' program, so a file is never wider than what it holds.
 */
const FILE_ROWS: Record<FileTable, (fileId: number) => RawBuilder<{ person_id: number | null; case_id: number | null; program_id: number | null }>> = {
  disbursement_file: (id) => sql`
    select d.payee_person_id as person_id, d.case_id, coalesce(o.program_id, p.program_id) as program_id
    from disbursement d left join iv_d_case c on c.id = d.case_id left join office o on o.id = c.office_id left join person p on p.id = d.payee_person_id
    where d.disbursement_file_id = ${id}`,
  federal_offset_file: (id) => sql`
    select r.obligor_person_id as person_id, null::bigint as case_id, p.program_id
    from federal_offset_record r join person p on p.id = r.obligor_person_id where r.file_id = ${id}`,
  enforcement_list_file: (id) => sql`
    select m.person_id, a.case_id, o.program_id
    from enforcement_list_entry e join enforcement_action a on a.id = e.enforcement_action_id
    join iv_d_case c on c.id = a.case_id join office o on o.id = c.office_id
    join case_member m on m.case_id = a.case_id and m.role in ('noncustodial_parent', 'alleged_father')
    where e.file_id = ${id}`,
  // An e-IWO record names the obligor, the obligee and the children of its case.
  eiwo_file: (id) => sql`
    select m.person_id, w.case_id, o.program_id
    from income_withholding_order w join iv_d_case c on c.id = w.case_id join office o on o.id = c.office_id
    join case_member m on m.case_id = w.case_id
    where w.eiwo_file_id = ${id} and (m.person_id = w.obligor_person_id or m.role in ('custodial_party', 'child'))`,
};

/** The persons and cases a written file carries (for the audit row of its download). */
export async function fileContents(db: Db, table: FileTable, fileId: number): Promise<{ personIds: number[]; caseIds: number[] }> {
  const rows = (await FILE_ROWS[table](fileId).execute(db)).rows;
  const ids = (xs: Array<number | null>) => [...new Set(xs.filter((x): x is number => x !== null).map(Number))].sort((a, b) => a - b);
  return { personIds: ids(rows.map((r) => r.person_id)), caseIds: ids(rows.map((r) => r.case_id)) };
}

/**
 * A file is visible to the roles that produce it (the route's `roles`), in the program its rows belong
 * to: every row of the actor's program (a file for the whole install of a consortium only to the system).
 */
function programFile(table: FileTable): Resolver {
  return async (db, actor, key) => {
    const id = intKey(key);
    if (id === null) return false;
    const exists = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where id = ${id}`.execute(db);
    if (!exists.rows[0]?.n) return false;
    const program = actor.programId ?? null;
    if (program === null) {
      if (isSystemActor(actor)) return true;
      const single = await sql<{ ok: boolean }>`select ${ONLY_ONE_PROGRAM} as ok`.execute(db);
      return single.rows[0]?.ok === true;
    }
    const rows = (await FILE_ROWS[table](id).execute(db)).rows;
    return rows.every((r) => r.program_id !== null && Number(r.program_id) === program);
  };
}

const RESOLVERS = {
  case: async (db, actor, caseNumber) => {
    const condition = caseVisibility(actor) ?? sql<boolean>`true`;
    const row = await sql<{ n: number }>`select count(*)::int as n from iv_d_case c where c.case_number = ${caseNumber} and ${condition}`.execute(db);
    return (row.rows[0]?.n ?? 0) > 0;
  },
  case_id: async (db, actor, key) => {
    const id = intKey(key);
    return id !== null && canSeeCase(db, actor, id);
  },
  person: async (db, actor, key) => {
    const id = intKey(key);
    return id !== null && canSeePerson(db, actor, id);
  },
  receipt: async (db, actor, key) => {
    const id = intKey(key);
    return id !== null && canSeeReceipt(db, actor, id);
  },
  allocation: async (db, actor, key) => {
    const id = intKey(key);
    if (id === null) return false;
    const row = await db.selectFrom('distribution_allocation').select('receipt_id').where('id', '=', id).executeTakeFirst();
    return row !== undefined && canSeeReceipt(db, actor, row.receipt_id);
  },
  intake: async (db, actor, key) => {
    const id = intKey(key);
    if (id === null) return false;
    const row = await db.selectFrom('intake').select('office_id').where('id', '=', id).executeTakeFirst();
    return row !== undefined && canSeeOffice(db, actor, row.office_id);
  },
  worklist_item: async (db, actor, key) => {
    const id = intKey(key);
    if (id === null) return false;
    const row = await db.selectFrom('worklist_item').select(['office_id', 'case_id']).where('id', '=', id).executeTakeFirst();
    if (!row || !(await canSeeOffice(db, actor, row.office_id))) return false;
    return row.case_id === null || canSeeCase(db, actor, row.case_id);
  },
  person_link_request: async (db, actor, key) => {
    const id = intKey(key);
    if (id === null) return false;
    const row = await db.selectFrom('person_link_request').select(['requesting_office_id', 'person_id']).where('id', '=', id).executeTakeFirst();
    return row !== undefined && ((await canSeeOffice(db, actor, row.requesting_office_id)) || (await canSeePerson(db, actor, row.person_id)));
  },
  locate_result: async (db, actor, key) => {
    const id = intKey(key);
    if (id === null) return false;
    const row = await db.selectFrom('locate_result').select('person_id').where('id', '=', id).executeTakeFirst();
    return row !== undefined && canSeePerson(db, actor, row.person_id);
  },
  enforcement_action: throughCase((id) => sql`select case_id from enforcement_action where id = ${id}`),
  income_withholding_order: throughCase((id) => sql`select case_id from income_withholding_order where id = ${id}`),
  notice: throughCase((id) => sql`select case_id from case_notice where id = ${id}`),
  csenet_transaction: throughCase((id) => sql`select case_id from csenet_transaction where id = ${id}`),
  disbursement_file: programFile('disbursement_file'),
  federal_offset_file: programFile('federal_offset_file'),
  enforcement_list_file: programFile('enforcement_list_file'),
  eiwo_file: programFile('eiwo_file'),
} satisfies Record<string, Resolver>;

export type ResourceKind = keyof typeof RESOLVERS;
export const RESOURCE_KINDS = Object.keys(RESOLVERS) as ResourceKind[];

function keyAt(where: KeyLocation, request: { params: unknown; query: unknown }): string | null {
  const [place, name] = where.split('.', 2) as ['params' | 'query', string];
  const bag = (place === 'params' ? request.params : request.query) as Record<string, unknown> | undefined;
  const value = bag?.[name];
  // Absent or malformed keys are left to the schema's validation (a 400 names the field).
  return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : typeof value === 'number' ? String(value) : null;
}

export interface Refusal {
  failure: Failure;
  /** The record that was not the caller's to see, when that was the reason. */
  resource: { kind: ResourceKind; key: string } | null;
}

/** The refusal of a request under a route's declaration, or null when it may go on. */
export async function refuseByAccess(db: Db, actor: Actor | null, access: RouteAccess, request: { params: unknown; query: unknown }): Promise<Refusal | null> {
  if (access.data === 'public' || access.data === 'partner') return null;
  if (!actor) return { failure: fail('UNAUTHENTICATED'), resource: null };
  if (access.roles && !access.roles.includes(actor.role)) return { failure: fail('FORBIDDEN', `this is for ${access.roles.map((r) => r.replace('_', ' ')).join(' or ')} users`), resource: null };
  if (access.permission && !hasPermission(actor.role, access.permission)) return { failure: fail('FORBIDDEN', `the ${actor.role.replace('_', ' ')} role may not do this (${access.permission})`), resource: null };
  for (const [kind, where] of access.resources ?? []) {
    const key = keyAt(where, request);
    if (key === null) continue;
    if (!(await RESOLVERS[kind](db, actor, key))) return { failure: fail('NOT_FOUND'), resource: { kind, key } };
  }
  return null;
}

/** A route's declaration problem (for the app's start-up check), or null when it is sound. */
export function declarationProblem(url: string, access: RouteAccess | undefined, isPublic: boolean): string | null {
  if (!access) return `route ${url} declares no access (config.access)`;
  if (isPublic !== (access.data === 'public' || access.data === 'partner')) return `route ${url}: public routes, and only they, declare data 'public' or 'partner'`;
  for (const [kind, where] of access.resources ?? []) {
    if (!(kind in RESOLVERS)) return `route ${url}: unknown resource kind ${kind}`;
    if (where.startsWith('params.') && !url.includes(`:${where.slice(7)}`)) return `route ${url}: no path parameter ${where.slice(7)}`;
  }
  if (!isPublic && access.data !== 'own' && !access.permission && !access.roles) return `route ${url}: a private route names a permission or roles`;
  return null;
}
