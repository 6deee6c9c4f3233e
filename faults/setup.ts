import { TEMPLATE_ENV, createDatabase, exited, serve, sqlOn } from './support.js';

/**
 * Global setup of the fault suite: one database seeded by an uninterrupted first `stratum serve` (migrations, the
 * demo corpus imported, the built-in models registered), used as the template the scenarios copy and as the
 * reference an interrupted import must end up identical to. Dropped at the end.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // A template from an earlier run, named by the caller (development: saves the seeding); kept at the end.
  if (process.env[TEMPLATE_ENV]) return async () => undefined;
  const db = await createDatabase();
  const proc = serve(db.url, { worker: false });
  try {
    await proc.ready;
  } catch (error) {
    proc.child.kill('SIGKILL');
    await db.drop();
    throw error;
  }
  proc.child.kill('SIGTERM');
  const { code } = await exited(proc.child);
  if (code !== 0) throw new Error(`seeding serve exited ${code}`);
  // Nothing may stay connected to a template database.
  await sqlOn(db.url, 'select 1');
  process.env[TEMPLATE_ENV] = db.name;
  return () => db.drop();
}
