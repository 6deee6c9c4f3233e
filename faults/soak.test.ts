import { afterAll, describe, expect, it } from 'vitest';
import {
  alive,
  createKey,
  exited,
  gql,
  killAll,
  median,
  rssKiB,
  scopeIds,
  seededDatabase,
  serve,
  sleep,
  sqlOn,
  type Database,
} from './support.js';

/**
 * Issue 13, "60 s at c=32 mixed reads and writes with 0 errors and flat RSS": one real `stratum serve` on
 * PostgreSQL, 32 clients for FAULTS_SOAK_SECONDS (default 60) of image pages (following cursors), facets, results
 * and image-set creation with a bearer key. Every answer must be a 200 without errors, and the server's resident
 * memory (sampled from /proc every second) must not grow: the median of the last third (at most 20 s) within 25 %
 * of the median of the first third, after a short warm-up.
 */
const SECONDS = Number(process.env.FAULTS_SOAK_SECONDS ?? 60);
const CLIENTS = 32;
const WINDOW = Math.min(20, Math.floor(SECONDS / 3));

const IMAGES = `query ($after: String) { images(first: 25, after: $after) {
  pageInfo { endCursor hasNextPage } nodes { id width height modality { slug } sourceDataset { slug } } } }`;
const FACETS = `{ images(first: 1) { facets(axes: [MODALITY, DOMAIN, STAIN]) { axis values { slug count } } } }`;
const RESULTS = `query ($ids: [String!]) { results(models: ["ubench-demo-clip"], filter: { sourceImageIds: $ids },
  evaluate: false, groupBy: [MODALITY], overall: true) { slices { n accuracy } coverage { done total } } }`;
const CREATE_SET = `mutation ($input: CreateImageSetInput!) { createImageSet(input: $input) {
  ok error { code message } imageSet { slug } } }`;

let db: Database | undefined;
afterAll(async () => {
  killAll();
  await db?.drop();
});

describe(`${SECONDS} s at c=${CLIENTS}, mixed reads and writes (real serve process, PostgreSQL)`, () => {
  it('0 errors and flat RSS', { timeout: (SECONDS + 120) * 1000 }, async () => {
    db = await seededDatabase();
    const key = await createKey(db.url);
    const datasets = (await sqlOn<{ slug: string }>(db.url, 'select slug from source_datasets order by slug')).map(
      (r) => r.slug,
    );
    const ids = await scopeIds(db.url, 100);
    const proc = serve(db.url);
    const base = await proc.ready;

    const failures: string[] = [];
    const counts = { reads: 0, writes: 0 };
    let stop = false;
    let sets = 0;
    const client = async (c: number) => {
      let after: string | null = null;
      for (let j = c; !stop; j++) {
        const kind = j % 5;
        const write = kind === 4;
        const reply =
          kind === 0 || kind === 1
            ? await gql(base, IMAGES, { after })
            : kind === 2
              ? await gql(base, FACETS)
              : kind === 3
                ? await gql(base, RESULTS, { ids })
                : await gql(
                    base,
                    CREATE_SET,
                    {
                      input: {
                        slug: `soak-${c}-${sets++}`,
                        name: `soak ${c}`,
                        sourceDatasets: [datasets[j % datasets.length]],
                      },
                    },
                    key,
                  );
        const data = reply.body.data as
          Record<string, { ok?: boolean; pageInfo?: { endCursor: string | null; hasNextPage: boolean } }> | undefined;
        if (reply.status !== 200 || reply.body.errors || (write && !data?.createImageSet?.ok))
          failures.push(`${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
        if (kind <= 1) {
          const page = data?.images?.pageInfo;
          after = page?.hasNextPage ? page.endCursor : null;
        }
        counts[write ? 'writes' : 'reads']++;
      }
    };
    const load = Array.from({ length: CLIENTS }, (_, c) => client(c));
    await sleep(5000); // warm-up: JIT, pools and caches fill before the first sample counts
    const rss: number[] = [];
    for (let s = 0; s < SECONDS; s++) {
      await sleep(1000);
      rss.push(rssKiB(proc.pid));
    }
    stop = true;
    await Promise.all(load);

    const first = median(rss.slice(0, WINDOW));
    const last = median(rss.slice(-WINDOW));
    console.log(
      `soak: ${SECONDS} s, c=${CLIENTS}: ${counts.reads} reads, ${counts.writes} writes, ${failures.length} errors; ` +
        `RSS median first ${WINDOW} s ${(first / 1024).toFixed(0)} MiB, last ${WINDOW} s ${(last / 1024).toFixed(0)} MiB ` +
        `(${(((last - first) / first) * 100).toFixed(1)} %), max ${(Math.max(...rss) / 1024).toFixed(0)} MiB`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    expect(counts.writes).toBeGreaterThan(0);
    expect(alive(proc.child)).toBe(true);
    expect(last).toBeLessThanOrEqual(first * 1.25);
    const [created] = await sqlOn<{ n: number }>(
      db.url,
      `select count(*)::int as n from image_sets where slug like 'soak-%'`,
    );
    expect(created!.n).toBe(counts.writes);
    proc.child.kill('SIGTERM');
    expect(await exited(proc.child)).toEqual({ code: 0, signal: null });
  });
});
