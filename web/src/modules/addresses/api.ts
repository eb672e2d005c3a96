import { api, query } from '../../api.ts';
import type { AddressesQueryInput, AddressesView, AddressView, AddUnitsInput, AddUnitsView, EstatesView } from '../../../../src/modules/addresses/index.ts';

// The addresses API's client, its answers typed by the server's schemas (type-only: nothing of the
// server is bundled). Used by the address book's page and by the address picker other modules show.

export type Address = AddressView;
export type Estate = EstatesView['estates'][number];
export type Building = Estate['buildings'][number];
export type AddUnits = AddUnitsInput;
export type AddUnitsResult = AddUnitsView;
/** What to list: by estate and building, or by part of the address; the server's default page size. */
export type AddressQuery = Partial<AddressesQueryInput>;

const base = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}/addresses`;

export const addressBook = {
  /** The estates and their buildings, with the dwellings in use in each. */
  estates: (slug: string) => api.get<EstatesView>(`${base(slug)}/estates`),
  /** Addresses in id order; `after` the last id of a full page asks for the next one. */
  list: (slug: string, q: AddressQuery) => api.get<AddressesView>(`${base(slug)}${query(q)}`),
  /** Adds a building's dwellings (staff); those already there are counted, not added again. */
  add: (slug: string, input: AddUnits) => api.post<AddUnitsResult>(base(slug), input),
  /** Retires an address that no longer exists (staff): no longer offered, kept for what points at it. */
  retire: (slug: string, id: number) => api.post<Address>(`${base(slug)}/${id}/retire`),
};
