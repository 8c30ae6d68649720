import { niceMax } from "./adminLogic";

export interface Bar {
  label: string;
  value: number;
}

interface Props {
  title: string;
  bars: Bar[];
  format: (value: number) => string;
  /** Horizontal bars (long labels: products, funnel steps) instead of columns. */
  horizontal?: boolean;
}

/** A small SVG bar chart (no library: it stays in the staff chunk, a few hundred bytes).
 * The numbers are also in a table for screen readers and for copying. */
export function BarChart({ title, bars, format, horizontal }: Props) {
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  if (!bars.length) return <p className="muted">No data in this range yet.</p>;
  if (horizontal) {
    const rowHeight = 30;
    const height = bars.length * rowHeight;
    return (
      <figure className="chart">
        <svg viewBox={`0 0 600 ${height}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
          {bars.map((bar, i) => {
            const width = (bar.value / max) * 360;
            return (
              <g key={bar.label} transform={`translate(0 ${i * rowHeight})`}>
                <text x={0} y={19} className="chart__label">
                  {bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label}
                </text>
                <rect x={200} y={5} width={Math.max(width, 1)} height={20} rx={3} className="chart__bar" />
                <text x={206 + width} y={19} className="chart__value">
                  {format(bar.value)}
                </text>
              </g>
            );
          })}
        </svg>
        <figcaption className="visually-hidden">{title}</figcaption>
      </figure>
    );
  }
  const width = 600;
  const height = 220;
  const top = 16;
  const bottom = 28;
  const left = 56;
  const slot = (width - left) / bars.length;
  const barWidth = Math.max(2, Math.min(40, slot * 0.7));
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const every = Math.ceil(bars.length / 8);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={width} y1={y(max * f)} y2={y(max * f)} className="chart__grid" />
            <text x={left - 6} y={y(max * f) + 4} textAnchor="end" className="chart__axis">
              {format(max * f)}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          const x = left + i * slot + (slot - barWidth) / 2;
          return (
            <g key={bar.label}>
              <rect x={x} y={y(bar.value)} width={barWidth} height={y(0) - y(bar.value)} rx={2} className="chart__bar">
                <title>
                  {bar.label}: {format(bar.value)}
                </title>
              </rect>
              {i % every === 0 ? (
                <text x={x + barWidth / 2} y={height - 8} textAnchor="middle" className="chart__axis">
                  {bar.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">{title}</figcaption>
    </figure>
  );
}
