import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Db } from '../db/client.js';
import { benchmarkRevisions, benchmarks, images, questions, sourceDatasets } from '../db/schema/index.js';
import { ImageStore, type ImageBlobStore } from '../store/image-store.js';

export type VqaCorpus = {
  benchmarkId: number;
  store: ImageBlobStore;
  /** Question id → gold letter index, and the text the scripted server reads it from. */
  gold: Map<number, number>;
  questionIds: number[];
};

/** The options of `createVqaCorpus` questions unless a test gives others. */
export const VQA_OPTIONS = ['light microscopy', 'electron microscopy', 'fluorescence', 'none of the above'];

/**
 * A small benchmark of closed-VQA questions for generative-model tests: `images` tiny PNGs over two source
 * datasets, each with a `modality` and a `classification` question of `options` (image i's k-th question has gold
 * index (i + k) mod the option count). A question's text ends with `#<gold index>`, so a scripted server can
 * answer right or wrong on purpose (`goldOfPrompt`). Images go to `store` (a runtime's), else to a new directory
 * store.
 */
export async function createVqaCorpus(
  db: Db,
  imageCount = 10,
  store?: ImageBlobStore,
  options: readonly string[] = VQA_OPTIONS,
): Promise<VqaCorpus> {
  store ??= new ImageStore(await mkdtemp(join(tmpdir(), 'stratum-vqa-store-')));
  const [bench] = await db
    .insert(benchmarks)
    .values({ slug: `vqa-${Math.random().toString(36).slice(2, 8)}`, name: 'vqa', source: 'generated' })
    .returning({ id: benchmarks.id });
  const [rev] = await db
    .insert(benchmarkRevisions)
    .values({ benchmarkId: bench!.id, revision: 'vqa-1', status: 'complete' })
    .returning({ id: benchmarkRevisions.id });
  const ds = await db
    .insert(sourceDatasets)
    .values([
      { slug: `vqa_a_${bench!.id}`, name: 'vqa a' },
      { slug: `vqa_b_${bench!.id}`, name: 'vqa b' },
    ])
    .returning({ id: sourceDatasets.id });
  const rows = [];
  for (let i = 0; i < imageCount; i++) {
    const bytes = await sharp({
      create: { width: 16 + i, height: 12, channels: 3, background: { r: (i * 40) % 256, g: 80, b: 160 } },
    })
      .png()
      .toBuffer();
    rows.push({
      benchmarkId: bench!.id,
      revisionId: rev!.id,
      sourceImageId: `vqa-${i}`,
      contentHash: await store.put(bytes),
      byteSize: bytes.length,
      mimeType: 'image/png',
      width: 16 + i,
      height: 12,
      channels: 3,
      bitDepth: 8,
      labelNames: [`label ${i % 3}`],
      synthetic: false,
      split: 'test',
      sourceDatasetId: ds[i % 2]!.id,
      sourceFile: 'vqa',
      sourceRow: i,
    });
  }
  const inserted = await db.insert(images).values(rows).returning({ id: images.id });
  const qRows = inserted.flatMap((img, i) =>
    (['modality', 'classification'] as const).map((type, k) => {
      const answerIndex = (i + k) % options.length;
      return {
        imageId: img.id,
        key: `${type}_vqa`,
        type,
        protocol: 'vqa' as const,
        text: `What ${type} is shown? #${answerIndex}`,
        options: [...options],
        answerIndex,
      };
    }),
  );
  const qs = await db
    .insert(questions)
    .values(qRows)
    .returning({ id: questions.id, answerIndex: questions.answerIndex });
  return {
    benchmarkId: bench!.id,
    store,
    gold: new Map(qs.map((q) => [q.id, q.answerIndex])),
    questionIds: qs.map((q) => q.id).sort((a, b) => a - b),
  };
}

/** The gold index a `createVqaCorpus` prompt carries (`#<n>` at the end of its question line). */
export function goldOfPrompt(body: Record<string, unknown>): number {
  const messages = body.messages as { content: { type: string; text?: string }[] }[];
  const text = messages[0]!.content.find((p) => p.type === 'text')!.text!;
  return Number(/#(\d)\n/.exec(text)![1]);
}
