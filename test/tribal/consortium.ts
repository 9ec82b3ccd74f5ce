/**
 * A consortium install for tribal-mode tests: two Tribal IV-D programs (TRIBEA, TRIBEB) on one database,
 * each with one office and a user in every staff role, and the same family known to both programs.
 */
import { createTestSystem, sampleIntake, TEST_PASSWORD, type TestSystem } from '../helpers/system.ts';
import { addProgram, tribalPolicyDefaults } from '../../src/tribal/policy.ts';
import { createUser } from '../../src/security/users.ts';
import type { Role } from '../../src/db/schema.ts';

export const STAFF_ROLES = ['caseworker', 'supervisor', 'financial_worker', 'administrator', 'auditor'] as const satisfies readonly Role[];

export interface ProgramSide {
  code: 'A' | 'B';
  programId: number;
  officeId: number;
  officeCode: string;
  tokens: Record<(typeof STAFF_ROLES)[number], string>;
  caseNumber: string;
  caseId: number;
  cpPersonId: number;
  ncpPersonId: number;
}

export interface Consortium {
  sys: TestSystem;
  A: ProgramSide;
  B: ProgramSide;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(token: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ statusCode: number; body: string; json(): any }>;
}

export async function createConsortium(): Promise<Consortium> {
  const sys = await createTestSystem({ today: '2026-11-02', offices: [] });
  const db = sys.deps.db;
  const call: Consortium['call'] = (token, method, url, payload) =>
    sys.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const side = async (code: 'A' | 'B'): Promise<ProgramSide> => {
    const programId = await addProgram(db, { code: `TRIBE${code}`, name: `Tribe ${code} Child Support`, kind: 'tribal' }, tribalPolicyDefaults('2000-01-01', { servicePopulation: `enrolled members of Tribe ${code}`, jurisdiction: `Tribe ${code} reservation`, guidelineReference: `Tribe ${code} Code title 9` }));
    const officeCode = `${code}OFF`;
    const office = await db.insertInto('office').values({ code: officeCode, name: `Tribe ${code} office`, county_fips: null, program_id: programId }).returning('id').executeTakeFirstOrThrow();
    const tokens = {} as ProgramSide['tokens'];
    for (const role of STAFF_ROLES) {
      const username = `${code.toLowerCase()}.${role}`;
      const r = await createUser(db, { username, displayName: username, role, password: TEST_PASSWORD, officeId: role === 'caseworker' || role === 'supervisor' ? office.id : null, programId });
      if (!r.ok) throw new Error(r.message);
      tokens[role] = await sys.login(username);
    }
    // The same family (same names, SSNs) applies to both programs.
    const intake = await call(tokens.caseworker, 'POST', '/api/intakes', sampleIntake({ officeCode, externalId: `family-${code}` }));
    if (intake.statusCode !== 201) throw new Error(`intake ${code}: ${intake.statusCode} ${intake.body}`);
    const caseNumber = intake.json().caseNumber as string;
    const c = await db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber).executeTakeFirstOrThrow();
    const members = await db.selectFrom('case_member').select(['person_id', 'role']).where('case_id', '=', c.id).execute();
    return {
      code,
      programId,
      officeId: office.id,
      officeCode,
      tokens,
      caseNumber,
      caseId: c.id,
      cpPersonId: members.find((m) => m.role === 'custodial_party')!.person_id,
      ncpPersonId: members.find((m) => m.role === 'noncustodial_parent')!.person_id,
    };
  };
  const A = await side('A');
  const B = await side('B');
  return { sys, A, B, call };
}
