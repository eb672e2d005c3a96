import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { ErrorNote, Field, Loading, Notice, usePageTitle } from '../../../components/ui.tsx';
import { Link, navigate } from '../../../router.tsx';
import { ACCOUNT_LINKS } from '../../../installed.ts';
import { RoleTags } from '../RoleTags.tsx';
import { useSession } from '../../../session.tsx';
import type { User } from '../api.ts';

export default function Account() {
  const { t } = useTranslation('identity');
  usePageTitle(t('account.title'));
  const { me, refresh } = useSession();
  const [displayName, setDisplayName] = useState('');
  const [namePublic, setNamePublic] = useState(false);
  const [saved, setSaved] = useState(false);
  const [profileError, setProfileError] = useState<unknown>(null);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [passwordChanged, setPasswordChanged] = useState(false);
  const [passwordError, setPasswordError] = useState<unknown>(null);

  useEffect(() => {
    if (me?.user) {
      setDisplayName(me.user.displayName);
      setNamePublic(me.user.namePublic);
    } else if (me && !me.user) {
      navigate('/login?next=/me', { replace: true });
    }
  }, [me]);

  if (!me?.user) return <Loading />;
  const user = me.user;

  const saveProfile = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setProfileError(null);
    try {
      await api.patch<User>('/api/v1/me', { displayName: displayName.trim(), namePublic });
      await refresh();
      setSaved(true);
    } catch (err) {
      setProfileError(err);
    }
  };
  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    setPasswordChanged(false);
    setPasswordError(null);
    try {
      await api.post<User>('/api/v1/auth/password', { currentPassword, newPassword });
      setCurrentPassword('');
      setNewPassword('');
      setPasswordChanged(true);
    } catch (err) {
      setPasswordError(err);
    }
  };
  const logout = async () => {
    await api.post('/api/v1/auth/logout');
    await refresh();
    navigate('/', { replace: true });
  };

  return (
    <>
      <h1>{t('account.title')}</h1>
      <p className="lead" data-testid="account-name">
        {user.displayName} · {user.phone}
      </p>

      <section aria-labelledby="my-communities">
        <h2 id="my-communities">{t('account.myCommunities')}</h2>
        {me.communities.length === 0 ? <p className="muted">{t('account.noCommunities')}</p> : null}
        <ul className="cards">
          {me.communities.map((c) => (
            <li key={c.slug}>
              <Link to={`/c/${c.slug}`} className="card card-link">
                <span className="card-title">{c.name}</span>
                <RoleTags roles={c.roles} />
              </Link>
              {ACCOUNT_LINKS.length > 0 ? (
                <ul className="account-links" aria-label={t('account.aboutMeIn', { name: c.name })}>
                  {ACCOUNT_LINKS.map((link) => (
                    <li key={`${link.ns}.${link.title}`}>
                      <Link to={link.to(c.slug)}>{t(link.title, { ns: link.ns })}</Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="my-data">
        <h2 id="my-data">{t('myData.title')}</h2>
        <p className="muted">{t('account.myDataNote')}</p>
        <Link to="/me/data" className="btn" data-testid="my-data-link">
          {t('account.myDataLink')}
        </Link>
      </section>

      <section aria-labelledby="profile">
        <h2 id="profile">{t('account.profile')}</h2>
        <form className="form" onSubmit={(e) => void saveProfile(e)}>
          <Field label={t('auth.displayName')}>
            <input name="displayName" required maxLength={40} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </Field>
          <label className="check">
            <input type="checkbox" name="namePublic" checked={namePublic} onChange={(e) => setNamePublic(e.target.checked)} />
            <span>{t('account.namePublic')}</span>
          </label>
          <p className="muted">{t('account.namePublicHint')}</p>
          <ErrorNote error={profileError} />
          {saved ? <Notice>{t('common.saved')}</Notice> : null}
          <button type="submit" className="btn btn-primary">
            {t('common.save')}
          </button>
        </form>
      </section>

      <section aria-labelledby="password">
        <h2 id="password">{t('account.changePassword')}</h2>
        <form className="form" onSubmit={(e) => void changePassword(e)}>
          <Field label={t('account.currentPassword')}>
            <input type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.target.value)} />
          </Field>
          <Field label={t('account.newPassword')} hint={t('auth.passwordHint')}>
            <input type="password" autoComplete="new-password" required minLength={8} value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
          </Field>
          <ErrorNote error={passwordError} />
          {passwordChanged ? <Notice>{t('account.passwordChanged')}</Notice> : null}
          <button type="submit" className="btn">
            {t('account.changePassword')}
          </button>
        </form>
      </section>

      <section>
        <button type="button" className="btn btn-quiet" onClick={() => void logout()} data-testid="logout">
          {t('account.logout')}
        </button>
      </section>
    </>
  );
}
