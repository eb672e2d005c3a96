// Makes assets/fonts/NotoSansSC-Regular-subset.ttf, the one font the PDFs embed (platform/pdf.ts),
// from the full Noto Sans SC Regular of the devDependency @expo-google-fonts/noto-sans-sc (10 MB,
// 30,898 glyphs; the package of nine weights is 92 MB, too much to install on every server).
// Run it again after a PDF renderer or the i18n strings gain a character:
//   npm run font:subset
// The characters kept are `subsetCharacters()`; pdf.test.ts checks that the committed font has
// every one of them. A character outside the set (a rare hanzi in a name typed by a user) prints
// as the font's empty box; the disclosures' CSV and XLSX still carry it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SUBSET_FONT = path.join(root, 'assets/fonts/NotoSansSC-Regular-subset.ttf');
const require = createRequire(import.meta.url);

/** Code points from `from` to `to`, both included. */
function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** GB 2312 decoded: rows 0xA1–0xA9 are its symbols, rows 0xB0–0xF7 its 6,763 hanzi. */
export function gb2312(rows: 'symbols' | 'hanzi'): string[] {
  // WHATWG's gb2312 is GBK, a superset: it maps GB 2312's empty cells to private use
  // characters, which are left out here
  const decoder = new TextDecoder('gb2312', { fatal: false });
  const [first, last] = rows === 'hanzi' ? [0xb0, 0xf7] : [0xa1, 0xa9];
  const out: string[] = [];
  for (let row = first; row <= last; row++)
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const char = decoder.decode(Uint8Array.of(row, cell));
      const code = char.codePointAt(0)!;
      if (char === '\uFFFD' || (code >= 0xe000 && code <= 0xf8ff) || [...char].length !== 1) continue;
      out.push(char);
    }
  return out;
}

/** Where the text the PDFs print, or may print, is written: renderers, accounts (code and SQL), messages. */
const SOURCES = ['src', 'web/src/i18n'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(tsx?|sql)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** Every character outside ASCII in the project's own sources (renderers, account names, i18n). */
export function sourceCharacters(): Set<string> {
  const chars = new Set<string>();
  for (const file of SOURCES.flatMap(sourceFiles)) for (const char of fs.readFileSync(path.join(root, file), 'utf8')) if (char > '\x7f') chars.add(char);
  return chars;
}

/** What the subset keeps, as one string (the font drops whatever of it it has no glyph for). */
export function subsetCharacters(): string {
  const codes = new Set<number>([
    ...range(0x20, 0x7e), // ASCII
    ...range(0xa0, 0xff), // Latin-1: ¥ · × ÷ and the accented letters
    ...range(0x2010, 0x203b), // dashes, quotes, … ‰ ※
    0x2212, // − (minus, in the balance note)
    ...range(0x20a0, 0x20bf), // currency signs
    ...range(0x3000, 0x303f), // CJK symbols and punctuation
    ...range(0xff00, 0xffef), // fullwidth forms, ￥
    // cells of the symbol rows that Node 20's decoder maps to private use and Node 22's (the
    // GB 18030-2022 mapping) to these: kept on every Node, so the set does not depend on it
    ...range(0xfe10, 0xfe19), // vertical punctuation
    0x1e3f, // ḿ
    0x01f9, // ǹ
  ]);
  for (const char of [...gb2312('symbols'), ...gb2312('hanzi'), ...sourceCharacters()]) codes.add(char.codePointAt(0)!);
  return String.fromCodePoint(...[...codes].sort((a, b) => a - b));
}

interface SubsetFont {
  (font: Buffer, text: string, options: { targetFormat: 'truetype'; noHinting?: boolean }): Promise<Buffer>;
}

async function main() {
  const fontPackage = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const full = fs.readFileSync(path.join(fontPackage, '400Regular/NotoSansSC_400Regular.ttf'));
  const subsetFont = require('subset-font') as SubsetFont;
  const text = subsetCharacters();
  // the hints are for small sizes on screens with few pixels; PDF viewers and printers do not use them
  const subset = await subsetFont(full, text, { targetFormat: 'truetype', noHinting: true });
  fs.mkdirSync(path.dirname(SUBSET_FONT), { recursive: true });
  fs.writeFileSync(SUBSET_FONT, subset);
  fs.copyFileSync(path.join(fontPackage, 'LICENSE_FONT'), path.join(path.dirname(SUBSET_FONT), 'OFL.txt'));
  console.log(`${path.relative(root, SUBSET_FONT)}: ${[...text].length} characters asked, ${subset.length} bytes`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
