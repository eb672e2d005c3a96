import { formatFen } from '../money.ts';

/** Small hand-made SVG charts: a chart library would cost more than the whole page. */

export interface Slice {
  key: string;
  label: string;
  fen: number;
}

// Distinguishable on white and for common colour blindness; each pairs with a text legend.
const PALETTE = ['#b3261e', '#1f6fb2', '#2e7d32', '#e08e0b', '#6a1b9a', '#00838f', '#795548', '#c2185b', '#546e7a'];

function percent(part: number, total: number) {
  return total > 0 ? Math.round((part / total) * 1000) / 10 : 0;
}

/** A donut of shares with a legend listing every amount and percentage. */
export function DonutChart({ title, slices, emptyText }: { title: string; slices: Slice[]; emptyText: string }) {
  const shown = slices.filter((s) => s.fen > 0).sort((a, b) => b.fen - a.fen);
  const total = shown.reduce((t, s) => t + s.fen, 0);
  const r = 15.9155; // circumference 100
  let offset = 25; // start at 12 o'clock
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {total === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <div className="donut">
          <svg viewBox="0 0 42 42" width="150" height="150" role="img" aria-label={`${title}: ${formatFen(total)}`}>
            <circle cx="21" cy="21" r={r} fill="none" stroke="#ece8e2" strokeWidth="7" />
            {shown.map((s, i) => {
              const share = (s.fen / total) * 100;
              const dash = `${share} ${100 - share}`;
              const el = (
                <circle
                  key={s.key}
                  cx="21"
                  cy="21"
                  r={r}
                  fill="none"
                  stroke={PALETTE[i % PALETTE.length]}
                  strokeWidth="7"
                  strokeDasharray={dash}
                  strokeDashoffset={offset}
                />
              );
              offset -= share;
              return el;
            })}
            <text x="21" y="22.5" textAnchor="middle" fontSize="4.2" fill="#1b1b1b">
              {formatFen(total).replace(/\.\d\d$/, '')}
            </text>
          </svg>
          <ul className="legend">
            {shown.map((s, i) => (
              <li key={s.key}>
                <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} aria-hidden="true" />
                <span className="legend-label">{s.label}</span>
                <span className="amount">{formatFen(s.fen)}</span>
                <span className="muted legend-pct">{percent(s.fen, total)}%</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </figure>
  );
}

/** Horizontal bars, longest first, each labelled with its amount. */
export function BarChart({ title, slices, emptyText, color = '#a1160a' }: { title: string; slices: Slice[]; emptyText: string; color?: string }) {
  const shown = slices.filter((s) => s.fen > 0).sort((a, b) => b.fen - a.fen);
  const max = Math.max(0, ...shown.map((s) => s.fen));
  const total = shown.reduce((t, s) => t + s.fen, 0);
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {shown.length === 0 ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <ul className="bars" aria-label={`${title}: ${formatFen(total)}`}>
          {shown.map((s) => (
            <li key={s.key} className="bar-row">
              <span className="bar-label">{s.label}</span>
              <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                <rect x="0" y="0" width="100" height="10" fill="#ece8e2" />
                <rect x="0" y="0" width={Math.max(1, (s.fen / max) * 100)} height="10" fill={color} />
              </svg>
              <span className="amount">{formatFen(s.fen)}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
