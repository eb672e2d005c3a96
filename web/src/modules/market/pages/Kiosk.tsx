import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { ErrorNote } from '../../../components/ui.tsx';
import { market, marketBase, type Listing, type Order } from '../api.ts';
import { formatFen, newIdempotencyKey } from '../../../money.ts';
import { applyElderMode, isElderMode } from '../../../prefs.ts';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';

const IDLE_MS = 90_000;
const DONE_MS = 45_000;

type Screen = { name: 'idle' } | { name: 'shop' } | { name: 'done'; order: Order };

/** The shop's touch screen: large tiles, 长辈版 always, an idle screen, an order number to pay at the counter. */
export default function Kiosk({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('market');
  const { me } = useSession();
  const [screen, setScreen] = useState<Screen>({ name: 'idle' });
  const [listings, setListings] = useState<Listing[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [category, setCategory] = useState('');
  const [basket, setBasket] = useState<Map<number, number>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [orderKey, setOrderKey] = useState(newIdempotencyKey);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The kiosk is always in 长辈版; the device's own setting comes back when leaving.
  useEffect(() => {
    applyElderMode(true, false);
    document.documentElement.classList.add('kiosk-mode');
    return () => {
      applyElderMode(isElderMode(), false);
      document.documentElement.classList.remove('kiosk-mode');
    };
  }, []);

  const reset = useCallback(() => {
    setBasket(new Map());
    setCategory('');
    setError(null);
    setOrderKey(newIdempotencyKey());
    setScreen({ name: 'idle' });
  }, []);
  const touch = useCallback(() => {
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(reset, IDLE_MS);
  }, [reset]);
  useEffect(() => {
    const events = ['pointerdown', 'keydown'] as const;
    for (const e of events) window.addEventListener(e, touch);
    touch();
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
      clearTimeout(idleTimer.current);
    };
  }, [touch]);
  useEffect(() => {
    if (screen.name !== 'done') return;
    const timer = setTimeout(reset, DONE_MS);
    return () => clearTimeout(timer);
  }, [screen, reset]);

  useEffect(() => {
    if (screen.name !== 'shop') return;
    market
      .listings(slug, { limit: 100 })
      .then((r) => {
        // Services and performances need a time slot: they are booked online or at the counter.
        const goods = r.listings.filter((l) => l.kind === 'good');
        setListings(goods);
        setCategories([...new Set(goods.map((l) => l.category))]);
      })
      .catch(setError);
  }, [slug, screen.name]);

  const roles = rolesIn(me, slug);
  if (me && !roles.includes('clerk') && !roles.includes('staff')) {
    return (
      <div className="kiosk-idle">
        <p className="kiosk-big">{t('kiosk.needsClerk')}</p>
        <Link to={`/login?next=/c/${slug}/kiosk`} className="btn btn-primary">
          {t('nav.login')}
        </Link>
      </div>
    );
  }

  if (screen.name === 'idle') {
    return (
      <button type="button" className="kiosk-idle kiosk-start" onClick={() => setScreen({ name: 'shop' })} data-testid="kiosk-start">
        <span className="kiosk-brand">{t('kiosk.welcome')}</span>
        <span className="kiosk-big">{t('kiosk.tapToStart')}</span>
        <span className="kiosk-note">{t('kiosk.fundNote')}</span>
      </button>
    );
  }

  if (screen.name === 'done') {
    const o = screen.order;
    return (
      <div className="kiosk-idle" role="status">
        <span className="kiosk-note">{t('kiosk.orderPlaced')}</span>
        <span className="kiosk-number" data-testid="kiosk-order-number">
          {o.number}
        </span>
        <span className="kiosk-big">{t('kiosk.payAtCounter', { amount: formatFen(o.totalFen) })}</span>
        <span className="kiosk-note">{t('kiosk.splitNote', { maker: formatFen(o.makerTakeFen), fund: formatFen(o.fundFen) })}</span>
        <button type="button" className="btn btn-primary" onClick={reset}>
          {t('kiosk.finish')}
        </button>
      </div>
    );
  }

  const shown = listings.filter((l) => !category || l.category === category);
  const lines = [...basket].map(([id, quantity]) => ({ listing: listings.find((l) => l.id === id), quantity })).filter((l) => l.listing);
  const count = lines.reduce((s, l) => s + l.quantity, 0);
  const totalFen = lines.reduce((s, l) => s + (l.listing?.split.priceFen ?? 0) * l.quantity, 0);
  const change = (id: number, delta: number) => {
    setBasket((b) => {
      const next = new Map(b);
      const q = (next.get(id) ?? 0) + delta;
      if (q <= 0) next.delete(id);
      else next.set(id, q);
      return next;
    });
    setOrderKey(newIdempotencyKey());
  };
  const place = async () => {
    setBusy(true);
    setError(null);
    try {
      const order = await api.post<Order>(
        `${marketBase(slug)}/orders`,
        { channel: 'kiosk', fulfilment: 'pickup', items: [...basket].map(([listingId, quantity]) => ({ listingId, quantity })) },
        { idempotencyKey: orderKey },
      );
      setScreen({ name: 'done', order });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kiosk">
      <header className="kiosk-header">
        <span className="kiosk-brand">{t('kiosk.title')}</span>
        <button type="button" className="btn" onClick={reset}>
          {t('kiosk.startOver')}
        </button>
      </header>
      <div className="kiosk-cats" role="group" aria-label={t('shop.categories')}>
        <button type="button" className="chip" aria-pressed={category === ''} onClick={() => setCategory('')}>
          {t('common.all')}
        </button>
        {categories.map((c) => (
          <button key={c} type="button" className="chip" aria-pressed={category === c} onClick={() => setCategory(c)}>
            {c}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
      <ul className="kiosk-tiles">
        {shown.map((l) => {
          const inBasket = basket.get(l.id) ?? 0;
          const soldOut = l.stock !== null && l.stock <= inBasket;
          return (
            <li key={l.id}>
              <button type="button" className="kiosk-tile" onClick={() => change(l.id, 1)} disabled={soldOut} data-testid="kiosk-tile">
                {l.photos[0] ? <img src={l.photos[0].thumbnailUrl} alt="" className="kiosk-photo" /> : null}
                <span className="kiosk-tile-title">{l.title}</span>
                <span className="kiosk-tile-price amount">{formatFen(l.split.priceFen)}</span>
                <span className="kiosk-tile-split">{t('shop.toFund', { amount: formatFen(l.split.fundFen) })}</span>
                {inBasket > 0 ? <span className="kiosk-badge">{t('kiosk.inBasket', { count: inBasket })}</span> : null}
                {soldOut ? <span className="kiosk-badge">{t('shop.soldOut')}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
      <footer className="kiosk-basket">
        {lines.length > 0 ? (
          <ul className="kiosk-lines">
            {lines.map((l) => (
              <li key={l.listing?.id}>
                <span>
                  {l.listing?.title} × {l.quantity}
                </span>
                <button
                  type="button"
                  className="btn"
                  onClick={() => change(l.listing?.id ?? 0, -1)}
                  aria-label={t('kiosk.removeOne', { title: l.listing?.title })}
                >
                  −
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('kiosk.tapTiles')}</p>
        )}
        <button type="button" className="btn btn-primary" disabled={count === 0 || busy} onClick={() => void place()} data-testid="kiosk-order">
          {count === 0 ? t('kiosk.order') : t('kiosk.orderCount', { count, amount: formatFen(totalFen) })}
        </button>
      </footer>
    </div>
  );
}
