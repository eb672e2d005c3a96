import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SplitLine } from '../SplitLine.tsx';
import { ErrorNote, Field, Loading, Notice } from '../../../components/ui.tsx';
import { firstData } from '../../../first-data.ts';
import { addToCart, type Listing, market, readCart, shopUrls, writeCart } from '../api.ts';
import { formatFen } from '../../../money.ts';
import { Link } from '../../../router.tsx';

export default function Product({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const id = Number(params.listingId);
  const { t, i18n } = useTranslation('market');
  const [listing, setListing] = useState<Listing | null>(() => firstData<Listing>(shopUrls.listing(slug, id)) ?? null);
  const [quantity, setQuantity] = useState(1);
  const [slotId, setSlotId] = useState<number | undefined>(() => listing?.slots.find((s) => s.available > 0)?.id);
  const [added, setAdded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const sent = useRef(listing !== null);

  useEffect(() => {
    if (sent.current) {
      sent.current = false;
      return;
    }
    market
      .listing(slug, id)
      .then((l) => {
        setListing(l);
        setSlotId(l.slots.find((s) => s.available > 0)?.id);
      })
      .catch(setError);
  }, [slug, id]);

  if (error) return <ErrorNote error={error} />;
  if (!listing) return <Loading />;
  const soldOut = listing.state !== 'on_sale' || (listing.stock !== null && listing.stock < 1);
  const max = listing.stock ?? 99;
  const when = new Intl.DateTimeFormat(i18n.language, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const add = () => {
    writeCart(slug, addToCart(readCart(slug), listing, quantity, listing.kind === 'good' ? undefined : slotId));
    setAdded(true);
  };

  return (
    <>
      <Link to={`/c/${slug}/shop`}>← {t('shop.title')}</Link>
      {listing.photos.length > 0 ? (
        <div className="gallery">
          {listing.photos.map((p) => (
            <img key={p.sha256} src={p.url} alt={listing.title} className="gallery-photo" />
          ))}
        </div>
      ) : null}
      <h1>{listing.title}</h1>
      <p className="price-big amount" data-testid="price">
        {formatFen(listing.split.priceFen)}
      </p>
      <SplitLine makerTakeFen={listing.split.makerTakeFen} fundFen={listing.split.fundFen} className="split-big" />
      <p className="muted">
        {t('shop.by', { maker: listing.maker.name })} · {listing.category}
        {listing.stock !== null ? ` · ${t('shop.stock', { count: listing.stock })}` : ''}
      </p>
      {listing.description ? <p className="description">{listing.description}</p> : null}
      {listing.kind !== 'good' && listing.slots.length > 0 ? (
        <Field label={t('shop.slot')}>
          <select value={slotId ?? ''} onChange={(e) => setSlotId(Number(e.target.value))}>
            {listing.slots.map((s) => (
              <option key={s.id} value={s.id} disabled={s.available < 1}>
                {when.format(new Date(s.startsAt))} · {t('shop.places', { count: s.available })}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {soldOut ? (
        <p className="note note-error">{t('shop.soldOut')}</p>
      ) : (
        <>
          <div className="stepper" role="group" aria-label={t('shop.quantity')}>
            <button type="button" className="btn" onClick={() => setQuantity(Math.max(1, quantity - 1))} aria-label={t('shop.less')}>
              −
            </button>
            <output aria-live="polite">{quantity}</output>
            <button type="button" className="btn" onClick={() => setQuantity(Math.min(max, quantity + 1))} aria-label={t('shop.more')}>
              +
            </button>
          </div>
          <button type="button" className="btn btn-primary" onClick={add} data-testid="add-to-cart">
            {t('shop.addToCart')}
          </button>
          {added ? (
            <Notice>
              {t('shop.added')} <Link to={`/c/${slug}/cart`}>{t('shop.goToCart')}</Link>
            </Notice>
          ) : null}
        </>
      )}
    </>
  );
}
