import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { CodeStep, isPhone, PhoneField } from '../../../components/code.tsx';
import { ErrorNote, Field, usePageTitle } from '../../../components/ui.tsx';
import { Link, navigate, useLocation } from '../../../router.tsx';
import { useSession } from '../../../session.tsx';
import type { User } from '../api.ts';

type Mode = 'password' | 'code' | 'reset';

export default function Login() {
  const { t } = useTranslation('identity');
  const { search } = useLocation();
  const { refresh } = useSession();
  const wantedMode = search.get('mode');
  const [mode, setMode] = useState<Mode>(wantedMode === 'code' || wantedMode === 'reset' ? wantedMode : 'password');
  usePageTitle(mode === 'reset' ? t('auth.resetTitle') : t('auth.loginTitle'));
  const [newPassword, setNewPassword] = useState('');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const done = async () => {
    await refresh();
    const next = search.get('next');
    navigate(next && next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/me', { replace: true });
  };
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const loginWithPassword = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post<User>('/api/v1/auth/login', { phone, password });
      await done();
    });
  };
  const loginWithCode = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post<User>('/api/v1/auth/login/code', { phone, code });
      await done();
    });
  };

  const resetPassword = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post<User>('/api/v1/auth/password/reset', { phone, code, newPassword });
      await done();
    });
  };
  const switchMode = (next: Mode) => {
    setMode(next);
    setCodeSent(false);
    setCode('');
    setError(null);
  };

  return (
    <>
      <h1>{mode === 'reset' ? t('auth.resetTitle') : t('auth.loginTitle')}</h1>
      <div className="tabs" role="group" aria-label={t('auth.loginTitle')}>
        <button type="button" className="tab" aria-pressed={mode === 'password'} onClick={() => switchMode('password')}>
          {t('auth.withPassword')}
        </button>
        <button type="button" className="tab" aria-pressed={mode === 'code'} onClick={() => switchMode('code')}>
          {t('auth.withCode')}
        </button>
      </div>
      {mode === 'password' ? (
        <form onSubmit={loginWithPassword} className="form">
          <PhoneField label={t('auth.phone')} value={phone} onChange={setPhone} />
          <Field label={t('auth.password')}>
            <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          <ErrorNote error={error} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('auth.login')}
          </button>
        </form>
      ) : (
        <form onSubmit={mode === 'reset' ? resetPassword : loginWithCode} className="form">
          <PhoneField label={t('auth.phone')} value={phone} onChange={setPhone} />
          <CodeStep
            sendLabel={t('auth.sendCode')}
            canSend={isPhone(phone)}
            send={() => api.post('/api/v1/auth/codes', { phone, purpose: mode === 'reset' ? 'reset' : 'login' })}
            sent={codeSent}
            onSent={() => setCodeSent(true)}
            code={code}
            onCode={setCode}
          />
          {mode === 'reset' ? (
            <Field label={t('account.newPassword')} hint={t('auth.passwordHint')}>
              <input
                name="new-password"
                type="password"
                autoComplete="new-password"
                required
                minLength={8}
                value={newPassword}
                onChange={(e) => setNewPassword(e.target.value)}
              />
            </Field>
          ) : null}
          <ErrorNote error={error} />
          <button type="submit" className="btn btn-primary" disabled={busy || code.length !== 6}>
            {mode === 'reset' ? t('auth.resetAction') : t('auth.login')}
          </button>
        </form>
      )}
      {mode === 'reset' ? null : (
        <p>
          <button type="button" className="btn btn-quiet" onClick={() => switchMode('reset')} data-testid="forgot-password">
            {t('auth.forgot')}
          </button>
        </p>
      )}
      <p>
        {t('auth.noAccount')}{' '}
        <Link to={`/register${search.get('next') ? `?next=${encodeURIComponent(search.get('next') ?? '')}` : ''}`}>{t('auth.register')}</Link>
      </p>
    </>
  );
}
