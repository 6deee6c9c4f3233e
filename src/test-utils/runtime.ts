import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import type { DbHandle } from '../db/client.js';
import type { Runtime } from '../runtime.js';
import { ImageStore } from '../store/image-store.js';
import { createTestDb, type TestDb } from './db.js';

export type TestRuntime = Runtime & { db: TestDb; dataDir: string; destroy(): Promise<void> };

/** A runtime over a fresh test database (PGlite or PostgreSQL) and a temporary data dir / image store. */
export async function createTestRuntime(): Promise<TestRuntime> {
  const db = await createTestDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'stratum-import-'));
  const config = loadConfig({ DATA_DIR: dataDir } as NodeJS.ProcessEnv);
  return {
    config,
    handle: db,
    store: new ImageStore(config.imageStoreDir),
    db,
    dataDir,
    close: async () => undefined,
    async destroy() {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A canonical, id-free dump of one benchmark's corpus (images with their axes by name, questions, issues,
 * revision totals), for comparing two imports of the same data.
 */
export async function dumpCorpus(handle: DbHandle, benchmarkSlug: string): Promise<Record<string, unknown[]>> {
  const imageRows = await handle.query(
    `select i.source_image_id, i.content_hash, i.byte_size, i.mime_type, i.width, i.height, i.channels, i.bit_depth,
            i.microns_per_pixel, i.label_names, i.label_index, i.normal_abnormal, i.synthetic, i.license,
            i.institutions, i.pmid, i.split, d.name as domain, sd.name as subdomain, m.name as modality,
            sm.name as submodality, st.name as stain, o.ncbitaxon_id as organism, sc.slug as scale,
            ds.slug as source_dataset, i.bbox, i.polygon, i.source_file, i.source_row, r.revision
     from images i join benchmarks b on b.id = i.benchmark_id
     join benchmark_revisions r on r.id = i.revision_id
     left join domains d on d.id = i.domain_id left join subdomains sd on sd.id = i.subdomain_id
     left join modalities m on m.id = i.modality_id left join submodalities sm on sm.id = i.submodality_id
     left join stains st on st.id = i.stain_id left join organisms o on o.id = i.organism_id
     left join scales sc on sc.id = i.scale_id left join source_datasets ds on ds.id = i.source_dataset_id
     where b.slug = $1 order by i.source_image_id`,
    [benchmarkSlug],
  );
  const questionRows = await handle.query(
    `select i.source_image_id, q.key, q.source_question_id, q.type, q.protocol, q.template, q.name, q.text,
            q.options, q.answer_index, q.answer
     from questions q join images i on i.id = q.image_id join benchmarks b on b.id = i.benchmark_id
     where b.slug = $1 order by i.source_image_id, q.key`,
    [benchmarkSlug],
  );
  const issueRows = await handle.query(
    `select r.revision, x.file, x.row, x.source_image_id, x.severity, x.code, x.field, x.message
     from import_issues x join benchmark_revisions r on r.id = x.revision_id join benchmarks b on b.id = r.benchmark_id
     where b.slug = $1 order by r.revision, x.file, x.row, x.code`,
    [benchmarkSlug],
  );
  const revisionRows = await handle.query(
    `select r.revision, r.status, r.rows_read, r.rows_imported, r.rows_skipped, r.corrections
     from benchmark_revisions r join benchmarks b on b.id = r.benchmark_id where b.slug = $1 order by r.revision`,
    [benchmarkSlug],
  );
  const batchRows = await handle.query(
    `select r.revision, x.file, x.batch_index, x.rows_read, x.rows_imported, x.rows_skipped
     from import_batches x join benchmark_revisions r on r.id = x.revision_id join benchmarks b on b.id = r.benchmark_id
     where b.slug = $1 order by r.revision, x.file, x.batch_index`,
    [benchmarkSlug],
  );
  return { images: imageRows, questions: questionRows, issues: issueRows, revisions: revisionRows, batches: batchRows };
}
