import { useTranslation } from 'react-i18next';
import { Field } from '../../components/ui.tsx';
import { ChoiceSelect } from '../../components/work.tsx';
import { AddressPicker } from '../addresses/index.ts';
import { AGE_BANDS, GROUPS, type AgeBand, type Group, type Person, type Profile } from './api.ts';

/** A register entry's fields as a form holds them, before they are a request. */
export interface ProfileDraft {
  /** A birth year, or an age band for someone who would rather not give one. */
  age: 'year' | 'band';
  birthYear: string;
  ageBand: AgeBand | '';
  address: { id: number; label: string } | null;
  groups: Group[];
}

export function draftOf(person: Person | null): ProfileDraft {
  return {
    age: person && person.birthYear === null && person.ageBand !== null ? 'band' : 'year',
    birthYear: person?.birthYear ? String(person.birthYear) : '',
    ageBand: person?.birthYear === null ? (person.ageBand ?? '') : '',
    address: person?.address ?? null,
    groups: person?.groups ?? [],
  };
}

const YEAR = /^(19|20)\d{2}$/;

/** Whether the draft's birth year, if one is being given, is a year. */
export function hasValidAge(d: ProfileDraft): boolean {
  return d.age === 'band' || d.birthYear === '' || YEAR.test(d.birthYear);
}

/** The request's fields: the birth year or the age band (the other cleared), the address, the groups. */
export function profileInput(d: ProfileDraft): Required<Pick<Profile, 'birthYear' | 'ageBand' | 'addressId' | 'groups'>> {
  return {
    birthYear: d.age === 'year' && YEAR.test(d.birthYear) ? Number(d.birthYear) : null,
    ageBand: d.age === 'band' && d.ageBand ? d.ageBand : null,
    addressId: d.address?.id ?? null,
    groups: d.groups,
  };
}

/**
 * The least a register entry holds: birth year or age band, the address from the community's address
 * book, the groups served (children, youth, women, elders). For staff's forms and the resident's own.
 */
export function ProfileFields({ slug, draft, onChange }: { slug: string; draft: ProfileDraft; onChange: (draft: ProfileDraft) => void }) {
  const { t } = useTranslation('people');
  const set = (change: Partial<ProfileDraft>) => onChange({ ...draft, ...change });
  const thisYear = new Date().getFullYear();
  return (
    <>
      <fieldset className="choices">
        <legend>{t('profile.age')}</legend>
        <label className="check">
          <input type="radio" name="age" checked={draft.age === 'year'} onChange={() => set({ age: 'year' })} />
          <span>{t('profile.byYear')}</span>
        </label>
        <label className="check">
          <input type="radio" name="age" checked={draft.age === 'band'} onChange={() => set({ age: 'band' })} />
          <span>{t('profile.byBand')}</span>
        </label>
        {draft.age === 'year' ? (
          <Field label={t('profile.birthYear')} hint={t('profile.birthYearHint', { example: thisYear - 70 })}>
            <input
              name="birthYear"
              inputMode="numeric"
              pattern="(19|20)[0-9]{2}"
              maxLength={4}
              value={draft.birthYear}
              onChange={(e) => set({ birthYear: e.target.value.replace(/\D/g, '').slice(0, 4) })}
            />
          </Field>
        ) : (
          <ChoiceSelect
            label={t('profile.ageBand')}
            name="ageBand"
            value={draft.ageBand}
            choices={AGE_BANDS}
            empty={t('profile.notGiven')}
            nameOf={(b) => t(`ageBands.${b}`)}
            onChange={(ageBand) => set({ ageBand })}
          />
        )}
      </fieldset>
      <fieldset className="choices">
        <legend>{t('profile.address')}</legend>
        {draft.address ? (
          <>
            <p className="address-label" data-testid="address-chosen">
              <strong>{draft.address.label}</strong>
            </p>
            <div className="row-actions">
              <button type="button" className="btn btn-quiet" onClick={() => set({ address: null })}>
                {t('profile.changeAddress')}
              </button>
            </div>
          </>
        ) : (
          <AddressPicker slug={slug} onPick={(a) => set({ address: { id: a.id, label: a.label } })} />
        )}
      </fieldset>
      <GroupChecks name="groups" value={draft.groups} onChange={(groups) => set({ groups })} />
    </>
  );
}

/** The groups a person is served as (children, youth, women, elders), ticked. */
export function GroupChecks({ name, value, onChange }: { name: string; value: readonly Group[]; onChange: (groups: Group[]) => void }) {
  const { t } = useTranslation('people');
  return (
    <fieldset className="choices">
      <legend>{t('profile.groups')}</legend>
      {GROUPS.map((g) => (
        <label key={g} className="check">
          <input
            type="checkbox"
            name={name}
            checked={value.includes(g)}
            onChange={(e) => onChange(e.target.checked ? [...value, g] : value.filter((x) => x !== g))}
          />
          <span>{t(`groups.${g}`)}</span>
        </label>
      ))}
    </fieldset>
  );
}
