// The list benchmark's peer (bench/api.bench.ts starts it; never part of the product): PostGraphile 5 over the bench
// database with @graphile/simplify-inflection and postgraphile-plugin-connection-filter (relation filters on), the
// Node interface off so `id` is the row id as in Stratum. Needs Node >= 22 (the bench runs it under Node 24).
// Env: DATABASE_URL, POOL_SIZE (16). Prints one JSON line `{"url": …}` once listening on 127.0.0.1:<free port>.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PgSimplifyInflectionPreset } from '@graphile/simplify-inflection';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset, PostGraphileConnectionFilterPreset],
  // PgIndexBehaviorsPlugin would hide filters on unindexed columns (`synthetic`); Stratum filters on any column.
  disablePlugins: ['NodePlugin', 'PgIndexBehaviorsPlugin'],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: Number(process.env.POOL_SIZE ?? 16) },
    }),
  ],
  schema: { connectionFilterRelations: true },
  grafserv: { graphqlPath: '/graphql', watch: false, graphiql: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 65_000;
serv.addTo(server);
await pgl.getSchema();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
