import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice, usePageTitle } from '../../../components/ui.tsx';
import { useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import { ConsentPanel } from '../../identity/index.ts';
import { isChild, register } from '../api.ts';
import { EditPerson } from './person/EditPerson.tsx';
import { Facts } from './person/Facts.tsx';
import { GivePhone } from './person/GivePhone.tsx';
import { SensitivePanel } from './person/SensitivePanel.tsx';

/**
 * One register entry (staff): who they are, where they live, their household, guardians, children
 * and carers; correcting it, giving them a phone, the sensitive tags (read only when asked for, each
 * read audited), and their consents.
 */
export default function PersonPage({ params }: { params: Record<string, string> }) {
  const userId = Number(params.userId);
  // Keyed by the person: following a link to a relative starts afresh (nothing sensitive stays shown).
  return <Entry key={userId} slug={params.slug ?? ''} userId={userId} />;
}

function Entry({ slug, userId }: { slug: string; userId: number }) {
  const { t } = useTranslation('people');
  const { me } = useSession();
  const staff = rolesIn(me, slug).includes('staff');
  const person = useLoad(() => (staff && userId > 0 ? register.get(slug, userId) : Promise.resolve(null)), [slug, userId, staff]);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const p = person.data;
  usePageTitle(p ? p.displayName : t('person.title'));
  const back = (
    <p>
      <Link to={`/c/${slug}/people`}>← {t('list.title')}</Link>
    </p>
  );
  if (!me) return <Loading />;
  if (!staff)
    return (
      <>
        {back}
        <h1>{t('person.title')}</h1>
        <p className="note note-error">{t('list.staffOnly')}</p>
      </>
    );
  if (!p)
    return (
      <>
        {back}
        <h1>{t('person.title')}</h1>
        <ErrorNote error={person.error} />
        {person.error ? null : <Loading />}
      </>
    );
  const changed = (message: string) => {
    setDone(message);
    setEditing(false);
    void person.reload();
  };
  return (
    <>
      {back}
      <h1 data-testid="person-name">{p.displayName}</h1>
      {done ? <Notice>{done}</Notice> : null}
      {editing ? (
        <EditPerson slug={slug} person={p} onSaved={() => changed(t('person.saved'))} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <Facts slug={slug} person={p} />
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDone(null);
              setEditing(true);
            }}
          >
            {t('person.edit')}
          </button>
        </>
      )}
      {p.phone === null && !isChild(p) ? <GivePhone slug={slug} person={p} onDone={() => changed(t('phone.done', { name: p.displayName }))} /> : null}
      <SensitivePanel slug={slug} person={p} />
      <ConsentPanel slug={slug} person={{ userId: p.userId, name: p.displayName, hasPhone: p.phone !== null }} onChanged={() => void person.reload()} />
    </>
  );
}
