import { describe, expect, it } from 'vitest';
import { detectFormat, parseCsv, parseJsonl } from './parse.js';

describe('prediction file parsing', () => {
  it('detects the format from the name, else the content', () => {
    expect(detectFormat('a,b', 'x.JSONL')).toBe('jsonl');
    expect(detectFormat('{"a":1}', 'x.csv')).toBe('csv');
    expect(detectFormat('  {"a":1}')).toBe('jsonl');
    expect(detectFormat('question_id,output')).toBe('csv');
  });
  it('reads JSONL with 1-based lines, skipping blank lines, and flags non-objects', () => {
    expect(parseJsonl('{"a":1}\n\n[1,2]\n"x"\n{"b":2}\r\n')).toEqual([
      { line: 1, fields: { a: 1 } },
      { line: 3, error: 'expected a JSON object' },
      { line: 4, error: 'expected a JSON object' },
      { line: 5, fields: { b: 2 } },
    ]);
  });
  it('reads RFC 4180 CSV: quotes, escaped quotes, embedded newlines, CRLF, missing final newline', () => {
    const csv = 'id,output\r\n1,"say ""B"", then\nB) x"\r\n2,plain\r\n\r\n3,"last"';
    expect(parseCsv(csv)).toEqual([
      { line: 2, fields: { id: '1', output: 'say "B", then\nB) x' } },
      { line: 4, fields: { id: '2', output: 'plain' } },
      { line: 6, fields: { id: '3', output: 'last' } },
    ]);
  });
  it('reports stray and unterminated quotes and wrong field counts', () => {
    expect(parseCsv('id,output\n1,ab"c\n2,x,y\n3,"open')).toEqual([
      { line: 2, error: 'stray quote inside an unquoted field' },
      { line: 3, error: 'expected 2 fields (as in the header), got 3' },
      { line: 4, error: 'unterminated quoted field' },
    ]);
    expect(parseCsv('')).toEqual([]);
  });
});
