import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { CodeStep, isPhone, PhoneField } from '../../../components/code.tsx';
import { ErrorNote, Field, usePageTitle } from '../../../components/ui.tsx';
import { useAction } from '../../../components/work.tsx';
import { Link, navigate, useLocation } from '../../../router.tsx';
import { useSession } from '../../../session.tsx';
import type { CommunityList, User } from '../api.ts';

/**
 * Registering proves the number first: a code goes to it (the answer is the same for every number,
 * so nobody learns here whether it is taken), and the account is opened with that code, a name and
 * a password. Whoever proves a number that is already registered is told so then.
 */
export default function Register() {
  const { t } = useTranslation('identity');
  usePageTitle(t('auth.registerTitle'));
  const { search } = useLocation();
  const { refresh } = useSession();
  const [communities, setCommunities] = useState<CommunityList['communities']>([]);
  const [phone, setPhone] = useState('');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [community, setCommunity] = useState(search.get('community') ?? '');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    api
      .get<CommunityList>('/api/v1/communities')
      .then((r) => {
        setCommunities(r.communities);
        setCommunity((current) => current || r.communities[0]?.slug || '');
      })
      .catch(setError);
  }, [setError]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post<User>('/api/v1/auth/register', { phone, code, password, displayName: displayName.trim(), ...(community ? { community } : {}) });
      await refresh();
      navigate(community ? `/c/${community}` : '/me', { replace: true });
    });
  };

  return (
    <>
      <h1>{t('auth.registerTitle')}</h1>
      <p className="muted">{t('auth.registerIntro')}</p>
      <form onSubmit={submit} className="form">
        <PhoneField
          label={t('auth.phone')}
          value={phone}
          onChange={(p) => {
            setPhone(p);
            setSent(false);
            setCode('');
          }}
        />
        <CodeStep
          sendLabel={t('auth.getCode')}
          canSend={isPhone(phone)}
          send={() => api.post('/api/v1/auth/codes', { phone, purpose: 'register' })}
          sent={sent}
          onSent={() => setSent(true)}
          code={code}
          onCode={setCode}
          primary
        />
        {sent ? (
          <>
            <Field label={t('auth.displayName')} hint={t('auth.displayNameHint')}>
              <input name="displayName" autoComplete="name" required maxLength={40} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            </Field>
            <Field label={t('auth.password')} hint={t('auth.passwordHint')}>
              <input
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={8}
                maxLength={128}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            <Field label={t('auth.joinCommunity')}>
              <select name="community" value={community} onChange={(e) => setCommunity(e.target.value)}>
                {communities.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
            <ErrorNote error={error} />
            <button type="submit" className="btn btn-primary" disabled={busy || code.length !== 6}>
              {t('auth.registerAction')}
            </button>
          </>
        ) : (
          <ErrorNote error={error} />
        )}
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/login">{t('auth.login')}</Link>
      </p>
    </>
  );
}
