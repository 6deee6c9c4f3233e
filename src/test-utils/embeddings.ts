import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Db } from '../db/client.js';
import { benchmarkRevisions, benchmarks, images, questions, sourceDatasets } from '../db/schema/index.js';
import { ImageStore } from '../store/image-store.js';
import { TINY_CLIP_COLOURS } from './tiny-clip.js';

export type Colour = (typeof TINY_CLIP_COLOURS)[number];
const RGB: Record<Colour, [number, number, number]> = { red: [255, 0, 0], green: [0, 255, 0], blue: [0, 0, 255] };

/** A solid-colour PNG (width × height), the colour shifted by `jitter` so images differ slightly. */
export async function colourPng(colour: Colour, jitter = 0, width = 24, height = 20): Promise<Buffer> {
  const [r, g, b] = RGB[colour].map((v) => (v === 0 ? Math.min(120, jitter) : 255 - Math.min(120, jitter))) as [
    number,
    number,
    number,
  ];
  return sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
}

export type ColourCorpus = {
  store: ImageStore;
  benchmarkId: number;
  revisionId: number;
  datasets: { a: number; b: number };
  /** Image ids in insertion order with their colour (null: the corrupt image) and dataset. */
  images: { id: number; colour: Colour | null; dataset: 'a' | 'b' }[];
  /** Caption questions (`classification_0` and `classification_1` per image). */
  questions: { id: number; imageId: number; template: number; answerIndex: number }[];
};

/**
 * A small corpus for the embeddings tests: solid-colour PNGs (red/green/blue in turn, jittered) in a temporary
 * image store, split over two source datasets, each with two caption sets (templates 0 and 1) whose options name
 * the three colours in a rotating order plus "none of the above". `corrupt: true` adds one image whose stored bytes
 * are not an image.
 */
export async function createColourCorpus(db: Db, count = 9, opts: { corrupt?: boolean } = {}): Promise<ColourCorpus> {
  const store = new ImageStore(await mkdtemp(join(tmpdir(), 'stratum-emb-store-')));
  const [bench] = await db
    .insert(benchmarks)
    .values({ slug: `colours-${Math.random().toString(36).slice(2, 8)}`, name: 'colours', source: 'generated' })
    .returning({ id: benchmarks.id });
  const [rev] = await db
    .insert(benchmarkRevisions)
    .values({ benchmarkId: bench!.id, revision: 'colours-1', status: 'complete' })
    .returning({ id: benchmarkRevisions.id });
  const ds = await db
    .insert(sourceDatasets)
    .values([
      { slug: `colours_a_${bench!.id}`, name: 'colours a' },
      { slug: `colours_b_${bench!.id}`, name: 'colours b' },
    ])
    .returning({ id: sourceDatasets.id });
  const specs: { colour: Colour | null; dataset: 'a' | 'b'; bytes: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const colour = TINY_CLIP_COLOURS[i % 3]!;
    specs.push({ colour, dataset: i % 2 === 0 ? 'a' : 'b', bytes: await colourPng(colour, i * 7) });
  }
  if (opts.corrupt) specs.push({ colour: null, dataset: 'a', bytes: Buffer.from('definitely not a PNG file') });
  const rows = [];
  for (const [i, s] of specs.entries()) {
    const hash = await store.put(s.bytes);
    rows.push({
      benchmarkId: bench!.id,
      revisionId: rev!.id,
      sourceImageId: `img-${i}`,
      contentHash: hash,
      byteSize: s.bytes.length,
      mimeType: 'image/png',
      width: 24,
      height: 20,
      channels: 3,
      bitDepth: 8,
      labelNames: [s.colour ?? 'corrupt'],
      synthetic: false,
      split: 'test',
      sourceDatasetId: s.dataset === 'a' ? ds[0]!.id : ds[1]!.id,
      sourceFile: 'colours',
      sourceRow: i,
    });
  }
  const inserted = await db.insert(images).values(rows).returning({ id: images.id });
  const qRows = specs.flatMap((s, i) => {
    const order = [0, 1, 2].map((j) => TINY_CLIP_COLOURS[(i + j) % 3]!);
    const options = [...order.map((c) => `A photo of ${c} cells.`), 'none of the above'];
    const answerIndex = s.colour ? order.indexOf(s.colour) : 0;
    return [0, 1].map((template) => ({
      imageId: inserted[i]!.id,
      key: `classification_${template}`,
      type: 'classification' as const,
      protocol: 'caption' as const,
      template,
      name: 'classification',
      text: 'A photo of {class} cells.',
      options,
      answerIndex,
    }));
  });
  const qs = await db.insert(questions).values(qRows).returning({ id: questions.id });
  return {
    store,
    benchmarkId: bench!.id,
    revisionId: rev!.id,
    datasets: { a: ds[0]!.id, b: ds[1]!.id },
    images: specs.map((s, i) => ({ id: inserted[i]!.id, colour: s.colour, dataset: s.dataset })),
    questions: qs.map((q, j) => ({
      id: q.id,
      imageId: qRows[j]!.imageId,
      template: qRows[j]!.template,
      answerIndex: qRows[j]!.answerIndex,
    })),
  };
}
