import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice, usePageTitle } from '../../../components/ui.tsx';
import { useAction, useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { myEntry, type Person } from '../api.ts';
import { draftOf, hasValidAge, ProfileFields, profileInput } from '../ProfileFields.tsx';
import { MyChild } from './my-profile/MyChild.tsx';

/**
 * 我的登记信息: what the community's register holds about me, which I correct (or make) myself:
 * birth year or age band, address, the groups I belong to; and registering my child under 14.
 */
export default function MyProfile({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('people');
  usePageTitle(t('mine.title'));
  const entry = useLoad(() => myEntry.get(slug), [slug]);
  return (
    <>
      <p>
        <Link to="/me">← {t('mine.back')}</Link>
      </p>
      <h1>{t('mine.title')}</h1>
      <p className="muted">{t('mine.intro')}</p>
      <ErrorNote error={entry.error} />
      {!entry.loaded && !entry.error ? <Loading /> : null}
      {entry.loaded ? (
        <>
          <MyEntryForm slug={slug} entry={entry.data} onSaved={() => void entry.reload()} />
          <MyChild slug={slug} registered={entry.data?.children ?? []} onAdded={() => void entry.reload()} />
        </>
      ) : null}
    </>
  );
}

function MyEntryForm({ slug, entry, onSaved }: { slug: string; entry: Person | null; onSaved: () => void }) {
  const { t } = useTranslation('people');
  const [draft, setDraft] = useState(() => draftOf(entry));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const save = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      await myEntry.update(slug, profileInput(draft));
      setSaved(true);
      onSaved();
    });
  };
  return (
    <form className="form" onSubmit={save} data-testid="my-profile">
      {entry ? null : <p className="note note-info">{t('mine.none')}</p>}
      <ProfileFields slug={slug} draft={draft} onChange={setDraft} />
      {saved ? <Notice>{t('mine.saved')}</Notice> : null}
      <ErrorNote error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || !hasValidAge(draft)}>
        {t('common.save')}
      </button>
    </form>
  );
}
