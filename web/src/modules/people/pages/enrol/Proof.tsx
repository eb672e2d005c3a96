import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeStep, isPhone, PhoneField } from '../../../../components/code.tsx';
import { MemberPicker, type Member } from '../../../identity/index.ts';
import { register } from '../../api.ts';

/** The number typed and the code read out, as far as they have come. */
export interface PhoneDraft {
  number: string;
  code: string;
}

/** No number (fine: it is optional), or a number with its code. */
export const isPhoneDone = (p: PhoneDraft) => p.number === '' || (isPhone(p.number) && p.code.length === 6);

/**
 * A resident's own number, optional: a code goes to it and the resident reads it out. If the number
 * already has an account, the entry is that account, under its holder's own name.
 */
export function PhoneStep({ slug, legend, value, onChange }: { slug: string; legend: string; value: PhoneDraft; onChange: (phone: PhoneDraft) => void }) {
  const { t } = useTranslation('people');
  const [sent, setSent] = useState(false);
  const { number, code } = value;
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      <p className="field-hint">{t('phone.intro')}</p>
      <PhoneField
        label={t('phone.number')}
        own={false}
        value={number}
        onChange={(n) => {
          setSent(false);
          onChange({ number: n, code: '' });
        }}
      />
      <CodeStep
        sendLabel={t('phone.send')}
        sentNote={t('phone.sent')}
        canSend={isPhone(number)}
        send={() => register.sendPhoneCode(slug, number)}
        sent={sent}
        onSent={() => setSent(true)}
        code={code}
        onCode={(c) => onChange({ number, code: c })}
        codeLabel={t('phone.code')}
      />
      {isPhoneDone(value) ? null : <p className="field-hint">{t('phone.unfinished')}</p>}
    </fieldset>
  );
}

/** A child under 14: the guardian, chosen among the members, consents by reading out the code sent to them. */
export function GuardianStep({
  slug,
  childName,
  guardian,
  onGuardian,
  onCode,
}: {
  slug: string;
  childName: string;
  guardian: Member | null;
  onGuardian: (m: Member | null) => void;
  onCode: (code: string | null) => void;
}) {
  const { t } = useTranslation('people');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const restart = () => {
    setSent(false);
    setCode('');
    onCode(null);
  };
  return (
    <fieldset className="choices" data-testid="guardian-step">
      <legend>{t('guardian.title')}</legend>
      <p className="field-hint">{t('guardian.intro')}</p>
      <MemberPicker
        slug={slug}
        label={t('guardian.pick')}
        hint={t('guardian.pickHint')}
        picked={guardian}
        onPick={(m) => {
          onGuardian(m);
          restart();
        }}
      />
      {guardian ? (
        <CodeStep
          sendLabel={t('guardian.send', { name: guardian.displayName })}
          sentNote={t('guardian.sent', { name: guardian.displayName })}
          canSend={childName !== ''}
          send={() => register.sendGuardianCode(slug, guardian.userId, childName)}
          sent={sent}
          onSent={() => setSent(true)}
          code={code}
          onCode={(c) => {
            setCode(c);
            onCode(c.length === 6 ? c : null);
          }}
          codeLabel={t('guardian.code', { name: guardian.displayName })}
        />
      ) : null}
    </fieldset>
  );
}
