import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { taskKinds } from '../db/schema/index.js';
import {
  benchmarkRevisions,
  benchmarks,
  domains,
  images,
  imageSets,
  imageSetSourceDatasets,
  modalities,
  models,
  predictions,
  questions,
  runs,
  sourceDatasets,
  stains,
  tasks,
  taxonomyGroups,
} from '../db/schema/index.js';

/**
 * Test factory for the results area: a tiny corpus with two modalities, two stains, three source datasets
 * (two tasks in two taxonomy groups), images with one coarse and one classification question each, and
 * helpers to add runs with chosen correctness. Plain inserts through drizzle, so the rollup triggers fire.
 */
export type ResultsCorpus = {
  benchmarkId: number;
  revisionId: number;
  modality: Record<'light' | 'fluo', number>;
  stain: Record<'he' | 'dapi', number>;
  dataset: Record<'kather' | 'held' | 'eulenberg_df', number>;
  /** Question ids in insertion order, with their image and type. */
  questions: { id: number; imageId: number; type: 'modality' | 'classification'; gold: string }[];
  imageIds: number[];
};

type ImageSpec = {
  modality: 'light' | 'fluo';
  stain: 'he' | 'dapi';
  dataset: 'kather' | 'held' | 'eulenberg_df';
  label: string;
};

/** 12 images × 2 questions (modality VQA + classification VQA) = 24 questions. */
export const defaultImageSpecs: ImageSpec[] = [
  { modality: 'light', stain: 'he', dataset: 'kather', label: 'tumor' },
  { modality: 'light', stain: 'he', dataset: 'kather', label: 'tumor' },
  { modality: 'light', stain: 'he', dataset: 'kather', label: 'stroma' },
  { modality: 'light', stain: 'he', dataset: 'kather', label: 'stroma' },
  { modality: 'light', stain: 'dapi', dataset: 'kather', label: 'mucus' },
  { modality: 'fluo', stain: 'dapi', dataset: 'held', label: 'metaphase' },
  { modality: 'fluo', stain: 'dapi', dataset: 'held', label: 'metaphase' },
  { modality: 'fluo', stain: 'dapi', dataset: 'held', label: 'anaphase' },
  { modality: 'fluo', stain: 'dapi', dataset: 'held', label: 'anaphase' },
  { modality: 'fluo', stain: 'he', dataset: 'held', label: 'g1' },
  { modality: 'light', stain: 'dapi', dataset: 'eulenberg_df', label: 'g1' },
  { modality: 'light', stain: 'dapi', dataset: 'eulenberg_df', label: 'g2' },
];

