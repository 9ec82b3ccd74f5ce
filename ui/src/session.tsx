/** Who is signed in, the program's business date, and signing in and out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get, post, setUnauthenticatedHandler, type Actor } from './api.ts';
import { ROLE_POLICIES, type Permission } from '../../src/security/roles.ts';

export type SessionUser = Actor & { displayName: string };

interface SessionValue {
  status: 'loading' | 'ready' | 'unreachable';
  user: SessionUser | null;
  /** The program's business date (YYYY-MM-DD), for form defaults and due-date wording. */
  today: string;
  signIn: (username: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
  /** The session ended on the server (expired or revoked). */
  expired: boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionValue['status']>('loading');
  const [user, setUser] = useState<SessionUser | null>(null);
  const [today, setToday] = useState(localToday);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    get<{ user: SessionUser | null; today: string }>('/api/auth/session').then(
      (s) => {
        setUser(s.user);
        setToday(s.today);
        setStatus('ready');
      },
      () => setStatus('unreachable'),
    );
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setUser(null);
      setExpired(true);
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const res = await post<{ user: SessionUser }>('/api/auth/login', { username, password });
    setUser(res.user);
    setExpired(false);
    return res.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await post('/api/auth/logout', {});
    } finally {
      setUser(null);
      setExpired(false);
    }
  }, []);

  const value = useMemo(() => ({ status, user, today, signIn, signOut, expired }), [status, user, today, signIn, signOut, expired]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('outside SessionProvider');
  return value;
}

/** The server decides; this only hides what the user's role cannot do (the same policy table). */
export function can(user: SessionUser | null, permission: Permission): boolean {
  return !!user && ROLE_POLICIES[user.role].permissions.has(permission);
}

export function isStaff(user: SessionUser | null): boolean {
  return !!user && user.role !== 'parent' && user.role !== 'employer';
}

/** Federal reports are for auditors, administrators and supervisors (src/reporting/service.ts REPORT_ROLES). */
export function canSeeDashboard(user: SessionUser | null): boolean {
  return !!user && can(user, 'report.read') && (user.role === 'auditor' || user.role === 'administrator' || user.role === 'supervisor');
}

/** Where a user lands after signing in. */
export function homeOf(user: SessionUser): string {
  if (user.role === 'parent') return '/portal';
  if (user.role === 'employer') return '/employer';
  return '/worklist';
}
