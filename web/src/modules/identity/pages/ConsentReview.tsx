import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice, usePageTitle } from '../../../components/ui.tsx';
import { useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import { consents } from '../api.ts';
import { ConsentCard } from '../consents/ConsentCard.tsx';

/**
 * Paper consents waiting for a second staff member (待复核): each recorded by one staff member from a
 * signed form's photo, in force only once another has looked at the photo and countersigned it.
 */
export default function ConsentReview({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('identity');
  usePageTitle(t('review.title'));
  const { me } = useSession();
  const isStaff = rolesIn(me, slug).includes('staff');
  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('review.title')}</h1>
      {!me ? <Loading /> : isStaff ? <Waiting slug={slug} /> : <p className="note note-error">{t('review.staffOnly')}</p>}
    </>
  );
}

function Waiting({ slug }: { slug: string }) {
  const { t } = useTranslation('identity');
  const list = useLoad(() => consents.list(slug, { state: 'awaiting_countersign' }), [slug]);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <p className="note note-info">{t('review.intro')}</p>
      {done ? <Notice>{done}</Notice> : null}
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.consents.length === 0 ? <p className="muted">{t('review.empty')}</p> : null}
      <ul className="list">
        {list.data?.consents.map((c) => (
          <ConsentCard
            key={c.id}
            slug={slug}
            consent={c}
            onChanged={(_, message) => {
              setDone(message);
              void list.reload();
            }}
          />
        ))}
      </ul>
    </>
  );
}
