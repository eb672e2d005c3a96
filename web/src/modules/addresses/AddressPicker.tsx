import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field } from '../../components/ui.tsx';
import { SearchPick, useLoad, useSearch } from '../../components/work.tsx';
import { addressBook, type Address, type Estate } from './api.ts';

/** The most search results shown: enough to pick from on a phone; more asks for a closer search. */
const SHOWN = 20;

export interface AddressPickerProps {
  slug: string;
  /** Called with the address the person chose, by searching or step by step. */
  onPick: (address: Address) => void;
  /** The estates, when the page has them already (kept fresh by it); the picker asks for them otherwise. */
  estates?: readonly Estate[] | undefined;
  /** Offer retired addresses too (staff only: the server refuses anyone else). */
  includeRetired?: boolean;
}

/**
 * Picks an address of the community's address book: type part of it and tap a match, or choose the
 * estate, the building and the flat. For any module that records where someone lives or where a
 * service goes (households, care); strings in the "addresses" namespace.
 */
export function AddressPicker({ slug, onPick, estates, includeRetired = false }: AddressPickerProps) {
  const { t } = useTranslation('addresses');
  return (
    <div className="picker" data-testid="address-picker">
      <SearchAddress slug={slug} onPick={onPick} includeRetired={includeRetired} />
      <fieldset className="choices">
        <legend>{t('picker.orChoose')}</legend>
        <ChooseAddress slug={slug} onPick={onPick} estates={estates} includeRetired={includeRetired} />
      </fieldset>
    </div>
  );
}

function SearchAddress({ slug, onPick, includeRetired }: { slug: string; onPick: (a: Address) => void; includeRetired: boolean }) {
  const { t } = useTranslation('addresses');
  const [q, setQ] = useState('');
  const { found, error } = useSearch(
    (text) => addressBook.list(slug, { q: text, limit: SHOWN, ...(includeRetired ? { includeRetired } : {}) }).then((r) => r.addresses),
    [slug, includeRetired],
    q.trim(),
  );
  return (
    <SearchPick
      label={t('picker.search')}
      hint={t('picker.searchHint')}
      name="address-q"
      q={q}
      onQ={setQ}
      found={found}
      error={error}
      show={(a) => ({
        key: a.id,
        main: <span className={a.retired ? 'address-retired' : undefined}>{a.label}</span>,
        side: a.retired ? <span className="tag tag-retired">{t('book.retired')}</span> : null,
      })}
      onPick={onPick}
      resultsLabel={t('picker.results')}
      none={t('picker.none')}
      footer={found?.length === SHOWN ? <p className="field-hint">{t('picker.first', { count: SHOWN })}</p> : null}
      testId="picker-result"
    />
  );
}

function ChooseAddress({
  slug,
  onPick,
  estates: given,
  includeRetired,
}: {
  slug: string;
  onPick: (a: Address) => void;
  estates: readonly Estate[] | undefined;
  includeRetired: boolean;
}) {
  const { t } = useTranslation('addresses');
  const needEstates = given === undefined;
  const asked = useLoad(() => (needEstates ? addressBook.estates(slug) : Promise.resolve(null)), [slug, needEstates]);
  const estates = given ?? asked.data?.estates ?? [];
  const [estate, setEstate] = useState('');
  const [building, setBuilding] = useState('');
  const [room, setRoom] = useState('');
  const buildings = estates.find((e) => e.name === estate)?.buildings ?? [];
  const rooms = useLoad(
    () =>
      estate && building ? addressBook.list(slug, { estate, building, limit: 500, ...(includeRetired ? { includeRetired } : {}) }) : Promise.resolve(null),
    [slug, estate, building, includeRetired],
  );
  const chooseEstate = (name: string) => {
    setEstate(name);
    setBuilding('');
    setRoom('');
  };
  const chooseRoom = (id: string) => {
    setRoom(id);
    const address = rooms.data?.addresses.find((a) => String(a.id) === id);
    if (address) onPick(address);
  };
  return (
    <>
      <div className="filters picker-steps">
        <Field label={t('picker.estate')}>
          <select name="address-estate" value={estate} onChange={(e) => chooseEstate(e.target.value)}>
            <option value="">{t('picker.choose')}</option>
            {estates.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('picker.building')}>
          <select
            name="address-building"
            value={building}
            disabled={!estate}
            onChange={(e) => {
              setBuilding(e.target.value);
              setRoom('');
            }}
          >
            <option value="">{t('picker.choose')}</option>
            {buildings.map((b) => (
              <option key={b.name} value={b.name}>
                {b.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('picker.room')}>
          <select name="address-room" value={room} disabled={!rooms.data} onChange={(e) => chooseRoom(e.target.value)}>
            <option value="">{t('picker.choose')}</option>
            {rooms.data?.addresses.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {`${a.entrance}${a.room}${a.retired ? ` (${t('book.retired')})` : ''}`}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <ErrorNote error={asked.error ?? rooms.error} />
    </>
  );
}
