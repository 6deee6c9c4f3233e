import { z } from 'zod';
import type { Db } from '../db/client.js';
import { PROTOCOL_VERSION } from '../benchmarks/registry.js';
import {
  findImportQuestionsByIds,
  findImportQuestionsBySourceIds,
  insertImportedRun,
  type ImportedPrediction,
  type ImportQuestionRow,
} from '../db/queries/prediction-imports.js';
import { modelKinds } from '../db/schema/index.js';
import { idSchema } from '../ids.js';
import {
  argmax,
  buildPrompt,
  chosenIndexOfOutput,
  isCorrectGenerative,
  letterRules,
} from '../generative/letter-rule.js';
import { isFloat4 } from '../db/schema/columns.js';
import { openSource, readRecords, type FileFormat, type Source } from './parse.js';

/** The three forms a prediction file can take (`runs.protocol`). */
export const importProtocols = ['generative', 'choice', 'scores'] as const;
export type ImportProtocol = (typeof importProtocols)[number];

export { PROTOCOL_VERSION };
/** The prompt template recorded on generative runs (the eVLLM prompt, ubench-corpus.md §3.3). */
export const GENERATIVE_PROMPT_TEMPLATE = buildPrompt('{question}', ['{option0}', '{option1}', '…']);

export const importOptionsSchema = z.object({
  model: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a model slug: lower-case letters, digits, ".", "_" and "-"'),
  modelName: z.string().min(1).max(200).nullish(),
  modelKind: z.enum(modelKinds).nullish(),
  /** Caller-given version string (weights hash, API snapshot such as `gpt-4o-2024-05-13`). */
  modelVersion: z.string().min(1).max(200).nullish(),
  protocol: z.enum(importProtocols),
  /** Benchmark slug, to disambiguate released question UUIDs shared by several benchmarks. */
  benchmark: z.string().min(1).max(100).nullish(),
  promptTemplate: z.string().max(10_000).nullish(),
  /** How generative outputs are scored (`LetterRule`); recorded in the run's parameters. Default STANDARD. */
  letterRule: z.enum(letterRules).nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  format: z.enum(['jsonl', 'csv']).nullish(),
  fileName: z.string().max(1000).nullish(),
});
export type ImportOptions = z.input<typeof importOptionsSchema>;

export const importIssueCodes = ['MALFORMED', 'UNKNOWN_QUESTION', 'DUPLICATE', 'INVALID_OUTPUT'] as const;
export type ImportIssue = { line: number; code: (typeof importIssueCodes)[number]; message: string };

export type ImportResult = {
  runId: number | null;
  modelId: number | null;
  benchmarkRevision: string | null;
  format: FileFormat;
  rowsRead: number;
  imported: number;
  correct: number;
  skipped: number;
  issues: ImportIssue[];
};

/** A row after parsing: how it names its question and what it predicts. */
type Row = {
  line: number;
  questionId?: number;
  sourceQuestionId?: string;
  key?: string;
  output?: string;
  chosenIndex?: number;
  scores?: number[];
};

const MAX_ISSUES = 1000;
/** Rows parsed, looked up and written together: the most of a predictions file held in memory at once. */
const ROWS_PER_BATCH = 2000;

function field(f: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (f[n] !== undefined && f[n] !== '') return f[n];
  return undefined;
}

function toRow(line: number, f: Record<string, unknown>, protocol: ImportProtocol): Row | string {
  const row: Row = { line };
  const qid = field(f, 'question_id', 'questionId');
  const uuid = field(f, 'question_uuid', 'questionUuid', 'source_question_id', 'sourceQuestionId');
  const key = field(f, 'key', 'question_key', 'questionKey');
  if (qid !== undefined) {
    const id = idSchema.safeParse(qid);
    if (!id.success) return `question_id must be a positive integer, got ${JSON.stringify(qid)}`;
    row.questionId = id.data;
  } else if (uuid !== undefined) {
    if (typeof uuid !== 'string') return 'question_uuid must be a string';
    if (key === undefined || typeof key !== 'string')
      return 'question_uuid needs the question key (`key`, e.g. "modality")';
    row.sourceQuestionId = uuid;
    row.key = key;
  } else return 'no question_id, or question_uuid with key';
  if (protocol === 'generative') {
    // An empty output is a (wrong) prediction, not a missing one: look for the key, not for a value.
    const name = ['output', 'raw_output', 'response', 'text'].find((n) => f[n] !== undefined);
    if (!name) return 'no output (generative rows need `output`)';
    if (typeof f[name] !== 'string') return 'output must be a string';
    row.output = f[name] as string;
  } else if (protocol === 'choice') {
    const c = field(f, 'chosen_index', 'chosenIndex', 'choice');
    const n = typeof c === 'number' ? c : typeof c === 'string' && /^-?[0-9]{1,3}$/.test(c.trim()) ? Number(c) : NaN;
    if (!Number.isInteger(n)) return `chosen_index must be an integer, got ${JSON.stringify(c)}`;
    row.chosenIndex = n;
  } else {
    const s = field(f, 'scores', 'option_scores', 'logits', 'probs');
    let arr: unknown = s;
    if (typeof s === 'string') {
      try {
        arr = s.trim().startsWith('[') ? JSON.parse(s) : s.split(';').map((x) => (x.trim() === '' ? NaN : Number(x)));
      } catch {
        return 'scores must be a JSON array of numbers or numbers separated by ";"';
      }
    }
    if (!Array.isArray(arr) || arr.length === 0 || !arr.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return 'scores must be a non-empty list of finite numbers';
    }
    if (!arr.every((x: number) => isFloat4(x))) return 'scores must fit a float4 (|x| ≤ 3.4e38, 0 or |x| ≥ 1.4e-45)';
    row.scores = arr as number[];
  }
  return row;
}

