// Quiet hours: a person's outside channels stay silent from `start` to `end` (China time, which has
// no daylight saving), e.g. 21:00 to 08:00 across midnight. Urgent notices (care alerts) ignore them.

/** What a person gets unless they choose otherwise: no texts or WeChat messages at night. */
export const DEFAULT_QUIET = { start: '21:00', end: '08:00' } as const;

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * When a message may go out: `now` if it is outside the quiet hours, otherwise the moment they end.
 * A window whose start equals its end is no window at all.
 */
export function releaseTime(now: Date, quiet: { start: string; end: string } | null): Date {
  if (!quiet) return now;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return now;
  const local = now.getTime() + CHINA_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = (local - dayStart) / 60_000;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return now;
  // the end of this window: today's end, or tomorrow's when the window started before midnight
  const endToday = dayStart + end * 60_000;
  const release = endToday > local ? endToday : endToday + DAY_MS;
  return new Date(release - CHINA_OFFSET_MS);
}
