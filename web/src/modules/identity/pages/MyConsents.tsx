import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Loading, Notice, usePageTitle } from '../../../components/ui.tsx';
import { SubmitAfterAsking, useAction, useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import { consents } from '../api.ts';
import { ConsentCard } from '../consents/ConsentCard.tsx';
import { isActable } from '../unactable.ts';

/**
 * 我的授权: the consents I gave, that are about me, or that name me as a carer or guardian, each of
 * which I may withdraw; and giving my own consent that staff act for me (代办).
 */
export default function MyConsents({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('identity');
  usePageTitle(t('mine.title'));
  const { me } = useSession();
  const list = useLoad(() => consents.mine(slug), [slug]);
  const [done, setDone] = useState<string | null>(null);
  const myId = me?.user?.id;
  const changed = (message: string) => {
    setDone(message);
    void list.reload();
  };
  const hasActFor = list.data?.consents.some(
    (c) => c.purpose === 'act_for' && c.person.userId === myId && (c.state === 'active' || c.state === 'awaiting_countersign'),
  );
  return (
    <>
      <p>
        <Link to="/me">← {t('account.title')}</Link>
      </p>
      <h1>{t('mine.title')}</h1>
      <p className="muted">{t('mine.intro')}</p>
      {done ? <Notice>{done}</Notice> : null}
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.consents.length === 0 ? <p className="muted">{t('mine.empty')}</p> : null}
      <ul className="list">
        {list.data?.consents.map((c) => (
          <ConsentCard key={c.id} slug={slug} consent={c} mine onChanged={(_, message) => changed(message)} />
        ))}
      </ul>
      {/* Staff, supervisors and clerks are never acted for: the form is not offered to them. */}
      {list.loaded && !hasActFor && isActable(rolesIn(me, slug)) ? <GiveActFor slug={slug} onGiven={() => changed(t('mine.given'))} /> : null}
    </>
  );
}

/** I consent myself that staff act for me: asked again, saying what it means and that I can withdraw it. */
function GiveActFor({ slug, onGiven }: { slug: string; onGiven: () => void }) {
  const { t } = useTranslation('identity');
  const [note, setNote] = useState(() => t('mine.noteDefault'));
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();
  const give = () =>
    void run(async () => {
      await consents.giveMine(slug, { purpose: 'act_for', note: note.trim() });
      setAsking(false);
      onGiven();
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsking(true);
  };
  return (
    <section aria-labelledby="give-act-for">
      <h2 id="give-act-for">{t('mine.give')}</h2>
      <p>{t('mine.giveIntro')}</p>
      <form className="form" onSubmit={submit}>
        <Field label={t('mine.note')}>
          <input name="note" required maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <SubmitAfterAsking
          asking={asking}
          label={t('mine.give')}
          question={t('mine.giveQuestion')}
          action={t('mine.giveAction')}
          busy={busy}
          ready={note.trim() !== ''}
          className="btn btn-primary"
          onConfirm={give}
          onCancel={() => setAsking(false)}
        />
        <ErrorNote error={error} />
      </form>
    </section>
  );
}
