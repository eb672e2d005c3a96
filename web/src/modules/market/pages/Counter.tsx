import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api.ts';
import { Receipt } from '../Receipt.tsx';
import { SplitLine } from '../SplitLine.tsx';
import { ErrorNote, Field, Notice } from '../../../components/ui.tsx';
import { type CashUpView, type Listing, type Listings, marketBase, type Order, type Orders, type Payment, type Receipt as ReceiptView } from '../api.ts';
import { formatFen, newIdempotencyKey, parseYuan } from '../../../money.ts';
import { Link } from '../../../router.tsx';

type Tab = 'sell' | 'collect' | 'cashup';
interface TicketLine {
  listing: Listing;
  quantity: number;
}

/** The shop counter (POS) for clerks: sell, hand over orders, cash up at day end. Tablet first. */
export default function Counter({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('market');
  const [tab, setTab] = useState<Tab>('sell');
  return (
    <div className="counter">
      <div className="row-between no-print">
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
        <div className="tabs" role="group" aria-label={t('counter.title')}>
          {(['sell', 'collect', 'cashup'] as const).map((x) => (
            <button key={x} type="button" className="tab" aria-pressed={tab === x} onClick={() => setTab(x)}>
              {t(`counter.tabs.${x}`)}
            </button>
          ))}
        </div>
      </div>
      <h1 className="no-print">{t('counter.title')}</h1>
      {tab === 'sell' ? <Sell slug={slug} /> : tab === 'collect' ? <Collect slug={slug} /> : <CashUp slug={slug} />}
    </div>
  );
}

function Sell({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Listing[]>([]);
  const [ticket, setTicket] = useState<TicketLine[]>([]);
  const [method, setMethod] = useState<'cash' | 'qr'>('cash');
  const [tendered, setTendered] = useState('');
  const [reference, setReference] = useState('');
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saleKey, setSaleKey] = useState(newIdempotencyKey);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!q.trim()) {
      setResults([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<Listings>(`${marketBase(slug)}/counter/search?q=${encodeURIComponent(q.trim())}`)
        .then((r) => live && setResults(r.listings))
        .catch((err: unknown) => live && setError(err));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [slug, q]);

  const add = (listing: Listing) => {
    setTicket((lines) =>
      lines.some((l) => l.listing.id === listing.id)
        ? lines.map((l) => (l.listing.id === listing.id ? { ...l, quantity: l.quantity + 1 } : l))
        : [...lines, { listing, quantity: 1 }],
    );
    setSaleKey(newIdempotencyKey());
    setQ('');
    searchRef.current?.focus();
  };
  // A scanner types the code and presses Enter: an exact code or barcode goes straight onto the ticket.
  const onScan = async (e: FormEvent) => {
    e.preventDefault();
    const code = q.trim();
    if (!code) return;
    try {
      const r = await api.get<Listings>(`${marketBase(slug)}/counter/search?q=${encodeURIComponent(code)}`);
      const exact = r.listings.find((l) => l.code === code || l.barcode === code) ?? (r.listings.length === 1 ? r.listings[0] : undefined);
      if (exact) add(exact);
      else setResults(r.listings);
    } catch (err) {
      setError(err);
    }
  };
  const setQuantity = (id: number, quantity: number) => {
    setTicket((lines) => (quantity < 1 ? lines.filter((l) => l.listing.id !== id) : lines.map((l) => (l.listing.id === id ? { ...l, quantity } : l))));
    setSaleKey(newIdempotencyKey());
  };
  const totalFen = ticket.reduce((s, l) => s + l.listing.split.priceFen * l.quantity, 0);
  const makerTakeFen = ticket.reduce((s, l) => s + l.listing.split.makerTakeFen * l.quantity, 0);
  const fundFen = ticket.reduce((s, l) => s + l.listing.split.fundFen * l.quantity, 0);
  const tenderedFen = parseYuan(tendered);
  const changeFen = tenderedFen !== null ? tenderedFen - totalFen : null;
  const canCharge = ticket.length > 0 && (method === 'qr' || (tenderedFen !== null && tenderedFen >= totalFen));

  const charge = async () => {
    setBusy(true);
    setError(null);
    try {
      const payment: Payment =
        method === 'cash'
          ? { method: 'cash', tenderedFen: tenderedFen ?? totalFen }
          : { method: 'qr', ...(reference.trim() ? { reference: reference.trim() } : {}) };
      const r = await api.post<ReceiptView>(
        `${marketBase(slug)}/counter/sales`,
        { items: ticket.map((l) => ({ listingId: l.listing.id, quantity: l.quantity })), payment },
        { idempotencyKey: saleKey },
      );
      setReceipt(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const next = () => {
    setReceipt(null);
    setTicket([]);
    setTendered('');
    setReference('');
    setSaleKey(newIdempotencyKey());
    searchRef.current?.focus();
  };

  if (receipt) {
    return (
      <div className="counter-receipt">
        <Receipt receipt={receipt} />
        <div className="actions no-print">
          <button type="button" className="btn" onClick={() => window.print()}>
            {t('counter.print')}
          </button>
          <button type="button" className="btn btn-primary" onClick={next} data-testid="next-sale">
            {t('counter.nextSale')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="counter-grid">
      <section aria-labelledby="find">
        <h2 id="find">{t('counter.find')}</h2>
        <form onSubmit={(e) => void onScan(e)}>
          <Field label={t('counter.scanOrSearch')}>
            <input ref={searchRef} type="search" autoFocus value={q} onChange={(e) => setQ(e.target.value)} data-testid="counter-search" />
          </Field>
        </form>
        <ul className="list">
          {results.map((l) => (
            <li key={l.id}>
              <button type="button" className="result" onClick={() => add(l)} disabled={l.stock !== null && l.stock < 1}>
                <span>
                  <strong>{l.title}</strong> <span className="muted">{l.code}</span>
                </span>
                <span className="amount">{formatFen(l.split.priceFen)}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="ticket" className="ticket">
        <h2 id="ticket">{t('counter.ticket')}</h2>
        {ticket.length === 0 ? <p className="muted">{t('counter.ticketEmpty')}</p> : null}
        <ul className="list">
          {ticket.map((l) => (
            <li key={l.listing.id} className="ticket-line" data-testid="ticket-line">
              <span className="ticket-title">{l.listing.title}</span>
              <span className="stepper" role="group" aria-label={t('shop.quantityOf', { title: l.listing.title })}>
                <button type="button" className="btn" onClick={() => setQuantity(l.listing.id, l.quantity - 1)} aria-label={t('shop.less')}>
                  −
                </button>
                <output>{l.quantity}</output>
                <button type="button" className="btn" onClick={() => setQuantity(l.listing.id, l.quantity + 1)} aria-label={t('shop.more')}>
                  +
                </button>
              </span>
              <span className="amount">{formatFen(l.listing.split.priceFen * l.quantity)}</span>
            </li>
          ))}
        </ul>
        <p className="total-line row-between">
          <span>{t('shop.total')}</span>
          <strong className="amount total-big" data-testid="ticket-total">
            {formatFen(totalFen)}
          </strong>
        </p>
        {ticket.length > 0 ? <SplitLine makerTakeFen={makerTakeFen} fundFen={fundFen} className="small" /> : null}
        <div className="tabs" role="group" aria-label={t('shop.payment')}>
          <button type="button" className="tab" aria-pressed={method === 'cash'} onClick={() => setMethod('cash')}>
            {t('counter.cash')}
          </button>
          <button type="button" className="tab" aria-pressed={method === 'qr'} onClick={() => setMethod('qr')}>
            {t('counter.qr')}
          </button>
        </div>
        {method === 'cash' ? (
          <>
            <Field label={t('counter.tendered')}>
              <input inputMode="decimal" value={tendered} onChange={(e) => setTendered(e.target.value)} data-testid="tendered" />
            </Field>
            <div className="chips-row">
              {[totalFen, Math.ceil(totalFen / 5000) * 5000, Math.ceil(totalFen / 10000) * 10000, 50000, 100000]
                .filter((v, i, all) => v >= totalFen && v > 0 && all.indexOf(v) === i)
                .slice(0, 4)
                .map((v) => (
                  <button key={v} type="button" className="chip" onClick={() => setTendered((v / 100).toFixed(2))}>
                    {v === totalFen ? t('counter.exact') : formatFen(v)}
                  </button>
                ))}
            </div>
            {changeFen !== null && changeFen >= 0 && ticket.length > 0 ? (
              <p className="change" data-testid="change">
                {t('counter.change')} <strong className="amount">{formatFen(changeFen)}</strong>
              </p>
            ) : null}
          </>
        ) : (
          <Field label={t('counter.qrReference')} hint={t('counter.qrHint')}>
            <input value={reference} maxLength={100} onChange={(e) => setReference(e.target.value)} />
          </Field>
        )}
        <ErrorNote error={error} />
        <button type="button" className="btn btn-primary" disabled={!canCharge || busy} onClick={() => void charge()} data-testid="charge">
          {method === 'cash' ? t('counter.takeCash', { amount: formatFen(totalFen) }) : t('counter.confirmQr', { amount: formatFen(totalFen) })}
        </button>
      </section>
    </div>
  );
}

function Collect({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const [orders, setOrders] = useState<Order[]>([]);
  const [filter, setFilter] = useState('');
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [keys] = useState(() => new Map<number, string>());

  const load = useCallback(async () => {
    try {
      const [placed, paid, ready] = await Promise.all(
        (['placed', 'paid', 'ready'] as const).map((s) => api.get<Orders>(`${marketBase(slug)}/orders?state=${s}&limit=100`)),
      );
      setOrders([...(placed?.orders ?? []), ...(paid?.orders ?? []), ...(ready?.orders ?? [])].filter((o) => o.channel !== 'counter'));
    } catch (err) {
      setError(err);
    }
  }, [slug]);
  useEffect(() => {
    void load();
  }, [load]);

  const collect = async (order: Order, method?: 'cash' | 'qr') => {
    setError(null);
    const key = keys.get(order.id) ?? newIdempotencyKey();
    keys.set(order.id, key);
    try {
      const payment = method === 'cash' ? { method: 'cash', tenderedFen: order.totalFen } : method === 'qr' ? { method: 'qr' } : undefined;
      setReceipt(await api.post<ReceiptView>(`${marketBase(slug)}/counter/orders/${order.id}/collect`, payment ? { payment } : {}, { idempotencyKey: key }));
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const shown = orders.filter((o) => !filter.trim() || o.number.includes(filter.trim()));

  if (receipt) {
    return (
      <div className="counter-receipt">
        <Receipt receipt={receipt} />
        <div className="actions no-print">
          <button type="button" className="btn" onClick={() => window.print()}>
            {t('counter.print')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setReceipt(null)}>
            {t('counter.backToOrders')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <section aria-labelledby="collect">
      <h2 id="collect">{t('counter.collectTitle')}</h2>
      <Field label={t('counter.orderNumber')}>
        <input inputMode="numeric" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="order-number" />
      </Field>
      <ErrorNote error={error} />
      {shown.length === 0 ? <p className="muted">{t('counter.noOrders')}</p> : null}
      <ul className="list">
        {shown.map((o) => (
          <li key={o.id} className="card" data-testid="collect-order">
            <div className="row-between">
              <strong className="order-number">
                {t('shop.orderNumber')} {o.number}
              </strong>
              <span className="tag">
                {t(`counter.channels.${o.channel}`)} · {t(`shop.states.${o.state}`)}
              </span>
            </div>
            <p className="entry-line">{o.lines.map((l) => `${l.title} × ${l.quantity}`).join('、')}</p>
            <p className="row-between total-line">
              <span>{t('shop.total')}</span>
              <strong className="amount">{formatFen(o.totalFen)}</strong>
            </p>
            {o.state === 'placed' ? (
              <div className="actions two">
                <button type="button" className="btn btn-primary" onClick={() => void collect(o, 'cash')}>
                  {t('counter.collectCash', { amount: formatFen(o.totalFen) })}
                </button>
                <button type="button" className="btn" onClick={() => void collect(o, 'qr')}>
                  {t('counter.collectQr')}
                </button>
              </div>
            ) : (
              <button type="button" className="btn btn-primary" onClick={() => void collect(o)}>
                {t('counter.handOver')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CashUp({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const [view, setView] = useState<CashUpView | null>(null);
  const [counted, setCounted] = useState('');
  const [float, setFloat] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [key] = useState(newIdempotencyKey);

  useEffect(() => {
    api
      .get<CashUpView>(`${marketBase(slug)}/cash-ups/current`)
      .then(setView)
      .catch(setError);
  }, [slug]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const countedFen = parseYuan(counted);
    if (countedFen === null) return;
    setError(null);
    try {
      setView(
        await api.post<CashUpView>(
          `${marketBase(slug)}/cash-ups`,
          { countedFen, openingFloatFen: parseYuan(float) ?? 0, ...(note.trim() ? { note: note.trim() } : {}) },
          { idempotencyKey: key },
        ),
      );
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section aria-labelledby="cashup">
      <h2 id="cashup">{t('counter.cashUpTitle', { date: view?.businessDate ?? '' })}</h2>
      <ErrorNote error={error} />
      {view ? (
        <table className="postings cashup">
          <tbody>
            <tr>
              <th scope="row">{t('counter.openingFloat')}</th>
              <td className="amount">{formatFen(view.openingFloatFen)}</td>
            </tr>
            <tr>
              <th scope="row">{t('counter.cashSales')}</th>
              <td className="amount">{formatFen(view.cashSalesFen)}</td>
            </tr>
            <tr>
              <th scope="row">{t('counter.cashRefunds')}</th>
              <td className="amount">−{formatFen(view.cashRefundsFen)}</td>
            </tr>
            <tr>
              <th scope="row">{t('counter.cashPayouts')}</th>
              <td className="amount">−{formatFen(view.cashPayoutsFen)}</td>
            </tr>
            <tr>
              <th scope="row">{t('counter.expected')}</th>
              <td className="amount">
                <strong>{formatFen(view.expectedFen)}</strong>
              </td>
            </tr>
            {view.countedFen !== null ? (
              <>
                <tr>
                  <th scope="row">{t('counter.counted')}</th>
                  <td className="amount">{formatFen(view.countedFen)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('counter.variance')}</th>
                  <td className={`amount ${(view.varianceFen ?? 0) < 0 ? 'amount-out' : ''}`} data-testid="variance">
                    {formatFen(view.varianceFen ?? 0)}
                  </td>
                </tr>
              </>
            ) : null}
          </tbody>
        </table>
      ) : null}
      {view && view.id !== null ? (
        <Notice>{t('counter.cashUpDone', { clerk: view.clerk ?? '', staff: view.staff ?? t('counter.notYetCountersigned') })}</Notice>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)}>
          <Field label={t('counter.openingFloat')}>
            <input inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
          </Field>
          <Field label={t('counter.countedInput')}>
            <input inputMode="decimal" required value={counted} onChange={(e) => setCounted(e.target.value)} />
          </Field>
          <Field label={t('counter.note')}>
            <input maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <button type="submit" className="btn btn-primary" disabled={parseYuan(counted) === null}>
            {t('counter.signCashUp')}
          </button>
        </form>
      )}
    </section>
  );
}
