import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from './work.tsx';
import { ErrorNote, Field, Notice } from './ui.tsx';

/** The server sends one code a minute to a number: the button waits as long. */
export const CODE_WAIT_SECONDS = 60;

/** Seconds left before the next code may be asked for, counting down once a second; start() begins again. */
export function useCountdown(seconds = CODE_WAIT_SECONDS): { left: number; start: () => void; reset: () => void } {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(timer);
  }, [left, now]);
  return {
    left,
    start: () => {
      const at = Date.now();
      setNow(at);
      setUntil(at + seconds * 1000);
    },
    reset: () => setUntil(0),
  };
}

/**
 * Sends a one-time code and takes it back: the button (waiting a minute before it offers to send
 * again), a note that it was sent (the same words whoever holds the number), and the 6-digit field.
 * `sent` is kept by the caller, which shows what comes after the code once it is true.
 */
export function CodeStep({
  sendLabel,
  sentNote,
  canSend,
  send,
  sent,
  onSent,
  code,
  onCode,
  codeLabel,
  primary = false,
  testId,
}: {
  /** The button's words: 获取验证码, 发送验证码给监护人… */
  sendLabel: string;
  /** Said once the code is sent; by default that a code was sent, whoever holds the number. */
  sentNote?: string;
  canSend: boolean;
  /** Asks the server to send it; an error shows under the button. */
  send: () => Promise<unknown>;
  sent: boolean;
  onSent: () => void;
  code: string;
  onCode: (code: string) => void;
  codeLabel?: string;
  /** Drawn as the page's main action until the code is sent (the first step of a form). */
  primary?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { left, start } = useCountdown();
  const { busy, error, run } = useAction();
  const click = () =>
    void run(async () => {
      await send();
      start();
      onSent();
    });
  return (
    <div className="code-step" data-testid={testId}>
      <button type="button" className={primary && !sent ? 'btn btn-primary' : 'btn'} onClick={click} disabled={busy || !canSend || left > 0}>
        {left > 0 ? t('code.wait', { seconds: left }) : sent ? t('code.again') : sendLabel}
      </button>
      <ErrorNote error={error} />
      {sent ? (
        <>
          <Notice>{sentNote ?? t('code.sent')}</Notice>
          <Field label={codeLabel ?? t('code.field')}>
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => onCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            />
          </Field>
        </>
      ) : null}
    </div>
  );
}

/** A mainland mobile number as the server takes it. */
export const isPhone = (value: string) => /^1[3-9]\d{9}$/.test(value);

/** A number shown by its last four digits only (尾号 1234), on lists that staff scan. */
export function PhoneTail({ phone }: { phone: string }) {
  const { t } = useTranslation();
  return <span className="phone-tail">{t('code.phoneTail', { digits: phone.slice(-4) })}</span>;
}

/** A mainland mobile number, typed without spaces. */
export function PhoneField({
  label,
  value,
  onChange,
  own = true,
}: {
  label: string;
  value: string;
  onChange: (phone: string) => void;
  /** The person's own number on their own device (the browser may fill it in), not one typed at a desk for someone else. */
  own?: boolean;
}) {
  return (
    <Field label={label}>
      <input
        name="phone"
        type="tel"
        inputMode="numeric"
        autoComplete={own ? 'tel' : 'off'}
        required={own}
        pattern="1[3-9][0-9]{9}"
        value={value}
        onChange={(e) => onChange(e.target.value.trim())}
      />
    </Field>
  );
}
