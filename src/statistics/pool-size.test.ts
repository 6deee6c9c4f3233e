import type * as os from 'node:os';
import { describe, expect, it, vi } from 'vitest';

// The pool's default size: one thread less than the machine's cores, at least 1, at most 4.
const cores = vi.hoisted(() => ({ n: 2 }));
vi.mock('node:os', async (importOriginal) => ({
  ...(await importOriginal<typeof os>()),
  availableParallelism: () => cores.n,
}));
const { BootstrapPool, bootstrapPool } = await import('./pool.js');

describe('BootstrapPool size', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [5, 4],
    [16, 4],
  ])('%i cores → %i threads', (n, size) => {
    cores.n = n;
    expect(new BootstrapPool().size).toBe(size);
  });
  it('bootstrapPool() is one pool per process', () => {
    expect(bootstrapPool()).toBe(bootstrapPool());
    expect(bootstrapPool()).toBeInstanceOf(BootstrapPool);
  });
});
