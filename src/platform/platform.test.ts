import { spawn } from 'node:child_process';
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, hasPersonalNumber, maskPhone, redact } from './log.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { allocate, formatFen, marginForTake } from './money.ts';

describe('money', () => {
  it('the canonical case: ¥120 take at 20% gives a ¥30 margin and a ¥150 price', () => {
    expect(marginForTake(12_000, 20)).toBe(3_000);
    expect(formatFen(15_000)).toBe('¥150.00');
  });

  it('allocate always sums to the total, each part within one fen of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 6 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = allocate(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((p, i) => {
            const exact = (total * weights[i]!) / sum;
            expect(Math.abs(p - exact)).toBeLessThan(1.000001);
          });
        },
      ),
    );
  });

  it('gives the odd fen to the part listed first (the maker) on a tie', () => {
    expect(allocate(101, [1, 1])).toEqual([51, 50]);
    expect(allocate(1, [50, 50])).toEqual([1, 0]);
  });

  it('rounds the margin down so the maker keeps the odd fen', () => {
    // [take, percent, margin]: exact divisions, and fractions where rounding up or to the nearest fen would differ
    const cases: [number, number, number][] = [
      [12_000, 20, 3_000], // exact
      [100, 20, 25], // exact
      [199, 50, 199], // exact
      [1, 99, 99], // exact
      [0, 50, 0],
      [101, 20, 25], // 25.25: down and nearest agree, up is 26
      [103, 20, 25], // 25.75: nearest and up are 26
      [9, 30, 3], // 3.857…
      [100, 10, 11], // 11.11…
      [1, 1, 0], // 0.0101…: up would be 1
      [999_999_999, 33, 492_537_312], // 492,537,312.94…
    ];
    expect(cases.map(([take, percent]) => marginForTake(take, percent))).toEqual(cases.map(([, , margin]) => margin));
    // and in general: the largest whole fen that is at most percent% of take + margin
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 90 }), (take, percent) => {
        const margin = BigInt(marginForTake(take, percent));
        const [t, p] = [BigInt(take), BigInt(percent)];
        expect(margin * 100n <= (t + margin) * p).toBe(true);
        expect((margin + 1n) * 100n > (t + margin + 1n) * p).toBe(true);
      }),
    );
  });
});

describe('logs', () => {
  it('never carry a mainland mobile number or an ID number', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ phone: '13812345678', nested: { note: 'call 13987654321 or +86 13700001111' } }, 'user 13600002222 registered, id 110101199003074578');
    log.error({ err: new Error('bad phone 15900003333') }, 'failed');
    await new Promise((r) => setImmediate(r));
    const text = lines.join('');
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    expect(text).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/);
    expect(text).toContain('138****5678');
  });

  it('are all written out before a stopping process exits, even while nobody reads them', async () => {
    const lines = 20_000;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/log-then-exit.ts', String(lines)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await sleep(1_000); // the reader is away: the pipe fills and the logger has to wait
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    await new Promise((resolve) => child.stdout.on('end', resolve));
    expect(await exited).toBe(0);
    const seen = text
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { i: number }).i);
    expect(seen).toEqual(Array.from({ length: lines }, (_, i) => i));
  });

  it('masks numbers in any percent-encoding: digits encoded, or glued to an encoded character', () => {
    expect(redact('/api/v1/communities/nanhu/members?q=%E5%BC%A013812345678')).toBe('/api/v1/communities/nanhu/members?q=张138****5678');
    expect(redact('phone=%31%33%38%31%32%33%34%35%36%37%38')).toBe('phone=138****5678');
    expect(redact('id=%E6%9D%8E110101199003074578')).toBe('id=李110***********78');
    expect(redact('100% sure, %ZZ and %E5 alone')).toBe('100% sure, %ZZ and %E5 alone');
    expect(hasPersonalNumber('q=%E5%BC%A013812345678')).toBe(true);
    expect(hasPersonalNumber('q=%E5%BC%A0 and 12345')).toBe(false);
  });

  it('masks for display', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(redact('no numbers here')).toBe('no numbers here');
  });
});
