import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { register, type Person } from '../../api.ts';
import { isPhoneDone, PhoneStep, type PhoneDraft } from '../enrol/Proof.tsx';

/** Someone registered without a phone gets one: the code sent to it, read out by them, proves it is theirs. */
export function GivePhone({ slug, person: p, onDone }: { slug: string; person: Person; onDone: () => void }) {
  const { t } = useTranslation('people');
  const [open, setOpen] = useState(false);
  const [phone, setPhone] = useState<PhoneDraft>({ number: '', code: '' });
  const { busy, error, run } = useAction();
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await register.setPhone(slug, p.userId, phone.number, phone.code);
      onDone();
    });
  };
  return (
    <section aria-labelledby="give-phone">
      <h2 id="give-phone">{t('phone.give', { name: p.displayName })}</h2>
      {open ? (
        <form className="form" onSubmit={save}>
          <PhoneStep slug={slug} legend={t('phone.own', { name: p.displayName })} value={phone} onChange={setPhone} />
          <ErrorNote error={error} />
          <button type="submit" className="btn" disabled={busy || phone.number === '' || !isPhoneDone(phone)}>
            {t('phone.save')}
          </button>
        </form>
      ) : (
        <>
          <p className="muted">{t('phone.giveNote')}</p>
          <button type="button" className="btn" onClick={() => setOpen(true)}>
            {t('phone.open')}
          </button>
        </>
      )}
    </section>
  );
}
