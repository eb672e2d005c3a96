// The communities API's addresses the routes need (the community home's first data).

/** GET a community's home: the server renders the page with it; the page asks the same URL, so the first data's key matches. */
export const communityUrl = (slug: string) => `/api/v1/communities/${encodeURIComponent(slug)}`;
