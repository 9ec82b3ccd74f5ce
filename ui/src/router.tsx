/**
 * A small router over the History API: the path picks the page, the query string carries search
 * criteria (so a search can be bookmarked and the Back button works), and a one-time "flash" message
 * can ride along in history state to confirm what the previous page did.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export interface AppLocation {
  path: string;
  search: URLSearchParams;
  hash: string;
  flash: string | null;
  /** Changes on every navigation, even to the same path. */
  key: number;
  /** True for the page the browser loaded (not reached by navigating within the app). */
  initial: boolean;
}

interface RouterValue {
  location: AppLocation;
  navigate: (to: string, options?: { replace?: boolean; flash?: string }) => void;
}

const RouterContext = createContext<RouterValue | null>(null);
let navigationCounter = 0;

function readLocation(initial = false): AppLocation {
  const state = (window.history.state ?? {}) as { flash?: string };
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search), hash: window.location.hash, flash: state.flash ?? null, key: ++navigationCounter, initial };
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<AppLocation>(() => readLocation(true));
  useEffect(() => {
    const onPop = () => setLocation((old) => {
      const next = readLocation();
      // A jump to an in-page anchor is not a new page.
      return next.path === old.path && next.search.toString() === old.search.toString() ? { ...old, hash: next.hash } : next;
    });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean; flash?: string } = {}) => {
    const state = options.flash ? { flash: options.flash } : {};
    if (options.replace) window.history.replaceState(state, '', to);
    else window.history.pushState(state, '', to);
    setLocation(readLocation());
    if (!to.includes('#')) window.scrollTo(0, 0);
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('outside RouterProvider');
  return value;
}

export const useLocation = () => useRouter().location;
export const useNavigate = () => useRouter().navigate;

/** Matches "/cases/:caseNumber" against a path; the parameters, decoded, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) return null;
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** An ordinary link (it can be opened in a new tab) that navigates within the app on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const navigate = useNavigate();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || rest.target) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
