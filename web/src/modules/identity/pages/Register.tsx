import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { ErrorNote, Field } from '../../../components/ui.tsx';
import { Link, navigate, useLocation } from '../../../router.tsx';
import { useSession } from '../../../session.tsx';
import type { CommunityList, User } from '../api.ts';

export default function Register() {
  const { t } = useTranslation('identity');
  const { search } = useLocation();
  const { refresh } = useSession();
  const [communities, setCommunities] = useState<CommunityList['communities']>([]);
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [community, setCommunity] = useState(search.get('community') ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .get<CommunityList>('/api/v1/communities')
      .then((r) => {
        setCommunities(r.communities);
        setCommunity((current) => current || r.communities[0]?.slug || '');
      })
      .catch(setError);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post<User>('/api/v1/auth/register', { phone, password, displayName: displayName.trim(), ...(community ? { community } : {}) });
      await refresh();
      navigate(community ? `/c/${community}` : '/me', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t('auth.registerTitle')}</h1>
      <form onSubmit={(e) => void submit(e)} className="form">
        <Field label={t('auth.phone')}>
          <input
            name="phone"
            type="tel"
            inputMode="numeric"
            autoComplete="tel"
            required
            pattern="1[3-9][0-9]{9}"
            value={phone}
            onChange={(e) => setPhone(e.target.value.trim())}
          />
        </Field>
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
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('auth.registerAction')}
        </button>
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/login">{t('auth.login')}</Link>
      </p>
    </>
  );
}
