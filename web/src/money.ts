const cny = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });

/** Integer fen as ¥1,234.50. */
export function formatFen(fen: number): string {
  return cny.format(fen / 100);
}

/** Parses what a person types ("12", "12.5", "¥12.50") into integer fen, or null. */
export function parseYuan(text: string): number | null {
  const cleaned = text.replace(/[¥,，\s]/g, '');
  if (!/^\d{1,9}(\.\d{0,2})?$/.test(cleaned)) return null;
  const [whole, frac = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** One key per user action (crypto.randomUUID needs a secure context; plain-http LAN installs fall back). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
