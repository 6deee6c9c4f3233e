import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { parseIds } from '../ids.js';
import { parseImageFilter } from '../catalog/filter.js';
import { createResultsService, resultsOnDemand, type ResultsOnDemandArgs } from '../results/on-demand.js';
import { ResultsInputError, type ResultSlice } from '../results/service.js';
import {
  MAX_SLICE_PAGE_SIZE,
  parseSliceSelection,
  predictionOutcomes,
  SLICE_PAGE_SIZE,
} from '../results/slice-predictions.js';
import type { PredictionOutcome, SlicePredictionRow } from '../db/queries/slice-predictions.js';
import { OPTION_LETTERS } from '../generative/letter-rule.js';
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

/** A query parameter holding JSON (undefined when absent); BAD_USER_INPUT naming it when it does not parse. */
function json(q: Request['query'], name: string, what: string): unknown {
  if (q[name] === undefined) return undefined;
  try {
    return JSON.parse(String(q[name])) as unknown;
  } catch {
    throw new ResultsInputError([name], `expected ${what} as JSON`);
  }
}

/**
 * The query string → the same arguments as the GraphQL `results` field: `models`, `runs`,
 * `benchmarkRevisions`, `groupBy`, `questionTypes` (comma-separated or repeated; enum names as in GraphQL,
 * question types in either case), `preset`, `marginals`, `overall`, `interval`, `seed`, `resamples`,
 * `minSupport`, `source`, and `filter` as an `ImageFilter` in JSON.
 */
