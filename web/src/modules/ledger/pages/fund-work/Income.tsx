import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Field, Notice } from '../../../../components/ui.tsx';
import { FileUpload, useAction } from '../../../../components/work.tsx';
import { ATTACHMENT_TYPES, type UploadedFile } from '../../../../files.ts';
import { formatFen, newIdempotencyKey, parseYuan } from '../../../../money.ts';
import { Link } from '../../../../router.tsx';
import { fundBase, INCOME_CHANNELS, type FundAccount, type IncomeChannel, type Posted, type ReceivedInto } from '../../api.ts';

/** Record income of any channel, with its receipts or contract attached; it is public on the fund page at once. */
export function Income({ slug, accounts }: { slug: string; accounts: FundAccount[] }) {
  const { t } = useTranslation('ledger');
  const [channel, setChannel] = useState<IncomeChannel>('donation');
  const [account, setAccount] = useState('');
  const [amount, setAmount] = useState('');
  const [into, setInto] = useState<ReceivedInto>('bank');
  const [memo, setMemo] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [payer, setPayer] = useState('');
  const [isPerson, setIsPerson] = useState(true);
  const [showName, setShowName] = useState(false);
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [key, setKey] = useState(newIdempotencyKey);
  const [posted, setPosted] = useState<{ seq: number; amount: string } | null>(null);
  const { busy, error, setError, run } = useAction();
  const base = `income:${channel}`;
  const subAccounts = accounts.filter((a) => a.code.startsWith(`${base}:`));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amountFen = parseYuan(amount);
    if (!amountFen) {
      setError(new Error(t('work.badAmount')));
      return;
    }
    void run(async () => {
      const r = await api.post<Posted>(
        `${fundBase(slug)}/income`,
        {
          channel,
          ...(account ? { account } : {}),
          amountFen,
          receivedInto: into,
          memo: memo.trim(),
          payer: anonymous ? null : { name: payer.trim(), isPerson, showName: isPerson ? showName : true },
          attachments: files.map((f) => f.sha256),
        },
        { idempotencyKey: key },
      );
      setKey(newIdempotencyKey());
      setPosted({ seq: r.seq, amount: formatFen(amountFen) });
      setAmount('');
      setMemo('');
      setPayer('');
      setFiles([]);
    });
  };

  return (
    <section aria-labelledby="income">
      <h2 id="income">{t('work.fund.incomeTitle')}</h2>
      {posted ? (
        <Notice>
          {t('work.fund.posted', { seq: posted.seq, amount: posted.amount })} <Link to={`/c/${slug}/fund`}>{t('work.fund.seeOnFund')}</Link>
        </Notice>
      ) : null}
      <form className="form" onSubmit={submit}>
        <Field label={t('fund.channel')}>
          <select
            value={channel}
            onChange={(e) => {
              setChannel(e.target.value as IncomeChannel);
              setAccount('');
            }}
          >
            {INCOME_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {accounts.find((a) => a.code === `income:${c}`)?.name ?? c}
              </option>
            ))}
          </select>
        </Field>
        {subAccounts.length > 0 ? (
          <Field label={t('work.fund.subAccount')}>
            <select value={account} onChange={(e) => setAccount(e.target.value)}>
              <option value="">{t('work.fund.noSubAccount')}</option>
              {subAccounts.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t('work.amountYuan')}>
          <input inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="income-amount" />
        </Field>
        <fieldset className="choices">
          <legend>{t('work.fund.receivedInto')}</legend>
          {(['bank', 'cash', 'clearing'] as const).map((x) => (
            <label key={x} className="check">
              <input type="radio" name="into" checked={into === x} onChange={() => setInto(x)} />
              {accounts.find((a) => a.code === x)?.name ?? x}
            </label>
          ))}
        </fieldset>
        <Field label={t('work.fund.memo')} hint={t('work.fund.memoHint')}>
          <input required maxLength={500} value={memo} onChange={(e) => setMemo(e.target.value)} />
        </Field>
        <fieldset className="choices">
          <legend>{t('work.fund.payer')}</legend>
          {channel === 'donation' ? (
            <label className="check">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
              {t('work.fund.anonymous')}
            </label>
          ) : null}
          {!anonymous ? (
            <>
              <Field label={t('work.fund.payerName')}>
                <input required maxLength={80} value={payer} onChange={(e) => setPayer(e.target.value)} />
              </Field>
              <label className="check">
                <input type="checkbox" checked={isPerson} onChange={(e) => setIsPerson(e.target.checked)} />
                {t('work.fund.isPerson')}
              </label>
              {isPerson ? (
                <label className="check">
                  <input type="checkbox" checked={showName} onChange={(e) => setShowName(e.target.checked)} />
                  {t('work.fund.showName')}
                </label>
              ) : null}
            </>
          ) : null}
        </fieldset>
        <FileUpload
          slug={slug}
          label={t('work.attachments')}
          hint={t('work.attachmentsHint')}
          accept={ATTACHMENT_TYPES}
          max={20}
          value={files}
          onChange={setFiles}
          testId="income-files"
        />
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('work.fund.recordIncome')}
        </button>
      </form>
    </section>
  );
}
