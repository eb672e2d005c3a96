import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../../../api.ts';
import { ErrorNote, Field, Loading, Notice } from '../../../../components/ui.tsx';
import { formatDate, useAction, useLoad } from '../../../../components/work.tsx';
import { marketBase, type Order, type Orders, type Refund } from '../../api.ts';

type OrderState = Order['state'];
import { formatFen, newIdempotencyKey, parseYuan } from '../../../../money.ts';

const STATES: OrderState[] = ['paid', 'ready', 'placed', 'completed', 'refunded'];

/** Orders for staff: mark paid ones ready for pickup or delivery, refund all or part with a reason. */
export function ShopOrders({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const [state, setState] = useState<OrderState>('paid');
  const list = useLoad(() => api.get<Orders>(`${marketBase(slug)}/orders${query({ state, limit: 50 })}`), [slug, state]);
  return (
    <section aria-labelledby="orders">
      <h2 id="orders">{t('work.orders.title')}</h2>
      <div className="chips-row" role="group" aria-label={t('work.orders.state')}>
        {STATES.map((s) => (
          <button key={s} type="button" className="chip" aria-pressed={state === s} onClick={() => setState(s)}>
            {t(`shop.states.${s}`)}
          </button>
        ))}
      </div>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      {list.data?.orders.length === 0 ? <p className="muted">{t('shop.noOrders')}</p> : null}
      <ul className="list">
        {list.data?.orders.map((o) => (
          <OrderCard key={o.id} slug={slug} order={o} onDone={() => void list.reload()} />
        ))}
      </ul>
    </section>
  );
}

function OrderCard({ slug, order, onDone }: { slug: string; order: Order; onDone: () => void }) {
  const { t } = useTranslation('market');
  const [refunding, setRefunding] = useState(false);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(true);
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const refundable = order.totalFen - order.refundedFen;
  const ready = () =>
    void run(async () => {
      await api.post(`${marketBase(slug)}/orders/${order.id}/ready`);
      onDone();
    });
  const refund = (e: FormEvent) => {
    e.preventDefault();
    const amountFen = amount.trim() ? parseYuan(amount) : null;
    if (amount.trim() && !amountFen) {
      setError(new Error(t('work.badAmount')));
      return;
    }
    void run(async () => {
      const partial = amountFen !== null && amountFen < refundable;
      const r = await api.post<Refund>(
        `${marketBase(slug)}/orders/${order.id}/refunds`,
        { reason: reason.trim(), restock: partial ? false : restock, ...(amountFen ? { amountFen } : {}) },
        { idempotencyKey: key },
      );
      setKey(newIdempotencyKey());
      setDone(t('work.orders.refunded', { amount: formatFen(r.amountFen) }));
      setRefunding(false);
      onDone();
    });
  };
  return (
    <li className="card" data-testid="admin-order">
      <div className="row-between">
        <strong>
          {t('shop.orderNumber')} {order.number}
        </strong>
        <span className="amount">{formatFen(order.totalFen)}</span>
      </div>
      <p className="muted small">
        {t(`counter.channels.${order.channel}`)} · {t(`shop.fulfilments.${order.fulfilment}`)} · {t(`shop.states.${order.state}`)} ·{' '}
        {formatDate(order.createdAt)}
        {order.refundedFen > 0 ? ` · ${t('work.orders.refundedSoFar', { amount: formatFen(order.refundedFen) })}` : ''}
      </p>
      <p className="small">{order.lines.map((l) => `${l.title} × ${l.quantity}`).join('，')}</p>
      {order.deliveryAddress ? <p className="small">{order.deliveryAddress}</p> : null}
      {done ? <Notice>{done}</Notice> : null}
      <div className="row-actions">
        {order.state === 'paid' ? (
          <button type="button" className="btn btn-strong" disabled={busy} onClick={ready}>
            {t('work.orders.markReady')}
          </button>
        ) : null}
        {['paid', 'ready', 'completed'].includes(order.state) && refundable > 0 ? (
          <button type="button" className="btn" aria-pressed={refunding} onClick={() => setRefunding(!refunding)}>
            {t('work.orders.refund')}
          </button>
        ) : null}
      </div>
      {refunding ? (
        <form className="form" onSubmit={refund}>
          <Field label={t('work.orders.refundAmount')} hint={t('work.orders.refundAmountHint', { amount: formatFen(refundable) })}>
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Field>
          <Field label={t('work.reason')}>
            <input required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <label className="check">
            <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
            {t('work.orders.restock')}
          </label>
          <ErrorNote error={error} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('work.orders.refundAction')}
          </button>
        </form>
      ) : (
        <ErrorNote error={error} />
      )}
    </li>
  );
}
