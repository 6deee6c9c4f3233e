import { toy } from './toy/index.js';
import type { BenchmarkAdapter, PresetSpec } from './types.js';
import { ubench } from './ubench/index.js';
import { ubenchProtocolVersion } from './ubench/protocol.js';

/**
 * Every benchmark adapter Stratum knows. Adding a benchmark: a folder under `src/benchmarks/` exporting a
 * `BenchmarkAdapter`, plus one entry here. The importer, results and the reference table read adapters only
 * through this module.
 */
export const adapters: readonly BenchmarkAdapter[] = [ubench, toy];

/** The adapter used when an import names none (μ-Bench and the generated demo corpus). */
export const defaultAdapterKey = ubench.key;

/** The protocol version zero-shot and imported runs are recorded under: μ-Bench's (its adapter owns the tag). */
export const PROTOCOL_VERSION = ubenchProtocolVersion;

/** The adapter registered under `key`, or null. */
export function findAdapter(key: string): BenchmarkAdapter | null {
  return adapters.find((a) => a.key === key) ?? null;
}

/** Preset names across adapters; a name is unique across all of them. */
export type ResultPreset = keyof typeof ubench.presets | keyof typeof toy.presets;

/** Every adapter's presets by name (a duplicate name is a programming error, raised at load). */
export const presetsByName: Readonly<Record<ResultPreset, PresetSpec & { adapter: string }>> = (() => {
  const out: Record<string, PresetSpec & { adapter: string }> = {};
  for (const adapter of adapters) {
    for (const [name, spec] of Object.entries(adapter.presets)) {
      if (out[name]) throw new Error(`preset ${name} is defined by adapters ${out[name].adapter} and ${adapter.key}`);
      out[name] = { ...spec, adapter: adapter.key };
    }
  }
  return out as Record<ResultPreset, PresetSpec & { adapter: string }>;
})();
