import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { pct } from './axes';

/** Renders an Observable Plot figure into a div; `after` wires events on the rendered SVG. */
export function PlotView(props: {
  make: () => (SVGSVGElement | HTMLElement) & Plot.Plot;
  after?: (el: Element) => void;
  label: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const { make, after, testId } = props;
  useEffect(() => {
    const el = make();
    ref.current?.replaceChildren(el);
    after?.(el);
    // "<testId>-drawn" marks the first time this chart is on screen (the first-screen measurement reads it).
    if (testId && !performance.getEntriesByName(`${testId}-drawn`).length) performance.mark(`${testId}-drawn`);
    return () => el.remove();
  }, [make, after, testId]);
  return <div className="chart" ref={ref} role="figure" aria-label={props.label} data-testid={props.testId} />;
}

export type Cell = {
  model: string;
  x: string;
  y: string;
  accuracy: number;
  low: number;
  high: number;
  n: number;
  correct: number;
  macro: number | null;
  /** The cell's chance level (mean 1 / options of its questions), null when unknown. */
  chance: number | null;
  lowSupport: boolean;
  runIds: string[];
  revisions: string[];
  index: number;
};

export const cellTitle = (c: Cell) =>
  [
    `${c.model} · ${c.x}${c.y !== c.model ? ` · ${c.y}` : ''}`,
    `accuracy ${pct(c.accuracy)} (${c.correct}/${c.n})`,
    `95 % interval ${pct(c.low)} – ${pct(c.high)}`,
    `macro accuracy ${pct(c.macro)}`,
    `chance ${pct(c.chance)}`,
    c.lowSupport ? 'low support' : '',
    `runs ${c.runIds.join(', ') || '–'}`,
    `revision ${c.revisions.join(', ') || '–'}`,
  ]
    .filter(Boolean)
    .join('\n');

/** Accuracy above the cell's own chance level (0 = chance). */
const aboveChance = (c: Cell) => c.accuracy - (c.chance ?? 0);

/**
 * Heatmap model × axis value. Chance differs by cell (questions have 2 to 8 options), so the colour is the
 * accuracy above the cell's own chance level on a diverging scale: white = chance, blue above, red below; the
 * legend marks chance at 0. Each cell prints its accuracy and, smaller, its chance level. Low-support cells have a
 * dashed outline and a "*".
 */
export function heatmap(cells: Cell[], xLabel: string) {
  const spread = Math.max(0.25, ...cells.map((c) => Math.abs(aboveChance(c))));
  return Plot.plot({
    marginLeft: 200,
    marginBottom: 90,
    width: Math.max(480, 200 + 64 * new Set(cells.map((c) => c.x)).size),
    height: 60 + 40 * new Set(cells.map((c) => c.y)).size + 90,
    x: { label: xLabel, tickRotate: -30 },
    y: { label: null },
    color: {
      type: 'diverging',
      scheme: 'RdBu',
      pivot: 0,
      domain: [-spread, spread],
      legend: true,
      label: "accuracy − the cell's chance level (0 = chance)",
      tickFormat: (d: number) => `${d > 0 ? '+' : ''}${Math.round(d * 100)} pp`,
    },
    marks: [
      Plot.cell(cells, {
        x: 'x',
        y: 'y',
        fill: aboveChance,
        inset: 1,
        title: cellTitle,
      }),
      Plot.cell(
        cells.filter((d) => d.lowSupport),
        {
          x: 'x',
          y: 'y',
          inset: 2,
          fill: 'none',
          stroke: '#333',
          strokeDasharray: '3,2',
          ariaLabel: 'low support',
          pointerEvents: 'none',
        },
      ),
      Plot.text(cells, {
        x: 'x',
        y: 'y',
        dy: -5,
        text: (d: Cell) => `${Math.round(d.accuracy * 100)}${d.lowSupport ? '*' : ''}`,
        fill: (d: Cell) => (Math.abs(aboveChance(d)) > 0.6 * spread ? 'white' : 'black'),
        pointerEvents: 'none',
      }),
      Plot.text(
        cells.filter((d) => d.chance != null),
        {
          x: 'x',
          y: 'y',
          dy: 8,
          fontSize: 8,
          text: (d: Cell) => `chance ${Math.round(d.chance! * 100)}`,
          fill: (d: Cell) => (Math.abs(aboveChance(d)) > 0.6 * spread ? 'white' : '#333'),
          className: 'chance-level',
          pointerEvents: 'none',
        },
      ),
    ],
  });
}

export type Whisker = {
  label: string;
  series: string;
  estimate: number;
  low: number;
  high: number;
  lowSupport: boolean;
  /** The row's chance level (null for the paper's reference figures). */
  chance: number | null;
};

/** Dot-and-whisker: one row per slice and series, the interval as a rule, the row's chance level as a red tick. */
export function intervals(rows: Whisker[]) {
  const labels = new Set(rows.map((r) => `${r.label} · ${r.series}`));
  return Plot.plot({
    marginLeft: 320,
    marginRight: 20,
    height: 50 + 18 * labels.size,
    width: 760,
    x: {
      domain: [0, 1],
      label: 'accuracy (95 % interval)',
      tickFormat: (d: number) => `${Math.round(d * 100)}%`,
      grid: true,
    },
    y: { label: null },
    color: { legend: true },
    marks: [
      Plot.tickX(
        rows.filter((r) => r.chance != null),
        {
          y: (r: Whisker) => `${r.label} · ${r.series}`,
          x: 'chance',
          stroke: '#b00',
          strokeWidth: 2,
          className: 'chance-level',
          title: (r: Whisker) => `chance ${pct(r.chance)}`,
        },
      ),
      Plot.ruleY(rows, { y: (r: Whisker) => `${r.label} · ${r.series}`, x1: 'low', x2: 'high', stroke: 'series' }),
      Plot.dot(rows, {
        y: (r: Whisker) => `${r.label} · ${r.series}`,
        x: 'estimate',
        fill: (r: Whisker) => (r.lowSupport ? 'white' : r.series),
        stroke: 'series',
        r: 4,
        title: (r: Whisker) =>
          `${r.series} · ${r.label}: ${pct(r.estimate)} [${pct(r.low)}, ${pct(r.high)}]${r.lowSupport ? ' (low support)' : ''}`,
      }),
    ],
  });
}

export type ForestRow = { label: string; estimate: number; low: number; high: number; significant: boolean };

/** Forest plot of paired differences A − B per slice with their intervals, zero marked. */
export function forest(rows: ForestRow[], a: string, b: string) {
  return Plot.plot({
    marginLeft: 220,
    height: 60 + 22 * rows.length,
    width: 760,
    x: {
      label: `accuracy difference ${a} − ${b} (95 % interval)`,
      tickFormat: (d: number) => `${Math.round(d * 100)}`,
      grid: true,
    },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.ruleX([0], { stroke: '#333' }),
      Plot.ruleY(rows, {
        y: 'label',
        x1: 'low',
        x2: 'high',
        stroke: (r: ForestRow) => (r.significant ? '#1f5fa8' : '#999'),
      }),
      Plot.dot(rows, {
        y: 'label',
        x: 'estimate',
        fill: (r: ForestRow) => (r.significant ? '#1f5fa8' : '#999'),
        symbol: 'square',
        title: (r: ForestRow) =>
          `${r.label}: ${(100 * r.estimate).toFixed(1)} [${(100 * r.low).toFixed(1)}, ${(100 * r.high).toFixed(1)}]`,
      }),
    ],
  });
}

