import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { parseIds } from '../ids.js';
import { parseImageFilter } from '../graphql/validation.js';
import { resultsOnDemand, type ResultsOnDemandArgs } from '../results/on-demand.js';
import { ResultsInputError, type ResultSlice } from '../results/service.js';
import { sendError, type HttpRouteModule } from './route.js';

/** Comma-separated and/or repeated query parameter → list (undefined when absent). */
function list(q: Request['query'], name: string): string[] | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(','));
  return parts.map((s) => s.trim()).filter(Boolean);
}

function int(q: Request['query'], name: string): number | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  const s = String(v);
  if (!/^-?[0-9]{1,10}$/.test(s)) throw new ResultsInputError([name], `expected an integer, got "${s}"`);
  return Number(s);
}

function bool(q: Request['query'], name: string): boolean | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  const s = String(v);
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw new ResultsInputError([name], `expected true or false, got "${s}"`);
}

/**
 * The query string → the same arguments as the GraphQL `results` field: `models`, `runs`, `groupBy`,
 * `questionTypes` (comma-separated or repeated; enum names as in GraphQL, question types in either case),
 * `preset`, `marginals`, `overall`, `interval`, `seed`, `resamples`, `minSupport`, `source`, and `filter` as
 * an `ImageFilter` in JSON.
 */
export function exportArgs(q: Request['query']): ResultsOnDemandArgs {
  let filter: unknown;
  if (q.filter !== undefined) {
    try {
      filter = JSON.parse(String(q.filter));
    } catch {
      throw new ResultsInputError(['filter'], 'expected an ImageFilter as JSON');
    }
  }
  const one = (name: string) => (q[name] === undefined ? undefined : String(q[name]));
  return {
    models: list(q, 'models'),
    runs: parseIds(list(q, 'runs'), ['runs']),
    filter: parseImageFilter(filter),
    questionTypes: list(q, 'questionTypes')?.map((t) => t.toLowerCase()) as ResultsOnDemandArgs['questionTypes'],
    groupBy: list(q, 'groupBy') as ResultsOnDemandArgs['groupBy'],
    preset: one('preset') as ResultsOnDemandArgs['preset'],
    marginals: bool(q, 'marginals'),
    overall: bool(q, 'overall'),
    interval: one('interval') as ResultsOnDemandArgs['interval'],
    seed: int(q, 'seed'),
    resamples: int(q, 'resamples'),
    minSupport: int(q, 'minSupport'),
    source: one('source') as ResultsOnDemandArgs['source'],
    evaluate: bool(q, 'evaluate'),
  };
}

/** A list cell is its items separated by spaces; null and undefined are empty. */
const cell = (v: unknown): unknown => (Array.isArray(v) ? v.join(' ') : v);

/** One CSV row per slice; each axis of `groupBy` gets a value and a label column (empty where aggregated). */
export function resultsCsv(groupBy: string[], slices: ResultSlice[]): string {
  const header = [
    'model',
    'grouping',
    ...groupBy.flatMap((a) => [a.toLowerCase(), `${a.toLowerCase()}_label`]),
    'n',
    'correct',
    'accuracy',
    'ci_low',
    'ci_high',
    'plus_minus',
    'interval_method',
    'macro_accuracy',
    'low_support',
    'run_ids',
    'benchmark_revisions',
  ];
  const rows: unknown[][] = [header];
  for (const s of slices) {
    const byAxis = new Map(s.group.map((g) => [g.axis as string, g]));
    rows.push(
      [
        s.model.slug,
        s.grouping.join(' '),
        ...groupBy.flatMap((a) => [byAxis.get(a)?.value, byAxis.get(a)?.label]),
        s.n,
        s.correct,
        s.accuracy,
        s.interval.low,
        s.interval.high,
        s.interval.plusMinus,
        s.interval.method,
        s.macroAccuracy,
        s.lowSupport,
        s.runIds,
        s.benchmarkRevisions,
      ].map(cell),
    );
  }
  // csv-stringify quotes what needs quoting (separators, quotes, line breaks) per RFC 4180.
  return stringify(rows, { record_delimiter: 'windows', cast: { boolean: (v) => String(v) } });
}

/**
 * `GET /export/results.csv` and `GET /export/results.json`: the `results` query for dashboards, with the same
 * arguments as query parameters (see `exportArgs`). Reads need a key only where the server requires one.
 */
export const exportRoutes: HttpRouteModule = {
  name: 'export',
  mount(app, { runtime, authenticate, log }) {
    app.get(/^\/export\/results\.(csv|json)$/, async (req: Request, res: Response) => {
      const format = req.path.endsWith('.csv') ? 'csv' : 'json';
      try {
        const { client } = await authenticate(req, 'read');
        const out = await resultsOnDemand(runtime, { ...exportArgs(req.query), client: client ?? null });
        if (format === 'json') {
          return res.json({
            groupBy: out.groupBy,
            questionTypes: out.questionTypes,
            source: out.source.toUpperCase(),
            coverage: out.coverage,
            slices: out.slices,
          });
        }
        res.set('Content-Type', 'text/csv; charset=utf-8');
        res.set('Content-Disposition', 'attachment; filename="results.csv"');
        return res.send(resultsCsv(out.groupBy, out.slices));
      } catch (error) {
        return sendError(res, error, log, 'results export failed');
      }
    });
  },
};
