import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * The layering rules, checked over the production sources (tests and test helpers may reach across layers):
 * SQL (text, drizzle `sql` fragments, query builders, database drivers) only in `src/db/`; `graphql` and the
 * Apollo server only at the edges (`src/graphql/`, `src/http/`, `src/server.ts`); resolvers and routes call services
 * or loaders, never `src/db/queries/` (its types may be named). The same import rules run in eslint
 * (`eslint.config.js`) so editors flag them; this test also catches SQL text.
 */
const root = join(import.meta.dirname, '..');

/**
 * Files that still hold SQL outside `src/db/`, each owned by a work package that moves it. An entry whose file
 * became clean fails the test, so the list only shrinks.
 */
export const sqlOutsideDbAllowed: Record<string, string> = {};

const EDGES = ['src/graphql/', 'src/http/', 'src/server.ts'];
/** Edge folders whose code reaches the data only through services and loaders. */
const SERVICE_ONLY_EDGES = ['src/graphql/', 'src/http/'];
const DB_PACKAGES = /^(drizzle-orm(\/.*)?|pg|@electric-sql\/.*)$/;
const GRAPHQL_PACKAGES = /^(graphql(\/.*)?|@apollo\/.*|@graphql-tools\/.*|@as-integrations\/.*)$/;
/** SQL statements in string or template literals (statement openings, not English prose). */
const SQL_TEXT =
  /\b(insert\s+into\s|update\s+[a-z_"]+\s+set\s|delete\s+from\s|create\s+(unique\s+)?(table|index|extension)\s|alter\s+table\s|drop\s+(table|index)\s)/i;
/** A SELECT … FROM with something only SQL has (a cast, `*`, a placeholder, a clause), so prose does not match. */
const SELECT_TEXT = /\bselect\s[\s\S]*?\sfrom\s/i;
const SQL_MARKS = /::|\*|\$\d|\$\{|\bcount\(|\s(as|where|join|group by|order by|limit)\s/i;
const isSqlText = (literal: string) => SQL_TEXT.test(literal) || (SELECT_TEXT.test(literal) && SQL_MARKS.test(literal));
const LITERALS = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

function productionFiles(dir = join(root, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['__generated__', 'test-utils', 'testing', '__snapshots__'].includes(entry.name)
        ? []
        : productionFiles(path);
    }
    if (!/\.(ts|mts)$/.test(entry.name) || /\.test\.ts$|^testing\.ts$/.test(entry.name)) return [];
    return [relative(root, path)];
  });
}

/** `[module, typeOnly]` of every static import and re-export. */
export function importsOf(source: string): [string, boolean][] {
  const out: [string, boolean][] = [];
  const re = /^\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) {
    if (m[5]) out.push([m[5], false]);
    else out.push([m[4]!, Boolean(m[2]) || /^\{\s*(type\s+[\w$]+(\s+as\s+[\w$]+)?\s*,?\s*)+\}$/.test(m[3]!.trim())]);
  }
  return out;
}

/** Why `file` breaks a layering rule (empty: it keeps them). */
export function violations(file: string, source: string): string[] {
  const out: string[] = [];
  const inDb = file.startsWith('src/db/');
  const atEdge = EDGES.some((e) => file.startsWith(e));
  const serviceOnly = SERVICE_ONLY_EDGES.some((e) => file.startsWith(e));
  for (const [module, typeOnly] of importsOf(source)) {
    if (!inDb && !typeOnly && DB_PACKAGES.test(module)) out.push(`imports ${module} outside src/db/`);
    if (!atEdge && GRAPHQL_PACKAGES.test(module)) out.push(`imports ${module} below the edges`);
    const target = module.startsWith('.') ? posix.join(posix.dirname(file), module) : module;
    if (serviceOnly && !typeOnly && target.startsWith('src/db/queries/')) {
      out.push(`imports ${module} at the edge: call a service or a loader`);
    }
  }
  if (!inDb) {
    if (/\bsql(\.raw)?\s*[`(]/.test(source)) out.push('builds drizzle sql fragments outside src/db/');
    const text = (source.match(LITERALS) ?? []).find(isSqlText);
    if (text) out.push(`holds SQL text outside src/db/: ${text.slice(0, 60)}…`);
  }
  return out;
}

describe('layers', () => {
  const files = productionFiles();

  test('finds the sources', () => {
    expect(files).toContain('src/server.ts');
    expect(files).toContain('src/db/queries/images.ts');
    expect(files.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  test('SQL only in src/db/, graphql only at the edges (except the owned allowlist)', () => {
    const found = files
      .filter((f) => !(f in sqlOutsideDbAllowed))
      .flatMap((f) => violations(f, readFileSync(join(root, f), 'utf8')).map((v) => `${f}: ${v}`));
    expect(found).toEqual([]);
  });

  test('every allowlisted file still needs its entry', () => {
    const clean = Object.keys(sqlOutsideDbAllowed).filter(
      (f) => !files.includes(f) || violations(f, readFileSync(join(root, f), 'utf8')).length === 0,
    );
    expect(clean).toEqual([]);
  });

  test('the rules catch what they name', () => {
    expect(violations('src/search/x.ts', `import { eq } from 'drizzle-orm';`)).toEqual([
      'imports drizzle-orm outside src/db/',
    ]);
    expect(violations('src/search/x.ts', `import type { SQL } from 'drizzle-orm';`)).toEqual([]);
    expect(violations('src/search/x.ts', `import { type SQL } from 'drizzle-orm';`)).toEqual([]);
    expect(violations('src/db/queries/x.ts', `import { eq, sql } from 'drizzle-orm';\nsql\`select 1\`;`)).toEqual([]);
    expect(violations('src/auth/x.ts', `import { GraphQLError } from 'graphql';`)).toEqual([
      'imports graphql below the edges',
    ]);
    expect(violations('src/context.ts', `import type { GraphQLResolveInfo } from 'graphql';`)).toEqual([
      'imports graphql below the edges',
    ]);
    expect(violations('src/http/x.ts', `import { GraphQLError } from 'graphql';`)).toEqual([]);
    expect(violations('src/server.ts', `import { ApolloServer } from '@apollo/server';`)).toEqual([]);
    expect(violations('src/loaders/x.ts', 'const q = sql`select 1`;')).toEqual([
      'builds drizzle sql fragments outside src/db/',
    ]);
    expect(violations('src/cli/x.ts', `await handle.query('select count(*) from images');`)).toHaveLength(1);
    expect(violations('src/cli/x.ts', 'await q(`UPDATE runs SET status = 1`);')).toHaveLength(1);
    expect(violations('src/cli/x.ts', `console.log('select a model from the list');`)).toEqual([]);
    expect(violations('src/graphql/resolvers/x.ts', `import { listAll } from '../../db/queries/taxonomy.js';`)).toEqual(
      ['imports ../../db/queries/taxonomy.js at the edge: call a service or a loader'],
    );
    expect(violations('src/http/x.ts', `export { findImagesByIds } from '../db/queries/images.js';`)).toHaveLength(1);
    expect(violations('src/http/x.ts', `import type { ImageRow } from '../db/queries/images.js';`)).toEqual([]);
    expect(violations('src/graphql/x.ts', `import { type ImageRow } from '../db/queries/images.js';`)).toEqual([]);
    expect(violations('src/graphql/x.ts', `import { classifyDatabaseError } from '../db/errors.js';`)).toEqual([]);
    expect(violations('src/catalog/x.ts', `import { listAll } from '../db/queries/taxonomy.js';`)).toEqual([]);
  });
});
