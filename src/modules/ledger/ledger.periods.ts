/**
 * Periods of the fund in China time (UTC+8, no daylight saving): months, quarters and years,
 * as [from, to) instants plus their calendar dates.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;

export interface Period {
  /** 2026-10, 2026-Q3 or 2026 */
  label: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  /** First day, YYYY-MM-DD, China time. */
  firstDay: string;
  /** Last day, inclusive. */
  lastDay: string;
}

/** Midnight China time of a calendar date, as an instant. */
export function chinaMidnight(year: number, month1: number, day: number): Date {
  return new Date(Date.UTC(year, month1 - 1, day) - OFFSET_MS);
}

/** The China calendar date of an instant, YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 2026-10-01 08:30 (China time), for printed documents. */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function span(label: string, year: number, month1: number, months: number): Period {
  const from = chinaMidnight(year, month1, 1);
  const to = chinaMidnight(year + Math.floor((month1 - 1 + months) / 12), ((month1 - 1 + months) % 12) + 1, 1);
  return { label, from, to, firstDay: chinaDate(from), lastDay: chinaDate(new Date(to.getTime() - 1)) };
}

/** Parses 2026-10, 2026-Q3 or 2026; null when it is none of these. */
export function parsePeriod(label: string): Period | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (m) return span(label, Number(m[1]), Number(m[2]), 1);
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) return span(label, Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3);
  m = /^(\d{4})$/.exec(label);
  if (m) return span(label, Number(m[1]), 1, 12);
  return null;
}

/** The month, quarter and year containing `at`, China time. */
export function periodsAt(at: Date): { month: Period; quarter: Period; year: Period } {
  const [y, mo] = chinaDate(at).split('-').map(Number) as [number, number];
  const q = Math.floor((mo - 1) / 3) + 1;
  return {
    month: parsePeriod(`${y}-${String(mo).padStart(2, '0')}`)!,
    quarter: parsePeriod(`${y}-Q${q}`)!,
    year: parsePeriod(String(y))!,
  };
}

/** A YYYY-MM-DD date filter: from its midnight, or (for `to`, inclusive) to the next midnight. */
export function dateBound(date: string, side: 'from' | 'to'): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return chinaMidnight(y, m, d + (side === 'to' ? 1 : 0));
}

/** YYYY-MM-01 when `at` is the first instant of a month (China time), else null. */
export function monthStartOf(at: Date): string | null {
  const day = chinaDate(at);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return d === 1 && chinaMidnight(y, m, 1).getTime() === at.getTime() ? day : null;
}
