import { summarise, type LatencySummary } from './stats.ts';

export interface LoadResult extends LatencySummary {
  /** Completed operations per second over the measured window. */
  perSecond: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  /** CPU this Node process used over the whole run, % of one core (the caller's own cost). */
  cpuPercent: number;
}

/**
 * A closed loop: `workers` callers each run `op(worker, i)` back to back for `seconds` after a
 * short warm-up; every completed call is timed. Errors are counted (and the first kept), never
 * retried, so a failing system shows up as a low figure and an error count rather than a hang.
 */
export async function runLoad(options: {
  workers: number;
  seconds: number;
  warmupSeconds?: number;
  op: (worker: number, i: number) => Promise<unknown>;
}): Promise<LoadResult> {
  const { workers, seconds, op } = options;
  const warmupMs = (options.warmupSeconds ?? Math.min(2, seconds / 4)) * 1000;
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const measureFrom = start + warmupMs;
  const end = measureFrom + seconds * 1000;
  const loop = async (worker: number) => {
    for (let i = 0; ; i++) {
      const t0 = performance.now();
      if (t0 >= end) return;
      try {
        await op(worker, i);
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) samples.push(t1 - t0);
      } catch (error) {
        if (t0 >= measureFrom) errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        if (errors > 1000 && samples.length === 0) return; // plainly broken: stop early
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  const cpu = process.cpuUsage(cpu0);
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - start)) * 100;
  return { ...summarise(samples), perSecond: samples.length / seconds, errors, firstError, seconds, cpuPercent };
}
