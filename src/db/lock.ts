import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { DatabaseError } from './errors.js';

/** Who holds a data directory: written next to the lock so a second process can say who it is waiting for. */
type Owner = { pid: number; host: string; since: string; command: string };

function describe(owner: Owner | undefined): string {
  if (!owner) return 'another process';
  const where = owner.host === hostname() ? '' : ` on ${owner.host}`;
  return `process ${owner.pid}${where} (${owner.command}, since ${owner.since})`;
}

/** The embedded data directory is in use by another live process. */
export class DataDirLockedError extends DatabaseError {
  constructor(
    readonly dir: string,
    readonly owner: Owner | undefined,
  ) {
    super(
      'DATA_DIR_LOCKED',
      `The embedded database at ${dir} is in use by ${describe(owner)}. ` +
        'PGlite allows one process at a time: stop that process first, or use PostgreSQL (DATABASE_URL) to share a database.' +
        (owner && owner.host !== hostname() ? ` If that process no longer runs, remove ${lockDir(dir)}.` : ''),
    );
    this.name = 'DataDirLockedError';
  }
}

const lockDir = (dir: string) => `${dir}.lock`;
/** Inside the lock directory, so it exists exactly as long as the lock and goes with it on a take-over. */
const ownerFile = (dir: string) => join(lockDir(dir), 'owner.json');

function readOwner(dir: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(ownerFile(dir), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock on an embedded data directory (`<dir>.lock`, proper-lockfile: an atomic mkdir) and records the
 * owner (pid, host, command) in `<dir>.lock/owner.json`. A lock whose owner process no longer runs on this host
 * (kill -9, power loss) is taken over at once. Liveness is judged by the pid, not by proper-lockfile's mtime rule:
 * PGlite's start-up blocks the event loop for seconds, so a live owner could miss its mtime refreshes; that rule
 * only applies after a day (an owner on another host of a shared volume, whose pid cannot be checked). Otherwise
 * throws DataDirLockedError naming the owner. Returns the release function.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const options = {
    realpath: false,
    stale: 24 * 3600_000,
    update: 60_000,
    // A lock we could not refresh (a suspended laptop) is reported, not fatal: the directory is still ours.
    onCompromised: (error: Error) => process.stderr.write(`database: lock on ${dir} compromised: ${error.message}\n`),
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readOwner(dir);
    // No owner file yet: another process is between its mkdir and writing it, so it is alive.
    if (!owner || owner.host !== hostname() || alive(owner.pid)) throw new DataDirLockedError(dir, owner);
    // The owner died without releasing: take the lock over.
    rmSync(lockDir(dir), { recursive: true, force: true });
    try {
      release = await lockfile.lock(dir, options);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dir, readOwner(dir));
      throw again;
    }
  }
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  };
  writeFileSync(ownerFile(dir), JSON.stringify(owner));
  return async () => {
    // proper-lockfile removes the lock with rmdir, which needs it empty.
    rmSync(ownerFile(dir), { force: true });
    await release();
  };
}
