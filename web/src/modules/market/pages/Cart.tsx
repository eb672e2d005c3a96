import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { SplitLine } from '../SplitLine.tsx';
import { ErrorNote, Field } from '../../../components/ui.tsx';
import { type CartLine, cartTotals, marketBase, type Order, readCart, writeCart } from '../api.ts';
import { formatFen, newIdempotencyKey } from '../../../money.ts';
import { Link, navigate } from '../../../router.tsx';
import { useSession } from '../../../session.tsx';

export default function Cart({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('market');
  const { me } = useSession();
  const [lines, setLines] = useState<CartLine[]>(() => readCart(slug));
  const [fulfilment, setFulfilment] = useState<'pickup' | 'delivery'>('pickup');
  const [address, setAddress] = useState('');
  const [pay, setPay] = useState<'later' | 'online'>('later');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One key per checkout: a retry after a lost answer replays the same order instead of placing two.
  const [keys, setKeys] = useState(() => ({ order: newIdempotencyKey(), payment: newIdempotencyKey() }));

  const update = (next: CartLine[]) => {
    setLines(next);
    writeCart(slug, next);
    setKeys({ order: newIdempotencyKey(), payment: newIdempotencyKey() });
  };
  const setQuantity = (i: number, quantity: number) =>
    update(quantity < 1 ? lines.filter((_, j) => j !== i) : lines.map((l, j) => (j === i ? { ...l, quantity } : l)));
  const totals = cartTotals(lines);

  const checkout = async () => {
    setBusy(true);
    setError(null);
    try {
      const order = await api.post<Order>(
        `${marketBase(slug)}/orders`,
        {
          channel: 'online',
          items: lines.map((l) => ({ listingId: l.listingId, quantity: l.quantity, ...(l.slotId ? { slotId: l.slotId } : {}) })),
          fulfilment,
          ...(fulfilment === 'delivery' ? { deliveryAddress: address.trim() } : {}),
        },
        { idempotencyKey: keys.order },
      );
      if (pay === 'online') await api.post(`${marketBase(slug)}/orders/${order.id}/payments`, { method: 'online' }, { idempotencyKey: keys.payment });
      writeCart(slug, []);
      navigate(`/c/${slug}/orders?placed=${order.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Link to={`/c/${slug}/shop`}>← {t('shop.title')}</Link>
      <h1>{t('shop.cart')}</h1>
      {lines.length === 0 ? <p className="muted">{t('shop.cartEmpty')}</p> : null}
      <ul className="list">
        {lines.map((l, i) => (
          <li key={`${l.listingId}-${l.slotId ?? ''}`} className="card" data-testid="cart-line">
            <div className="row-between">
              <strong>{l.title}</strong>
              <span className="amount">{formatFen(l.split.priceFen * l.quantity)}</span>
            </div>
            <div className="stepper" role="group" aria-label={t('shop.quantityOf', { title: l.title })}>
              <button type="button" className="btn" onClick={() => setQuantity(i, l.quantity - 1)} aria-label={t('shop.less')}>
                −
              </button>
              <output>{l.quantity}</output>
              <button type="button" className="btn" onClick={() => setQuantity(i, l.quantity + 1)} aria-label={t('shop.more')}>
                +
              </button>
            </div>
          </li>
        ))}
      </ul>
      {lines.length > 0 ? (
        <>
          <p className="total-line">
            {t('shop.total')} <strong className="amount">{formatFen(totals.totalFen)}</strong>
          </p>
          <SplitLine makerTakeFen={totals.makerTakeFen} fundFen={totals.fundFen} />
          <fieldset className="choices">
            <legend>{t('shop.fulfilment')}</legend>
            <label className="check">
              <input type="radio" name="fulfilment" checked={fulfilment === 'pickup'} onChange={() => setFulfilment('pickup')} />
              <span>{t('shop.pickup')}</span>
            </label>
            <label className="check">
              <input type="radio" name="fulfilment" checked={fulfilment === 'delivery'} onChange={() => setFulfilment('delivery')} />
              <span>{t('shop.delivery')}</span>
            </label>
            {fulfilment === 'delivery' ? (
              <Field label={t('shop.address')}>
                <input required maxLength={200} value={address} onChange={(e) => setAddress(e.target.value)} />
              </Field>
            ) : null}
          </fieldset>
          <fieldset className="choices">
            <legend>{t('shop.payment')}</legend>
            <label className="check">
              <input type="radio" name="pay" checked={pay === 'later'} onChange={() => setPay('later')} />
              <span>{fulfilment === 'pickup' ? t('shop.payAtPickup') : t('shop.payOnDelivery')}</span>
            </label>
            <label className="check">
              <input type="radio" name="pay" checked={pay === 'online'} onChange={() => setPay('online')} />
              <span>{t('shop.payOnline')}</span>
            </label>
          </fieldset>
          <ErrorNote error={error} />
          {me?.user ? (
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || (fulfilment === 'delivery' && !address.trim())}
              onClick={() => void checkout()}
              data-testid="checkout"
            >
              {t('shop.placeOrder', { amount: formatFen(totals.totalFen) })}
            </button>
          ) : (
            <Link to={`/login?next=/c/${slug}/cart`} className="btn btn-primary">
              {t('shop.loginToOrder')}
            </Link>
          )}
        </>
      ) : null}
    </>
  );
}
