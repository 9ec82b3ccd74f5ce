/**
 * Storage of persons, aliases, addresses and employment. This module owns the person, person_alias,
 * person_address, employer and person_employment tables.
 */
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { blindIndex, encryptText, decryptText, maskSsn, formatSsn, normalizeSsn } from '../security/pii.ts';
import { nameKey, soundex, matchReason, type MatchReason, type ProbeFacts } from './rules.ts';
import type { Verification } from '../db/schema.ts';

export interface PersonInput {
  firstName: string;
  middleName?: string | null | undefined;
  lastName: string;
  suffix?: string | null | undefined;
  dateOfBirth?: string | null | undefined;
  sex?: 'F' | 'M' | 'U' | undefined;
  ssn?: string | null | undefined;
  aliases?: ReadonlyArray<{ firstName: string; middleName?: string | null | undefined; lastName: string; kind?: 'alias' | 'maiden' | 'former' | 'nickname' | undefined }> | undefined;
  address?: AddressInput | null | undefined;
  employer?: EmployerInput | null | undefined;
}

export interface AddressInput {
  kind?: 'residential' | 'mailing' | undefined;
  line1: string;
  line2?: string | null | undefined;
  city: string;
  stateCode: string;
  zip: string;
}

export interface EmployerInput {
  fein?: string | null | undefined;
  name: string;
  line1?: string | null | undefined;
  line2?: string | null | undefined;
  city?: string | null | undefined;
  stateCode?: string | null | undefined;
  zip?: string | null | undefined;
  startDate?: string | null | undefined;
}

export interface MatchCandidate {
  personId: number;
  reason: MatchReason;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  ssnMasked: string | null;
}

