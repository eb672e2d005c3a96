import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice } from '../../../components/ui.tsx';
import { useLoad } from '../../../components/work.tsx';
import { consents } from '../api.ts';
import { ConsentCard } from './ConsentCard.tsx';
import { RecordConsent, type ConsentPerson } from './RecordConsent.tsx';

/**
 * Staff's view of one person's consents (those about them and those naming them as carer or
 * guardian), with recording a new one. Shown on the register's person page and on a member's card.
 */
export function ConsentPanel({
  slug,
  person,
  onChanged,
  nested = false,
}: {
  slug: string;
  person: ConsentPerson;
  onChanged?: () => void;
  /** Inside a card of a list (a member's): its heading is one level down. */
  nested?: boolean;
}) {
  const { t } = useTranslation('identity');
  const list = useLoad(() => consents.list(slug, { personId: person.userId }), [slug, person.userId]);
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const changed = (message: string) => {
    setDone(message);
    void list.reload();
    onChanged?.();
  };
  const headingId = `consents-${person.userId}`;
  const Heading = nested ? 'h3' : 'h2';
  return (
    <section aria-labelledby={headingId} className="consents" data-testid="consent-panel">
      <Heading id={headingId}>{t('consents.heading')}</Heading>
      <p className="muted">{t('consents.intro')}</p>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.consents.length === 0 ? <p className="muted">{t('consents.none', { name: person.name })}</p> : null}
      {done ? <Notice>{done}</Notice> : null}
      <ul className="list">
        {list.data?.consents.map((c) => (
          <ConsentCard key={c.id} slug={slug} consent={c} onChanged={(_, message) => changed(message)} />
        ))}
      </ul>
      {adding ? (
        <RecordConsent
          slug={slug}
          person={person}
          onRecorded={(c) => {
            setAdding(false);
            changed(t(c.state === 'awaiting_countersign' ? 'consents.recordedAwaiting' : 'consents.recorded', { name: person.name }));
          }}
        />
      ) : (
        <button
          type="button"
          className="btn"
          onClick={() => {
            setDone(null);
            setAdding(true);
          }}
        >
          {t('consents.add')}
        </button>
      )}
    </section>
  );
}
