import { lazy, Suspense, useEffect, useLayoutEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from './components/ui.tsx';
import { firstUrls } from './first-data.ts';
import { HEADER_ITEMS, PAGE_ROUTES } from './installed.ts';
import { applyElderMode, firstScreenElder, isElderMode, setLanguage } from './prefs.ts';
import { Link, match, useLocation } from './router.tsx';
import { useSession } from './session.tsx';
import type { PageModule, PageProps, PageRoute } from './web-module.ts';

/** The app's shell and routes, shared by the browser (main.tsx) and the server's first render (entry-server.tsx). */

// Every page comes from a module's routes (web/src/modules/*/routes.ts) or the shell's (installed.ts), each page its own chunk.
const NOT_FOUND: PageRoute = { pattern: '', src: 'src/NotFound.tsx', load: () => import('./NotFound.tsx') };

export function routeFor(path: string): { route: PageRoute; params: Record<string, string> } {
  for (const route of PAGE_ROUTES) {
    const params = match(route.pattern, path);
    if (params) return { route, params };
  }
  return { route: NOT_FOUND, params: {} };
}

// A page whose chunk is already here renders at once (no "loading" flash over the server's first
// screen): its lazy component is handed a thenable that resolves synchronously.
const loaded = new Map<PageRoute, PageModule>();
const pages = new Map<PageRoute, ComponentType<PageProps>>();

function pageOf(route: PageRoute): ComponentType<PageProps> {
  let page = pages.get(route);
  if (!page) {
    page = lazy(() => {
      const mod = loaded.get(route);
      if (mod) return { then: (resolve: (m: PageModule) => void) => resolve(mod) } as unknown as Promise<PageModule>;
      return route.load().then((m) => {
        loaded.set(route, m);
        return m;
      });
    });
    pages.set(route, page);
  }
  return page;
}

/** The source file of the page at `path` (for the server's modulepreload links). */
export function pageSource(path: string): string {
  return routeFor(path).route.src;
}

/**
 * What the server fetches before rendering the page at `path` (who is signed in first, then the
 * page's own first data), or null when the page is rendered in the browser only.
 */
export function firstDataUrls(path: string): string[] | null {
  const { route, params } = routeFor(path);
  const urls = route.firstData?.(params);
  return urls ? [firstUrls.me(), ...urls] : null;
}

/** Loads the chunk of the page at `path` (before the first render, so it renders in one go). */
export async function preloadPage(path: string): Promise<void> {
  const { route } = routeFor(path);
  if (!loaded.has(route)) loaded.set(route, await route.load());
}

function Header() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { path } = useLocation();
  const [elder, setElder] = useState(firstScreenElder);
  useEffect(() => setElder(isElderMode()), []);
  const toggleElder = () => {
    applyElderMode(!elder);
    setElder(!elder);
  };
  const otherLanguage = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        {t('app.name')}
      </Link>
      <nav className="topbar-actions" aria-label={t('nav.settings')}>
        <button type="button" className="chip" aria-pressed={elder} onClick={toggleElder} data-testid="elder-toggle">
          {t('nav.elderOn')}
        </button>
        <button type="button" className="chip" lang={otherLanguage} onClick={() => void setLanguage(otherLanguage)} data-testid="language-toggle">
          {otherLanguage === 'en' ? 'English' : '中文'}
        </button>
        {HEADER_ITEMS.map((Item, i) => (
          <Item key={i} />
        ))}
        {me?.user ? (
          <Link to="/me" className="chip" data-testid="account-link">
            {t('nav.me')}
          </Link>
        ) : (
          <Link to={`/login?next=${encodeURIComponent(path)}`} className="chip">
            {t('nav.login')}
          </Link>
        )}
      </nav>
    </header>
  );
}

export function App() {
  const { path } = useLocation();
  const { t } = useTranslation();
  const { route, params } = routeFor(path);
  const Page = pageOf(route);
  // A full-screen page (the shop's kiosk) has no site header.
  const fullScreen = route.fullScreen === true;
  // A layout effect: it runs before the page's own effects, so a page's title (usePageTitle) wins.
  useLayoutEffect(() => {
    document.title = t('app.title');
  }, [t, path]);
  return (
    <>
      {fullScreen ? null : (
        <a className="skip" href="#main">
          {t('nav.skip')}
        </a>
      )}
      {fullScreen ? null : <Header />}
      <main id="main" className={fullScreen ? 'kiosk-main' : 'page'}>
        <Suspense fallback={<Loading />}>
          <Page params={params} />
        </Suspense>
      </main>
    </>
  );
}
