import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collectRecords, detectFormat, openSource, readRecords } from './parse.js';

describe('prediction file parsing', () => {
  it('detects the format from the name, else the content', async () => {
    expect(detectFormat('a,b', 'x.JSONL')).toBe('jsonl');
    expect(detectFormat('{"a":1}', 'x.csv')).toBe('csv');
    expect(detectFormat('  {"a":1}')).toBe('jsonl');
    expect(detectFormat('\uFEFF{"a":1}')).toBe('jsonl');
    expect(detectFormat('question_id,output')).toBe('csv');
    // A stream without a telling name: the first chunk decides, and is not lost.
    const { format, stream } = await openSource(Readable.from(['{"a":1}\n', '{"b":2}\n']), { fileName: 'out.txt' });
    expect(format).toBe('jsonl');
    const records = [];
    for await (const r of readRecords(stream, format)) records.push(r);
    expect(records).toEqual([
      { line: 1, fields: { a: 1 } },
      { line: 2, fields: { b: 2 } },
    ]);
  });
  it('reads JSONL with 1-based lines, skipping blank lines, and flags non-objects and NUL bytes', async () => {
    expect(await collectRecords('\uFEFF{"a":1}\n\n[1,2]\n"x"\n{"b":2}\r\n{"c":"x\\u0000y"}\n{oops\n', 'jsonl')).toEqual(
      [
        { line: 1, fields: { a: 1 } },
        { line: 3, error: 'expected a JSON object' },
        { line: 4, error: 'expected a JSON object' },
        { line: 5, fields: { b: 2 } },
        { line: 6, error: 'contains a NUL byte (\\u0000), which no text field may hold' },
        { line: 7, error: expect.stringMatching(/^invalid JSON: /) },
      ],
    );
  });
  it('reads RFC 4180 CSV: quotes, escaped quotes, embedded newlines, CRLF, BOM, missing final newline', async () => {
    const csv = '\uFEFFid,output\r\n1,"say ""B"", then\nB) x"\r\n2,plain\r\n\r\n3,"last"';
    expect(await collectRecords(csv, 'csv')).toEqual([
      { line: 2, fields: { id: '1', output: 'say "B", then\nB) x' } },
      { line: 4, fields: { id: '2', output: 'plain' } },
      { line: 6, fields: { id: '3', output: 'last' } },
    ]);
  });
  it('reports stray quotes, wrong field counts, NUL bytes and an unterminated quote with the row it opens on', async () => {
    const records = await collectRecords(
      'id,output\n1,ab"c\n2,x,y\n3,a\u0000b\n4,ok\n5,"open\n6,more\n7,rest\n',
      'csv',
    );
    expect(records.sort((a, b) => a.line - b.line)).toEqual([
      { line: 2, error: 'stray quote inside an unquoted field' },
      { line: 3, error: 'expected 2 fields (as in the header), got 3' },
      { line: 4, error: 'contains a NUL byte (\\u0000), which no text field may hold' },
      { line: 5, fields: { id: '4', output: 'ok' } },
      {
        line: 6,
        error: 'unterminated quoted field: the file ends inside quotes opened on this row (a missing closing ")',
      },
    ]);
    expect(await collectRecords('', 'csv')).toEqual([]);
  });

  it.each(['jsonl', 'csv'] as const)(
    'streams a %s file of many MB: records come out while the source is still being read (never read whole)',
    async (format) => {
      // 2,000 chunks of ~4 KB (~8 MB), produced lazily; the parser must consume them as it goes.
      const CHUNKS = 2000;
      let produced = 0;
      const line = (i: number) =>
        format === 'jsonl' ? `{"question_id":${i},"output":"${'A'.repeat(4000)}"}\n` : `${i},${'A'.repeat(4000)}\n`;
      async function* source() {
        if (format === 'csv') yield 'question_id,output\n';
        for (let i = 1; i <= CHUNKS; i++) {
          produced++;
          yield line(i);
        }
      }
      // Format detection from the first chunk (no name, no format given) must not drain the source either.
      const { format: detected, stream } = await openSource(Readable.from(source()));
      expect(detected).toBe(format);
      let records = 0;
      let producedAtFirst = -1;
      let maxLead = 0;
      for await (const r of readRecords(stream, format)) {
        records++;
        expect('fields' in r).toBe(true);
        if (producedAtFirst < 0) producedAtFirst = produced;
        maxLead = Math.max(maxLead, produced - records);
      }
      expect(records).toBe(CHUNKS);
      // Bounded look-ahead: the parser is never more than a few stream buffers (16 KB … 64 KB) ahead of its output.
      expect(producedAtFirst).toBeLessThan(64);
      expect(maxLead).toBeLessThan(64);
    },
  );
});
