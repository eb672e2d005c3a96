import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type CommunityHome as Home } from '../api.ts';
import { ErrorNote, Loading } from '../components/ui.tsx';
import { firstData, firstUrls } from '../first-data.ts';
import { NAMESPACES } from '../installed.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

export default function CommunityHome({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  const url = firstUrls.community(slug);
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
  const has = (...r: string[]) => r.some((x) => roles.includes(x as never));
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
          <li>
            <Link to={`/c/${slug}/fund`} className="tile">
              <span className="tile-title">{t('community.fund')}</span>
              <span className="tile-note">{t('community.fundNote')}</span>
            </Link>
          </li>
          <li>
            <Link to={`/c/${slug}/shop`} className="tile">
              <span className="tile-title">{t('community.shop')}</span>
              <span className="tile-note">{t('community.shopNote')}</span>
            </Link>
          </li>
          {me?.user ? (
            <li>
              <Link to={`/c/${slug}/orders`} className="tile">
                <span className="tile-title">{t('community.orders')}</span>
                <span className="tile-note">{t('community.ordersNote')}</span>
              </Link>
            </li>
          ) : null}
          {has('clerk', 'staff') ? (
            <li>
              <Link to={`/c/${slug}/counter`} className="tile">
                <span className="tile-title">{t('community.counter')}</span>
                <span className="tile-note">{t('community.counterNote')}</span>
              </Link>
            </li>
          ) : null}
          {has('clerk', 'staff') ? (
            <li>
              <Link to={`/c/${slug}/kiosk`} className="tile">
                <span className="tile-title">{t('community.kiosk')}</span>
                <span className="tile-note">{t('community.kioskNote')}</span>
              </Link>
            </li>
          ) : null}
          {has('maker') ? (
            <li>
              <Link to={`/c/${slug}/maker`} className="tile">
                <span className="tile-title">{t('community.maker')}</span>
                <span className="tile-note">{t('community.makerNote')}</span>
              </Link>
            </li>
          ) : null}
          {roles.length > 0 && !has('maker') ? (
            <li>
              <Link to={`/c/${slug}/maker`} className="tile">
                <span className="tile-title">{t('community.becomeMaker')}</span>
                <span className="tile-note">{t('community.becomeMakerNote')}</span>
              </Link>
            </li>
          ) : null}
          {has('staff') ? (
            <li>
              <Link to={`/c/${slug}/shop-admin`} className="tile">
                <span className="tile-title">{t('community.shopAdmin')}</span>
                <span className="tile-note">{t('community.shopAdminNote')}</span>
              </Link>
            </li>
          ) : null}
          {has('staff', 'supervisor') ? (
            <li>
              <Link to={`/c/${slug}/fund/work`} className="tile">
                <span className="tile-title">{t('community.fundWork')}</span>
                <span className="tile-note">{t('community.fundWorkNote')}</span>
              </Link>
            </li>
          ) : null}
          {has('staff') ? (
            <li>
              <Link to={`/c/${slug}/members`} className="tile">
                <span className="tile-title">{t('community.membersPage')}</span>
                <span className="tile-note">{t('community.membersNote')}</span>
              </Link>
            </li>
          ) : null}
        </ul>
      </nav>
    </>
  );
}
