import { StrictMode, Suspense, lazy, useEffect, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import './i18n/index.ts';
import './styles.css';
import { Loading } from './components/ui.tsx';
import { applyElderMode, isElderMode, setLanguage } from './prefs.ts';
import { Link, match, useLocation } from './router.tsx';
import { SessionProvider, useSession } from './session.tsx';

type Page = LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>;

// Each page is its own chunk, so a phone downloads only what it shows.
const routes: [string, Page][] = [
  ['/', lazy(() => import('./pages/CommunityList.tsx'))],
  ['/login', lazy(() => import('./pages/Login.tsx'))],
  ['/register', lazy(() => import('./pages/Register.tsx'))],
  ['/me', lazy(() => import('./pages/Account.tsx'))],
  ['/c/:slug', lazy(() => import('./pages/CommunityHome.tsx'))],
  ['/c/:slug/members', lazy(() => import('./pages/Members.tsx'))],
  ['/c/:slug/fund', lazy(() => import('./pages/Fund.tsx'))],
  ['/c/:slug/fund/work', lazy(() => import('./pages/FundWork.tsx'))],
  ['/c/:slug/fund/source/:type/:id', lazy(() => import('./pages/FundSource.tsx'))],
  ['/c/:slug/maker', lazy(() => import('./pages/Maker.tsx'))],
  ['/c/:slug/shop-admin', lazy(() => import('./pages/ShopAdmin.tsx'))],
  ['/c/:slug/shop', lazy(() => import('./pages/Store.tsx'))],
  ['/c/:slug/shop/:listingId', lazy(() => import('./pages/Product.tsx'))],
  ['/c/:slug/cart', lazy(() => import('./pages/Cart.tsx'))],
  ['/c/:slug/orders', lazy(() => import('./pages/Orders.tsx'))],
  ['/c/:slug/counter', lazy(() => import('./pages/Counter.tsx'))],
  ['/c/:slug/kiosk', lazy(() => import('./pages/Kiosk.tsx'))],
];
const NotFound = lazy(() => import('./pages/NotFound.tsx'));

applyElderMode(isElderMode(), false);

function Header() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const [elder, setElder] = useState(isElderMode());
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
        {me?.user ? (
          <Link to="/me" className="chip" data-testid="account-link">
            {t('nav.me')}
          </Link>
        ) : (
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`} className="chip">
            {t('nav.login')}
          </Link>
        )}
      </nav>
    </header>
  );
}

function App() {
  const { path } = useLocation();
  const { t } = useTranslation();
  let page: { Page: Page; params: Record<string, string> } = { Page: NotFound, params: {} };
  for (const [pattern, Page] of routes) {
    const params = match(pattern, path);
    if (params) {
      page = { Page, params };
      break;
    }
  }
  // The kiosk is the shop's full-screen touch terminal: no site header.
  const isKiosk = /^\/c\/[^/]+\/kiosk$/.test(path);
  useEffect(() => {
    document.title = t('app.title');
  }, [t, path]);
  return (
    <>
      {isKiosk ? null : (
        <a className="skip" href="#main">
          {t('nav.skip')}
        </a>
      )}
      {isKiosk ? null : <Header />}
      <main id="main" className={isKiosk ? 'kiosk-main' : 'page'}>
        <Suspense fallback={<Loading />}>
          <page.Page params={page.params} />
        </Suspense>
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <SessionProvider>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
}
