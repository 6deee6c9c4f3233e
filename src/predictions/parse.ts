import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse as csvParse, type CsvError } from 'csv-parse';

/**
 * Reading prediction files, streamed: JSONL (one JSON object per line, read line by line) or CSV (RFC 4180 through
 * csv-parse: a header row, `"`-quoted fields with `""` escapes and embedded newlines). A file is never held whole.
 * Every record keeps the 1-based line it starts on, so problems are reported against the file as the user sees
 * it; a malformed row is an error record naming its line, never silently dropped, and neither is the rest of the
 * file after an unterminated quote.
 */
export type RawRecord = { line: number; fields: Record<string, unknown> } | { line: number; error: string };

export type FileFormat = 'jsonl' | 'csv';

/** What a prediction file can come from: a string (the GraphQL mutation) or a byte/text stream (the CLI). */
export type Source = string | Readable;

/** Guesses the format from the file name, else from the first non-blank character (`{` means JSONL). */
export function detectFormat(content: string, fileName?: string): FileFormat {
  if (fileName && /\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl';
  if (fileName && /\.csv$/i.test(fileName)) return 'csv';
  return content
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('{')
    ? 'jsonl'
    : 'csv';
}

/**
 * Resolves the format (given, from the file name, else from the first chunk) and returns it with a stream of the
 * whole source (the first chunk put back).
 */
export async function openSource(
  source: Source,
  options: { format?: FileFormat | null; fileName?: string | null } = {},
): Promise<{ format: FileFormat; stream: Readable }> {
  if (typeof source === 'string') {
    return {
      format: options.format ?? detectFormat(source, options.fileName ?? undefined),
      stream: Readable.from([source]),
    };
  }
  if (options.format) return { format: options.format, stream: source };
  const byName = options.fileName ? detectFormat('', options.fileName) : undefined;
  if (byName && /\.(jsonl|ndjson|json|csv)$/i.test(options.fileName!)) return { format: byName, stream: source };
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await it.next();
  const head = first.done ? '' : String(first.value);
  async function* rest() {
    if (!first.done) yield first.value;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  return { format: detectFormat(head), stream: Readable.from(rest()) };
}

/** Records of a prediction file, streamed, in file order (an error record where a row cannot be read). */
export function readRecords(stream: Readable, format: FileFormat): AsyncGenerator<RawRecord> {
  return format === 'jsonl' ? readJsonl(stream) : readCsv(stream);
}

const NUL = '\u0000';

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (!value || typeof value !== 'object' || depth > 16) return false;
  return Object.entries(value).some(([k, v]) => k.includes(NUL) || hasNul(v, depth + 1));
}

const nulError = 'contains a NUL byte (\\u0000), which no text field may hold';

async function* readJsonl(stream: Readable): AsyncGenerator<RawRecord> {
  const lines = createInterface({ input: stream.setEncoding('utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { line, error: `invalid JSON: ${(e as Error).message}` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, error: 'expected a JSON object' };
    } else if (hasNul(value)) yield { line, error: nulError };
    else yield { line, fields: value as Record<string, unknown> };
  }
}

/** csv-parse's reasons, reworded for a person looking at the file. */
function csvReason(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unterminated quoted field: the file ends inside quotes opened on this row (a missing closing ")';
    case 'INVALID_OPENING_QUOTE':
      return 'stray quote inside an unquoted field';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'characters after a closing quote';
    default:
      return error.message;
  }
}

async function* readCsv(stream: Readable): AsyncGenerator<RawRecord> {
  // Rows csv-parse skips past (so the rest of the file is still read). It reports them while parsing a chunk,
  // possibly before records of earlier lines reach us; each carries its own line, except an unterminated quote,
  // which is only noticed at the end of the input and is placed on the row after the last complete record.
  const skipped: CsvError[] = [];
  const parser = stream.pipe(
    csvParse({
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) skipped.push(error);
        return undefined;
      },
    }),
  );
  stream.on('error', (e) => parser.destroy(e));
  const lineOf = (error: CsvError) => Number((error as { lines?: unknown }).lines ?? 0);
  let names: string[] | undefined;
  let lastEnd = 0;
  const unterminated: CsvError[] = [];
  const flushSkipped = function* (): Generator<RawRecord> {
    for (const error of skipped.splice(0)) {
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') unterminated.push(error);
      else yield { line: lineOf(error), error: csvReason(error) };
    }
  };
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; raw?: string };
  }>) {
    yield* flushSkipped();
    lastEnd = info.lines;
    if (record.length === 1 && record[0] === '') continue; // a blank line
    const rawLines = (info.raw ?? '').replace(/(\r\n|\n|\r)$/, '').split(/\r\n|\n|\r/).length;
    const line = info.lines - rawLines + 1;
    if (!names) {
      names = record.map((h) => h.trim());
      continue;
    }
    if (record.some((cell) => cell.includes(NUL))) {
      yield { line, error: nulError };
    } else if (record.length !== names.length) {
      yield { line, error: `expected ${names.length} fields (as in the header), got ${record.length}` };
    } else {
      yield { line, fields: Object.fromEntries(names.map((n, i) => [n, record[i]])) };
    }
  }
  yield* flushSkipped();
  for (const error of unterminated) yield { line: lastEnd + 1, error: csvReason(error) };
}

/** The whole of a string source as records (tests and small inputs). */
export async function collectRecords(content: string, format: FileFormat): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of readRecords(Readable.from([content]), format)) out.push(r);
  return out;
}
