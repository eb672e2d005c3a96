// The fund's API addresses, apart from its client (api.ts): the routes' first data need these in the
// app's own chunk, while the client stays in the chunks of the pages that use it.

const enc = encodeURIComponent;
export const fundBase = (slug: string) => `/api/v1/communities/${enc(slug)}/fund`;

/** The fund page's first page of entries (its size lives here so the server's first render and the page agree). */
export const FUND_PAGE = 20;

/** The GETs the server renders the fund page with; the page asks the same URLs, so the first data's keys match. */
export const fundUrls = {
  summary: (slug: string) => `${fundBase(slug)}/summary`,
  accounts: (slug: string) => `${fundBase(slug)}/accounts`,
  firstEntries: (slug: string) => `${fundBase(slug)}/entries?limit=${FUND_PAGE}`,
};
