import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { register, type Person } from '../../api.ts';
import { householdChoiceOf, HouseholdField, resolveHousehold, type HouseholdChoice } from '../../HouseholdField.tsx';
import { draftOf, hasValidAge, ProfileFields, profileInput } from '../../ProfileFields.tsx';

/**
 * Staff correct a register entry. The name is theirs to change once a person has their own phone
 * (they sign in and change it themselves; the server answers NAME_IS_THEIRS), so it is not offered then.
 */
export function EditPerson({ slug, person: p, onSaved, onCancel }: { slug: string; person: Person; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation('people');
  const nameIsTheirs = p.phone !== null;
  const [name, setName] = useState(p.displayName);
  const [draft, setDraft] = useState(() => draftOf(p));
  const [household, setHousehold] = useState<HouseholdChoice>(() => householdChoiceOf(p));
  const { busy, error, run } = useAction();
  const ready = name.trim() !== '' && hasValidAge(draft) && (household.kind !== 'with' || household.person !== null);
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    void run(async () => {
      const profile = profileInput(draft);
      const householdId = await resolveHousehold(slug, household, profile.addressId, name.trim());
      const renamed = !nameIsTheirs && name.trim() !== p.displayName;
      await register.update(slug, p.userId, { ...profile, householdId, ...(renamed ? { displayName: name.trim() } : {}) });
      onSaved();
    });
  };
  return (
    <form className="form" onSubmit={save} data-testid="edit-person">
      <h2>{t('person.edit')}</h2>
      <Field label={t('profile.name')} {...(nameIsTheirs ? { hint: t('person.nameIsTheirs') } : {})}>
        <input name="displayName" required maxLength={40} value={name} disabled={nameIsTheirs} onChange={(e) => setName(e.target.value)} />
      </Field>
      <ProfileFields slug={slug} draft={draft} onChange={setDraft} />
      <HouseholdField slug={slug} value={household} onChange={setHousehold} exclude={p.userId} />
      <ErrorNote error={error} />
      <button type="submit" className="btn btn-primary" disabled={!ready || busy}>
        {t('common.save')}
      </button>
      <button type="button" className="btn btn-quiet" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}
