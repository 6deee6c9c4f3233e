/**
 * Reading prediction files: JSONL (one JSON object per line) or CSV (RFC 4180: a header row, `"`-quoted
 * fields with `""` escapes and embedded newlines). Every record keeps the 1-based line it starts on, so
 * problems are reported against the file as the user sees it.
 */
export type RawRecord = { line: number; fields: Record<string, unknown> } | { line: number; error: string };

export type FileFormat = 'jsonl' | 'csv';

/** Guesses the format from the file name, else from the first non-blank character (`{` means JSONL). */
export function detectFormat(content: string, fileName?: string): FileFormat {
  if (fileName && /\.(jsonl|ndjson|json)$/i.test(fileName)) return 'jsonl';
  if (fileName && /\.csv$/i.test(fileName)) return 'csv';
  return content.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export function parseJsonl(content: string): RawRecord[] {
  const out: RawRecord[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        out.push({ line: i + 1, error: 'expected a JSON object' });
      } else out.push({ line: i + 1, fields: value as Record<string, unknown> });
    } catch (e) {
      out.push({ line: i + 1, error: `invalid JSON: ${(e as Error).message}` });
    }
  });
  return out;
}

/** RFC 4180 CSV → records keyed by the header row. Rows with the wrong number of fields are errors. */
export function parseCsv(content: string): RawRecord[] {
  const rows: { line: number; cells: string[]; error?: string }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let atCellStart = true;
  let quoteError: string | undefined;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    atCellStart = true;
  };
  const endRow = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells, error: quoteError });
    cells = [];
    quoteError = undefined;
  };
  for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (quoted) {
      if (ch === '"') {
        if (content[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      if (ch === '"') quoteError = 'stray quote inside an unquoted field';
      cell += ch;
      atCellStart = false;
    }
  }
  if (quoted) quoteError = 'unterminated quoted field';
  if (cell !== '' || cells.length) endRow();
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.cells.map((h) => h.trim());
  return body.map((r): RawRecord => {
    if (r.error) return { line: r.line, error: r.error };
    if (r.cells.length !== names.length) {
      return { line: r.line, error: `expected ${names.length} fields (as in the header), got ${r.cells.length}` };
    }
    return { line: r.line, fields: Object.fromEntries(names.map((n, i) => [n, r.cells[i]])) };
  });
}
