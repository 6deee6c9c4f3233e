import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetSpecs, resultPresets } from '../results/presets.js';
import { adapters, findAdapter, presetsByName } from './registry.js';

/** Values of one enum in an SDL file, in declaration order (descriptions and comments skipped). */
function sdlEnum(file: string, name: string): string[] {
  const sdl = readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8');
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(sdl)![1]!;
  return body
    .replace(/"""[\s\S]*?"""|"[^"\n]*"|#.*$/gm, '')
    .split(/\s+/)
    .filter(Boolean);
}

describe('benchmark adapter registry', () => {
  it('registers μ-Bench and the toy benchmark under distinct keys', () => {
    expect(adapters.map((a) => a.key)).toEqual(['ubench', 'toy']);
    expect(findAdapter('toy')?.name).toBe('Toy colour benchmark');
    expect(findAdapter('nope')).toBeNull();
  });

  it("serves exactly the adapters' presets as the SDL's ResultPreset enum", () => {
    expect([...resultPresets].sort()).toEqual(sdlEnum('results.graphql', 'ResultPreset').sort());
    expect(Object.keys(presetsByName).sort()).toEqual([...resultPresets].sort());
    for (const name of resultPresets) expect(presetSpecs[name].groupBy).toEqual(presetsByName[name].groupBy);
  });

  it("keeps each adapter's curated taxonomy consistent: datasets name declared tasks, scales and image sets", () => {
    for (const { taxonomy } of adapters) {
      const tasks = new Set(taxonomy.tasks.map((t) => t.slug));
      const scales = new Set(taxonomy.scales.map((s) => s.slug));
      expect(tasks.size).toBe(taxonomy.tasks.length);
      for (const d of Object.values(taxonomy.datasets)) {
        expect(tasks).toContain(d.task);
        expect(scales).toContain(d.scale);
      }
      for (const t of taxonomy.tasks) if (t.group) expect(Object.keys(taxonomy.taxonomyGroups)).toContain(t.group);
      for (const set of taxonomy.imageSets) {
        for (const d of set.datasets) expect(Object.keys(taxonomy.datasets)).toContain(d);
      }
    }
  });
});
