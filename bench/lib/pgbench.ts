import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { recreateDatabase, SERVER_URL } from './db.ts';

const run = promisify(execFile);
export const PGBENCH_DB = 'weiyi_pgbench';

function connArgs(): string[] {
  const url = new URL(SERVER_URL);
  return ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
}

export function pgbenchCommand(clients: number, seconds: number): string {
  return `pgbench ${connArgs().join(' ')} -n -b tpcb-like -c ${clients} -j 2 -T ${seconds} ${PGBENCH_DB}`;
}

/** `pgbench -i -s 10` on its own fresh database. */
export async function initPgbench(scale: number): Promise<void> {
  await recreateDatabase(PGBENCH_DB);
  await run('pgbench', [...connArgs(), '-i', '-q', '-s', String(scale), PGBENCH_DB], { maxBuffer: 16 * 1024 * 1024 });
}

/** TPS of the built-in TPC-B-like script (excluding connection time). */
export async function runPgbench(clients: number, seconds: number): Promise<number> {
  const { stdout } = await run('pgbench', [...connArgs(), '-n', '-b', 'tpcb-like', '-c', String(clients), '-j', '2', '-T', String(seconds), PGBENCH_DB], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout) ?? /tps = ([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`could not read pgbench output:\n${stdout}`);
  return Number(match[1]);
}