export async function createResultsCorpus(db: Db, specs = defaultImageSpecs): Promise<ResultsCorpus> {
  const [bench] = await db
    .insert(benchmarks)
    .values({ slug: `ubench-test-${Math.random().toString(36).slice(2, 8)}`, name: 'test', source: 'generated' })
    .returning({ id: benchmarks.id });
  const [rev] = await db
    .insert(benchmarkRevisions)
    .values({ benchmarkId: bench!.id, revision: 'rev-1', status: 'complete' })
    .returning({ id: benchmarkRevisions.id });
  const [dom] = await db.insert(domains).values({ slug: 'pathology', name: 'pathology' }).returning();
  const mods = await db
    .insert(modalities)
    .values([
      { slug: 'light', name: 'light microscopy' },
      { slug: 'fluo', name: 'fluorescence microscopy' },
    ])
    .returning();
  const st = await db
    .insert(stains)
    .values([
      { slug: 'he', name: 'H&E' },
      { slug: 'dapi', name: 'DAPI' },
    ])
    .returning();
  const groups = await db
    .insert(taxonomyGroups)
    .values([
      { slug: 'neoplastic-histopathology', name: 'Interpretation of neoplastic histopathology' },
      { slug: 'cell-cycle-stage', name: 'Cell cycle and stage identification' },
    ])
    .returning();
  const kind: (typeof taskKinds)[number] = 'fine_classification';
  const tk = await db
    .insert(tasks)
    .values([
      { slug: 'colorectal-tissue', name: 'Colorectal tissue', kind, taxonomyGroupId: groups[0]!.id },
      { slug: 'cell-cycle-phase', name: 'Cell cycle phase', kind, taxonomyGroupId: groups[1]!.id },
    ])
    .returning();
  const ds = await db
    .insert(sourceDatasets)
    .values([
      { slug: 'kather_et_al_2016', name: 'kather_et_al_2016', taskId: tk[0]!.id, license: 'CC-BY-4.0' },
      { slug: 'held_et_al_2010_h2b', name: 'held_et_al_2010_h2b', taskId: tk[1]!.id },
      { slug: 'eulenberg_et_al_2017_darkfield', name: 'eulenberg_et_al_2017_darkfield', taskId: tk[1]!.id },
    ])
    .returning();
  const [set] = await db.insert(imageSets).values({ slug: 'pathology-he', name: 'Pathology (H&E only)' }).returning();
  await db.insert(imageSetSourceDatasets).values({ imageSetId: set!.id, sourceDatasetId: ds[0]!.id });
  const modality = { light: mods[0]!.id, fluo: mods[1]!.id };
  const stain = { he: st[0]!.id, dapi: st[1]!.id };
  const dataset = { kather: ds[0]!.id, held: ds[1]!.id, eulenberg_df: ds[2]!.id };
  const imgs = await db
    .insert(images)
    .values(
      specs.map((s, i) => ({
        benchmarkId: bench!.id,
        revisionId: rev!.id,
        sourceImageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        contentHash: `hash${i}`,
        byteSize: 1,
        mimeType: 'image/png',
        width: 224,
        height: 224,
        channels: 3,
        bitDepth: 8,
        labelNames: [s.label],
        normalAbnormal: s.label === 'tumor' ? ('abnormal' as const) : s.label === 'stroma' ? ('normal' as const) : null,
        synthetic: s.dataset === 'held' && i % 2 === 0,
        license: s.dataset === 'kather' ? 'CC-BY-4.0' : 'CC-BY-NC-4.0',
        split: 'test',
        domainId: dom!.id,
        modalityId: modality[s.modality],
        stainId: stain[s.stain],
        sourceDatasetId: dataset[s.dataset],
        sourceFile: 'test',
        sourceRow: i,
      })),
    )
    .returning({ id: images.id });
  const qs: ResultsCorpus['questions'] = [];
  const qRows = specs.flatMap((s, i) => {
    const modName = s.modality === 'light' ? 'light microscopy' : 'fluorescence microscopy';
    return [
      {
        imageId: imgs[i]!.id,
        key: 'modality',
        sourceQuestionId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        type: 'modality' as const,
        protocol: 'vqa' as const,
        text: 'Which modality?',
        options: ['light microscopy', 'fluorescence microscopy', 'electron microscopy', 'none of the above'],
        answerIndex: s.modality === 'light' ? 0 : 1,
        answer: modName,
      },
      {
        imageId: imgs[i]!.id,
        key: 'classification',
        sourceQuestionId: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        type: 'classification' as const,
        protocol: 'vqa' as const,
        text: 'What is shown?',
        options: [s.label, 'other', 'none of the above'],
        answerIndex: 0,
        answer: s.label,
      },
    ];
  });
  const inserted = await db.insert(questions).values(qRows).returning({ id: questions.id });
  inserted.forEach((q, j) => {
    const r = qRows[j]!;
    qs.push({ id: q.id, imageId: r.imageId, type: r.type, gold: r.answer });
  });
  return {
    benchmarkId: bench!.id,
    revisionId: rev!.id,
    modality,
    stain,
    dataset,
    questions: qs,
    imageIds: imgs.map((i) => i.id),
  };
}

/** Adds a model (by slug, created if new) and a complete import run; returns the run id. */
export async function createRun(db: Db, corpus: ResultsCorpus, modelSlug: string): Promise<number> {
  await db
    .insert(models)
    .values({ slug: modelSlug, name: modelSlug, kind: 'generative' })
    .onConflictDoNothing({ target: models.slug });
  const [run] = await db
    .insert(runs)
    .values({
      modelId: sql`(select id from models where slug = ${modelSlug})`,
      benchmarkRevisionId: corpus.revisionId,
      protocol: 'choice',
      protocolVersion: 'test',
      status: 'complete',
      source: 'import',
    })
    .returning({ id: runs.id });
  return run!.id;
}

/** Inserts one prediction per question; `correct(i)` decides question i (null = failed). */
export async function addPredictions(
  db: Db,
  runId: number,
  corpus: ResultsCorpus,
  correct: (i: number) => boolean | null,
): Promise<void> {
  await db.insert(predictions).values(
    corpus.questions.map((q, i) => {
      const c = correct(i);
      return {
        runId,
        questionId: q.id,
        chosenIndex: c === null ? null : c ? 0 : 2,
        isCorrect: c,
        status: c === null ? ('failed' as const) : ('ok' as const),
      };
    }),
  );
}