export function exportArgs(q: Request['query']): ResultsOnDemandArgs {
  const filter = json(q, 'filter', 'an ImageFilter');
  const one = (name: string) => (q[name] === undefined ? undefined : String(q[name]));
  return {
    models: list(q, 'models'),
    runs: parseIds(list(q, 'runs'), ['runs']),
    benchmarkRevisions: parseIds(list(q, 'benchmarkRevisions'), ['benchmarkRevisions']),
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

const letterOf = (i: number | null) => (i === null ? null : (OPTION_LETTERS[i] ?? null));

/**
 * One prediction as the predictions export writes it: the JSON record, whose keys (snake_case) are the CSV
 * header. Letters are the protocol's option letters (A–H in released order; null past H or without a choice).
 */
export function predictionRecord(r: SlicePredictionRow) {
  return {
    model: r.modelSlug,
    modelVersionId: r.modelVersionId,
    runId: r.runId,
    benchmarkRevision: r.benchmarkRevision,
    questionId: r.questionId,
    imageId: r.imageId,
    questionType: r.questionType,
    question: r.questionText,
    rawOutput: r.rawOutput,
    chosenIndex: r.chosenIndex,
    chosenLetter: letterOf(r.chosenIndex),
    chosenOption: r.chosenIndex === null ? null : (r.options[r.chosenIndex] ?? null),
    goldIndex: r.answerIndex,
    goldLetter: letterOf(r.answerIndex),
    goldOption: r.options[r.answerIndex] ?? null,
    correct: r.isCorrect,
    status: r.status,
    error: r.error,
    retryable: r.retryable,
    requestId: r.requestId,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    latencyMs: r.latencyMs,
    cached: r.cached,
    protocol: r.protocol,
    protocolVersion: r.protocolVersion,
    promptTemplate: r.promptTemplate,
    protocolConfig: r.protocolConfig,
    parameters: r.parameters,
    scores: r.scores,
  };
}
type PredictionRecord = ReturnType<typeof predictionRecord>;

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** The predictions CSV header: the record's keys in snake_case. */
export const predictionsCsvHeader = Object.keys(predictionRecord({ options: [] } as unknown as SlicePredictionRow)).map(
  snakeCase,
);

/** CSV lines of records (RFC 4180 quoting): lists space-separated, objects as JSON, null empty. */
function predictionsCsv(records: PredictionRecord[], header: boolean): string {
  const rows: unknown[][] = header ? [predictionsCsvHeader] : [];
  for (const r of records) {
    rows.push(
      Object.values(r).map((v) =>
        Array.isArray(v) ? v.join(' ') : v !== null && typeof v === 'object' ? JSON.stringify(v) : v,
      ),
    );
  }
  return stringify(rows, { record_delimiter: 'windows', cast: { boolean: (v) => String(v) } });
}

/** Writes a chunk, waiting while the client's buffer is full; false once the client has gone. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

function outcomeOf(q: Request['query']): PredictionOutcome {
  if (q.outcome === undefined) return 'scored';
  const v = String(q.outcome).toLowerCase();
  if (!(predictionOutcomes as readonly string[]).includes(v)) {
    const names = predictionOutcomes.map((o) => o.toUpperCase()).join(', ');
    throw new ResultsInputError(['outcome'], `expected one of ${names}, got "${String(q.outcome)}"`);
  }
  return v as PredictionOutcome;
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

    /**
     * `GET /export/predictions.csv` and `GET /export/predictions.json`: the predictions behind one slice of a
     * results request, one record each (`predictionRecord`: raw answer, parsed and gold letters, correctness,
     * request id, tokens, latency, cache, protocol configuration and parameters). The request's arguments as in
     * `/export/results.*`, plus `slice` (the slice's values as JSON, `{"MODALITY":"electron-microscopy"}`; absent
     * or `{}`: the overall slice), `outcome` (SCORED by default: exactly the slice's n; CORRECT, INCORRECT,
     * UNSCORED, ALL) and `pageSize` (rows per statement, 1–5000, default 1000). Streamed page by page; it never
     * starts an evaluation. Arguments are checked, and the first page read, before anything is sent, so bad ones
     * answer a coded 4xx; a failure later aborts the transfer (never a silently truncated file).
     */
    app.get(/^\/export\/predictions\.(csv|json)$/, async (req: Request, res: Response) => {
      const format = req.path.endsWith('.csv') ? 'csv' : 'json';
      try {
        const { client } = await authenticate(req, 'read');
        const args = exportArgs(req.query);
        const slice = parseSliceSelection(json(req.query, 'slice', 'an object of axis values'));
        const outcome = outcomeOf(req.query);
        const pageSize = int(req.query, 'pageSize') ?? SLICE_PAGE_SIZE;
        if (pageSize < 1 || pageSize > MAX_SLICE_PAGE_SIZE) {
          throw new ResultsInputError(['pageSize'], `must be between 1 and ${MAX_SLICE_PAGE_SIZE} (got ${pageSize})`);
        }
        const service = createResultsService(runtime, { client: client ?? null });
        const scope = await service.sliceScope(args, slice);
        const pages = service.slicePredictionPages(scope, outcome, pageSize);
        let next = await pages.next();
        res.set('Cache-Control', 'no-store');
        if (format === 'csv') {
          res.set('Content-Type', 'text/csv; charset=utf-8');
          res.set('Content-Disposition', 'attachment; filename="predictions.csv"');
          let header = true;
          for (; !next.done; next = await pages.next()) {
            if (!(await write(res, predictionsCsv(next.value.map(predictionRecord), header)))) return;
            header = false;
          }
          if (header) await write(res, predictionsCsv([], true));
          return res.end();
        }
        res.set('Content-Type', 'application/json; charset=utf-8');
        const head = {
          slice: Object.fromEntries(slice.map((m) => [m.axis, m.value])),
          outcome: outcome.toUpperCase(),
          runIds: [...new Set(scope.runs.map((r) => r.runId))].sort((a, b) => a - b),
        };
        if (!(await write(res, `${JSON.stringify(head).slice(0, -1)},"predictions":[`))) return;
        let count = 0;
        let correct = 0;
        for (; !next.done; next = await pages.next()) {
          const text = next.value.map((r) => JSON.stringify(predictionRecord(r))).join(',\n');
          if (!(await write(res, `${count ? ',\n' : '\n'}${text}`))) return;
          count += next.value.length;
          correct += next.value.filter((r) => r.isCorrect === true).length;
        }
        return res.end(`\n],"count":${count},"correct":${correct}}\n`);
      } catch (error) {
        if (res.headersSent) {
          log.error('predictions export failed mid-stream', { error });
          return void res.destroy();
        }
        return sendError(res, error, log, 'predictions export failed');
      }
    });
  },
};
