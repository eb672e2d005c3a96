// The shop's API addresses, apart from its client (api.ts): the routes' first data need these in the
// app's own chunk, while the client stays in the chunks of the pages that use it.

export const marketBase = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}/market`;

/** The store's first page (its size lives here so the server's first render and the page agree). */
export const STORE_PAGE = 24;

/** The GETs the server renders the store and a product with; the pages ask the same URLs, so the first data's keys match. */
export const shopUrls = {
  categories: (slug: string) => `${marketBase(slug)}/categories`,
  listing: (slug: string, id: number) => `${marketBase(slug)}/listings/${id}`,
  firstListings: (slug: string) => `${marketBase(slug)}/listings?limit=${STORE_PAGE}`,
};
