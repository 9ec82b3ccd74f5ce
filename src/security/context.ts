/**
 * The request context every read and write of person data carries: who acts, in which role and office,
 * and why. Services take it as their first argument and write it into the audit log.
 */
import type { Role } from '../db/schema.ts';
import type { Clock } from '../kernel/clock.ts';

export interface Actor {
  userId: number | null;
  username: string;
  role: Role;
  officeId: number | null;
  /** For a parent: the person on file they are. */
  personId: number | null;
  /** For an employer user: the employer they act for. */
  employerId: number | null;
  /**
   * The IV-D program (State or Tribal) the user belongs to; every row they see is that program's. Null or
   * absent only for the system itself (batch, command line), which is not confined to one program.
   */
  programId?: number | null;
  /** An install (State-wide) administrator: manages every program's users. */
  installAdmin?: boolean;
}

export interface RequestContext {
  actor: Actor;
  /** Why the data is being used, e.g. "case management", "intake", "audit review". */
  purpose: string;
  requestId: string | null;
  clientIp: string | null;
  clock: Clock;
}

/** The system itself (batch jobs, imports run from the command line by an administrator). */
export function systemActor(role: Role = 'administrator'): Actor {
  return { userId: null, username: 'system', role, officeId: null, personId: null, employerId: null };
}
