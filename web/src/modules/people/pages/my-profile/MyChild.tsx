import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Notice } from '../../../../components/ui.tsx';
import { SubmitAfterAsking, useAction } from '../../../../components/work.tsx';
import { isChild, myEntry, type Group, type Person } from '../../api.ts';
import { GroupChecks } from '../../ProfileFields.tsx';

/**
 * 登记我的孩子: a parent registers their child under 14, consenting as guardian; the child joins the
 * parent's address and household. Asked again, naming the child and what the parent consents to.
 */
export function MyChild({ slug, registered, onAdded }: { slug: string; registered: Person['children']; onAdded: () => void }) {
  const { t } = useTranslation('people');
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const [groups, setGroups] = useState<Group[]>(['children']);
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const birthYear = /^(19|20)\d{2}$/.test(year) ? Number(year) : null;
  const ready = name.trim() !== '' && birthYear !== null;
  const add = () =>
    void run(async () => {
      const child = await myEntry.addChild(slug, { displayName: name.trim(), birthYear: birthYear ?? 0, groups });
      setAsking(false);
      setDone(t('child.done', { name: child.displayName }));
      setName('');
      setYear('');
      setGroups(['children']);
      onAdded();
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!ready) return;
    if (!isChild({ birthYear })) setError(new Error(t('child.tooOld')));
    else setAsking(true);
  };
  return (
    <section aria-labelledby="my-children" data-testid="my-children">
      <h2 id="my-children">{t('child.title')}</h2>
      {registered.length > 0 ? (
        <ul className="list">
          {registered.map((c) => (
            <li key={c.userId} className="card">
              {c.name}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted">{t('child.intro')}</p>
      {done ? <Notice>{done}</Notice> : null}
      <form className="form" onSubmit={submit}>
        <Field label={t('child.name')}>
          <input name="childName" required maxLength={40} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('profile.birthYear')}>
          <input
            name="childBirthYear"
            required
            inputMode="numeric"
            pattern="(19|20)[0-9]{2}"
            maxLength={4}
            value={year}
            onChange={(e) => setYear(e.target.value.replace(/\D/g, '').slice(0, 4))}
          />
        </Field>
        <GroupChecks name="childGroups" value={groups} onChange={setGroups} />
        <SubmitAfterAsking
          asking={asking}
          label={t('child.action')}
          question={t('child.question', { name: name.trim(), year })}
          action={t('child.confirm')}
          busy={busy}
          ready={ready}
          className="btn"
          onConfirm={add}
          onCancel={() => setAsking(false)}
        />
        <ErrorNote error={error} />
      </form>
    </section>
  );
}
