import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeStep } from '../../../components/code.tsx';
import { ErrorNote, Field } from '../../../components/ui.tsx';
import { FileUpload, SubmitAfterAsking, useAction } from '../../../components/work.tsx';
import { IMAGE_TYPES, type UploadedFile } from '../../../files.ts';
import { consents, type Consent, type ConsentPurpose, type Member } from '../api.ts';
import { MemberPicker } from './MemberPicker.tsx';
import { useConsentWords } from './words.ts';

/** Whom a consent is about, as the page that shows it knows them. */
export interface ConsentPerson {
  userId: number;
  name: string;
  /** Whether they have a phone of their own: a code can only go to it. */
  hasPhone: boolean;
  /** False for staff, supervisors and clerks: nobody acts for them (a family carer may still). */
  actable?: boolean;
}

type Method = 'code' | 'paper';

/**
 * Staff record a person's consent: to 代办 (staff act for them) or to a family carer chosen among the
 * members. By a code sent to the person's own phone and read back (in force at once), or by a signed
 * paper form whose photo is uploaded (in force once a second staff member countersigns). Recording
 * asks again, naming the person and what they consent to.
 */
export function RecordConsent({ slug, person, onRecorded }: { slug: string; person: ConsentPerson; onRecorded: (consent: Consent) => void }) {
  const { t } = useTranslation('identity');
  const { what } = useConsentWords();
  const actable = person.actable !== false;
  const [purpose, setPurpose] = useState<ConsentPurpose>(actable ? 'act_for' : 'carer');
  const [carer, setCarer] = useState<Member | null>(null);
  const [method, setMethod] = useState<Method>(person.hasPhone ? 'code' : 'paper');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [form, setForm] = useState<UploadedFile[]>([]);
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();

  const grantee = purpose === 'carer' ? carer : null;
  const who = purpose === 'carer' ? (carer ? { granteeId: carer.userId } : null) : {};
  const proof = method === 'code' ? (code.length === 6 ? { method, code } : null) : form[0] ? { method, formSha256: form[0].sha256 } : null;
  const ready = who !== null && proof !== null && note.trim() !== '';
  const words = { name: person.name, what: what({ purpose, grantee: grantee ? { name: grantee.displayName } : null }) };
  // A new purpose or carer asks for a new code: the one sent named the old one.
  const restartCode = () => {
    setSent(false);
    setCode('');
  };

  const record = () =>
    void run(async () => {
      if (!who || !proof) return;
      const recorded = await consents.record(slug, person.userId, { purpose, ...who, note: note.trim(), evidence: proof });
      setAsking(false);
      onRecorded(recorded);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) setAsking(true);
  };

  return (
    <form className="form" onSubmit={submit} data-testid="record-consent">
      <fieldset className="choices">
        <legend>{t('consents.purpose')}</legend>
        {(['act_for', 'carer'] as const).map((p) => (
          <label key={p} className="check">
            <input
              type="radio"
              name="purpose"
              checked={purpose === p}
              disabled={p === 'act_for' && !actable}
              onChange={() => {
                setPurpose(p);
                restartCode();
              }}
            />
            <span>{t(`consents.purposeChoices.${p}`)}</span>
          </label>
        ))}
        {actable ? null : <p className="field-hint">{t('consents.notActable', { name: person.name })}</p>}
      </fieldset>
      {purpose === 'carer' ? (
        <MemberPicker
          slug={slug}
          label={t('consents.carer')}
          hint={t('consents.carerHint')}
          picked={carer}
          exclude={person.userId}
          onPick={(m) => {
            setCarer(m);
            restartCode();
          }}
        />
      ) : null}
      <fieldset className="choices">
        <legend>{t('consents.method')}</legend>
        <label className="check">
          <input type="radio" name="method" checked={method === 'code'} disabled={!person.hasPhone} onChange={() => setMethod('code')} />
          <span>{t('consents.byCode')}</span>
        </label>
        <label className="check">
          <input type="radio" name="method" checked={method === 'paper'} onChange={() => setMethod('paper')} />
          <span>{t('consents.byPaper')}</span>
        </label>
        {person.hasPhone ? null : <p className="field-hint">{t('consents.noPhone', { name: person.name })}</p>}
      </fieldset>
      {method === 'code' ? (
        <CodeStep
          sendLabel={t('consents.sendCode', { name: person.name })}
          sentNote={t('consents.codeSent', { name: person.name })}
          canSend={who !== null}
          send={() => consents.sendCode(slug, person.userId, { purpose, ...who })}
          sent={sent}
          onSent={() => setSent(true)}
          code={code}
          onCode={setCode}
          codeLabel={t('consents.codeRead', { name: person.name })}
        />
      ) : (
        <FileUpload
          slug={slug}
          label={t('consents.formUpload')}
          hint={t('consents.formUploadHint')}
          accept={IMAGE_TYPES}
          value={form}
          onChange={setForm}
          max={1}
          testId="consent-form-file"
        />
      )}
      <Field label={t('consents.noteLabel')} hint={t(method === 'paper' ? 'consents.noteHintPaper' : 'consents.noteHintCode')}>
        <input name="note" required maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <SubmitAfterAsking
        asking={asking}
        label={t('consents.record')}
        question={t(method === 'paper' ? 'consents.recordPaperQuestion' : 'consents.recordCodeQuestion', words)}
        action={t('consents.recordAction')}
        busy={busy}
        ready={ready}
        className="btn btn-strong"
        onConfirm={record}
        onCancel={() => setAsking(false)}
      />
      <ErrorNote error={error} />
    </form>
  );
}
