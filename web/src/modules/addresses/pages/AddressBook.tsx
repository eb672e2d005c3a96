import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../../components/ui.tsx';
import { useLoad } from '../../../components/work.tsx';
import { Link } from '../../../router.tsx';
import { rolesIn, useSession } from '../../../session.tsx';
import { AddressPicker } from '../AddressPicker.tsx';
import { addressBook, type Address, type Estate } from '../api.ts';
import { AddForm } from './address-book/AddForm.tsx';
import { AddressCard } from './address-book/AddressCard.tsx';
import { BuildingList, type Place } from './address-book/BuildingList.tsx';

/** The community's address book (staff): its estates and buildings, a building's flats, finding, adding and retiring. */
export default function AddressBook({ params }: { params: Record<string, string> }) {
  const slug = params.slug ?? '';
  const { t } = useTranslation('addresses');
  const { me } = useSession();
  if (!me) return <Loading />;
  if (!rolesIn(me, slug).includes('staff'))
    return (
      <>
        <h1>{t('book.title')}</h1>
        <p className="note note-error" role="alert">
          {t('book.staffOnly')}
        </p>
        <p>
          <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
        </p>
      </>
    );
  return <Book slug={slug} />;
}

function Book({ slug }: { slug: string }) {
  const { t } = useTranslation('addresses');
  const estates = useLoad(() => addressBook.estates(slug), [slug]);
  const [place, setPlace] = useState<Place | null>(null);
  const [version, setVersion] = useState(0);
  const [found, setFound] = useState<Address | null>(null);

  const added = (where: Place) => {
    void estates.reload();
    setPlace(where);
    setVersion((v) => v + 1);
  };
  /** Retired in the building's list, which shows the change itself: the counts change, and so does the address found if it is this one. */
  const retiredInList = (address: Address) => {
    void estates.reload();
    setFound((f) => (f?.id === address.id ? address : f));
  };
  /** Retired where it was found: the building's list, if it holds it, is loaded again. */
  const retiredFound = (address: Address) => {
    retiredInList(address);
    if (place && address.estate === place.estate && address.building === place.building) setVersion((v) => v + 1);
  };

  return (
    <>
      <p>
        <Link to={`/c/${slug}`}>← {t('common.back')}</Link>
      </p>
      <h1>{t('book.title')}</h1>
      <p className="muted">{t('book.intro')}</p>
      <ErrorNote error={estates.error} />
      {!estates.loaded && !estates.error ? <Loading /> : null}

      <section aria-labelledby="find-title">
        <h2 id="find-title">{t('book.find')}</h2>
        <AddressPicker slug={slug} estates={estates.data?.estates ?? []} includeRetired onPick={setFound} />
        {found ? (
          <ul className="list" aria-label={t('book.found')} data-testid="found">
            <AddressCard key={found.id} slug={slug} address={found} onRetired={retiredFound} />
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="estates-title">
        <h2 id="estates-title">{t('book.estates')}</h2>
        {estates.data?.estates.length === 0 ? <p className="muted">{t('book.noEstates')}</p> : null}
        <ul className="list">
          {estates.data?.estates.map((e) => (
            <EstateCard
              key={e.name}
              estate={e}
              chosen={place?.estate === e.name ? place.building : null}
              onChoose={(building) => setPlace({ estate: e.name, building })}
            />
          ))}
        </ul>
      </section>

      {place ? <BuildingList slug={slug} place={place} version={version} onRetired={retiredInList} /> : null}

      <section aria-labelledby="add-title">
        <h2 id="add-title">{t('add.title')}</h2>
        <p className="muted">{t('add.intro')}</p>
        <AddForm slug={slug} estates={estates.data?.estates ?? []} onAdded={added} />
      </section>
    </>
  );
}

/** An estate with its buildings, each a button that lists its flats. */
function EstateCard({ estate, chosen, onChoose }: { estate: Estate; chosen: string | null; onChoose: (building: string) => void }) {
  const { t } = useTranslation('addresses');
  return (
    <li className="card" data-testid="estate">
      <div className="row-between">
        <strong className="card-title">{estate.name}</strong>
        <span className="muted">{t('book.estateCount', { count: estate.dwellings })}</span>
      </div>
      <div className="chips-row" role="group" aria-label={t('book.buildings', { estate: estate.name })}>
        {estate.buildings.map((b) => (
          <button key={b.name} type="button" className="chip" aria-pressed={chosen === b.name} onClick={() => onChoose(b.name)}>
            {t('book.buildingChip', { name: b.name, count: b.dwellings })}
          </button>
        ))}
      </div>
    </li>
  );
}
