import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gb2312, SUBSET_FONT, subsetCharacters } from '../../scripts/subset-font.ts';
import { openA4 } from './pdf.ts';

// fontkit is what pdfkit reads fonts with; a devDependency here to look into the font's cmap
interface FontkitFont {
  numGlyphs: number;
  postscriptName: string;
  hasGlyphForCodePoint(codePoint: number): boolean;
}
const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(file: string): FontkitFont };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const subset = fontkit.openSync(SUBSET_FONT);
const missing = (text: Iterable<string>) => [...new Set(text)].filter((c) => !subset.hasGlyphForCodePoint(c.codePointAt(0)!));

/** The renderers (every file that lays out with openA4) and what they print from code: account names, the default contact. */
function printedFromCode(): string {
  const modules = path.join(root, 'src/modules');
  const renderers = fs
    .readdirSync(modules, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && /\bopenA4\b/.test(fs.readFileSync(path.join(modules, f), 'utf8')));
  expect(renderers.sort()).toEqual(['ledger/ledger.disclosure-pdf.ts', 'market/market.statement-pdf.ts']);
  const files = [...renderers, 'ledger/ledger.chart.ts', 'ledger/ledger.disclosure.ts'].map((f) => fs.readFileSync(path.join(modules, f), 'utf8'));
  // the text of the code without its comments
  return files.map((source) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')).join('');
}

describe('the PDF font', () => {
  it('is one subset of Noto Sans SC Regular of a few MB, with every hanzi of GB 2312', () => {
    expect(subset.postscriptName).toBe('NotoSansSC-Regular');
    expect(fs.statSync(SUBSET_FONT).size).toBeLessThan(4_000_000);
    expect(subset.numGlyphs).toBeLessThan(10_000);
    const hanzi = gb2312('hanzi');
    expect(hanzi).toHaveLength(6763);
    expect(missing(hanzi)).toEqual([]);
    expect(fs.readFileSync(path.join(path.dirname(SUBSET_FONT), 'OFL.txt'), 'utf8')).toContain('SIL Open Font License, Version 1.1');
  });

  it('covers every character of the Chinese text the PDFs print from code, and typical names', () => {
    const text = printedFromCode();
    const chinese = [...text].filter((c) => c > '\x7f');
    // the labels are there: this is the right text, not an empty one
    for (const label of ['期初余额', '本期分录明细', '月度对账单', '应付社会组织款', '演出分成', '居委会', '签收人']) expect(text).toContain(label);
    expect(missing(chinese)).toEqual([]);
    expect(missing('张秀兰欧阳淑珍李建国王芳陈志强刘婷婷黄丽娟张*兰 ¥1,234.50 −￥（）：；、。“”…—·×')).toEqual([]);
    expect(missing('𠀀')).toEqual(['𠀀']); // the check itself can fail
  });

  it('is up to date: it has every character the generator asks for that the full font has', () => {
    const fontPackage = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    const full = fontkit.openSync(path.join(fontPackage, '400Regular/NotoSansSC_400Regular.ttf'));
    const wanted = [...subsetCharacters()].filter((c) => full.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(wanted.length).toBeGreaterThan(7500);
    expect(missing(wanted), 'run npm run font:subset').toEqual([]);
  });

  it('is embedded in each PDF as a subset of the glyphs that document uses, as selectable text', async () => {
    const { doc, done } = openA4({ title: '测试' });
    doc.fontSize(12).text('南湖社区公益基金收支公示 欧阳淑珍 期末余额 ¥1,234.50');
    doc.end();
    const pdf = await done;
    // a few KB: the 2.5 MB font is not carried whole
    expect(pdf.length).toBeLessThan(60_000);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-pdf-')), 'font.pdf');
    fs.writeFileSync(file, pdf);
    try {
      expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/[A-Z]{6}\+NotoSansSC-Regular\s.*yes\s+yes/);
      expect(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).toContain('南湖社区公益基金收支公示 欧阳淑珍 期末余额 ¥1,234.50');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
