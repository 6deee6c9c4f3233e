import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createApiKey } from '../auth/api-keys.js';
import { loadConfig } from '../config.js';
import type { Db, DbHandle } from '../db/client.js';
import * as s from '../db/schema/index.js';
import type { Runtime } from '../runtime.js';
import { ImageStore } from '../store/image-store.js';

type Insert<T extends { $inferInsert: unknown }> = Partial<T['$inferInsert']>;

/**
 * Row factories for integration tests (`const f = factories(db.db); const d = await f.newDomain()`): every
 * required column gets a unique default, every column can be overridden. Parents an image needs (benchmark,
 * revision) are created once per factory set; a submodality's modality and a subdomain's domain are filled in
 * on the image, as the importer does.
 */
export function factories(db: Db) {
  let n = 0;
  const next = () => ++n;
  const one = async <T>(rows: Promise<T[]>): Promise<T> => (await rows)[0]!;
  let defaultRevision: Promise<typeof s.benchmarkRevisions.$inferSelect> | undefined;

  const f = {
    newBenchmark: (o: Insert<typeof s.benchmarks> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.benchmarks)
          .values({ slug: `bench-${i}`, name: `Benchmark ${i}`, source: 'generated', ...o })
          .returning(),
      );
    },
    newRevision: async (o: Insert<typeof s.benchmarkRevisions> = {}) => {
      const benchmarkId = o.benchmarkId ?? (await f.newBenchmark()).id;
      return one(
        db
          .insert(s.benchmarkRevisions)
          .values({ revision: `rev-${next()}`, status: 'complete', ...o, benchmarkId })
          .returning(),
      );
    },
    /** The revision images get when none is given (created on first use). */
    defaultRevision: () => (defaultRevision ??= f.newRevision()),
    newDomain: (o: Insert<typeof s.domains> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.domains)
          .values({ slug: `domain-${i}`, name: `domain ${i}`, ...o })
          .returning(),
      );
    },
    newSubdomain: async (o: Insert<typeof s.subdomains> = {}) => {
      const i = next();
      const domainId = o.domainId ?? (await f.newDomain()).id;
      return one(
        db
          .insert(s.subdomains)
          .values({ slug: `subdomain-${i}`, name: `subdomain ${i}`, ...o, domainId })
          .returning(),
      );
    },
    newModality: (o: Insert<typeof s.modalities> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.modalities)
          .values({ slug: `modality-${i}`, name: `modality ${i}`, ...o })
          .returning(),
      );
    },
    newSubmodality: async (o: Insert<typeof s.submodalities> = {}) => {
      const i = next();
      const modalityId = o.modalityId ?? (await f.newModality()).id;
      return one(
        db
          .insert(s.submodalities)
          .values({ slug: `submodality-${i}`, name: `submodality ${i}`, ...o, modalityId })
          .returning(),
      );
    },
    newStain: (o: Insert<typeof s.stains> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.stains)
          .values({ slug: `stain-${i}`, name: `stain ${i}`, ...o })
          .returning(),
      );
    },
    newOrganism: (o: Insert<typeof s.organisms> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.organisms)
          .values({ slug: `organism-${i}`, name: `organism ${i}`, ncbitaxonId: `NCBITaxon_${i}`, ...o })
          .returning(),
      );
    },
    newScale: (o: Insert<typeof s.scales> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.scales)
          .values({ slug: `scale-${i}`, name: `scale ${i}`, rank: i, ...o })
          .returning(),
      );
    },
    newTaxonomyGroup: (o: Insert<typeof s.taxonomyGroups> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.taxonomyGroups)
          .values({ slug: `group-${i}`, name: `group ${i}`, ...o })
          .returning(),
      );
    },
    newTask: (o: Insert<typeof s.tasks> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.tasks)
          .values({ slug: `task-${i}`, name: `task ${i}`, kind: 'fine_classification', ...o })
          .returning(),
      );
    },
    newSourceDataset: (o: Insert<typeof s.sourceDatasets> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.sourceDatasets)
          .values({ slug: `dataset_${i}`, name: `dataset ${i}`, ...o })
          .returning(),
      );
    },
    newImageSet: async (o: Insert<typeof s.imageSets> & { sourceDatasetIds?: number[] } = {}) => {
      const { sourceDatasetIds = [], ...rest } = o;
      const i = next();
      const set = await one(
        db
          .insert(s.imageSets)
          .values({ slug: `set-${i}`, name: `set ${i}`, ...rest })
          .returning(),
      );
      if (sourceDatasetIds.length) {
        await db
          .insert(s.imageSetSourceDatasets)
          .values(sourceDatasetIds.map((sourceDatasetId) => ({ imageSetId: set.id, sourceDatasetId })));
      }
      return set;
    },
    newImage: async (o: Insert<typeof s.images> = {}) => {
      const i = next();
      const revision = o.revisionId
        ? (await db.select().from(s.benchmarkRevisions).where(eq(s.benchmarkRevisions.id, o.revisionId)))[0]!
        : await f.defaultRevision();
      let { modalityId, domainId } = o;
      if (o.submodalityId && modalityId === undefined) {
        [{ modalityId }] = (await db
          .select({ modalityId: s.submodalities.modalityId })
          .from(s.submodalities)
          .where(eq(s.submodalities.id, o.submodalityId))) as [{ modalityId: number }];
      }
      if (o.subdomainId && domainId === undefined) {
        [{ domainId }] = (await db
          .select({ domainId: s.subdomains.domainId })
          .from(s.subdomains)
          .where(eq(s.subdomains.id, o.subdomainId))) as [{ domainId: number }];
      }
      return one(
        db
          .insert(s.images)
          .values({
            benchmarkId: revision.benchmarkId,
            revisionId: revision.id,
            sourceImageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            contentHash: i.toString(16).padStart(64, '0'),
            byteSize: 100,
            mimeType: 'image/png',
            width: 224,
            height: 224,
            channels: 3,
            bitDepth: 8,
            labelNames: [`label ${i}`],
            synthetic: false,
            split: 'test',
            sourceFile: 'test.arrow',
            sourceRow: i,
            ...o,
            modalityId,
            domainId,
          })
          .returning(),
      );
    },
    newQuestion: (o: Insert<typeof s.questions> & { imageId: number }) => {
      const i = next();
      return one(
        db
          .insert(s.questions)
          .values({
            key: `modality_${i}`,
            type: 'modality',
            protocol: 'vqa',
            text: `Question ${i}?`,
            options: ['A', 'B', 'C'],
            answerIndex: 0,
            ...o,
          })
          .returning(),
      );
    },
    newModel: (o: Insert<typeof s.models> = {}) => {
      const i = next();
      return one(
        db
          .insert(s.models)
          .values({ slug: `model-${i}`, name: `Model ${i}`, kind: 'contrastive', ...o })
          .returning(),
      );
    },
    newModelVersion: async (o: Insert<typeof s.modelVersions> = {}) => {
      const modelId = o.modelId ?? (await f.newModel()).id;
      return one(
        db
          .insert(s.modelVersions)
          .values({ weightsHash: `w${next()}`, ...o, modelId })
          .returning(),
      );
    },
    newRun: async (o: Insert<typeof s.runs> = {}) => {
      const modelId = o.modelId ?? (await f.newModel()).id;
      const benchmarkRevisionId = o.benchmarkRevisionId ?? (await f.defaultRevision()).id;
      return one(
        db
          .insert(s.runs)
          .values({
            protocol: 'choice',
            protocolVersion: 'test',
            source: 'import',
            status: 'complete',
            ...o,
            modelId,
            benchmarkRevisionId,
          })
          .returning(),
      );
    },
    newPrediction: (o: Insert<typeof s.predictions> & { runId: number; questionId: number }) =>
      one(db.insert(s.predictions).values(o).returning()),
    /** An API key; returns its row and the secret to send as `Authorization: Bearer <secret>`. */
    newApiKey: (name = `key ${next()}`) => createApiKey(db, name),
  };
  return f;
}

export type Factories = ReturnType<typeof factories>;

/** A Runtime over a test database, with a fresh temporary DATA_DIR (image store, thumbnails). */
export function testRuntime(handle: DbHandle, env: Record<string, string> = {}): Runtime {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  return { config, handle, store: new ImageStore(config.imageStoreDir), close: async () => undefined };
}
