import './styles.css';

// The entry is this small on purpose. When the server sent the page rendered (entry-server.tsx),
// the browser paints it first, and only then fetches and runs the app's code (~100 KB gzip, a few
// hundred milliseconds of a phone's CPU): the first screen waits for neither. The server lists the
// chunks the page needs (data-preload), fetched in parallel with the app's. Other pages start at once.
let started = false;
const start = () => {
  if (started) return;
  started = true;
  const first = document.getElementById('weiyi-first');
  for (const href of first?.dataset.preload?.split(' ').filter(Boolean) ?? []) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.appendChild(link);
  }
  void import('./client.tsx');
};
if (document.getElementById('weiyi-first')) {
  requestAnimationFrame(() => setTimeout(start, 0));
  // A page opened in a background tab gets no animation frame until it is shown.
  setTimeout(start, 200);
} else start();
