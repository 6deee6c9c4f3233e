import { axisDef, type ResultAxis } from '../axes/registry.js';
import { templatesOf, type SliceCell, type SliceRow } from '../db/queries/results.js';
import { macroAccuracy } from '../statistics/index.js';

type Acc = {
  row: SliceRow;
  ranks: number[];
  classes: Map<string, { n: number; k: number }>;
  clusters: Map<number | null, { n: number; k: number }> | null;
  mask: bigint | null;
  min: number | null;
  max: number | null;
};

/**
 * The slices of every grouping set, summed from the request's cells (`sliceCells`: one model × one value of every
 * axis × one class or cluster), in the order the database would list them: model id, then GROUPING mask (full
 * grouping first, the overall figure last), then each grouped axis's value (text order, nulls last).
 *
 * Per slice: n and correct are sums over its cells (in sets without the multi-valued axis, of its first expansion
 * only); macro accuracy is the mean over classes (question type, gold) of per-class accuracy, classes with n > 0
 * (`macroAccuracy`); types and templates are unions over its cells (templates of scored cells); cluster counts are
 * sums per cluster, ascending by cluster id (null last), when `perCluster`.
 */
export function foldSlices(
  cells: SliceCell[],
  axes: ResultAxis[],
  sets: ResultAxis[][],
  perCluster: boolean,
): SliceRow[] {
  const multi = axes.findIndex((a) => axisDef(a).multiValued);
  const out: Acc[] = [];
  const classKeys = cells.map((c) => `${c.typeBit}|${c.gold}`);
  for (const set of sets) {
    const grouped = axes.map((a) => set.includes(a));
    const gid = grouped.reduce((g, on, i) => (on ? g : g | (1 << (axes.length - 1 - i))), 0);
    const all = multi < 0 || grouped[multi]!;
    const slices = new Map<string, Acc>();
    for (let ci = 0; ci < cells.length; ci++) {
      const c = cells[ci]!;
      let key = String(c.modelId);
      for (let i = 0; i < axes.length; i++) if (grouped[i]) key += `|${c.ranks[i]}`;
      let s = slices.get(key);
      if (!s) {
        s = {
          row: {
            modelId: c.modelId,
            gid,
            values: c.values.map((v, i) => (grouped[i] ? v : null)),
            labels: c.labels.map((l, i) => (grouped[i] ? l : null)),
            n: 0,
            correct: 0,
            macroAccuracy: null,
            types: 0,
            templates: [],
            dsIds: null,
            dsN: null,
            dsCorrect: null,
          },
          ranks: c.ranks.map((r, i) => (grouped[i] ? r : 0)),
          classes: new Map(),
          clusters: perCluster ? new Map() : null,
          mask: null,
          min: null,
          max: null,
        };
        slices.set(key, s);
      }
      const n = all ? c.n : c.nFirst!;
      const k = all ? c.correct : c.correctFirst!;
      if (c.isCluster) {
        const cl = s.clusters!.get(c.cluster);
        if (cl) {
          cl.n += n;
          cl.k += k;
        } else s.clusters!.set(c.cluster, { n, k });
        continue;
      }
      s.row.n += n;
      s.row.correct += k;
      s.row.types |= c.typeBit ?? 0;
      const classKey = classKeys[ci]!;
      const cl = s.classes.get(classKey);
      if (cl) {
        cl.n += n;
        cl.k += k;
      } else s.classes.set(classKey, { n, k });
      if (c.templateMask !== null) s.mask = (s.mask ?? 0n) | BigInt(c.templateMask);
      if (c.templateMin !== null && (s.min === null || c.templateMin < s.min)) s.min = c.templateMin;
      if (c.templateMax !== null && (s.max === null || c.templateMax > s.max)) s.max = c.templateMax;
    }
    out.push(...slices.values());
  }
  out.sort((a, b) => {
    if (a.row.modelId !== b.row.modelId) return a.row.modelId - b.row.modelId;
    if (a.row.gid !== b.row.gid) return a.row.gid - b.row.gid;
    for (let i = 0; i < a.ranks.length; i++) if (a.ranks[i] !== b.ranks[i]) return a.ranks[i]! - b.ranks[i]!;
    return 0;
  });
  return out.map((s) => {
    const row = s.row;
    row.macroAccuracy = macroAccuracy([...s.classes.values()]);
    row.templates = templatesOf(s.mask === null ? null : String(s.mask), s.min, s.max);
    if (s.clusters) {
      const ids = [...s.clusters.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
      row.dsIds = ids;
      row.dsN = ids.map((id) => s.clusters!.get(id)!.n);
      row.dsCorrect = ids.map((id) => s.clusters!.get(id)!.k);
    }
    return row;
  });
}
