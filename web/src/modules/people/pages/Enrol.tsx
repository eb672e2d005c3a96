import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Loading, usePageTitle } from '../../../components/ui.tsx';
import { SubmitAfterAsking, useAction } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import type { Member } from '../../identity/index.ts';
import { isChild, register, type Person } from '../api.ts';
import { HouseholdField, resolveHousehold, type HouseholdChoice } from '../HouseholdField.tsx';
import { draftOf, hasValidAge, ProfileFields, profileInput } from '../ProfileFields.tsx';
import { GuardianStep, isPhoneDone, PhoneStep, type PhoneDraft } from './enrol/Proof.tsx';

/**
 * Staff register a resident at the desk with the least data that serves. A phone is optional and
 * linked only by the code sent to it; a child under 14 only with a guardian's consent, by the code
 * sent to the guardian. No phone, no account to sign in with: staff serve them at the desk.
 */
export default function Enrol({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('people');
  usePageTitle(t('enrol.title'));
  const { me } = useSession();
  const [done, setDone] = useState<{ person: Person; typed: string } | null>(null);
  const [round, setRound] = useState(0);
  const back = (
    <p>
      <Link to={`/c/${slug}/people`}>← {t('list.title')}</Link>
    </p>
  );
  if (!me) return <Loading />;
  if (!rolesIn(me, slug).includes('staff'))
    return (
      <>
        {back}
        <h1>{t('enrol.title')}</h1>
        <p className="note note-error">{t('list.staffOnly')}</p>
      </>
    );
  return (
    <>
      {back}
      <h1>{t('enrol.title')}</h1>
      {done ? (
        <div className="note note-ok" role="status" data-testid="enrolled">
          <p>{t('enrol.done', { name: done.person.displayName })}</p>
          {done.person.displayName !== done.typed ? <p>{t('enrol.joinedAccount', { name: done.person.displayName })}</p> : null}
          <p className="row-actions">
            <Link to={`/c/${slug}/person/${done.person.userId}`} className="btn">
              {t('enrol.see', { name: done.person.displayName })}
            </Link>
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => {
                setDone(null);
                setRound((r) => r + 1);
              }}
            >
              {t('enrol.another')}
            </button>
          </p>
        </div>
      ) : (
        <EnrolForm key={round} slug={slug} onDone={(person, typed) => setDone({ person, typed })} />
      )}
    </>
  );
}

function EnrolForm({ slug, onDone }: { slug: string; onDone: (person: Person, typed: string) => void }) {
  const { t } = useTranslation('people');
  const [name, setName] = useState('');
  const [draft, setDraft] = useState(() => draftOf(null));
  const [household, setHousehold] = useState<HouseholdChoice>({ kind: 'none' });
  const [phone, setPhone] = useState<PhoneDraft>({ number: '', code: '' });
  const [guardian, setGuardian] = useState<Member | null>(null);
  const [guardianCode, setGuardianCode] = useState<string | null>(null);
  // A household made for this entry is made once, even if the entry is refused and sent again.
  const made = useRef<number | null>(null);
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();
  const profile = profileInput(draft);
  const child = isChild(profile);
  const ready =
    name.trim() !== '' &&
    hasValidAge(draft) &&
    (household.kind !== 'with' || household.person !== null) &&
    (child ? guardian !== null && guardianCode !== null : isPhoneDone(phone));

  const enrol = () =>
    void run(async () => {
      const typed = name.trim();
      const householdId = household.kind === 'new' && made.current ? made.current : await resolveHousehold(slug, household, profile.addressId, typed);
      if (household.kind === 'new') made.current = householdId;
      const person = await register.enrol(slug, {
        displayName: typed,
        ...profile,
        householdId,
        ...(child && guardian && guardianCode ? { guardian: { userId: guardian.userId, code: guardianCode } } : {}),
        ...(!child && phone.number ? { phone } : {}),
      });
      onDone(person, typed);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    // A child's entry records the guardian's consent: asked again, naming both.
    if (child) setAsking(true);
    else enrol();
  };

  return (
    <form className="form" onSubmit={submit} data-testid="enrol-form">
      <p className="muted">{t('enrol.intro')}</p>
      <Field label={t('profile.name')}>
        <input name="displayName" required maxLength={40} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <ProfileFields slug={slug} draft={draft} onChange={setDraft} />
      <HouseholdField
        slug={slug}
        value={household}
        onChange={(c) => {
          made.current = null;
          setHousehold(c);
        }}
      />
      {child ? (
        <GuardianStep slug={slug} childName={name.trim()} guardian={guardian} onGuardian={setGuardian} onCode={setGuardianCode} />
      ) : (
        <PhoneStep slug={slug} legend={t('phone.title')} value={phone} onChange={setPhone} />
      )}
      <SubmitAfterAsking
        asking={asking && child}
        label={t('enrol.action')}
        question={t('enrol.childQuestion', { name: name.trim(), guardian: guardian?.displayName ?? '' })}
        action={t('enrol.childAction')}
        busy={busy}
        ready={ready}
        className="btn btn-primary"
        onConfirm={enrol}
        onCancel={() => setAsking(false)}
      />
      <ErrorNote error={error} />
    </form>
  );
}
