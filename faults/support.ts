import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * What every fault scenario shares: real `stratum` processes (the CLI exactly as a user starts it), scratch
 * PostgreSQL databases (empty, or cloned from the seeded template that `setup.ts` builds once per suite run), and
 * small waits. Nothing here knows about a particular scenario.
 */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
/** One data directory for every child: the generated demo corpus is written once and reused (PostgreSQL holds the rest). */
export const dataDir = join(tmpdir(), 'stratum-faults-data');
/** Seconds after which a silent worker is presumed dead (short, so that kill -9 scenarios finish quickly). */
export const LEASE = 3;

const children = new Set<ChildProcess>();

/** Environment of every child process: the database, short leases, small chunks, quiet logs. */
function childEnv(url: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    WORKER_LEASE_SECONDS: String(LEASE),
    EMBED_BATCH_SIZE: '4',
    EMBED_INFERENCE_THREAD: 'main',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...extra,
  };
}

/** A `stratum …` child; its stdout and stderr are kept (the serve URL and errors are read from them). */
export type Proc = { child: ChildProcess; pid: number; out: () => string };

export function stratum(args: string[], url: string, env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['bin/stratum.js', ...args], {
    env: childEnv(url, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    if (process.env.FAULTS_VERBOSE) process.stdout.write(chunk);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return { child, pid: child.pid!, out: () => out };
}

/** Runs a `stratum …` command to completion and returns its stdout (throws on a non-zero exit). */
export async function stratumOnce(args: string[], url: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/stratum.js', ...args], {
    env: childEnv(url, {}),
  });
  return stdout;
}

/** Kills (SIGKILL) every child still running: for afterAll. */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
}

/** Resolves with the exit code (null when a signal ended it) once the child has exited. */
export const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

export const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** A timestamped progress line (the scenarios are long; this says where one stands). */
export const step = (message: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${message}`);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | null | false>, timeoutMs = 180_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** A `stratum serve` child on a free port (PORT=0); `ready` resolves with its base URL once it listens. */
export type Serve = Proc & { ready: Promise<string> };

export function serve(url: string, opts: { worker?: boolean; env?: Record<string, string> } = {}): Serve {
  const proc = stratum(['serve', ...(opts.worker === false ? ['--no-worker'] : [])], url, {
    PORT: '0',
    LOG_LEVEL: 'info',
    ...opts.env,
  });
  const ready = until(
    `serve ${proc.pid} to listen`,
    async () => {
      if (!alive(proc.child)) throw new Error(`serve ${proc.pid} exited before listening:\n${proc.out().slice(-3000)}`);
      return /Dashboard: (http:\/\/[^/\s]+)\//.exec(proc.out())?.[1] ?? null;
    },
    240_000,
  );
  ready.catch(() => undefined);
  return Object.assign(proc, { ready });
}

/** One statement on a short-lived connection (no pool to leak between scenarios; survives terminated backends). */
export async function sqlOn<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export type Database = { name: string; url: string; drop(): Promise<void> };

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database: empty (no migrations: the processes under test create everything), or a copy of `template`. */
export async function createDatabase(template?: string): Promise<Database> {
  const name = `stratum_test_faults_${process.pid}_${randomBytes(4).toString('hex')}`;
  await sqlOn(adminUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return {
    name,
    url: databaseUrl(name),
    drop: async () => void (await sqlOn(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/** Name of the seeded template database (demo corpus imported, built-in models registered), from `setup.ts`. */
export const TEMPLATE_ENV = 'STRATUM_FAULTS_TEMPLATE';

/** A copy of the seeded template: a database as an uninterrupted first `serve` leaves it. */
export function seededDatabase(): Promise<Database> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is unset: run the suite with vitest.faults.config.ts`);
  return createDatabase(template);
}

/** Terminates every backend of the database but the caller's; returns how many. */
export async function terminateBackends(name: string): Promise<number> {
  const [row] = await sqlOn<{ n: number }>(
    adminUrl,
    `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
     where datname = $1 and pid <> pg_backend_pid()`,
    [name],
  );
  return row!.n;
}

/** An API key made by the real CLI (`stratum keys create`). */
export async function createKey(url: string): Promise<string> {
  const out = await stratumOnce(['keys', 'create', 'faults'], url);
  const key = /strat_[A-Za-z0-9_-]+/.exec(out)?.[0];
  if (!key) throw new Error(`no key in: ${out}`);
  return key;
}

