import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv.ts';

describe('CSV cells', () => {
  it('make text a spreadsheet would run inert, and leave numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","点我领奖")')).toBe(`"'=HYPERLINK(""http://evil.example"",""点我领奖"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(-1250)).toBe('-1250');
    expect(csvCell('爱心捐赠, 张*明')).toBe('"爱心捐赠, 张*明"');
    expect(csvCell('邻里 "守望"')).toBe('"邻里 ""守望"""');
    expect(csvCell(null)).toBe('');
  });

  it('write a document Excel opens as UTF-8, one line per row', () => {
    expect(
      csvDocument([
        ['序号', '摘要'],
        [1, '=1+1'],
      ]),
    ).toBe("\uFEFF序号,摘要\r\n1,'=1+1\r\n");
  });
});