type QuestionInfo = ImportQuestionRow;

/**
 * Imports a file of model outputs as one run: parses JSONL or CSV keyed by question id (ours, or the released
 * question UUID + key), scores each row by its protocol (generative: the official letter rule; choice: the
 * given option index; scores: argmax), and writes the model (created if new), its version, the run and the
 * predictions with their raw output in ONE transaction. Malformed rows, unknown questions, duplicates and
 * invalid outputs are reported with their file line and skipped; everything else lands.
 */
/** Progress after each group of rows is checked (before it is written): for progress bars. */
export type ImportProgress = { rowsRead: number; imported: number; skipped: number };

export async function importPredictions(
  db: Db,
  content: Source,
  rawOptions: ImportOptions,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  const opts = importOptionsSchema.parse(rawOptions);
  // Streamed (the file is never held whole); a UTF-8 byte-order mark from a spreadsheet export is dropped.
  const { format, stream } = await openSource(content, { format: opts.format, fileName: opts.fileName });
  let rowsRead = 0;
  const issues: ImportIssue[] = [];
  let skipped = 0;
  const report = (line: number, code: ImportIssue['code'], message: string) => {
    skipped++;
    if (issues.length < MAX_ISSUES) issues.push({ line, code, message });
  };
  const seen = new Map<number, number>();
  const revisionVotes = new Map<number, number>();
  let correct = 0;
  let imported = 0;

  /** Parsed rows in groups of ROWS_PER_BATCH: one look-up of their questions per group, never the whole file. */
  async function* rowGroups(): AsyncGenerator<Row[]> {
    let group: Row[] = [];
    for await (const r of readRecords(stream, format)) {
      rowsRead++;
      if ('error' in r) {
        report(r.line, 'MALFORMED', r.error);
        continue;
      }
      const row = toRow(r.line, r.fields, opts.protocol);
      if (typeof row === 'string') report(r.line, 'MALFORMED', row);
      else group.push(row);
      if (group.length >= ROWS_PER_BATCH) {
        yield group;
        group = [];
      }
    }
    if (group.length) yield group;
  }

  /** Each group's valid predictions (unknown questions, duplicates and invalid outputs reported by line). */
  async function* predictionBatches(tx: Db): AsyncGenerator<ImportedPrediction[]> {
    for await (const rows of rowGroups()) {
      const byId = await lookupById(tx, [...new Set(rows.flatMap((r) => (r.questionId ? [r.questionId] : [])))]);
      const byUuid = await lookupByUuid(tx, rows, opts.benchmark ?? null);
      const values: ImportedPrediction[] = [];
      for (const row of rows) {
        const q = row.questionId ? byId.get(row.questionId) : byUuid.get(`${row.sourceQuestionId}\u0000${row.key}`);
        if (!q) {
          const name = row.questionId
            ? `question id ${row.questionId}`
            : `question ${row.sourceQuestionId} key "${row.key}"`;
          const ambiguous = !row.questionId && byUuid.has(`${row.sourceQuestionId}\u0000${row.key}\u0000ambiguous`);
          report(
            row.line,
            'UNKNOWN_QUESTION',
            ambiguous ? `${name} exists in several benchmarks: pass the benchmark` : `${name} not found`,
          );
          continue;
        }
        const first = seen.get(q.id);
        if (first !== undefined) {
          report(row.line, 'DUPLICATE', `question ${q.id} already predicted on line ${first}`);
          continue;
        }
        const prediction = scoreRow(row, q);
        if (typeof prediction === 'string') {
          report(row.line, 'INVALID_OUTPUT', prediction);
          continue;
        }
        seen.set(q.id, row.line);
        revisionVotes.set(q.revisionId, (revisionVotes.get(q.revisionId) ?? 0) + 1);
        if (prediction.isCorrect) correct++;
        imported++;
        values.push(prediction);
      }
      onProgress?.({ rowsRead, imported, skipped });
      yield values;
    }
  }

  /** The revision most predictions belong to (ties: the lowest id). */
  const majorityRevision = () => [...revisionVotes.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]![0];

  /** One row's prediction, or why its output does not fit its question. */
  function scoreRow(row: Row, q: QuestionInfo): ImportedPrediction | string {
    let chosenIndex: number | null = null;
    let isCorrect: boolean;
    if (opts.protocol === 'generative') {
      try {
        isCorrect = isCorrectGenerative(row.output!, q.options, q.answerIndex, opts.letterRule ?? 'STANDARD');
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        return e.message;
      }
      chosenIndex = chosenIndexOfOutput(row.output!, q.options);
    } else if (opts.protocol === 'choice') {
      if (row.chosenIndex! < 0 || row.chosenIndex! >= q.options.length) {
        return `chosen_index ${row.chosenIndex} outside the ${q.options.length} options`;
      }
      chosenIndex = row.chosenIndex!;
      isCorrect = chosenIndex === q.answerIndex;
    } else {
      if (row.scores!.length !== q.options.length)
        return `${row.scores!.length} scores for ${q.options.length} options`;
      chosenIndex = argmax(row.scores!);
      isCorrect = chosenIndex === q.answerIndex;
    }
    return {
      questionId: q.id,
      chosenIndex,
      rawOutput:
        opts.protocol === 'generative'
          ? row.output!
          : opts.protocol === 'choice'
            ? String(row.chosenIndex)
            : JSON.stringify(row.scores),
      scores: row.scores ?? null,
      isCorrect,
      status: 'ok',
    };
  }

  const kind = opts.modelKind ?? (opts.protocol === 'scores' ? 'contrastive' : 'generative');
  const written = await insertImportedRun(db, {
    model: { slug: opts.model, name: opts.modelName ?? opts.model, kind },
    weightsHash: opts.modelVersion ?? 'unspecified',
    // Taken when the first predictions are written; revision and counts are final once the file is read.
    run: () => ({
      benchmarkRevisionId: majorityRevision(),
      protocol: opts.protocol,
      protocolVersion: PROTOCOL_VERSION,
      promptTemplate: opts.promptTemplate ?? (opts.protocol === 'generative' ? GENERATIVE_PROMPT_TEMPLATE : null),
      parameters: {
        ...(opts.parameters ?? {}),
        ...(opts.fileName ? { file: opts.fileName } : {}),
        ...(opts.protocol === 'generative' ? { letterRule: opts.letterRule ?? 'STANDARD' } : {}),
      },
      status: 'complete',
      total: imported,
      done: imported,
      failed: 0,
      source: 'import',
      finishedAt: new Date(),
    }),
    batches: predictionBatches,
    finish: () => ({ benchmarkRevisionId: majorityRevision(), total: imported, done: imported }),
  });
  issues.sort((x, y) => x.line - y.line);
  const base = { format, rowsRead, skipped, issues };
  if (!written) return { ...base, runId: null, modelId: null, benchmarkRevision: null, imported: 0, correct: 0 };
  return {
    ...base,
    runId: written.runId,
    modelId: written.modelId,
    benchmarkRevision: written.revision,
    imported,
    correct,
  };
}

async function lookupById(db: Db, ids: number[]): Promise<Map<number, QuestionInfo>> {
  return new Map((await findImportQuestionsByIds(db, ids)).map((r) => [r.id, r]));
}

/** Released UUID + key → question; a pair found in several benchmarks is marked ambiguous (key + "\0ambiguous"). */
async function lookupByUuid(db: Db, rows: Row[], benchmark: string | null): Promise<Map<string, QuestionInfo>> {
  const uuids = [...new Set(rows.flatMap((r) => (r.sourceQuestionId ? [r.sourceQuestionId] : [])))];
  const out = new Map<string, QuestionInfo>();
  for (const r of await findImportQuestionsBySourceIds(db, uuids, benchmark)) {
    const k = `${r.sourceQuestionId}\u0000${r.key}`;
    if (out.has(k)) {
      out.delete(k);
      out.set(`${k}\u0000ambiguous`, r);
    } else if (!out.has(`${k}\u0000ambiguous`)) out.set(k, r);
  }
  return out;
}
