/**
 * The first screen's data, sent inside the HTML: the server renders the public pages (those whose route
 * declares `firstData`: community home, store, product, fund) with the answers of their first API
 * calls and puts those answers in
 * <script id="weiyi-first" type="application/json">, so the browser shows the page without waiting
 * for JavaScript and then renders the same thing without asking the API again.
 *
 * The data holds only for the address the page was loaded at: any navigation forgets it.
 */

/** Who is signed in: the server renders every public page with it (its own first data: the page's route). */
export const firstUrls = {
  me: () => '/api/v1/me',
};

type Store = Record<string, unknown>;
let store: Store | null = null;
let loaded = false;

function current(): Store | null {
  if (!loaded && typeof document !== 'undefined') {
    loaded = true;
    const el = document.getElementById('weiyi-first');
    try {
      store = el?.textContent ? (JSON.parse(el.textContent) as Store) : null;
    } catch {
      store = null;
    }
  }
  return store;
}

/** The answer the server sent for this URL with the page, if it is still the page it was sent for. */
export function firstData<T>(url: string): T | undefined {
  return current()?.[url] as T | undefined;
}

/** Navigation forgets the first data: another page, or the same one later, asks the API. */
export function forgetFirstData() {
  loaded = true;
  store = null;
}

/** Server side: the data of the page being rendered (rendering is synchronous, one page at a time). */
export function setServerFirstData(data: Store | null) {
  loaded = true;
  store = data;
}

/** JSON for the <script type="application/json"> element: nothing in it can close the element. */
export function serialiseFirstData(data: Store): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
