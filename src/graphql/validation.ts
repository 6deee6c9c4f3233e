import { badInput, type FieldPath } from '../errors.js';

/** Largest page any list field returns. */
export const MAX_PAGE_SIZE = 500;

/** Validates `first` (1…500) or throws BAD_USER_INPUT naming the argument. */
export function parseFirst(first: number | null | undefined, path: FieldPath = ['first']): number {
  const value = first ?? 50;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badInput(path, `must be between 1 and ${MAX_PAGE_SIZE} (got ${value})`);
  }
  return value;
}

/** Exactly one of the named arguments must be given. */
export function requireOne(args: Record<string, unknown>, names: string[]): void {
  const given = names.filter((n) => args[n] !== undefined && args[n] !== null);
  if (given.length !== 1) {
    throw badInput([names[0]!], `give exactly one of ${names.map((n) => `\`${n}\``).join(', ')}`);
  }
}
