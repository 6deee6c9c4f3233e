// The README tour's queries over a fresh demo corpus, answered by the GraphQL server (executeOperation) and
// written as one JSON file: run it before and after a refactoring and diff the two (docs/architecture.md).
//   EVAL_INLINE_THRESHOLD=100000 npx tsx scripts/tour-snapshot.ts docs/tour-snapshots/after.json
// Every zero-shot run is computed inline, so the answers (run ids included) do not depend on timing.
import { writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { resolve } from 'node:path';
import { createScratchDb } from '../src/db/scratch.js';
import { createTestServer } from '../src/graphql/testing.js';
import { registerModel } from '../src/embeddings/registry.js';

const out = process.argv[2];
if (!out) throw new Error('usage: tour-snapshot.ts <out.json>');

const queries: Record<string, string> = {
  corpus: `{
    benchmarks { slug name revisions { revision status rowsImported issueCount } }
    modalities { name imageCount submodalities { name imageCount } }
    taxonomyGroups { name imageCount tasks { slug imageCount } }
  }`,
  filterAndFacets: `{
    images(first: 5, filter: { modality: { slugIn: ["fluorescence-microscopy"] }, micronsPerPixel: { lte: 1 } }) {
      totalCount
      facets(axes: [STAIN, ORGANISM, SOURCE_DATASET, LABEL_NAME]) { axis values { name count } }
      pageInfo { hasNextPage endCursor }
      nodes { id labelNames stain { name } organism { name } task { slug } scale { name } }
    }
  }`,
  allFacets: `{
    images(first: 1) {
      totalCount
      facets(axes: [BENCHMARK, DOMAIN, SUBDOMAIN, MODALITY, SUBMODALITY, STAIN, ORGANISM, SCALE, SOURCE_DATASET,
        TASK, TAXONOMY_GROUP, IMAGE_SET, LICENSE, SYNTHETIC, NORMAL_ABNORMAL, LABEL_NAME, INSTITUTION, PMID, SPLIT]) {
        axis values { name count }
      }
    }
  }`,
  resultsByQuestionType: `{
    results(models: ["ubench-demo-clip"], groupBy: [QUESTION_TYPE], overall: true) {
      coverage { model mode done total failed run { id status } }
      slices {
        group { axis label } n correct accuracy
        interval { method low high plusMinus } macroAccuracy lowSupport runIds benchmarkRevisions
      }
    }
  }`,
  byStainAndFine: `{
    byStain: results(models: ["ubench-demo-clip"], groupBy: [MODALITY, STAIN], interval: BOOTSTRAP, seed: 0) {
      slices { group { axis label } n accuracy interval { low high } }
    }
    fine: results(models: ["ubench-demo-clip"], preset: FINE_BY_TASK) {
      slices { group { label } n accuracy interval { plusMinus } }
      reference { model accuracy plusMinus }
    }
  }`,
  everyResultAxis: `{
    results(models: ["ubench-demo-clip"], groupBy: [DOMAIN, SUBDOMAIN], overall: true) {
      slices { model { slug } grouping group { axis value label } n correct }
    }
    m: results(models: ["ubench-demo-clip"], groupBy: [MODALITY, SUBMODALITY]) { slices { group { value } n correct } }
    o: results(models: ["ubench-demo-clip"], groupBy: [ORGANISM, SCALE, SOURCE_DATASET]) { slices { group { value } n correct } }
    t: results(models: ["ubench-demo-clip"], groupBy: [TASK, TAXONOMY_GROUP, IMAGE_SET], overall: true) { slices { group { value } n correct } }
    l: results(models: ["ubench-demo-clip"], groupBy: [LABEL_NAME, NORMAL_ABNORMAL, SYNTHETIC, LICENSE], overall: true) { slices { group { value } n correct } }
  }`,
  search: `{
    similarImages(to: { text: "A fluorescence micrograph of a cell in metaphase." }, model: "ubench-demo-clip",
                  filter: { modality: { slugIn: ["fluorescence-microscopy"] } }, k: 8) {
      method
      hits { score image { id labelNames sourceDataset { slug } } }
    }
  }`,
};

const scratch = await createScratchDb({ driver: 'pglite', prefix: 'bench' });
const api = await createTestServer(scratch.handle);
const { ensureDemoCorpus } = await import('../seeds/demo/ensure.js');
await ensureDemoCorpus(api.runtime, { progressBar: false, log: () => undefined });
await registerModel(scratch.handle, {
  dir: resolve(import.meta.dirname, '../models/ubench-demo-clip'),
  slug: 'ubench-demo-clip',
  name: 'μ-Bench demo CLIP (built-in)',
});
const answers: Record<string, unknown> = {};
for (const [name, query] of Object.entries(queries)) {
  answers[name] = await api.exec(query);
  console.error(`${name}: done`);
}
// The export route answers from the same service; its CSV is covered by the HTTP tests.
// Written as prettier formats it, so the repository's format check and a regenerated file agree byte for byte.
writeFileSync(out, await format(JSON.stringify(answers, null, 1), { parser: 'json' }));
await api.close();
await scratch.drop();
process.exit(0);