export type GqlReply = {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
};

export async function gql(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
  key?: string,
): Promise<GqlReply> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
    // A hung request is a failure, reported as such, not a test timeout.
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: (await res.json()) as GqlReply['body'] };
}

/** Resident set size of a process in KiB, from /proc/<pid>/status. */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The first `n` demo images by their natural key (file, row): the same scope in every copy of the corpus. */
export async function scopeIds(url: string, n: number): Promise<string[]> {
  const rows = await sqlOn<{ id: string }>(
    url,
    'select source_image_id as id from images order by source_file, source_row limit $1',
    [n],
  );
  return rows.map((r) => r.id);
}

export const EVALUATE = `mutation ($filter: ImageFilter) {
  evaluate(model: "ubench-demo-clip", filter: $filter) { ok mode error { code message } run { id total } }
}`;

/** Starts (or finds) the demo model's zero-shot run over `sourceImageIds` through the real API; returns its id. */
export async function startEvaluation(base: string, key: string, sourceImageIds: string[]): Promise<number> {
  const reply = await gql(base, EVALUATE, { filter: { sourceImageIds } }, key);
  const evaluate = reply.body.data?.evaluate as { ok: boolean; run: { id: string } | null } | undefined;
  if (!evaluate?.ok || !evaluate.run) throw new Error(`evaluate failed: ${JSON.stringify(reply.body)}`);
  return Number(evaluate.run.id);
}

/** Run statuses of the database, e.g. `{ complete: 1 }`. */
export async function runStatuses(url: string): Promise<Record<string, number>> {
  const rows = await sqlOn<{ status: string; n: number }>(
    url,
    'select status, count(*)::int as n from runs group by status order by status',
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * Everything an import and an evaluation leave, by natural keys only (ids differ between databases: a killed
 * transaction still consumes sequence values): the revision and its batches, every image and question, the image
 * bytes, the registered models, and every prediction keyed by (model version, protocol configuration, question).
 * Two databases with equal digests hold the same facts; `predictions` also lists the rows, for readable diffs.
 */
export async function digest(url: string) {
  const one = async (text: string) => (await sqlOn<{ d: string }>(url, text))[0]!.d;
  return {
    revisions: await one(`select coalesce(string_agg(concat_ws('|', b.slug, r.revision, r.status, r.rows_read,
      r.rows_imported, r.rows_skipped), ',' order by b.slug, r.revision), '') as d
      from benchmark_revisions r join benchmarks b on b.id = r.benchmark_id`),
    batches: await one(`select count(*) || ':' || md5(coalesce(string_agg(concat_ws('|', file, batch_index,
      rows_read, rows_imported, rows_skipped), ',' order by file, batch_index), '')) as d from import_batches`),
    images: await one(`select count(*) || ':' || md5(coalesce(string_agg(concat_ws('|', source_file, source_row,
      source_image_id, content_hash, byte_size, width, height, label_names::text, label_index, split),
      ',' order by source_file, source_row), '')) as d from images`),
    questions: await one(`select count(*) || ':' || md5(coalesce(string_agg(concat_ws('|', i.source_file,
      i.source_row, q.key, q.type, q.template, q.text, q.options::text, q.answer_index), ','
      order by i.source_file, i.source_row, q.key), '')) as d from questions q join images i on i.id = q.image_id`),
    blobs: await one(`select count(*) || ':' || md5(coalesce(string_agg(content_hash, ',' order by content_hash),
      '')) as d from image_blobs`),
    models: await one(`select coalesce(string_agg(concat_ws('|', m.slug, v.weights_hash, v.preprocessing_hash), ','
      order by m.slug, v.weights_hash), '') as d from model_versions v join models m on m.id = v.model_id`),
    predictions: await sqlOn<{ key: string; chosen: number | null; correct: boolean | null; status: string }>(
      url,
      `select concat_ws('|', v.weights_hash, c.hash, i.source_image_id, q.key) as key, p.chosen_index as chosen,
         p.is_correct as correct, p.status
       from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
       join model_versions v on v.id = p.model_version_id join protocol_configs c on c.id = p.protocol_config_id
       order by 1`,
    ),
  };
}
