import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { ErrorNote, Loading } from '../../../components/ui.tsx';
import { firstData } from '../../../first-data.ts';
import { HOME_SECTIONS, NAMESPACES } from '../../../installed.ts';
import { Link } from '../../../router.tsx';
import { useSession } from '../../../session.tsx';
import type { CommunityHome as Home } from '../api.ts';
import { communityUrl } from '../urls.ts';

export default function CommunityHome({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('communities');
  const { me, refresh } = useSession();
  const url = communityUrl(slug);
  const [home, setHome] = useState<Home | null>(() => firstData<Home>(url) ?? null);
  const [error, setError] = useState<unknown>(null);
  // The server sent the first answer with the page: ask again only when the person or community changes.
  const sent = useRef(home !== null);

  const load = useCallback(() => api.get<Home>(url).then(setHome).catch(setError), [url]);
  useEffect(() => {
    if (sent.current) {
      sent.current = false;
      return;
    }
    void load();
  }, [load, me?.user?.id]);

  if (error) return <ErrorNote error={error} />;
  if (!home) return <Loading />;
  const roles = home.myRoles;
  // Each module's links, for this visitor (web/src/installed.ts).
  const sections = HOME_SECTIONS.filter(
    (s) => s.shownTo?.({ signedIn: Boolean(me?.user), roles, isPlatformAdmin: Boolean(me?.user?.isPlatformAdmin) }) ?? true,
  );
  const join = async () => {
    try {
      await api.post(`/api/v1/communities/${slug}/join`);
      await refresh();
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <h1 data-testid="community-name">{home.name}</h1>
      <p className="muted">
        {[home.district, home.street].filter(Boolean).join(' · ')} · {t('community.members', { count: home.stats.members })}
      </p>
      {roles.length > 0 ? (
        <p className="roles" data-testid="my-roles">
          {t('community.myRoles')}
          {roles.map((r) => (
            <span key={r} className="tag">
              {t(`roles.${r}`, { ns: NAMESPACES })}
            </span>
          ))}
        </p>
      ) : null}
      {!me?.user ? (
        <div className="actions">
          <Link to={`/register?community=${slug}`} className="btn btn-primary">
            {t('community.registerHere')}
          </Link>
          <Link to={`/login?next=/c/${slug}`} className="btn">
            {t('nav.login')}
          </Link>
        </div>
      ) : roles.length === 0 ? (
        <button type="button" className="btn btn-primary" onClick={() => void join()}>
          {t('community.join')}
        </button>
      ) : null}

      <nav aria-label={t('community.sections')}>
        <ul className="tiles">
          {sections.map((s) => (
            <li key={`${s.ns}:${s.title}`}>
              <Link to={s.to(slug)} className="tile">
                <span className="tile-title">{t(s.title, { ns: s.ns })}</span>
                <span className="tile-note">{t(s.note, { ns: s.ns })}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
