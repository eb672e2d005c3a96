import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { hasPersonalNumber } from '../../src/platform/log.ts';

// Every test app logs at info into a file here; when the run ends, every line is scanned with the
// patterns src/platform/log.ts redacts, and the run fails on any mobile or ID number.
export const LOG_DIR = path.resolve('test/.artifacts/logs');

/** A log destination for one test app: a file of its own under test/.artifacts/logs. */
export function testLogDestination(): pino.DestinationStream {
  const file = path.join(LOG_DIR, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.log`);
  return pino.destination({ dest: file, sync: true, mkdir: true });
}

// Request ids and content hashes are random hex: a run of digits inside one is not a phone number.
// So are pino's timings: "responseTime":204.8613320000004 holds "86 13320000004".
const RANDOM_HEX = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}|"responseTime":[\d.e+-]+/gi;

/** The lines that hold a mainland mobile number or an ID number, with their file. */
export function scanLogs(dir = LOG_DIR): { files: number; lines: number; hits: string[] } {
  const result = { files: 0, lines: 0, hits: [] as string[] };
  if (!fs.existsSync(dir)) return result;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.log'))) {
    result.files += 1;
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      result.lines += 1;
      const text = line.replace(RANDOM_HEX, '#');
      if (hasPersonalNumber(text) && result.hits.length < 20) result.hits.push(`${name}: ${line.slice(0, 300)}`);
    }
  }
  return result;
}

/** Vitest global setup: start with an empty folder, scan it when the run ends. */
export default function setup() {
  fs.rmSync(LOG_DIR, { recursive: true, force: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  return () => {
    const { files, lines, hits } = scanLogs();
    console.log(`log scan: ${lines} lines in ${files} files, ${hits.length} with a phone or ID number`);
    if (hits.length > 0) throw new Error(`a log line holds a phone or ID number:\n${hits.join('\n')}`);
  };
}
