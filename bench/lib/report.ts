import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fmt } from './stats.ts';

export interface Ratio {
  name: string;
  value: number;
  goal: number;
  /** 'min': value ≥ goal passes; 'max': value ≤ goal passes. */
  direction: 'min' | 'max';
  /** Per-round values the median came from. */
  rounds: number[];
  note?: string;
}

export function ratioPasses(r: Ratio, factor = 1): boolean {
  if (!Number.isFinite(r.value)) return false;
  // Half the goal: ≥ goal/2 for a floor, ≤ goal·2 for a ceiling.
  return r.direction === 'min' ? r.value >= r.goal * factor : r.value <= r.goal / factor;
}

export function ratioLine(r: Ratio): string {
  const sign = r.direction === 'min' ? '≥' : '≤';
  return `ratio ${r.name}: ${fmt(r.value, 2)} (goal ${sign} ${r.goal}) ${ratioPasses(r) ? 'PASS' : 'MISS'}`;
}

export function machine(serverVersion: string): Record<string, string> {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'n/a';
    }
  };
  return {
    cpus: `${sh('nproc', [])} (${os.cpus()[0]?.model ?? 'unknown'})`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: serverVersion,
    pgbench: sh('pgbench', ['--version']),
  };
}
