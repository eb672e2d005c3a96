import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fmt } from './stats.ts';

/** A figure the bench measured, with its goal. */
export interface Figure {
  name: string;
  /**
   * 'ratio': two measurements of one run compared, which holds from machine to machine;
   * 'absolute': a rate, a time or a memory size, which moves with the machine and with whatever
   * else it runs; 'fixed': what the code alone decides (bytes of JavaScript, an audit score).
   */
  kind: 'ratio' | 'absolute' | 'fixed';
  value: number;
  goal: number;
  /** 'min': value ≥ goal passes; 'max': value ≤ goal passes. */
  direction: 'min' | 'max';
  /** Per-round values the median came from. */
  rounds: number[];
  note?: string;
}

export function meetsGoal(f: Figure, factor = 1): boolean {
  if (!Number.isFinite(f.value)) return false;
  // Half the goal: ≥ goal/2 for a floor, ≤ goal·2 for a ceiling.
  return f.direction === 'min' ? f.value >= f.goal * factor : f.value <= f.goal / factor;
}

/** `ratio callers32_vs_8: 0.92 (goal ≥ 0.9) PASS`, `absolute verify_entries_per_s: …`. */
export function figureLine(f: Figure): string {
  const sign = f.direction === 'min' ? '≥' : '≤';
  return `${f.kind} ${f.name}: ${fmt(f.value, 2)} (goal ${sign} ${f.goal}) ${meetsGoal(f) ? 'PASS' : 'MISS'}`;
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
