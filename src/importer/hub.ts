import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ImportError } from './errors.js';

export type HubSpec = { repo: string; revision: string };

/** `hub:owner/name@rev` or `owner/name@rev` → spec; null when `source` is not a Hub spec. */
export function parseHubSpec(source: string): HubSpec | null {
  const m = /^(?:hub:)?([A-Za-z0-9][\w.-]*\/[\w.-]+)@([\w./-]+)$/.exec(source);
  if (!m) return null;
  return { repo: m[1]!, revision: m[2]! };
}

/**
 * The revision of a folder or file inside the Hub download cache (`…/hub/datasets/<owner>/<name>/<revision>/…`),
 * so re-importing cached shards needs no `--revision`; null elsewhere.
 */
export function revisionFromHubCachePath(path: string): string | null {
  return /[\\/]hub[\\/]datasets[\\/][^\\/]+[\\/][^\\/]+[\\/]([^\\/]+)(?:[\\/]|$)/.exec(path)?.[1] ?? null;
}

export type HubFile = { path: string; size: number };

export type HubOptions = {
  /** Hub base URL; `HF_ENDPOINT` or https://huggingface.co. */
  endpoint?: string;
  /** Optional bearer token (`HF_TOKEN`), for gated or private datasets. */
  token?: string;
  fetchImpl?: typeof fetch;
};

function endpointOf(options: HubOptions): string {
  return (options.endpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
}

function headersOf(options: HubOptions): Record<string, string> {
  const token = options.token ?? process.env.HF_TOKEN;
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Lists the `*.arrow` shards of `config` (e.g. `perception/0.1.0`) at the pinned revision, via the Hub tree API. */
export async function listHubShards(spec: HubSpec, config: string, options: HubOptions = {}): Promise<HubFile[]> {
  const doFetch = options.fetchImpl ?? fetch;
  const url = `${endpointOf(options)}/api/datasets/${spec.repo}/tree/${encodeURIComponent(spec.revision)}/${config}`;
  let response: Response;
  try {
    response = await doFetch(url, { headers: headersOf(options) });
  } catch (error) {
    throw new ImportError('HUB_UNAVAILABLE', `cannot reach the Hub at ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    throw new ImportError('HUB_UNAVAILABLE', `Hub listing ${url} failed: HTTP ${response.status}`);
  }
  const entries = (await response.json()) as { type?: string; path?: string; size?: number; lfs?: { size?: number } }[];
  const files = entries
    .filter((e) => e.type === 'file' && typeof e.path === 'string' && e.path.endsWith('.arrow'))
    .map((e) => ({ path: e.path!, size: Number(e.lfs?.size ?? e.size ?? -1) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  if (files.length === 0) {
    throw new ImportError('NO_INPUT_FILES', `no *.arrow shards under ${config} of ${spec.repo}@${spec.revision}`);
  }
  return files;
}

/**
 * Downloads one shard into `cacheDir` (resumable: a `.part` file is continued with an HTTP Range request)
 * and verifies its size against the listing. Returns the local path; an already complete file is reused.
 */
export async function downloadHubFile(
  spec: HubSpec,
  file: HubFile,
  cacheDir: string,
  options: HubOptions = {},
): Promise<string> {
  const doFetch = options.fetchImpl ?? fetch;
  const target = join(cacheDir, file.path);
  const part = `${target}.part`;
  const sizeOf = async (p: string) => (await stat(p).catch(() => null))?.size ?? null;
  if ((await sizeOf(target)) === file.size) return target;
  await mkdir(dirname(target), { recursive: true });
  let have = (await sizeOf(part)) ?? 0;
  if (file.size >= 0 && have > file.size) {
    await unlink(part);
    have = 0;
  }
  const url = `${endpointOf(options)}/datasets/${spec.repo}/resolve/${encodeURIComponent(spec.revision)}/${file.path}`;
  if (file.size < 0 || have < file.size) {
    const headers: Record<string, string> = headersOf(options);
    if (have > 0) headers.range = `bytes=${have}-`;
    let response: Response;
    try {
      response = await doFetch(url, { headers });
    } catch (error) {
      throw new ImportError('DOWNLOAD_FAILED', `download of ${url} failed: ${(error as Error).message}`, file.path);
    }
    if (!(response.status === 200 || response.status === 206) || !response.body) {
      throw new ImportError('DOWNLOAD_FAILED', `download of ${url} failed: HTTP ${response.status}`, file.path);
    }
    // 200 means the server ignored the range: start over.
    const append = response.status === 206 && have > 0;
    await pipeline(
      Readable.fromWeb(response.body as unknown as WebReadableStream),
      createWriteStream(part, { flags: append ? 'a' : 'w' }),
    );
  }
  const size = await sizeOf(part);
  if (file.size >= 0 && size !== file.size) {
    throw new ImportError(
      'DOWNLOAD_FAILED',
      `${file.path}: downloaded ${size ?? 0} bytes but the Hub lists ${file.size}; run the import again to resume`,
      file.path,
    );
  }
  await rename(part, target);
  return target;
}
