import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Field, Notice } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { formatFen, newIdempotencyKey } from '../../../../money.ts';
import { fundBase, type Entry, type Posted } from '../../api.ts';

/** Correct a mistake: find the entry by its number, write the public 更正说明, post the reversing entry. */
export function Correct({ slug }: { slug: string }) {
  const { t } = useTranslation('ledger');
  const [seq, setSeq] = useState('');
  const [entry, setEntry] = useState<Entry | null>(null);
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<number | null>(null);
  const find = useAction();
  const reverse = useAction();
  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    setEntry(null);
    setDone(null);
    void find.run(async () => setEntry(await api.get<Entry>(`${fundBase(slug)}/entries/${Number(seq)}`)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!entry) return;
    void reverse.run(async () => {
      const r = await api.post<Posted>(`${fundBase(slug)}/entries/${entry.seq}/reverse`, { note: note.trim() }, { idempotencyKey: key });
      setKey(newIdempotencyKey());
      setDone(r.seq);
      setEntry(null);
      setNote('');
    });
  };
  return (
    <section aria-labelledby="correct">
      <h2 id="correct">{t('work.fund.correctTitle')}</h2>
      <p className="muted">{t('work.fund.correctHint')}</p>
      {done ? <Notice>{t('work.fund.corrected', { seq: done })}</Notice> : null}
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
              <ErrorNote error={reverse.error} />
              <button type="submit" className="btn btn-primary" disabled={reverse.busy}>
                {t('work.fund.reverse')}
              </button>
            </form>
          )}
        </div>
      ) : null}
    </section>
  );
}
