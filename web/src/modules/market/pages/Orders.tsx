import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { SplitLine } from '../SplitLine.tsx';
import { ErrorNote, Loading, Notice } from '../../../components/ui.tsx';
import { marketBase, type Order, type Orders } from '../api.ts';
import { formatFen, newIdempotencyKey } from '../../../money.ts';
import { Link, useLocation } from '../../../router.tsx';

export default function Orders({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t, i18n } = useTranslation('market');
  const { search } = useLocation();
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const placed = Number(search.get('placed')) || null;

  const load = useCallback(async () => {
    try {
      setOrders((await api.get<Orders>(`${marketBase(slug)}/orders?limit=50`)).orders);
    } catch (err) {
      setError(err);
    }
  }, [slug]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const when = new Intl.DateTimeFormat(i18n.language, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });

  return (
    <>
      <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      <h1>{t('shop.myOrders')}</h1>
      {placed ? <Notice>{t('shop.orderPlaced')}</Notice> : null}
      <ErrorNote error={error} />
      {orders === null && !error ? <Loading /> : null}
      {orders?.length === 0 ? <p className="muted">{t('shop.noOrders')}</p> : null}
      <ul className="list">
        {orders?.map((o) => (
          <li key={o.id} className="card order" data-testid="order">
            <div className="row-between">
              <strong>
                {t('shop.orderNumber')} {o.number}
              </strong>
              <span className={`tag state-${o.state}`}>{t(`shop.states.${o.state}`)}</span>
            </div>
            <p className="muted entry-line">
              {when.format(new Date(o.createdAt))} · {t(`shop.fulfilments.${o.fulfilment}`)}
            </p>
            <ul className="order-lines">
              {o.lines.map((l) => (
                <li key={l.lineNo} className="row-between">
                  <span>
                    {l.title} × {l.quantity}
                  </span>
                  <span className="amount">{formatFen(l.amountFen)}</span>
                </li>
              ))}
            </ul>
            <p className="row-between total-line">
              <span>{t('shop.total')}</span>
              <strong className="amount">{formatFen(o.totalFen)}</strong>
            </p>
            <SplitLine makerTakeFen={o.makerTakeFen} fundFen={o.fundFen} className="small" />
            {o.state === 'placed' && o.holdUntil ? (
              <p className="note" data-testid="hold-until">
                {t('shop.holdUntil', { time: when.format(new Date(o.holdUntil)) })}
              </p>
            ) : null}
            {o.state === 'placed' ? (
              <div className="actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() =>
                    void act(() => api.post(`${marketBase(slug)}/orders/${o.id}/payments`, { method: 'online' }, { idempotencyKey: newIdempotencyKey() }))
                  }
                >
                  {t('shop.payNow')}
                </button>
                <button type="button" className="btn" onClick={() => void act(() => api.post(`${marketBase(slug)}/orders/${o.id}/cancel`))}>
                  {t('shop.cancelOrder')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
