import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhoneTail } from '../../../components/code.tsx';
import { ErrorNote, Field } from '../../../components/ui.tsx';
import { useSearch } from '../../../components/work.tsx';
import { findMembers, type Member } from '../api.ts';

const SHOWN = 10;

/**
 * Staff pick a member of the community by part of their name or number: a family carer, a child's
 * guardian. Someone without a phone of their own cannot sign in to act, so they are shown but not offered.
 */
export function MemberPicker({
  slug,
  label,
  hint,
  picked,
  onPick,
  exclude,
}: {
  slug: string;
  label: string;
  hint?: string;
  picked: Member | null;
  onPick: (member: Member | null) => void;
  /** Someone who cannot be picked here (the person themselves). */
  exclude?: number;
}) {
  const { t } = useTranslation('identity');
  const resultsId = useId();
  const [q, setQ] = useState('');
  const { found, error } = useSearch((wanted) => findMembers(slug, { q: wanted, limit: SHOWN }), [slug], q.trim());

  if (picked)
    return (
      <div className="field picked" data-testid="member-picked">
        <span className="field-label">{label}</span>
        <div className="row-between">
          <strong>{picked.displayName}</strong>
          {picked.phone ? <PhoneTail phone={picked.phone} /> : null}
        </div>
        <button type="button" className="btn btn-quiet" onClick={() => onPick(null)}>
          {t('picker.change')}
        </button>
      </div>
    );
  const shown = found?.members.filter((m) => m.userId !== exclude) ?? null;
  return (
    <div className="picker">
      <Field label={label} {...(hint ? { hint } : {})}>
        <input type="search" value={q} maxLength={40} autoComplete="off" aria-controls={resultsId} onChange={(e) => setQ(e.target.value)} />
      </Field>
      <ErrorNote error={error} />
      <div id={resultsId} aria-live="polite">
        {shown?.length === 0 ? <p className="muted">{t('picker.none')}</p> : null}
        {shown && shown.length > 0 ? (
          <ul className="list picker-results" aria-label={t('picker.results')}>
            {shown.map((m) => (
              <li key={m.userId}>
                <button type="button" className="result" disabled={!m.phone} onClick={() => onPick(m)} data-testid="member-result">
                  <span>{m.displayName}</span>
                  {m.phone ? <PhoneTail phone={m.phone} /> : <span className="muted">{t('picker.noPhone')}</span>}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
