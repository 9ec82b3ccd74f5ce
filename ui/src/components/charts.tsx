/**
 * Hand-written SVG charts, accessible by construction: every chart is a figure with a caption, the SVG
 * is an image named by its <title> and described by its <desc>, bars carry their value as text (not
 * colour alone), and the same numbers follow as a data table. A bar that leads somewhere can be clicked;
 * the keyboard way there is the link in the data table (an image's insides are not reachable by
 * assistive technology, so the links live in the table). No chart library.
 */
import { useId, type ReactNode } from 'react';
import { useNavigate } from '../router.tsx';

export interface Marker {
  value: number;
  label: string;
}

export interface BarRow {
  key: string;
  label: string;
  value: number | null;
  /** The value as read ("67.4%", "$27,503.30"); "no data" when value is null. */
  display: string;
  /** Where the bar leads (an in-app path). */
  href?: string | null;
  /** Lines drawn across this row's bar (thresholds). */
  markers?: Marker[];
  tone?: 'ok' | 'warn' | 'bad' | 'info';
}

const TONES = { ok: '#00a91c', warn: '#e5a000', bad: '#d54309', info: '#005ea2' } as const;
const WIDTH = 760;
const LABEL_W = 250;
const VALUE_W = 110;
const ROW_H = 30;
const BAR_H = 18;

/** The smallest of 1, 2, 2.5, 5 or 10 times a power of ten at or above v, so the ticks fall on round numbers. */
export function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function ChartFrame({ title, caption, svg, table, tableOpen }: { title: string; caption?: ReactNode; svg: ReactNode; table: ReactNode; tableOpen?: boolean }) {
  return (
    <figure className="chart">
      <figcaption className="chart__caption">{caption ?? title}</figcaption>
      {svg}
      {tableOpen ? (
        table
      ) : (
        <details className="chart__data">
          <summary>{`Show the data of “${title}” as a table`}</summary>
          {table}
        </details>
      )}
    </figure>
  );
}

/** Horizontal bars, one row per item, on a 0..max scale, with optional threshold markers. */
export function BarChart({ title, description, rows, max, unitLabel, caption, table, tableOpen, formatTick }: { title: string; description: string; rows: BarRow[]; max: number; unitLabel: string; caption?: ReactNode; table: ReactNode; tableOpen?: boolean; formatTick?: (value: number) => string }) {
  const id = useId().replace(/:/g, '');
  const navigate = useNavigate();
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const top = 8;
  const height = top + rows.length * ROW_H + 26;
  max = unitLabel === '%' ? max : niceCeil(max);
  const scale = (v: number) => (max > 0 ? (Math.max(0, Math.min(v, max)) / max) * plotW : 0);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const svg = (
    <svg className="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {ticks.map((t, i) => (
        <g key={i} aria-hidden="true">
          <line x1={LABEL_W + scale(t)} x2={LABEL_W + scale(t)} y1={top - 4} y2={top + rows.length * ROW_H} className="chart__grid" />
          <text x={LABEL_W + scale(t)} y={height - 8} textAnchor="middle" className="chart__tick">
            {formatTick ? formatTick(t) : unitLabel === '%' ? `${Math.round(t)}%` : Math.round(t).toLocaleString('en-US')}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const y = top + i * ROW_H;
        const w = r.value === null ? 0 : scale(r.value);
        const bar = (
          <>
            <rect x={LABEL_W} y={y + (ROW_H - BAR_H) / 2} width={Math.max(w, r.value ? 2 : 0)} height={BAR_H} fill={TONES[r.tone ?? 'info']} rx={2} />
            {r.value === null ? (
              <rect x={LABEL_W} y={y + (ROW_H - BAR_H) / 2} width={plotW} height={BAR_H} className="chart__nodata" />
            ) : null}
          </>
        );
        return (
          <g key={r.key}>
            <text x={LABEL_W - 8} y={y + ROW_H / 2 + 4} textAnchor="end" className="chart__label">
              {truncate(r.label, 38)}
            </text>
            {r.href ? (
              <g className="chart__link" onClick={() => navigate(r.href!)}>
                <title>{`${r.label}: ${r.display} (click for the cases)`}</title>
                <rect x={LABEL_W} y={y} width={plotW} height={ROW_H} fill="transparent" />
                {bar}
              </g>
            ) : (
              bar
            )}
            {(r.markers ?? []).map((m, j) => (
              <g key={j}>
                <line x1={LABEL_W + scale(m.value)} x2={LABEL_W + scale(m.value)} y1={y + 2} y2={y + ROW_H - 2} className="chart__marker" />
              </g>
            ))}
            <text x={WIDTH - VALUE_W + 8} y={y + ROW_H / 2 + 4} className="chart__value">
              {r.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
  return <ChartFrame title={title} caption={caption} svg={svg} table={table} tableOpen={tableOpen ?? false} />;
}

export interface StackSeries {
  key: string;
  label: string;
  color: string;
  /** A pattern drawn over the colour, so series differ without colour too. */
  pattern?: 'hatch' | 'dots' | null;
}

export interface StackRow {
  key: string;
  label: string;
  values: Record<string, number>;
}

/** Horizontal stacked bars (counts), each row scaled to the largest row total. */
export function StackedBarChart({ title, description, rows, series, caption, table }: { title: string; description: string; rows: StackRow[]; series: StackSeries[]; caption?: ReactNode; table: ReactNode }) {
  const id = useId().replace(/:/g, '');
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const top = 8;
  const legendH = 28;
  const height = top + rows.length * ROW_H + legendH + 8;
  const max = Math.max(1, ...rows.map((r) => series.reduce((t, s) => t + (r.values[s.key] ?? 0), 0)));
  const svg = (
    <svg className="chart__svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      <defs>
        <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="2" />
        </pattern>
        <pattern id={`${id}-dots`} width="6" height="6" patternUnits="userSpaceOnUse">
          <circle cx="3" cy="3" r="1.2" fill="#fff" />
        </pattern>
      </defs>
      {rows.map((r, i) => {
        const y = top + i * ROW_H;
        let x = LABEL_W;
        const total = series.reduce((t, s) => t + (r.values[s.key] ?? 0), 0);
        return (
          <g key={r.key}>
            <text x={LABEL_W - 8} y={y + ROW_H / 2 + 4} textAnchor="end" className="chart__label">
              {truncate(r.label, 38)}
            </text>
            {series.map((s) => {
              const v = r.values[s.key] ?? 0;
              const w = (v / max) * plotW;
              const seg = (
                <g key={s.key}>
                  <rect x={x} y={y + (ROW_H - BAR_H) / 2} width={w} height={BAR_H} fill={s.color} />
                  {s.pattern ? <rect x={x} y={y + (ROW_H - BAR_H) / 2} width={w} height={BAR_H} fill={`url(#${id}-${s.pattern})`} /> : null}
                </g>
              );
              x += w;
              return seg;
            })}
            <text x={WIDTH - VALUE_W + 8} y={y + ROW_H / 2 + 4} className="chart__value">
              {total.toLocaleString('en-US')}
            </text>
          </g>
        );
      })}
      <g transform={`translate(${LABEL_W}, ${top + rows.length * ROW_H + 10})`}>
        {series.map((s, i) => (
          <g key={s.key} transform={`translate(${i * 120}, 0)`}>
            <rect width="14" height="14" fill={s.color} />
            {s.pattern ? <rect width="14" height="14" fill={`url(#${id}-${s.pattern})`} /> : null}
            <text x="19" y="12" className="chart__legend">
              {s.label}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
  return <ChartFrame title={title} caption={caption} svg={svg} table={table} />;
}
