/**
 * Who may do what. A role grants permissions; the scope says whose records: one office, the whole
 * state, the parent's own cases, or the employer's own employees.
 */
import type { Role } from '../db/schema.ts';

export type Permission =
  | 'case.read'
  | 'case.write'
  | 'intake.create'
  | 'person.read'
  | 'person.write'
  | 'ssn.reveal'
  | 'finance.read'
  | 'finance.write'
  | 'user.manage'
  | 'audit.read'
  | 'report.read'
  | 'portal.parent'
  | 'portal.employer';

export type Scope = 'office' | 'state' | 'own_cases' | 'own_employer';

export interface RolePolicy {
  scope: Scope;
  permissions: ReadonlySet<Permission>;
}

const set = (...p: Permission[]) => new Set<Permission>(p);

export const ROLE_POLICIES: Record<Role, RolePolicy> = {
  caseworker: {
    scope: 'office',
    permissions: set('case.read', 'case.write', 'intake.create', 'person.read', 'person.write', 'ssn.reveal', 'finance.read', 'report.read'),
  },
  supervisor: {
    scope: 'office',
    permissions: set('case.read', 'case.write', 'intake.create', 'person.read', 'person.write', 'ssn.reveal', 'finance.read', 'report.read'),
  },
  financial_worker: {
    scope: 'state',
    permissions: set('case.read', 'person.read', 'finance.read', 'finance.write', 'report.read'),
  },
  administrator: {
    scope: 'state',
    permissions: set(
      'case.read',
      'case.write',
      'intake.create',
      'person.read',
      'person.write',
      'ssn.reveal',
      'finance.read',
      'finance.write',
      'user.manage',
      'audit.read',
      'report.read',
    ),
  },
  auditor: {
    scope: 'state',
    permissions: set('case.read', 'person.read', 'finance.read', 'audit.read', 'report.read'),
  },
  parent: { scope: 'own_cases', permissions: set('portal.parent') },
  employer: { scope: 'own_employer', permissions: set('portal.employer') },
};

export const ROLES = Object.keys(ROLE_POLICIES) as Role[];

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_POLICIES[role].permissions.has(permission);
}
