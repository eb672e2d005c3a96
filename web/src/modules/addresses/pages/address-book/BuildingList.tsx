import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Notice } from '../../../../components/ui.tsx';
import { addressBook, type Address } from '../../api.ts';
import { AddressCard } from './AddressCard.tsx';

const PAGE = 100;

export interface Place {
  estate: string;
  building: string;
}

/**
 * A building's addresses, a page at a time, retired ones too when asked; `version` changes when the
 * page knows the building changed (flats added), which loads it again.
 */
export function BuildingList({ slug, place, version, onRetired }: { slug: string; place: Place; version: number; onRetired: (retired: Address) => void }) {
  const { t } = useTranslation('addresses');
  const [showRetired, setShowRetired] = useState(false);
  const [addresses, setAddresses] = useState<Address[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [retired, setRetired] = useState<Address | null>(null);

  const loadPage = useCallback(
    (after?: number) =>
      addressBook.list(slug, {
        estate: place.estate,
        building: place.building,
        limit: PAGE,
        ...(showRetired ? { includeRetired: true } : {}),
        ...(after ? { after } : {}),
      }),
    [slug, place, showRetired],
  );
  useEffect(() => {
    let current = true;
    setAddresses(null);
    setError(null);
    loadPage()
      .then((r) => {
        if (!current) return;
        setAddresses(r.addresses);
        setHasMore(r.addresses.length === PAGE);
      })
      .catch((err: unknown) => {
        if (current) setError(err);
      });
    return () => {
      current = false;
    };
  }, [loadPage, version]);
  useEffect(() => setRetired(null), [place]);

  const more = async () => {
    try {
      setError(null);
      const r = await loadPage(addresses?.at(-1)?.id);
      setAddresses([...(addresses ?? []), ...r.addresses]);
      setHasMore(r.addresses.length === PAGE);
    } catch (err) {
      setError(err);
    }
  };
  const retire = (address: Address) => {
    setRetired(address);
    setAddresses((list) => list && (showRetired ? list.map((a) => (a.id === address.id ? address : a)) : list.filter((a) => a.id !== address.id)));
    onRetired(address);
  };

  return (
    <section aria-labelledby="building-title" data-testid="building">
      <h2 id="building-title">{`${place.estate}${place.building}`}</h2>
      <label className="check">
        <input type="checkbox" name="showRetired" checked={showRetired} onChange={(e) => setShowRetired(e.target.checked)} />
        <span>{t('book.showRetired')}</span>
      </label>
      {retired ? <Notice>{t('book.retiredDone', { label: retired.label })}</Notice> : null}
      <ErrorNote error={error} />
      {!addresses && !error ? <Loading /> : null}
      {addresses?.length === 0 ? <p className="muted">{t('book.empty')}</p> : null}
      <ul className="list addresses">
        {addresses?.map((a) => (
          <AddressCard key={a.id} slug={slug} address={a} onRetired={retire} />
        ))}
      </ul>
      {hasMore ? (
        <button type="button" className="btn" onClick={() => void more()}>
          {t('common.more')}
        </button>
      ) : null}
    </section>
  );
}
