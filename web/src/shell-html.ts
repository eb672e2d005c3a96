// The built index.html filled in for the server's first render. Every replacement is a function,
// never a replacement string: in a string `$&`, `$'` and `` $` `` would splice parts of the
// document into the page wherever a resident's text (a listing's title, a memo) holds them.

/** The empty shell with the page's chunks preloaded. */
export function shellWithPreloads(html: string, chunks: string): string {
  const links = chunks
    .split(' ')
    .filter(Boolean)
    .map((f) => `<link rel="modulepreload" crossorigin href="${f}">`)
    .join('');
  return html.replace('</head>', () => `${links}</head>`);
}

/** A rendered page inside the shell: `title`, `body` and `firstData` come escaped for where they go. */
export function filledShell(html: string, page: { language: string; elder: boolean; title: string; body: string; chunks: string; firstData: string }): string {
  return html
    .replace(/<html lang="[^"]*">/, () => `<html lang="${page.language}"${page.elder ? ' class="elder"' : ''}>`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${page.title}</title>`)
    .replace(
      '<div id="root"></div>',
      () =>
        `<div id="root"><fieldset class="first-screen" role="none" disabled>${page.body}</fieldset></div><script id="weiyi-first" type="application/json" data-preload="${page.chunks}">${page.firstData}</script>`,
    );
}
