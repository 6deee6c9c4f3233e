import { and, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { imageEmbeddings, images } from '../schema/index.js';
import { imageFilterWhere, type ImageFilterSpec } from './image-filter.js';

/**
 * Similarity search: each search is ONE statement that selects the candidate set, measures its coverage (how many
 * candidates have no vector yet) and ranks the top k. The service (src/search/similar.ts) decides nothing before
 * it: when the answer says vectors are missing, it has them computed and asks again.
 */

/** What a search is run over. */
export type SearchSet = {
  filter?: ImageFilterSpec | null;
  /** Leave out this image (an image target is never its own hit). */
  excludeImageId?: number;
  /** Also leave out this image's source dataset and its byte-identical copies ("same source"). */
  excludeSourceOf?: number;
};

/**
 * The candidate set's condition over the unaliased `images` table, or undefined when every image is a
 * candidate. The "same source" exclusion reads the target's row inside the statement (no look-up before it); a
 * missing target excludes nothing more.
 */
export function similarSetWhere(set: SearchSet = {}): SQL | undefined {
  const target = (column: 'source_dataset_id' | 'content_hash') =>
    sql`(select t.${sql.identifier(column)} from ${images} as t where t.id = ${set.excludeSourceOf})`;
  return and(
    imageFilterWhere(set.filter ?? undefined),
    set.excludeImageId !== undefined ? ne(images.id, set.excludeImageId) : undefined,
    set.excludeSourceOf !== undefined
      ? sql`${images.sourceDatasetId} is distinct from ${target('source_dataset_id')} and ${images.contentHash} is distinct from ${target('content_hash')}`
      : undefined,
  );
}

/** True when the set is every image but at most the target itself (the HNSW index can serve it). */
export function isWholeCorpus(set: SearchSet): boolean {
  return imageFilterWhere(set.filter ?? undefined) === undefined && set.excludeSourceOf === undefined;
}

export type SearchVector = {
  modelVersionId: number;
  /** The version's vector width (spliced into the `vector(n)` cast, so checked to be an integer). */
  dimensions: number;
  vector: ArrayLike<number>;
  k: number;
};

export type SearchAnswer = {
  /** Candidates (the filtered set; for whole-corpus searches every image, the target included). */
  total: number;
  /** Candidates without a vector of the version. */
  missing: number;
  /** Whole-corpus searches: whether the HNSW index answered (else the exact ranking did). */
  indexed: boolean;
  /** The top k, score descending, ties by ascending image id. */
  hits: { imageId: number; score: number }[];
};

const integer = (n: number, what: string) => {
  if (!Number.isInteger(n) || n < 1) throw new Error(`bad ${what} ${n}`);
  return sql.raw(String(n));
};

/**
 * `embedding::vector(D) <=> $q::vector(D)` (cosine distance; score = 1 − distance = cos). The version id is
 * spliced as a literal (an integer, checked) so that the planner can match the version's partial HNSW index
 * (`… WHERE model_version_id = <id>`) whatever the driver does with parameters. `indexed` is the expression of
 * that index (the column cast to the version's width); `scan` is the bare column against the query vector, for
 * exact ranking: the same distance (the cast only checks the width, which every row of the version has), without a
 * copy of each row's vector for the cast (a third of the filtered search's time at 10k candidates).
 */
function vectorParts(q: SearchVector, alias: string) {
  const d = integer(q.dimensions, 'vector width');
  const version = integer(q.modelVersionId, 'model version id');
  const literal = `[${Array.from(q.vector).join(',')}]`;
  const e = sql.raw(alias);
  return {
    version,
    distance: sql`(${e}.embedding::vector(${d}) <=> ${literal}::vector(${d}))`,
    scan: sql`(${e}.embedding <=> ${literal}::vector(${d}))`,
    k: integer(q.k, 'k'),
  };
}

/**
 * Candidate sets of at most this share of all stored vectors (the planner's row estimate of the table) are
 * searched by looking their vectors up by id; larger ones by a join over the version's vectors.
 */
const BY_IDS_SHARE = 0.2;

/**
 * The exact search over a filtered set, one statement. The filtered ids come first, as one array (materialised
 * once, so their exact number is known when the vectors are read); a small set drives the search, each
 * candidate's vector looked up by primary key (`image_id = any($ids)`), a large one is joined with the version's
 * vectors (whichever join the planner picks): both branches are in the statement, and a one-time filter on the
 * set's size runs exactly one. Each candidate is scored once; the coverage and the top k come from the same
 * scores. The answer is one row per hit (or one row with null hit columns), each carrying `total` and `missing`.
 * The statement runs serially: `set_config` is PARALLEL UNSAFE, and one call anywhere keeps the planner from any
 * parallel plan; otherwise the join branch, skipped by its one-time filter, could still sit under a Gather whose
 * workers start on every search (≈ 40 ms at 100k vectors, more than the search itself). The setting it writes
 * (`stratum.search`, transaction-local) is read by nothing.
 */
export function exactSearchQuery(q: SearchVector & { where?: SQL; minScore?: number | null }): SQL {
  const { version, scan, k } = vectorParts(q, 'e');
  const minScore = q.minScore != null ? sql` and score >= ${q.minScore}` : sql``;
  const byIds = sql`cardinality((select ids from candidates)) <= ${sql.raw(String(BY_IDS_SHARE))} * greatest((select reltuples from pg_class where oid = ${sql.raw("'image_embeddings'::regclass")}), 0)`;
  return sql`with candidates as materialized (
  select array(select ${images.id} from ${images}${q.where ? sql` where ${q.where}` : sql``}) as ids,
    set_config('stratum.search', 'exact', true) as serial
), scored as materialized (
  select e.image_id as id, 1 - ${scan} as score from ${imageEmbeddings} e
  where e.model_version_id = ${version} and e.image_id = any((select ids from candidates)::int[]) and ${byIds}
  union all
  select e.image_id, 1 - ${scan} from ${images} join ${imageEmbeddings} e on e.image_id = ${images.id}
  where e.model_version_id = ${version}${q.where ? sql` and ${q.where}` : sql``} and not ${byIds}
)
select cov.total, cov.total - cov.stored as missing, false as indexed, hits.id as image_id, hits.score
from (select cardinality((select ids from candidates)) as total, (select count(*) from scored)::int as stored) cov
left join (
  select id, score from scored where true${minScore} order by score desc, id limit ${k}
) hits on true
order by hits.score desc, hits.id`;
}

/**
 * A whole-corpus search (no filter; the target image may be left out), one statement: the corpus and vector
 * counts, then the top k through the version's HNSW index when it holds at least `minIndexed` vectors
 * (`hnsw.ef_search` and iterative scan set for this statement's transaction only, by `set_config(…, true)` in
 * the outer side of a nested loop, so before the index is read), else the exact ranking of the version's
 * vectors. `missing` is images minus stored vectors (a vector row always has its image).
 */
export function wholeCorpusSearchQuery(
  q: SearchVector & { excludeImageId?: number; minIndexed: number; efSearch: number },
): SQL {
  const { version, distance, k } = vectorParts(q, 'e');
  const efSearch = String(Math.max(1, Math.min(1000, Math.trunc(q.efSearch))));
  const exclude = q.excludeImageId !== undefined ? sql` and e.image_id <> ${q.excludeImageId}` : sql``;
  return sql`with counts as materialized (
  select (select count(*) from ${images})::int as total,
    (select count(*) from ${imageEmbeddings} where model_version_id = ${version})::int as stored,
    set_config('hnsw.ef_search', ${efSearch}, true) as ef_search,
    set_config('hnsw.iterative_scan', 'relaxed_order', true) as iterative_scan
)
select counts.total, counts.total - counts.stored as missing, counts.stored >= ${q.minIndexed} as indexed,
  hits.image_id, hits.score
from counts left join lateral (
  (select e.image_id, 1 - ${distance} as score from ${imageEmbeddings} e
    where e.model_version_id = ${version}${exclude} and counts.stored >= ${q.minIndexed}
      and counts.ef_search is not null and counts.iterative_scan is not null
    order by ${distance} limit ${k})
  union all
  (select e.image_id, 1 - ${distance} as score from ${imageEmbeddings} e
    where e.model_version_id = ${version}${exclude} and counts.stored < ${q.minIndexed}
    order by score desc, e.image_id limit ${k})
) hits on true
order by hits.score desc, hits.image_id`;
}

type AnswerRow = { total: number; missing: number; indexed: boolean; image_id: number | null; score: number | null };

async function answer(db: Db, statement: SQL): Promise<SearchAnswer> {
  const result = await db.execute(statement);
  const rows = ((result as { rows?: unknown[] }).rows ?? result) as AnswerRow[];
  const first = rows[0];
  return {
    total: Number(first?.total ?? 0),
    missing: Number(first?.missing ?? 0),
    indexed: Boolean(first?.indexed),
    hits: rows.filter((r) => r.image_id != null).map((r) => ({ imageId: Number(r.image_id), score: Number(r.score) })),
  };
}

export const exactSearch = (db: Db, q: Parameters<typeof exactSearchQuery>[0]) => answer(db, exactSearchQuery(q));
export const wholeCorpusSearch = (db: Db, q: Parameters<typeof wholeCorpusSearchQuery>[0]) =>
  answer(db, wholeCorpusSearchQuery(q));