/** Persons on file who may be the one described, best reason first. */
export async function findMatches(deps: Pick<Deps, 'db' | 'keys'>, probe: ProbeFacts & { ssn?: string | null | undefined; programId?: number | null | undefined }): Promise<MatchCandidate[]> {
  const { db, keys } = deps;
  const ssnIndex = probe.ssn ? blindIndex(keys, normalizeSsn(probe.ssn)) : null;
  const last = nameKey(probe.lastName);
  const sdx = soundex(probe.lastName);
  const rows = await db
    .selectFrom('person as p')
    .select(['p.id', 'p.first_name', 'p.last_name', 'p.first_name_key', 'p.last_name_key', 'p.last_name_soundex', 'p.date_of_birth', 'p.ssn_index', 'p.ssn_last4'])
    .where((eb) => {
      const ors = [];
      if (ssnIndex) ors.push(eb('p.ssn_index', '=', ssnIndex));
      if (probe.dateOfBirth) {
        ors.push(eb.and([eb('p.date_of_birth', '=', probe.dateOfBirth), eb.or([eb('p.last_name_key', '=', last), eb('p.last_name_soundex', '=', sdx)])]));
        ors.push(
          eb.and([
            eb('p.date_of_birth', '=', probe.dateOfBirth),
            eb.exists(eb.selectFrom('person_alias as a').select('a.id').whereRef('a.person_id', '=', 'p.id').where('a.last_name_key', '=', last)),
          ]),
        );
      }
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    // Persons never match across IV-D programs (tribal mode): each program has its own record.
    .$if(probe.programId != null, (q) => q.where('p.program_id', '=', probe.programId!))
    .limit(50)
    .execute();
  if (rows.length === 0) return [];
  const aliases = await db
    .selectFrom('person_alias')
    .select(['person_id', 'last_name_key', 'first_name_key'])
    .where('person_id', 'in', rows.map((r) => r.id))
    .execute();
  const order: Record<MatchReason, number> = { ssn: 0, name_dob: 1, alias_dob: 2, soundex_dob: 3 };
  const out: MatchCandidate[] = [];
  for (const r of rows) {
    const reason = matchReason(probe, {
      personId: r.id,
      lastNameKey: r.last_name_key,
      firstNameKey: r.first_name_key,
      lastNameSoundex: r.last_name_soundex,
      dateOfBirth: r.date_of_birth,
      ssnMatches: ssnIndex !== null && r.ssn_index === ssnIndex,
      aliases: aliases.filter((a) => a.person_id === r.id).map((a) => ({ lastNameKey: a.last_name_key, firstNameKey: a.first_name_key })),
    });
    if (reason) {
      out.push({ personId: r.id, reason, firstName: r.first_name, lastName: r.last_name, dateOfBirth: r.date_of_birth, ssnMasked: maskSsn(r.ssn_last4) });
    }
  }
  return out.sort((a, b) => order[a.reason] - order[b.reason] || a.personId - b.personId);
}

/** Creates a person with aliases and the first address and employer; returns the new id. */
export async function createPerson(deps: Pick<Deps, 'db' | 'keys'>, input: PersonInput, meta: { source: string; effectiveDate: string; userId: number | null; programId?: number | null }): Promise<number> {
  const { db, keys } = deps;
  const ssn = input.ssn ? normalizeSsn(input.ssn) : null;
  const row = await db
    .insertInto('person')
    .values({
      ssn_ciphertext: ssn ? encryptText(keys, ssn) : null,
      ssn_index: ssn ? blindIndex(keys, ssn) : null,
      ssn_last4: ssn ? ssn.slice(5) : null,
      first_name: input.firstName.trim(),
      middle_name: input.middleName?.trim() || null,
      last_name: input.lastName.trim(),
      suffix: input.suffix?.trim() || null,
      first_name_key: nameKey(input.firstName),
      last_name_key: nameKey(input.lastName),
      last_name_soundex: soundex(input.lastName),
      date_of_birth: input.dateOfBirth ?? null,
      sex: input.sex ?? 'U',
      date_of_death: null,
      entered_date: meta.effectiveDate,
      ...(meta.programId ? { program_id: meta.programId } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const alias of input.aliases ?? []) await addAlias(db, row.id, alias);
  if (input.address) await addAddress(db, row.id, input.address, { ...meta, verification: 'unverified' });
  if (input.employer) await addEmployment(db, row.id, input.employer, meta);
  return row.id;
}

export async function addAlias(db: Db, personId: number, alias: NonNullable<PersonInput['aliases']>[number]): Promise<number> {
  const row = await db
    .insertInto('person_alias')
    .values({
      person_id: personId,
      kind: alias.kind ?? 'alias',
      first_name: alias.firstName.trim(),
      middle_name: alias.middleName?.trim() || null,
      last_name: alias.lastName.trim(),
      first_name_key: nameKey(alias.firstName),
      last_name_key: nameKey(alias.lastName),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Records a new address. The current address of the same kind ends the day before the new one takes
 * effect, so the history stays continuous and only one address of a kind is current.
 */
export async function addAddress(
  db: Db,
  personId: number,
  address: AddressInput,
  meta: { source: string; effectiveDate: string; userId: number | null; verification?: Verification },
): Promise<number> {
  const kind = address.kind ?? 'residential';
  const current = await db
    .selectFrom('person_address')
    .select(['id', 'effective_from'])
    .where('person_id', '=', personId)
    .where('kind', '=', kind)
    .where('effective_to', 'is', null)
    .executeTakeFirst();
  if (current) {
    // An address replaced on the day it started is simply superseded that same day.
    const end = current.effective_from >= meta.effectiveDate ? current.effective_from : previousDay(meta.effectiveDate);
    await db.updateTable('person_address').set({ effective_to: end }).where('id', '=', current.id).execute();
  }
  const row = await db
    .insertInto('person_address')
    .values({
      person_id: personId,
      kind,
      line1: address.line1.trim(),
      line2: address.line2?.trim() || null,
      city: address.city.trim(),
      state_code: address.stateCode.toUpperCase(),
      zip: address.zip,
      source: meta.source,
      verification: meta.verification ?? 'unverified',
      verified_date: meta.verification === 'verified' ? meta.effectiveDate : null,
      effective_from: current && current.effective_from > meta.effectiveDate ? current.effective_from : meta.effectiveDate,
      effective_to: null,
      created_by: meta.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function previousDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Finds an employer by FEIN and name, or registers it. An employer on file without a street address takes
 * the address this report gives (a new-hire report is where most employers' addresses come from; an
 * e-IWO cannot be sent without one). An address already on file is kept: changing it is a worker's call.
 */
export async function findOrCreateEmployer(db: Db, employer: EmployerInput): Promise<number> {
  if (employer.fein) {
    const found = await db
      .selectFrom('employer')
      .select(['id', 'line1'])
      .where('fein', '=', employer.fein)
      .where((eb) => eb(eb.fn('upper', ['name']), '=', employer.name.trim().toUpperCase()))
      .executeTakeFirst();
    if (found) {
      if (!found.line1?.trim() && employer.line1?.trim()) {
        await db
          .updateTable('employer')
          .set({ line1: employer.line1, line2: employer.line2 || null, city: employer.city ?? null, state_code: employer.stateCode?.toUpperCase() ?? null, zip: employer.zip ?? null })
          .where('id', '=', found.id)
          .execute();
      }
      return found.id;
    }
  }
  const row = await db
    .insertInto('employer')
    .values({
      fein: employer.fein ?? null,
      name: employer.name.trim(),
      line1: employer.line1 ?? null,
      line2: employer.line2 || null,
      city: employer.city ?? null,
      state_code: employer.stateCode?.toUpperCase() ?? null,
      zip: employer.zip ?? null,
      phone: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** `enteredDate` is the business date the agency learned of it (defaults to `effectiveDate`). */
export async function addEmployment(db: Db, personId: number, employer: EmployerInput, meta: { source: string; effectiveDate: string; enteredDate?: string; userId: number | null }): Promise<number> {
  const employerId = await findOrCreateEmployer(db, employer);
  const row = await db
    .insertInto('person_employment')
    .values({
      person_id: personId,
      employer_id: employerId,
      start_date: employer.startDate ?? null,
      end_date: null,
      source: meta.source,
      verified_date: null,
      entered_date: meta.enteredDate ?? meta.effectiveDate,
      created_by: meta.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PersonView {
  id: number;
  firstName: string;
  middleName: string | null;
  lastName: string;
  suffix: string | null;
  dateOfBirth: string | null;
  dateOfDeath: string | null;
  sex: 'F' | 'M' | 'U';
  /** Masked ("***-**-1234") unless revealed to a role that may see it. */
  ssn: string | null;
  ssnRevealed: boolean;
  aliases: Array<{ kind: string; firstName: string; middleName: string | null; lastName: string }>;
  addresses: Array<{
    id: number;
    kind: string;
    line1: string;
    line2: string | null;
    city: string;
    stateCode: string;
    zip: string;
    source: string;
    verification: string;
    effectiveFrom: string;
    effectiveTo: string | null;
  }>;
  employment: Array<{ id: number; employerId: number; employerName: string; fein: string | null; startDate: string | null; endDate: string | null; source: string; verification: string }>;
}

/** Loads a person with history. The SSN is decrypted only when `revealSsn` is set. */
export async function loadPerson(deps: Pick<Deps, 'db' | 'keys'>, personId: number, revealSsn: boolean): Promise<PersonView | null> {
  const { db, keys } = deps;
  const p = await db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!p) return null;
  const [aliases, addresses, employment] = await Promise.all([
    db.selectFrom('person_alias').selectAll().where('person_id', '=', personId).orderBy('id').execute(),
    db.selectFrom('person_address').selectAll().where('person_id', '=', personId).orderBy('effective_from', 'desc').orderBy('id', 'desc').execute(),
    db
      .selectFrom('person_employment as e')
      .innerJoin('employer as r', 'r.id', 'e.employer_id')
      .select(['e.id', 'e.employer_id', 'r.name', 'r.fein', 'e.start_date', 'e.end_date', 'e.source', 'e.verification'])
      .where('e.person_id', '=', personId)
      .orderBy('e.id', 'desc')
      .execute(),
  ]);
  const reveal = revealSsn && p.ssn_ciphertext !== null;
  return {
    id: p.id,
    firstName: p.first_name,
    middleName: p.middle_name,
    lastName: p.last_name,
    suffix: p.suffix,
    dateOfBirth: p.date_of_birth,
    dateOfDeath: p.date_of_death,
    sex: p.sex,
    ssn: reveal ? formatSsn(decryptText(keys, p.ssn_ciphertext!)) : maskSsn(p.ssn_last4),
    ssnRevealed: reveal,
    aliases: aliases.map((a) => ({ kind: a.kind, firstName: a.first_name, middleName: a.middle_name, lastName: a.last_name })),
    addresses: addresses.map((a) => ({
      id: a.id,
      kind: a.kind,
      line1: a.line1,
      line2: a.line2,
      city: a.city,
      stateCode: a.state_code,
      zip: a.zip,
      source: a.source,
      verification: a.verification,
      effectiveFrom: a.effective_from,
      effectiveTo: a.effective_to,
    })),
    employment: employment.map((e) => ({
      id: e.id,
      employerId: e.employer_id,
      employerName: e.name,
      fein: e.fein,
      startDate: e.start_date,
      endDate: e.end_date,
      source: e.source,
      verification: e.verification,
    })),
  };
}
