import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Notice } from '../../../../components/ui.tsx';
import { formatDateTime, useAction } from '../../../../components/work.tsx';
import { register, SENSITIVE_TAGS, type Person, type Sensitive, type SensitiveTag } from '../../api.ts';

/**
 * Hardship, disability, health: hidden until staff ask for them, and the page says first that the
 * read is written to the audit log (who read whose, and when). Then shown and editable.
 */
export function SensitivePanel({ slug, person: p }: { slug: string; person: Person }) {
  const { t, i18n } = useTranslation('people');
  const [shown, setShown] = useState<Sensitive | null>(null);
  const [tags, setTags] = useState<SensitiveTag[]>([]);
  const [note, setNote] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const read = () =>
    void run(async () => {
      const s = await register.readSensitive(slug, p.userId);
      setShown(s);
      setTags(s.tags);
      setNote(s.note ?? '');
    });
  const save = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      setShown(await register.setSensitive(slug, p.userId, { tags, note: note.trim() || null }));
      setSaved(true);
    });
  };
  return (
    <section aria-labelledby="sensitive" data-testid="sensitive">
      <h2 id="sensitive">{t('sensitive.title')}</h2>
      {shown ? (
        <form className="form" onSubmit={save}>
          <fieldset className="choices">
            <legend>{t('sensitive.tags', { name: p.displayName })}</legend>
            {SENSITIVE_TAGS.map((tag) => (
              <label key={tag} className="check">
                <input
                  type="checkbox"
                  name="sensitive"
                  checked={tags.includes(tag)}
                  onChange={(e) => setTags(e.target.checked ? [...tags, tag] : tags.filter((x) => x !== tag))}
                />
                <span>{t(`sensitive.names.${tag}`)}</span>
              </label>
            ))}
          </fieldset>
          <Field label={t('sensitive.note')} hint={t('sensitive.noteHint')}>
            <textarea name="sensitiveNote" maxLength={200} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          {shown.updatedAt ? <p className="muted small">{t('sensitive.updated', { time: formatDateTime(shown.updatedAt, i18n.language) })}</p> : null}
          {saved ? <Notice>{t('common.saved')}</Notice> : null}
          <ErrorNote error={error} />
          <button type="submit" className="btn" disabled={busy}>
            {t('common.save')}
          </button>
        </form>
      ) : (
        <>
          <p className="note note-info">{t('sensitive.audited')}</p>
          <ErrorNote error={error} />
          <button type="button" className="btn" onClick={read} disabled={busy}>
            {t('sensitive.show')}
          </button>
        </>
      )}
    </section>
  );
}
