import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { ErrorNote, Loading } from '../../../components/ui.tsx';
import { Link } from '../../../router.tsx';
import type { CommunityList as Communities } from '../api.ts';

export default function CommunityList() {
  const { t } = useTranslation('communities');
  const [communities, setCommunities] = useState<Communities['communities'] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .get<Communities>('/api/v1/communities')
      .then((r) => setCommunities(r.communities))
      .catch(setError);
  }, []);
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <ErrorNote error={error} />
      {communities === null && !error ? <Loading /> : null}
      <ul className="cards">
        {communities?.map((c) => (
          <li key={c.slug}>
            <Link to={`/c/${c.slug}`} className="card card-link">
              <span className="card-title">{c.name}</span>
              <span className="muted">{[c.district, c.street].filter(Boolean).join(' · ')}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
