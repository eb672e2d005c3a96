import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhoneTail } from '../../../components/code.tsx';
import { SearchPick, useSearch } from '../../../components/work.tsx';
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
  return (
    <SearchPick
      label={label}
      {...(hint ? { hint } : {})}
      q={q}
      onQ={setQ}
      found={found?.members.filter((m) => m.userId !== exclude) ?? null}
      error={error}
      show={(m) => ({
        key: m.userId,
        main: <span>{m.displayName}</span>,
        side: m.phone ? <PhoneTail phone={m.phone} /> : <span className="muted">{t('picker.noPhone')}</span>,
        disabled: !m.phone,
      })}
      onPick={onPick}
      resultsLabel={t('picker.results')}
      none={t('picker.none')}
      testId="member-result"
    />
  );
}