/** Downloads a Blob under a file name. */
export function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}

/** The chart's SVG (the largest svg in the container: the plot, not the legend swatches). */
export function chartSvg(container: Element | null): SVGSVGElement | null {
  const svgs = [...(container?.querySelectorAll('svg') ?? [])] as SVGSVGElement[];
  return (
    svgs.sort(
      (a, b) =>
        b.getBoundingClientRect().width * b.getBoundingClientRect().height -
        a.getBoundingClientRect().width * a.getBoundingClientRect().height,
    )[0] ?? null
  );
}

export function downloadSvg(container: Element | null, name: string) {
  const svg = chartSvg(container);
  if (svg) download(name, new Blob([svgText(svg)], { type: 'image/svg+xml' }));
}

export function downloadPng(container: Element | null, name: string) {
  const svg = chartSvg(container);
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * 2);
    canvas.height = Math.ceil(height * 2);
    const g = canvas.getContext('2d')!;
    g.fillStyle = 'white';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.scale(2, 2);
    g.drawImage(img, 0, 0, width, height);
    canvas.toBlob((blob) => blob && download(name, blob), 'image/png');
  };
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText(svg))}`;
}

export function toCsv(rows: Record<string, unknown>[]): string {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]!);
  const cell = (v: unknown) => {
    const s = v == null ? '' : Array.isArray(v) ? v.join(';') : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
