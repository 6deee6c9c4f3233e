import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, importRelease } from './index.js';
import { downloadHubFile, listHubShards, parseHubSpec, revisionFromHubCachePath } from './hub.js';
import { createTestRuntime, type TestRuntime } from '../test-utils/runtime.js';

const fixtureDir = fileURLToPath(new URL('../../fixtures/ubench-format/', import.meta.url));
const shards = ['ubench-test-00000-of-00002.arrow', 'ubench-test-00001-of-00002.arrow'];
const revision = '3f2c5b590bc7a208d5b60f3527ce4c76a331aa2b';

/** A stand-in for the Hub on 127.0.0.1: the tree API and `resolve` downloads (with Range) of the fixture shards. */
function fakeHub(requests: { url: string; range: string | undefined }[]): Server {
  return createServer((req, res) => {
    const url = req.url ?? '';
    requests.push({ url, range: req.headers.range });
    if (url === `/api/datasets/jnirschl/uBench/tree/${revision}/perception/0.1.0`) {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify([
          { type: 'file', path: 'perception/0.1.0/dataset_info.json', size: 10 },
          ...shards.map((s) => {
            const size = statSync(join(fixtureDir, s)).size;
            return {
              type: 'file',
              path: `perception/0.1.0/${s}`,
              size: 134,
              lfs: { size, oid: 'x', pointerSize: 134 },
            };
          }),
        ]),
      );
      return;
    }
    const m = new RegExp(`^/datasets/jnirschl/uBench/resolve/${revision}/perception/0\\.1\\.0/(.+)$`).exec(url);
    const name = m?.[1];
    if (name && shards.includes(name)) {
      const bytes = readFileSync(join(fixtureDir, name));
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        res.writeHead(206, { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
        res.end(bytes.subarray(start));
      } else {
        res.end(bytes);
      }
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
}

describe('importing from the Hub (a local stand-in)', () => {
  let rt: TestRuntime;
  let server: Server;
  const requests: { url: string; range: string | undefined }[] = [];
  let previousEndpoint: string | undefined;

  beforeAll(async () => {
    rt = await createTestRuntime();
    server = fakeHub(requests);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    previousEndpoint = process.env.HF_ENDPOINT;
    process.env.HF_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (previousEndpoint === undefined) delete process.env.HF_ENDPOINT;
    else process.env.HF_ENDPOINT = previousEndpoint;
    await new Promise((r) => server.close(r));
    await rt.destroy();
  });

  it('parses hub specs', () => {
    expect(parseHubSpec(`jnirschl/uBench@${revision}`)).toEqual({ repo: 'jnirschl/uBench', revision });
    expect(parseHubSpec('hub:jnirschl/uBench@main')).toEqual({ repo: 'jnirschl/uBench', revision: 'main' });
    expect(parseHubSpec('./fixtures/ubench-format')).toBeNull();
    expect(parseHubSpec('jnirschl/uBench')).toBeNull();
    expect(revisionFromHubCachePath(`/d/hub/datasets/jnirschl/uBench/${revision}/perception/0.1.0`)).toBe(revision);
    expect(revisionFromHubCachePath(`/d/hub/datasets/jnirschl/uBench/${revision}`)).toBe(revision);
    expect(revisionFromHubCachePath('/d/shards/perception/0.1.0')).toBeNull();
  });

  it('lists the pinned shards, resumes a partial download, verifies sizes and imports', async () => {
    const cache = join(rt.dataDir, 'hub', 'datasets', 'jnirschl', 'uBench', revision, 'perception', '0.1.0');
    mkdirSync(cache, { recursive: true });
    const second = readFileSync(join(fixtureDir, shards[1]!));
    const half = Math.floor(second.length / 2);
    writeFileSync(join(cache, `${shards[1]}.part`), second.subarray(0, half)); // an interrupted earlier download

    const summary = await importRelease(rt, {
      sources: [`jnirschl/uBench@${revision}`],
      benchmark: { slug: 'ubench', name: 'μ-Bench', source: 'jnirschl/uBench' },
      revision,
    });
    expect(summary).toMatchObject({
      rowsRead: 27,
      rowsImported: 25,
      rowsSkipped: 2,
      files: [
        { file: shards[0], rows: 13 },
        { file: shards[1], rows: 14 },
      ],
    });
    expect(requests).toEqual([
      { url: `/api/datasets/jnirschl/uBench/tree/${revision}/perception/0.1.0`, range: undefined },
      { url: `/datasets/jnirschl/uBench/resolve/${revision}/perception/0.1.0/${shards[0]}`, range: undefined },
      { url: `/datasets/jnirschl/uBench/resolve/${revision}/perception/0.1.0/${shards[1]}`, range: `bytes=${half}-` },
    ]);
    for (const s of shards) {
      expect(readFileSync(join(cache, s)).equals(readFileSync(join(fixtureDir, s)))).toBe(true);
      expect(existsSync(join(cache, `${s}.part`))).toBe(false);
    }
    const [location] = await rt.handle.query(`select revision, location from benchmark_revisions`);
    expect(location).toEqual({ revision, location: `hub:jnirschl/uBench@${revision}/perception/0.1.0` });

    // a second run downloads nothing (the cache is complete) and changes nothing
    requests.length = 0;
    const again = await importRelease(rt, {
      sources: [`jnirschl/uBench@${revision}`],
      benchmark: { slug: 'ubench', name: 'μ-Bench', source: 'jnirschl/uBench' },
      revision,
    });
    expect(again).toEqual({ ...summary, unchanged: true });
    expect(requests.map((r) => r.url)).toEqual([`/api/datasets/jnirschl/uBench/tree/${revision}/perception/0.1.0`]);
  });

  it('fails with a coded error when a download is shorter than the listing says', async () => {
    const spec = { repo: 'jnirschl/uBench', revision };
    const [file] = await listHubShards(spec, 'perception/0.1.0');
    const attempt = downloadHubFile(spec, { ...file!, size: file!.size + 10 }, join(rt.dataDir, 'short'));
    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toMatchObject({
      code: 'DOWNLOAD_FAILED',
      message: `perception/0.1.0/${shards[0]}: downloaded ${file!.size} bytes but the Hub lists ${file!.size + 10}; run the import again to resume`,
    });
  });

  it('fails with a coded error when the revision is not on the Hub', async () => {
    await expect(
      listHubShards({ repo: 'jnirschl/uBench', revision: 'nope' }, 'perception/0.1.0'),
    ).rejects.toMatchObject({
      code: 'HUB_UNAVAILABLE',
    });
  });
});
