import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptedChatServer } from '../test-utils/chat-server.js';
import { childEnv, makeChildTarget, type ChildTarget } from '../test-utils/child-target.js';
import { testDriver } from '../test-utils/db.js';
import { goldOfPrompt } from '../test-utils/vqa-corpus.js';
import { OPTION_LETTERS } from './letter-rule.js';

const entry = fileURLToPath(new URL('../test-utils/generative-main.ts', import.meta.url));

/** The endpoint's concurrency (`generative-main.ts` registers it): at most this many calls are in flight. */
const CONCURRENCY = 2;
/** `answerMissing` asks chunks of max(8, 4 × concurrency) questions and stores each chunk when it is answered. */
const CHUNK = 8;
/** The first process is killed when the server receives this request (0-based): mid second chunk. */
const KILL_AT = 12;
const QUESTIONS = 20;

type Dump = {
  predictions: {
    questionId: number;
    runId: number;
    status: string;
    requestId: string | null;
    cached: boolean | null;
    isCorrect: boolean | null;
  }[];
  runs: { id: number; status: string }[];
  cachedRequestIds: (string | null)[];
};
type ChildResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function runChild(target: ChildTarget, args: string[], onSpawn?: (child: ChildProcess) => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      // A short lease: on PostgreSQL the resumed worker takes over the killed worker's job within seconds.
      env: childEnv(target, { LOG_LEVEL: 'silent', WORKER_LEASE_SECONDS: '2', EVALUATE_ON_READ: 'true' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    // Never hang the suite: a child still running after 300 s is killed and the test fails on its output.
    const guard = setTimeout(() => {
      stderr += '\n[test] no end within 300 s: killed\n';
      child.kill('SIGKILL');
    }, 300_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function lineOf(stdout: string, tag: string): Dump {
  const line = stdout.split('\n').find((l) => l.startsWith(`${tag} `));
  if (!line) throw new Error(`no "${tag}" line in the child's output:\n${stdout}`);
  return JSON.parse(line.slice(tag.length + 1)) as Dump;
}

/**
 * Issue 14: killing the process mid-run (kill -9) and starting again finishes the run with every question answered
 * exactly once. The child (`src/test-utils/generative-main.ts`) owns the database (on PGlite, its data directory);
 * the scripted Chat Completions server runs here and kills the child when the first process's 13th request
 * arrives, while two calls are in flight and the first chunk of answers is stored.
 */
describe(`generative run: kill -9 mid-run, then resume (${testDriver})`, () => {
  let target: ChildTarget;
  let phase: 'first' | 'resumed' = 'first';
  let kill: (() => void) | null = null;
  const server = new ScriptedChatServer((body, n) => {
    if (phase === 'first' && n >= KILL_AT) {
      if (n === KILL_AT) kill?.();
      return { kind: 'hang' };
    }
    // The right letter, after a while (so calls overlap).
    return { kind: 'answer', text: OPTION_LETTERS[goldOfPrompt(body)]!, delayMs: phase === 'first' ? 50 : 10 };
  });
  let baseUrl = '';

  beforeAll(async () => {
    baseUrl = await server.start();
    target = await makeChildTarget('genkill');
  });
  afterAll(async () => {
    await server.stop();
    await target?.cleanup();
  });

  it(
    'finishes the run: one prediction per question, stored answers never asked again, no gaps',
    { timeout: 600_000 },
    async () => {
      const first = await runChild(target, ['start', baseUrl], (child) => {
        kill = () => child.kill('SIGKILL');
      });
      expect(first.signal, `code ${first.code}\n${first.stdout}\n${first.stderr}`).toBe('SIGKILL');
      const preKill = server.requests.length;
      expect(preKill).toBeGreaterThan(KILL_AT);

      phase = 'resumed';
      const second = await runChild(target, ['resume']);
      expect(second.code, second.stderr).toBe(0);
      const before = lineOf(second.stdout, 'dump-before');
      const after = lineOf(second.stdout, 'dump-after');

      // Killed mid-run: the first chunk stored (the second chunk's requests start only after it is), nothing more
      // (the second chunk never completed: its 5th request hung), the run unfinished.
      expect(before.predictions).toHaveLength(CHUNK);
      expect(before.runs).toHaveLength(1);
      expect(before.runs[0]!.status).not.toBe('complete');

      // Resumed and finished: the same run, complete, exactly one correct prediction per question.
      expect(after.runs).toEqual([{ id: before.runs[0]!.id, status: 'complete' }]);
      const ids = after.predictions.map((p) => p.questionId);
      expect(ids).toHaveLength(QUESTIONS);
      expect(new Set(ids).size).toBe(QUESTIONS);
      expect(after.predictions.every((p) => p.status === 'ok' && p.isCorrect === true)).toBe(true);
      expect(before.predictions.map((p) => p.questionId)).toEqual(ids.slice(0, CHUNK));
      // What was stored before the kill is kept as it was (not asked again, not replaced).
      for (const p of before.predictions)
        expect(after.predictions.find((q) => q.questionId === p.questionId)).toEqual(p);

      // The server's side: request n answered with request id req_n; a question is its messages (text + image).
      const questionOf = (n: number) => JSON.stringify(server.requests[n]!.body.messages);
      const indexOf = (requestId: string | null) => Number(/^req_(\d+)$/.exec(requestId ?? '')![1]);
      const pre = server.requests.slice(0, preKill).map((_, n) => questionOf(n));
      const post = server.requests.slice(preKill).map((_, n) => questionOf(preKill + n));
      expect(new Set(pre).size).toBe(pre.length); // each question asked at most once before the kill
      expect(new Set(post).size).toBe(post.length); // and at most once after it
      // Each prediction holds the answer to its own question's request.
      const asked = after.predictions.map((p) => questionOf(indexOf(p.requestId)));
      expect(new Set(asked).size).toBe(QUESTIONS);
      const stored = new Set(asked.slice(0, CHUNK));
      expect(post.filter((q) => stored.has(q))).toEqual([]);

      // Answers that reached the response cache before the kill are served from it, not asked again: only the calls
      // in flight at the kill (at most the concurrency) are asked again.
      const storedRequestIds = new Set(before.predictions.map((p) => p.requestId));
      const cachedUnstored = before.cachedRequestIds.filter((id) => !storedRequestIds.has(id)).sort();
      // Requests CHUNK..KILL_AT-1 were sent before the kill, and request KILL_AT only once all but one other had
      // released their slot (answer cached): so at least this many answers wait in the cache.
      expect(cachedUnstored.length).toBeGreaterThanOrEqual(KILL_AT - CHUNK - (CONCURRENCY - 1));
      const fresh = after.predictions.slice(CHUNK);
      expect(
        fresh
          .filter((p) => p.cached)
          .map((p) => p.requestId)
          .sort(),
      ).toEqual(cachedUnstored);
      expect(fresh.filter((p) => !p.cached).every((p) => indexOf(p.requestId) >= preKill)).toBe(true);
      // No gaps, nothing wasted: every call after the restart became one of the missing predictions.
      expect(post).toHaveLength(QUESTIONS - CHUNK - cachedUnstored.length);
      expect(post.filter((q) => pre.includes(q)).length).toBeLessThanOrEqual(CONCURRENCY);
      expect(server.requests.length).toBeLessThanOrEqual(QUESTIONS + CONCURRENCY);
    },
  );
});
