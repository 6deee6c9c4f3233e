import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

/** The `schema/` folder at the repository root. */
export const schemaDir = fileURLToPath(new URL('../../schema/', import.meta.url));

/** Every `schema/**\/*.graphql` file, sorted by path: the runtime SDL (the same files codegen reads). */
export function loadSdlFiles(dir = schemaDir): { path: string; sdl: string }[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.graphql')) files.push(full);
    }
  };
  walk(dir);
  return files.sort().map((path) => ({ path, sdl: readFileSync(path, 'utf8') }));
}

export function loadTypeDefs(): DocumentNode[] {
  return loadSdlFiles().map(({ sdl }) => parse(sdl));
}
