import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Field, Loading, Notice } from '../../../../components/ui.tsx';
import { useAction, useLoad } from '../../../../components/work.tsx';
import { formatFen, newIdempotencyKey } from '../../../../money.ts';
import type { Role } from '../../../../session.tsx';
import { fundBase, fundWork, type Correction, type Entry } from '../../api.ts';
import { CorrectionCard } from './CorrectionCard.tsx';

/** Recently decided corrections shown under the waiting ones. */
const DECIDED_SHOWN = 10;

/**
 * Corrections with four eyes: staff find an entry and propose reversing it with the public 更正说明;
 * a supervisor who did not propose it approves (the reversal is posted) or rejects it with a reason.
 */
export function Correct({ slug, myId, roles }: { slug: string; myId: number; roles: Role[] }) {
  const { t } = useTranslation('ledger');
  const [decided, setDecided] = useState<string | null>(null);
  const waiting = useLoad(() => fundWork.corrections(slug, 'proposed', 100), [slug]);
  const recent = useLoad(async () => {
    const lists = await Promise.all([fundWork.corrections(slug, 'approved', DECIDED_SHOWN), fundWork.corrections(slug, 'rejected', DECIDED_SHOWN)]);
    return lists
      .flatMap((l) => l.corrections)
      .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))
      .slice(0, DECIDED_SHOWN);
  }, [slug]);
  const reload = () => {
    void waiting.reload();
    void recent.reload();
  };
  const canDecide = roles.includes('supervisor');
  return (
    <>
      {roles.includes('staff') ? (
        <Propose
          slug={slug}
          onProposed={() => {
            setDecided(null);
            void waiting.reload();
          }}
        />
      ) : null}
      <section aria-labelledby="corrections-waiting">
        <h2 id="corrections-waiting">
          {t('work.fund.corrections.waiting')} <span className="count">({waiting.data?.corrections.length ?? 0})</span>
        </h2>
        {decided ? <Notice>{decided}</Notice> : null}
        <CorrectionList
          slug={slug}
          list={waiting}
          items={waiting.data?.corrections}
          myId={myId}
          canDecide={canDecide}
          onDecided={(message) => {
            setDecided(message);
            reload();
          }}
        />
      </section>
      <section aria-labelledby="corrections-decided">
        <h2 id="corrections-decided">{t('work.fund.corrections.decided')}</h2>
        <CorrectionList slug={slug} list={recent} items={recent.data} myId={myId} canDecide={false} onDecided={reload} />
      </section>
    </>
  );
}

function CorrectionList({
  slug,
  list,
  items,
  myId,
  canDecide,
  onDecided,
}: {
  slug: string;
  list: { loaded: boolean; error: unknown };
  items: Correction[] | null | undefined;
  myId: number;
  canDecide: boolean;
  onDecided: (message: string) => void;
}) {
  const { t } = useTranslation('ledger');
  return (
    <>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {items?.length === 0 ? <p className="muted">{t('work.fund.noneHere')}</p> : null}
      <ul className="list">
        {items?.map((c) => (
          <CorrectionCard key={c.id} slug={slug} correction={c} myId={myId} canDecide={canDecide} onDecided={onDecided} />
        ))}
      </ul>
    </>
  );
}

/** Staff: find the entry by its number, write the public 更正说明, propose reversing it. */
function Propose({ slug, onProposed }: { slug: string; onProposed: () => void }) {
  const { t } = useTranslation('ledger');
  const [seq, setSeq] = useState('');
  const [entry, setEntry] = useState<Entry | null>(null);
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [proposed, setProposed] = useState<number | null>(null);
  const find = useAction();
  const propose = useAction();
  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    setEntry(null);
    setProposed(null);
    void find.run(async () => setEntry(await api.get<Entry>(`${fundBase(slug)}/entries/${Number(seq)}`)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!entry) return;
    void propose.run(async () => {
      const r = await api.post<Correction>(`${fundBase(slug)}/corrections`, { seq: entry.seq, note: note.trim() }, { idempotencyKey: key });
      setKey(newIdempotencyKey());
      setProposed(r.entrySeq);
      setEntry(null);
      setNote('');
      onProposed();
    });
  };
  return (
    <section aria-labelledby="correct">
      <h2 id="correct">{t('work.fund.correctTitle')}</h2>
      <p className="muted">{t('work.fund.correctHint')}</p>
      {proposed ? <Notice>{t('work.fund.correctionProposed', { seq: proposed })}</Notice> : null}
      <form className="inline-form" onSubmit={lookUp}>
        <Field label={t('work.fund.entrySeq')}>
          <input type="number" min={1} required value={seq} onChange={(e) => setSeq(e.target.value)} />
        </Field>
        <button type="submit" className="btn" disabled={find.busy}>
          {t('work.fund.find')}
        </button>
      </form>
      <ErrorNote error={find.error} />
      {entry ? (
        <div className="card" data-testid="entry-to-correct">
          <p>
            <strong>#{entry.seq}</strong> {entry.memo}
            {entry.party ? ` · ${entry.party}` : ''}
          </p>
          <table className="postings">
            <tbody>
              {entry.postings.map((p) => (
                <tr key={p.account}>
                  <td>{p.name}</td>
                  <td className="amount">
                    {p.fen > 0 ? t('fund.debit') : t('fund.credit')} {formatFen(Math.abs(p.fen))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {entry.reversedBy ? (
            <p className="note note-error">{t('fund.reversedBy', { seq: entry.reversedBy })}</p>
          ) : (
            <form className="form" onSubmit={submit}>
              <Field label={t('work.fund.correctionNote')} hint={t('work.fund.correctionNoteHint')}>
                <textarea required rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
              </Field>
              <ErrorNote error={propose.error} />
              <button type="submit" className="btn btn-primary" disabled={propose.busy}>
                {t('work.fund.proposeCorrection')}
              </button>
            </form>
          )}
        </div>
      ) : null}
    </section>
  );
}
