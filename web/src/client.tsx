import { startTransition, StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import './i18n/index.ts';
import { App, preloadPage } from './app.tsx';
import { applyElderMode, isElderMode } from './prefs.ts';
import { SessionProvider } from './session.tsx';

// The app in the browser (main.tsx starts it).
applyElderMode(isElderMode(), false);

/** Runs once the tree is on screen and live. */
function Live({ children, onLive }: { children: ReactNode; onLive: () => void }) {
  useEffect(onLive, [onLive]);
  return children;
}

const root = document.getElementById('root');
// The server's first screen (entry-server.tsx), if it sent one: a disabled fieldset around the page.
const first = root?.querySelector<HTMLFieldSetElement>(':scope > fieldset.first-screen');
const enable = () => {
  if (first) first.disabled = false;
};
const tree = (
  <StrictMode>
    <Live onLive={enable}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </Live>
  </StrictMode>
);

if (root) {
  // The page's chunk first, so the page renders in one go (no "loading" over the first screen).
  void preloadPage(location.pathname)
    .catch(() => {
      // Rendered lazily then; an unreachable chunk shows the page's error there.
    })
    .then(() =>
      // As a transition, React works in slices and lets the phone answer a tap in between. Over the
      // first screen it hydrates: the same data gives the same tree, so it only attaches the handlers
      // (no new DOM, no new layout), then the fieldset is enabled.
      startTransition(() => {
        if (first) hydrateRoot(first, tree);
        else createRoot(root).render(tree);
      }),
    );
}
