/**
 * The page frame: skip link, header with the primary navigation (only what the role may use), a quick
 * case finder ("/" jumps to it), the main landmark and a footer. After each navigation focus moves to the
 * new page's heading, so keyboard and screen reader users start at the top of what changed.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import closeIcon from '@uswds/uswds/img/usa-icons/close.svg';
import { Link, useLocation, useNavigate } from '../router.tsx';
import { can, canSeeDashboard, homeOf, isStaff, useSession } from '../session.tsx';
import { useI18n, type Lang } from '../i18n.tsx';

function useFocusHeadingOnNavigate() {
  const location = useLocation();
  useEffect(() => {
    // A page may name the field to start in (sign-in); otherwise focus goes to the new page's heading,
    // except on the page the browser loaded, where the browser's own start is right.
    const start = document.querySelector<HTMLElement>('#main-content [data-autofocus]');
    if (start) {
      start.focus();
      return;
    }
    if (location.initial) return;
    if (location.hash) {
      document.getElementById(location.hash.slice(1))?.focus();
      return;
    }
    const heading = document.querySelector<HTMLElement>('#main-content h1');
    (heading ?? document.getElementById('main-content'))?.focus({ preventScroll: true });
  }, [location.key]);
}

/** Tells `classify` what the finder's text looks like. */
export function classifyFinderText(text: string): { caseNumber?: string; ssnLast4?: string; lastName?: string } | null {
  const t = text.trim();
  if (!t) return null;
  if (/^[A-Za-z]{0,4}\d{5,}$/.test(t)) return { caseNumber: t.toUpperCase() };
  if (/^\d{4}$/.test(t)) return { ssnLast4: t };
  return { lastName: t };
}

function CaseFinder() {
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = classifyFinderText(text);
    if (!found) return;
    setText('');
    if (found.caseNumber) navigate(`/cases/${encodeURIComponent(found.caseNumber)}`);
    else navigate(`/cases?${new URLSearchParams(found as Record<string, string>).toString()}`);
  };
  return (
    <section aria-label="Find a case" className="case-finder">
      <form className="usa-search usa-search--small" role="search" onSubmit={submit}>
        <label className="usa-sr-only" htmlFor="case-finder">
          Find a case by case number, last name or SSN last four (press / to jump here)
        </label>
        <input ref={input} className="usa-input" id="case-finder" type="search" name="find" placeholder="Case, last name or SSN last 4" value={text} onChange={(e) => setText(e.target.value)} />
        <button className="usa-button" type="submit">
          <span className="usa-search__submit-text">Find</span>
        </button>
      </form>
    </section>
  );
}

function NavItem({ to, label, current }: { to: string; label: string; current: boolean }) {
  return (
    <li className="usa-nav__primary-item">
      <Link to={to} className={`usa-nav-link${current ? ' usa-current' : ''}`} aria-current={current ? 'page' : undefined}>
        <span>{label}</span>
      </Link>
    </li>
  );
}

function SignOutButton({ label }: { label: string }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="usa-button usa-button--outline sign-out"
      onClick={async () => {
        await signOut();
        navigate('/login?signedOut=1', { replace: true });
      }}
    >
      {label}
    </button>
  );
}

function LanguageToggle() {
  const { t, lang, setLang } = useI18n();
  const other: Lang = lang === 'en' ? 'es' : 'en';
  return (
    <button type="button" className="usa-button usa-button--unstyled lang-toggle" lang={other} aria-label={t('lang.switchLabel')} onClick={() => setLang(other)}>
      {t('lang.switch')}
    </button>
  );
}

export function Layout({ children, variant }: { children: ReactNode; variant: 'workstation' | 'parent' | 'employer' | 'public' }) {
  const { user } = useSession();
  const { t } = useI18n();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useFocusHeadingOnNavigate();
  useEffect(() => setMenuOpen(false), [location.key]);
  const path = location.path;
  const staff = isStaff(user);
  const translated = variant === 'parent' || variant === 'public';
  const nav = staff
    ? [
        { to: '/worklist', label: 'Worklist', current: path === '/worklist' || path.startsWith('/intakes/') && path.endsWith('/review') },
        ...(can(user, 'case.read') ? [{ to: '/cases', label: 'Cases', current: path === '/cases' || (path.startsWith('/cases/') && !path.endsWith('/new')) }] : []),
        ...(can(user, 'intake.create') ? [{ to: '/intakes/new', label: 'New intake', current: path === '/intakes/new' }] : []),
        ...(can(user, 'finance.write') ? [{ to: '/receipts/new', label: 'Post receipt', current: path === '/receipts/new' }] : []),
        ...(can(user, 'case.write') ? [{ to: '/guideline', label: 'Guideline', current: path === '/guideline' }] : []),
        ...(canSeeDashboard(user) ? [{ to: '/dashboard', label: 'Dashboard', current: path === '/dashboard' || path.startsWith('/reports/') }] : []),
      ]
    : [];

  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        {translated ? t('nav.skip') : 'Skip to main content'}
      </a>
      <header className={`usa-header usa-header--basic app-header${menuOpen ? ' is-open' : ''}`}>
        <div className="usa-nav-container">
          <div className="usa-navbar">
            <div className="usa-logo">
              <em className="usa-logo__text">
                <Link to={user ? homeOf(user) : '/login'} title="Home">
                  OpenCSE
                  <span className="app-header__area">
                    {variant === 'workstation' ? ' Workstation' : variant === 'parent' ? ` ${t('app.portal')}` : variant === 'employer' ? ' Employer portal' : ''}
                  </span>
                </Link>
              </em>
            </div>
            {staff ? (
              <button type="button" className="usa-menu-btn" aria-expanded={menuOpen} aria-controls="primary-nav" onClick={() => setMenuOpen(true)}>
                Menu
              </button>
            ) : null}
          </div>
          {staff ? (
            <nav aria-label="Primary" id="primary-nav" className={`usa-nav${menuOpen ? ' is-visible' : ''}`}>
              <button type="button" className="usa-nav__close" onClick={() => setMenuOpen(false)}>
                <img src={closeIcon} role="img" alt="Close menu" />
              </button>
              <ul className="usa-nav__primary usa-accordion">
                {nav.map((n) => (
                  <NavItem key={n.to} {...n} />
                ))}
              </ul>
              <div className="usa-nav__secondary app-header__secondary">
                {can(user, 'case.read') ? <CaseFinder /> : null}
                <p className="app-header__user">{user?.displayName}</p>
                <SignOutButton label="Sign out" />
              </div>
            </nav>
          ) : (
            <div className="app-header__tools">
              {translated ? <LanguageToggle /> : null}
              {user ? (
                <>
                  <span className="app-header__user">{translated ? t('nav.signedInAs', { name: user.displayName }) : user.displayName}</span>
                  <SignOutButton label={translated ? t('nav.signOut') : 'Sign out'} />
                </>
              ) : null}
            </div>
          )}
        </div>
      </header>
      {menuOpen ? <div className="usa-overlay is-visible" onClick={() => setMenuOpen(false)} /> : null}
      <main id="main-content" tabIndex={-1} className="grid-container app-main">
        {children}
      </main>
      <footer className="usa-footer usa-footer--slim app-footer">
        <div className="grid-container">
          <p>{translated ? t('footer.text') : 'OpenCSE child support enforcement system'} · <a href="/openapi.json">API</a></p>
        </div>
      </footer>
    </>
  );
}
