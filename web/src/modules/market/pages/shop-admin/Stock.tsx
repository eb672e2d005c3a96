import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../api.ts';
import { ErrorNote, Field, Loading, Notice } from '../../../../components/ui.tsx';
import { useAction, useLoad } from '../../../../components/work.tsx';
import { marketBase, type Listing } from '../../api.ts';
import { newIdempotencyKey } from '../../../../money.ts';
import { manage, today } from '../../work.ts';

/** Consignment: goods a maker hands in (count, date, condition) and unsold goods given back. */
export function Stock({ slug }: { slug: string }) {
  const { t } = useTranslation('market');
  const [q, setQ] = useState('');
  const list = useLoad(() => manage.listings(slug, { q: q.trim() || undefined, limit: 50 }), [slug, q]);
  const goods = list.data?.listings.filter((l) => l.kind === 'good' && l.state !== 'withdrawn') ?? [];
  return (
    <section aria-labelledby="stock">
      <h2 id="stock">{t('work.stock.title')}</h2>
      <Field label={t('shop.search')}>
        <input type="search" maxLength={40} value={q} onChange={(e) => setQ(e.target.value)} data-testid="stock-search" />
      </Field>
      <ErrorNote error={list.error} />
      {!list.loaded && !list.error ? <Loading /> : null}
      <ul className="list">
        {goods.map((l) => (
          <StockCard key={l.id} slug={slug} listing={l} onDone={() => void list.reload()} />
        ))}
      </ul>
    </section>
  );
}

function StockCard({ slug, listing, onDone }: { slug: string; listing: Listing; onDone: () => void }) {
  const { t } = useTranslation('market');
  const [open, setOpen] = useState<'intake' | 'return' | null>(null);
  const [quantity, setQuantity] = useState('1');
  const [date, setDate] = useState(today());
  const [condition, setCondition] = useState(t('work.stock.good'));
  const [note, setNote] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const count = Number(quantity);
      const body =
        open === 'intake'
          ? { quantity: count, receivedOn: date, condition: condition.trim(), ...(note.trim() ? { note: note.trim() } : {}) }
          : { quantity: count, returnedOn: date, ...(note.trim() ? { note: note.trim() } : {}) };
      const updated = await api.post<Listing>(`${marketBase(slug)}/listings/${listing.id}/${open === 'intake' ? 'intake' : 'returns'}`, body, {
        idempotencyKey: key,
      });
      setKey(newIdempotencyKey());
      setDone(t(open === 'intake' ? 'work.stock.intakeDone' : 'work.stock.returnDone', { count, stock: updated.stock ?? 0 }));
      setOpen(null);
      onDone();
    });
  };
  return (
    <li className="card" data-testid="stock-item">
      <div className="row-between">
        <strong>{listing.title}</strong>
        <span data-testid="stock-count">{t('shop.stock', { count: listing.stock ?? 0 })}</span>
      </div>
      <p className="muted small">
        {listing.code} · {t('shop.by', { maker: listing.maker.name })} · {t(`work.states.${listing.state}`)}
      </p>
      {done ? <Notice>{done}</Notice> : null}
      <div className="row-actions">
        <button type="button" className="btn" aria-pressed={open === 'intake'} onClick={() => setOpen(open === 'intake' ? null : 'intake')}>
          {t('work.stock.intake')}
        </button>
        <button
          type="button"
          className="btn"
          aria-pressed={open === 'return'}
          disabled={!listing.stock}
          onClick={() => setOpen(open === 'return' ? null : 'return')}
        >
          {t('work.stock.return')}
        </button>
      </div>
      {open ? (
        <form className="form" onSubmit={submit}>
          <Field label={t('work.stock.quantity')}>
            <input
              type="number"
              min={1}
              max={open === 'return' ? (listing.stock ?? 1) : 10000}
              required
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          </Field>
          <Field label={t(open === 'intake' ? 'work.stock.receivedOn' : 'work.stock.returnedOn')}>
            <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          </Field>
          {open === 'intake' ? (
            <Field label={t('work.stock.condition')}>
              <input required maxLength={200} value={condition} onChange={(e) => setCondition(e.target.value)} />
            </Field>
          ) : null}
          <Field label={t('counter.note')}>
            <input maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
          </Field>
          <ErrorNote error={error} />
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t(open === 'intake' ? 'work.stock.intakeAction' : 'work.stock.returnAction')}
          </button>
        </form>
      ) : null}
    </li>
  );
}
