import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/ui.tsx';
import { SearchPick, useSearch } from '../../components/work.tsx';
import { register, type Person } from './api.ts';

/** Which household a register entry goes in, as the staff's form holds it. */
export type HouseholdChoice =
  { kind: 'none' } | { kind: 'keep'; household: { id: number; label: string } } | { kind: 'new'; label: string } | { kind: 'with'; person: Person | null };

export function householdChoiceOf(person: Person | null): HouseholdChoice {
  return person?.household ? { kind: 'keep', household: person.household } : { kind: 'none' };
}

/** The household's id for the request: a new household is made here (at the address given, if any). */
export async function resolveHousehold(slug: string, choice: HouseholdChoice, addressId: number | null, name: string): Promise<number | null> {
  switch (choice.kind) {
    case 'none':
      return null;
    case 'keep':
      return choice.household.id;
    case 'with':
      return choice.person?.household?.id ?? null;
    case 'new': {
      const label = choice.label.trim();
      const made = await register.createHousehold(slug, { ...(addressId ? { addressId } : {}), ...(label || !addressId ? { label: label || name } : {}) });
      return made.id;
    }
  }
}

/**
 * Staff put a person in a household: none, the one they are in, a new one (at their address), or
 * the household of someone already in the register (found by name).
 */
export function HouseholdField({
  slug,
  value,
  onChange,
  exclude,
}: {
  slug: string;
  value: HouseholdChoice;
  onChange: (c: HouseholdChoice) => void;
  /** The person themselves, not offered as someone to live with. */
  exclude?: number;
}) {
  const { t } = useTranslation('people');
  const [current] = useState(value.kind === 'keep' ? value.household : null);
  const [q, setQ] = useState('');
  const searching = value.kind === 'with' && value.person === null;
  const { found, error } = useSearch((text) => register.list(slug, { q: text, limit: 10 }), [slug], searching ? q.trim() : '');
  const kinds = current ? (['keep', 'none', 'new', 'with'] as const) : (['none', 'new', 'with'] as const);
  const pick = (kind: HouseholdChoice['kind']) => {
    if (kind === 'keep') onChange(current ? { kind, household: current } : { kind: 'none' });
    else if (kind === 'new') onChange({ kind, label: '' });
    else if (kind === 'with') onChange({ kind, person: null });
    else onChange({ kind });
  };
  return (
    <fieldset className="choices">
      <legend>{t('household.title')}</legend>
      {kinds.map((kind) => (
        <label key={kind} className="check">
          <input type="radio" name="household" checked={value.kind === kind} onChange={() => pick(kind)} />
          <span>{kind === 'keep' ? t('household.keep', { label: current?.label ?? '' }) : t(`household.${kind}`)}</span>
        </label>
      ))}
      {value.kind === 'new' ? (
        <Field label={t('household.label')} hint={t('household.labelHint')}>
          <input name="householdLabel" maxLength={40} value={value.label} onChange={(e) => onChange({ kind: 'new', label: e.target.value })} />
        </Field>
      ) : null}
      {value.kind === 'with' && value.person ? (
        <>
          <p>
            <strong>{t('household.withPicked', { name: value.person.displayName, label: value.person.household?.label ?? '' })}</strong>
          </p>
          <button type="button" className="btn btn-quiet" onClick={() => onChange({ kind: 'with', person: null })}>
            {t('household.pickAgain')}
          </button>
        </>
      ) : null}
      {searching ? (
        <SearchPick
          label={t('household.search')}
          q={q}
          onQ={setQ}
          found={found?.people.filter((p) => p.userId !== exclude) ?? null}
          error={error}
          show={(p) => ({
            key: p.userId,
            main: <span>{p.displayName}</span>,
            side: <span className="muted">{p.household ? p.household.label : t('household.noneYet')}</span>,
            disabled: !p.household,
          })}
          onPick={(p) => onChange({ kind: 'with', person: p })}
          resultsLabel={t('household.found')}
          none={t('household.nobody')}
        />
      ) : null}
    </fieldset>
  );
}
