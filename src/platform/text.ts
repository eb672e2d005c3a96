const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
// Line breaks, tabs and other control or format characters (bidi overrides among them): an
// outside service refuses them in short fields, and a reader is misled by them. The zero-width
// joiners stay: they hold emoji and some scripts' letters together.
const CONTROL = /(?:(?![\u200c\u200d])[\p{Cc}\p{Cf}\u2028\u2029])+/gu;

/**
 * Shortens `value` to at most `max` characters for a field an outside service limits, cutting
 * between whole characters (an emoji or a letter with its accent stays whole) and ending with
 * `ellipsis` when something was cut. Control characters become spaces first.
 * Characters are counted in UTF-16 units, the strictest count a provider may use, so a value
 * that fits here fits however the provider counts.
 */
export function fitText(value: string, max: number, ellipsis = '…'): string {
  const clean = value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = max - ellipsis.length;
  let out = '';
  for (const { segment } of segmenter.segment(clean)) {
    if (out.length + segment.length > room) break;
    out += segment;
  }
  return out.trimEnd() + ellipsis;
}
