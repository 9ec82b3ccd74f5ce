/** Sign in (English or Spanish). */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api.ts';
import { useLocation, useNavigate } from '../router.tsx';
import { homeOf, useSession } from '../session.tsx';
import { useDocumentLang, useI18n } from '../i18n.tsx';
import { Alert, PageHeading } from '../components/ui.tsx';

export function LoginPage() {
  const { signIn, expired } = useSession();
  const { t, lang } = useI18n();
  useDocumentLang(lang);
  const location = useLocation();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(username.trim(), password);
      const next = location.search.get('next');
      // Only a path inside this app, never another site.
      const target = next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(user);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : t('login.unreachable'));
      setAttempt((a) => a + 1);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-box">
      <PageHeading title={t('login.title')}>{t('login.title')}</PageHeading>
      <p>{t('login.intro')}</p>
      {expired ? <Alert kind="warning" slim>{t('login.expired')}</Alert> : null}
      {location.search.get('signedOut') && !error ? <Alert kind="info" slim>{t('login.signedOut')}</Alert> : null}
      {error ? (
        <Alert kind="error" slim focus key={attempt}>
          {error}
        </Alert>
      ) : null}
      <form className="usa-form" onSubmit={submit} noValidate>
        <label className="usa-label" htmlFor="username">
          {t('login.username')}
        </label>
        <input className="usa-input" id="username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} data-autofocus value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label className="usa-label" htmlFor="password">
          {t('login.password')}
        </label>
        <input className="usa-input" id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <button className="usa-button" type="submit" disabled={busy}>
          {busy ? t('login.working') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
