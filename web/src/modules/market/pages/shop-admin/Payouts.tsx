import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Field, Notice } from '../../../../components/ui.tsx';
import { formatDate, useAction, useLoad } from '../../../../components/work.tsx';
import { marketBase, type PayoutView } from '../../api.ts';
import { formatFen, newIdempotencyKey, parseYuan } from '../../../../money.ts';
import { makers } from '../../work.ts';

/** Pay a maker what the shop owes them; who signed for it (the maker, or a family member and how related) is recorded. */
export function Payouts({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const all = useLoad(() => makers.list(slug, 'approved'), [slug]);
  const [makerId, setMakerId] = useState(0);
  const summary = useLoad(() => (makerId ? makers.summary(slug, makerId) : Promise.resolve(null)), [slug, makerId]);
  const history = useLoad(() => (makerId ? makers.payouts(slug, makerId) : Promise.resolve(null)), [slug, makerId]);
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<'cash' | 'bank'>('cash');
  const [reference, setReference] = useState('');
  const [who, setWho] = useState<'self' | 'family'>('self');
  const [name, setName] = useState('');
  const [relation, setRelation] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const maker = all.data?.makers.find((m) => m.id === makerId);
  const pending = summary.data?.pendingTakeFen ?? 0;

  const choose = (id: number) => {
    setMakerId(id);
    setDone(null);
    setAmount('');
    const m = all.data?.makers.find((x) => x.id === id);
    setName(m?.name ?? '');
    setWho('self');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amountFen = amount.trim() ? parseYuan(amount) : null;
    if (amount.trim() && !amountFen) {
      setError(new Error(t('work.badAmount')));
      return;
    }
    void run(async () => {
      const p = await api.post<PayoutView>(
        `${marketBase(slug)}/makers/${makerId}/payouts`,
        {
          method,
          acknowledgedBy: name.trim(),
          acknowledgedRelation: who === 'self' ? '本人' : relation.trim(),
          ...(amountFen ? { amountFen } : {}),
          ...(reference.trim() ? { reference: reference.trim() } : {}),
        },
        { idempotencyKey: key },
      );
      setKey(newIdempotencyKey());
      setDone(t('work.payout.done', { amount: formatFen(p.amountFen), name: p.acknowledgedBy }));
      setAmount('');
      await Promise.all([summary.reload(), history.reload()]);
    });
  };

  return (
    <section aria-labelledby="payouts">
      <h2 id="payouts">{t('work.payout.title')}</h2>
      <ErrorNote error={all.error ?? summary.error} />
      <Field label={t('work.payout.maker')}>
        <select value={makerId} onChange={(e) => choose(Number(e.target.value))} data-testid="payout-maker">
          <option value={0}>{t('work.payout.chooseMaker')}</option>
          {all.data?.makers.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
      {done ? <Notice>{done}</Notice> : null}
      {maker && summary.data ? (
        <>
          <div className="balance">
            <span className="balance-label">{t('work.payout.pending', { name: maker.name })}</span>
            <span className="balance-amount amount" data-testid="payout-pending">
              {formatFen(pending)}
            </span>
          </div>
          <form className="form" onSubmit={submit}>
            <Field label={t('work.payout.amount')} hint={t('work.payout.amountHint', { amount: formatFen(pending) })}>
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </Field>
            <fieldset className="choices">
              <legend>{t('work.payout.method')}</legend>
              {(['cash', 'bank'] as const).map((m) => (
                <label key={m} className="check">
                  <input type="radio" name="payout-method" checked={method === m} onChange={() => setMethod(m)} />
                  {t(`work.payout.methods.${m}`)}
                </label>
              ))}
            </fieldset>
            {method === 'bank' ? (
              <Field label={t('work.payout.reference')}>
                <input maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} />
              </Field>
            ) : null}
            <fieldset className="choices">
              <legend>{t('work.payout.whoSigns')}</legend>
              <label className="check">
                <input type="radio" name="payout-who" checked={who === 'self'} onChange={() => (setWho('self'), setName(maker.name))} />
                {t('work.payout.self')}
              </label>
              <label className="check">
                <input type="radio" name="payout-who" checked={who === 'family'} onChange={() => (setWho('family'), setName(''))} />
                {t('work.payout.family')}
              </label>
            </fieldset>
            <Field label={t('work.payout.signerName')}>
              <input required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />
            </Field>
            {who === 'family' ? (
              <Field label={t('work.payout.relation')} hint={t('work.payout.relationHint')}>
                <input required maxLength={20} value={relation} onChange={(e) => setRelation(e.target.value)} />
              </Field>
            ) : null}
            <ErrorNote error={error} />
            <button type="submit" className="btn btn-primary" disabled={busy || pending <= 0} data-testid="pay-out">
              {t('work.payout.action', { amount: formatFen(amount.trim() ? (parseYuan(amount) ?? 0) : pending) })}
            </button>
          </form>
          <h3>{t('work.money.payouts')}</h3>
          <ul className="list">
            {history.data?.payouts.map((p) => (
              <li key={p.id} className="card small">
                <div className="row-between">
                  <strong className="amount">{formatFen(p.amountFen)}</strong>
                  <span className="muted">{formatDate(p.createdAt)}</span>
                </div>
                {t(`work.payout.methods.${p.method}`)} · {t('work.payout.signedBy', { name: p.acknowledgedBy, relation: p.acknowledgedRelation })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
