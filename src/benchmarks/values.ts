import type { IssueCode } from './issues.js';
import type { RawRow } from './types.js';

/** Answer index from an int, a bigint-narrowed number or a numeric string; null when unusable. */
export function parseIndex(value: unknown): { index: number | null; wasString: boolean } {
  if (typeof value === 'number' && Number.isInteger(value)) return { index: value, wasString: false };
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return { index: Number(value), wasString: true };
  return { index: null, wasString: typeof value === 'string' };
}

/** The value when it is an array of strings, else null. */
export function stringList(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  return value.every((v) => typeof v === 'string') ? (value as string[]) : null;
}

/**
 * Reads text values of one row the same way for every adapter: NFC-normalised and trimmed; an empty string
 * becomes null. `finish` records the UNICODE_NORMALISED / EMPTY_STRING_AS_NULL corrections for the fields seen.
 */
export function textReader(raw: RawRow) {
  const unicodeFields: string[] = [];
  const emptyFields: string[] = [];
  const text = (field: string, value: unknown = raw[field]): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') return String(value);
    const nfc = value.normalize('NFC');
    if (nfc !== value) unicodeFields.push(field);
    const trimmed = nfc.trim();
    if (trimmed === '') {
      emptyFields.push(field);
      return null;
    }
    return trimmed;
  };
  const finish = (correct: (code: IssueCode, field: string | null, message: string) => void) => {
    if (unicodeFields.length) {
      correct('UNICODE_NORMALISED', unicodeFields[0]!, `normalised to NFC: ${[...new Set(unicodeFields)].join(', ')}`);
    }
    if (emptyFields.length) {
      correct(
        'EMPTY_STRING_AS_NULL',
        emptyFields[0]!,
        `empty string stored as null: ${[...new Set(emptyFields)].join(', ')}`,
      );
    }
  };
  return { text, finish };
}
