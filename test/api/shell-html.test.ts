import { describe, expect, it } from 'vitest';
import { filledShell, shellWithPreloads } from '../../web/src/shell-html.ts';

// The server's first render puts residents' text into the page: a `$` pattern in it must stay text.
const SHELL = '<!doctype html><html lang="zh-CN"><head><title>微益</title></head><body><div id="root"></div><script src="/a.js"></script></body></html>';

describe('the first render’s document', () => {
  it('keeps $ patterns in a resident’s text as text, with the document whole', () => {
    const hostile = "特价$'$&$`$$围巾";
    const out = filledShell(SHELL, {
      language: 'zh-CN',
      elder: true,
      title: '微益',
      body: `<h1>${hostile}</h1>`,
      chunks: '/x.js',
      firstData: JSON.stringify({ title: hostile }),
    });
    expect(out).toContain(`<h1>${hostile}</h1>`);
    expect(out).toContain(`{"title":"${hostile}"}`);
    expect(out.split('<script src="/a.js">')).toHaveLength(2);
    expect(out.split('</html>')).toHaveLength(2);
    expect(out).toMatch(/^<!doctype html><html lang="zh-CN" class="elder">/);
  });

  it('preloads the page’s chunks in the empty shell', () => {
    expect(shellWithPreloads(SHELL, '/x.js /y$&.js')).toContain('<link rel="modulepreload" crossorigin href="/y$&.js"></head>');
  });
});
