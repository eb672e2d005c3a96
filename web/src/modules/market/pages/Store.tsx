import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SplitLine } from '../SplitLine.tsx';
import { ErrorNote, Field, Loading } from '../../../components/ui.tsx';
import { firstData } from '../../../first-data.ts';
import { cartTotals, type Categories, type Listing, type Listings, market, readCart, shopUrls, STORE_PAGE as PAGE } from '../api.ts';
import { formatFen } from '../../../money.ts';
import { Link } from '../../../router.tsx';

export default function Store({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('market');
  // The server sends the categories and the first page with the page; asked for otherwise.
  const firstCategories = firstData<Categories>(shopUrls.categories(slug));
  const firstPage = firstData<Listings>(shopUrls.firstListings(slug));
  const [categories, setCategories] = useState<Categories['categories']>(() => firstCategories?.categories ?? []);
  const [category, setCategory] = useState('');
  const [q, setQ] = useState('');
  const [listings, setListings] = useState<Listing[] | null>(() => firstPage?.listings ?? null);
  const [total, setTotal] = useState(() => firstPage?.total ?? 0);
  const [error, setError] = useState<unknown>(null);
  const sent = useRef({ categories: firstCategories !== undefined, listings: firstPage !== undefined });
  // The cart lives in this browser's storage: read after the first render, which must match the server's.
  const [cartCount, setCartCount] = useState(0);
  useEffect(() => setCartCount(cartTotals(readCart(slug)).count), [slug]);

  useEffect(() => {
    if (sent.current.categories) {
      sent.current.categories = false;
      return;
    }
    market
      .categories(slug)
      .then((r) => setCategories(r.categories))
      .catch(setError);
  }, [slug]);
  useEffect(() => {
    if (sent.current.listings) {
      sent.current.listings = false;
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      market
        .listings(slug, { q: q.trim() || undefined, category: category || undefined, limit: PAGE })
        .then((r) => {
          if (!live) return;
          setListings(r.listings);
          setTotal(r.total);
        })
        .catch((err: unknown) => live && setError(err));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [slug, q, category]);

  const more = async () => {
    try {
      const r = await market.listings(slug, { q: q.trim() || undefined, category: category || undefined, limit: PAGE, offset: listings?.length ?? 0 });
      setListings((l) => [...(l ?? []), ...r.listings]);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <div className="row-between">
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
        <Link to={`/c/${slug}/cart`} className="chip" data-testid="cart-link">
          {t('shop.cart')} {cartCount > 0 ? `(${cartCount})` : ''}
        </Link>
      </div>
      <h1>{t('shop.title')}</h1>
      <p className="muted">{t('shop.lead')}</p>
      <Field label={t('shop.search')}>
        <input type="search" value={q} maxLength={40} onChange={(e) => setQ(e.target.value)} />
      </Field>
      <div className="chips-row" role="group" aria-label={t('shop.categories')}>
        <button type="button" className="chip" aria-pressed={category === ''} onClick={() => setCategory('')}>
          {t('common.all')}
        </button>
        {categories.map((c) => (
          <button key={c.name} type="button" className="chip" aria-pressed={category === c.name} onClick={() => setCategory(c.name)}>
            {c.name} <span className="count">{c.count}</span>
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
      {listings === null && !error ? <Loading /> : null}
      {listings?.length === 0 ? <p className="muted">{t('shop.nothing')}</p> : null}
      <ul className="products">
        {listings?.map((l, i) => (
          <li key={l.id}>
            <Link to={`/c/${slug}/shop/${l.id}`} className="product-card" data-testid="product-card">
              {l.photos[0] ? (
                // The first row is on screen at once: fetched with the page, the first one first (it is what a phone paints largest).
                <img
                  src={l.photos[0].thumbnailUrl}
                  alt=""
                  width={480}
                  height={360}
                  loading={i < 4 ? 'eager' : 'lazy'}
                  fetchPriority={i === 0 ? 'high' : 'auto'}
                  className="product-thumb"
                />
              ) : (
                <span className="product-thumb product-thumb-empty" aria-hidden="true">
                  {l.title.slice(0, 1)}
                </span>
              )}
              <span className="product-title">{l.title}</span>
              <span className="product-price amount">{formatFen(l.split.priceFen)}</span>
              <SplitLine makerTakeFen={l.split.makerTakeFen} fundFen={l.split.fundFen} className="small" />
              <span className="muted small">{l.maker.name}</span>
            </Link>
          </li>
        ))}
      </ul>
      {listings && listings.length < total ? (
        <button type="button" className="btn" onClick={() => void more()}>
          {t('common.more')}
        </button>
      ) : null}
    </>
  );
}
