import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { CodeStep } from '../../../../components/code.tsx';
import { ErrorNote, Field } from '../../../../components/ui.tsx';
import { SubmitAfterAsking, useAction } from '../../../../components/work.tsx';
import { myData, type MyData } from '../../api.ts';

type Proof = 'password' | 'code';

/**
 * 注销账户 (PIPL Art. 47): says plainly what goes and what stays, asks for the password again (or a
 * login code to my phone), then asks once more before closing. The server refuses while I hold a
 * role that does the community's work or have business open, and its message says which.
 */
export function CloseAccount({ account, onClosed }: { account: MyData['account']; onClosed: () => void }) {
  const { t } = useTranslation('identity');
  const [proof, setProof] = useState<Proof>(account.hasPassword ? 'password' : 'code');
  const [password, setPassword] = useState('');
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();
  const ready = proof === 'password' ? password !== '' : code.length === 6;
  const close = () =>
    void run(async () => {
      setAsking(false);
      await myData.close(proof === 'password' ? { password } : { code });
      onClosed();
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) setAsking(true);
  };
  return (
    <section aria-labelledby="close-account" data-testid="close-account">
      <h2 id="close-account">{t('close.title')}</h2>
      <p>{t('close.goes')}</p>
      <ul className="plain-list">
        {(['phone', 'name', 'register', 'inbox', 'consents'] as const).map((k) => (
          <li key={k}>{t(`close.gone.${k}`)}</li>
        ))}
      </ul>
      <p>{t('close.stays')}</p>
      <ul className="plain-list">
        {(['fund', 'sales', 'audit'] as const).map((k) => (
          <li key={k}>{t(`close.kept.${k}`)}</li>
        ))}
      </ul>
      <p className="muted">{t('close.refusals')}</p>
      <form className="form" onSubmit={submit}>
        {account.hasPassword && account.phone ? (
          <fieldset className="choices">
            <legend>{t('close.prove')}</legend>
            {(['password', 'code'] as const).map((p) => (
              <label key={p} className="check">
                <input type="radio" name="proof" checked={proof === p} onChange={() => setProof(p)} />
                <span>{t(`close.by.${p}`)}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        {proof === 'password' ? (
          <Field label={t('close.password')}>
            <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
        ) : account.phone ? (
          <CodeStep
            sendLabel={t('close.sendCode')}
            canSend
            send={() => api.post('/api/v1/auth/codes', { phone: account.phone, purpose: 'login' })}
            sent={sent}
            onSent={() => setSent(true)}
            code={code}
            onCode={setCode}
          />
        ) : null}
        <SubmitAfterAsking
          asking={asking}
          label={t('close.action')}
          question={t('close.question', { name: account.displayName })}
          action={t('close.confirm')}
          busy={busy}
          ready={ready}
          className="btn btn-strong"
          onConfirm={close}
          onCancel={() => setAsking(false)}
        />
        <ErrorNote error={error} />
      </form>
    </section>
  );
}
