import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanLogs } from '../support/log-scan.ts';

describe('the log scan that ends every run', () => {
  it('finds a mobile or ID number in a log line, and not a digit run inside a request id', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weiyi-logscan-'));
    fs.writeFileSync(
      path.join(dir, 'a.log'),
      [
        '{"msg":"ok","reqId":"13800138-0001-4000-8000-138001380001"}',
        '{"msg":"sha","url":"/files/1380013800013800138000abcdefabcdef1380013800013800138000abcdef"}',
        '{"msg":"leak","phone":"13800138000"}',
        '{"msg":"leak","id":"11010119900307777X"}',
      ].join('\n'),
    );
    const result = scanLogs(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.lines).toBe(4);
    expect(result.hits.map((h) => h.replace(/^a\.log: /, ''))).toEqual(['{"msg":"leak","phone":"13800138000"}', '{"msg":"leak","id":"11010119900307777X"}']);
  });
});
