import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ListingForm } from '../../ListingForm.tsx';
import { ErrorNote, Field, Loading, Notice } from '../../../../components/ui.tsx';
import { useAction, useLoad } from '../../../../components/work.tsx';
import { marketBase, type Maker } from '../../api.ts';
import { makers } from '../../work.ts';

/** Maker applications to decide, makers created on someone's behalf (consent recorded), and listing for them. */
export function Makers({ slug, defaultPercent }: { slug: string; defaultPercent: number }) {
  const { t } = useTranslation('market');
  const applied = useLoad(() => makers.list(slug, 'applied'), [slug]);
  const approved = useLoad(() => makers.list(slug, 'approved'), [slug]);
  const [listFor, setListFor] = useState<Maker | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reload = () => {
    void applied.reload();
    void approved.reload();
  };
  return (
    <>
      <section aria-labelledby="applications">
        <h2 id="applications">{t('work.shop.applications')}</h2>
        {done ? <Notice>{done}</Notice> : null}
        <ErrorNote error={applied.error} />
        {!applied.loaded && !applied.error ? <Loading /> : null}
        {applied.data?.makers.length === 0 ? <p className="muted">{t('work.shop.noApplications')}</p> : null}
        <ul className="list">
          {applied.data?.makers.map((m) => (
            <Application
              key={m.id}
              slug={slug}
              maker={m}
              onDone={(msg) => {
                setDone(msg);
                reload();
              }}
            />
          ))}
        </ul>
      </section>
      <section aria-labelledby="on-behalf">
        <h2 id="on-behalf">{t('work.shop.createMaker')}</h2>
        <p className="muted">{t('work.shop.createMakerHint')}</p>
        <CreateMaker
          slug={slug}
          onDone={(m) => {
            setDone(t('work.shop.makerCreated', { name: m.name }));
            reload();
          }}
        />
      </section>
      <section aria-labelledby="makers">
        <h2 id="makers">{t('work.shop.makers')}</h2>
        <ul className="list">
          {approved.data?.makers.map((m) => (
            <li key={m.id} className="card" data-testid="maker">
              <div className="row-between">
                <strong>{m.name}</strong>
                {m.listedOnBehalf ? <span className="tag tag-info">{t('work.shop.onBehalf')}</span> : null}
              </div>
              <p className="muted small">{m.crafts}</p>
              <button type="button" className="btn" onClick={() => setListFor(listFor?.id === m.id ? null : m)}>
                {t('work.shop.listFor', { name: m.name })}
              </button>
              {listFor?.id === m.id ? (
                <ListingForm
                  slug={slug}
                  defaultPercent={defaultPercent}
                  makerId={m.id}
                  needsConsent
                  onCreated={(l) => {
                    setListFor(null);
                    setDone(t('work.listing.created', { title: l.title }));
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function Application({ slug, maker, onDone }: { slug: string; maker: Maker; onDone: (message: string) => void }) {
  const { t } = useTranslation('market');
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const decide = (decision: 'approve' | 'reject') =>
    void run(async () => {
      await api.post(`${marketBase(slug)}/makers/${maker.id}/decision`, decision === 'approve' ? { decision } : { decision, reason: reason.trim() });
      onDone(t(decision === 'approve' ? 'work.shop.makerApproved' : 'work.shop.makerRejected', { name: maker.name }));
    });
  return (
    <li className="card" data-testid="application">
      <div className="row-between">
        <strong>{maker.name}</strong>
        {maker.photoUrl ? <img src={maker.photoUrl} alt={maker.name} width={64} height={64} className="avatar" /> : null}
      </div>
      <p className="small">{maker.crafts}</p>
      <p className="muted small">{maker.story}</p>
      <Field label={t('work.reasonIfRejecting')}>
        <input maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <ErrorNote error={error} />
      <div className="row-actions">
        <button type="button" className="btn btn-strong" disabled={busy} onClick={() => decide('approve')}>
          {t('work.approve')}
        </button>
        <button type="button" className="btn" disabled={busy || !reason.trim()} onClick={() => decide('reject')}>
          {t('work.reject')}
        </button>
      </div>
    </li>
  );
}

function CreateMaker({ slug, onDone }: { slug: string; onDone: (maker: Maker) => void }) {
  const { t } = useTranslation('market');
  const [kind, setKind] = useState<Maker['kind']>('person');
  const [name, setName] = useState('');
  const [crafts, setCrafts] = useState('');
  const [story, setStory] = useState('');
  const [consentNote, setConsentNote] = useState('');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const m = await api.post<Maker>(`${marketBase(slug)}/makers`, {
        kind,
        name: name.trim(),
        crafts: crafts.trim(),
        story: story.trim(),
        consentNote: consentNote.trim(),
      });
      setName('');
      setCrafts('');
      setStory('');
      setConsentNote('');
      onDone(m);
    });
  };
  return (
    <form className="form" onSubmit={submit}>
      <fieldset className="choices">
        <legend>{t('work.shop.makerKind')}</legend>
        {(['person', 'organisation'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="maker-kind" checked={kind === k} onChange={() => setKind(k)} />
            {t(`work.shop.makerKinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('work.shop.makerName')}>
        <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={t('work.maker.crafts')}>
        <input maxLength={200} value={crafts} onChange={(e) => setCrafts(e.target.value)} />
      </Field>
      <Field label={t('work.maker.story')}>
        <textarea rows={2} maxLength={2000} value={story} onChange={(e) => setStory(e.target.value)} />
      </Field>
      <Field label={t('work.consentNote')} hint={t('work.consentNoteHint')}>
        <input required maxLength={200} value={consentNote} onChange={(e) => setConsentNote(e.target.value)} />
      </Field>
      <ErrorNote error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('work.shop.createMakerAction')}
      </button>
    </form>
  );
}
