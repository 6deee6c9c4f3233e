import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories } from '../test-utils/factories.js';
import { createTestServer } from './testing.js';

let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;
/** Image ids by fixture name. */
const img: Record<string, number> = {};
const ids: Record<string, number> = {};

/*
 * Five images spanning every axis:
 *   one   pathology/hematopathology, light/brightfield, H&E, human, tissue, ds1 (task t1, group g1), 0.5 µm/px
 *   two   hematopathology only (no domain_id), confocal only (no modality_id), DAPI, mouse, ds2 (task t2), 0.1
 *   three biology/cell-biology, fluorescence/widefield, DAPI, human, cellular, ds3 (no task), synthetic
 *   four  nothing but its benchmark
 *   five  biology (no subdomain), fluorescence (no submodality), ds1, 2.0 µm/px
 * Image set set-a = ds1 + ds2.
 */
beforeAll(async () => {
  db = await createTestDb();
  t = await createTestServer(db);
  const f = factories(db.db);
  const pathology = await f.newDomain({ slug: 'pathology', name: 'pathology' });
  const biology = await f.newDomain({ slug: 'biology', name: 'biology' });
  const heme = await f.newSubdomain({ slug: 'hematopathology', name: 'hematopathology', domainId: pathology.id });
  const cellBio = await f.newSubdomain({ slug: 'cell-biology', name: 'cell biology', domainId: biology.id });
  const light = await f.newModality({ slug: 'light-microscopy', name: 'light microscopy' });
  const fluo = await f.newModality({ slug: 'fluorescence-microscopy', name: 'fluorescence microscopy' });
  const bf = await f.newSubmodality({ slug: 'brightfield', name: 'brightfield microscopy', modalityId: light.id });
  const confocal = await f.newSubmodality({ slug: 'confocal', name: 'confocal microscopy', modalityId: fluo.id });
  const widefield = await f.newSubmodality({ slug: 'widefield', name: 'widefield microscopy', modalityId: fluo.id });
  const he = await f.newStain({ slug: 'h-e', name: 'H&E' });
  const dapi = await f.newStain({ slug: 'dapi', name: 'DAPI' });
  const human = await f.newOrganism({ slug: 'homo-sapiens', name: 'Homo sapiens', ncbitaxonId: 'NCBITaxon_9606' });
  const mouse = await f.newOrganism({ slug: 'mus-musculus', name: 'Mus musculus', ncbitaxonId: 'NCBITaxon_10090' });
  const cellular = await f.newScale({ slug: 'cellular', name: 'cellular', rank: 2 });
  const tissue = await f.newScale({ slug: 'tissue', name: 'tissue', rank: 3 });
  const g1 = await f.newTaxonomyGroup({ slug: 'g1', name: 'Group one' });
  const t1 = await f.newTask({ slug: 't1', name: 'Task one', taxonomyGroupId: g1.id });
  const t2 = await f.newTask({ slug: 't2', name: 'Task two' });
  const ds1 = await f.newSourceDataset({ slug: 'ds1', name: 'Dataset one', taskId: t1.id });
  const ds2 = await f.newSourceDataset({ slug: 'ds2', name: 'Dataset two', taskId: t2.id });
  const ds3 = await f.newSourceDataset({ slug: 'ds3', name: 'Dataset three' });
  const setA = await f.newImageSet({ slug: 'set-a', name: 'Set A', sourceDatasetIds: [ds1.id, ds2.id] });
  Object.assign(ids, { pathology: pathology.id, biology: biology.id, heme: heme.id, dapi: dapi.id, t1: t1.id });
  Object.assign(ids, { fluo: fluo.id, setA: setA.id, human: human.id, ds1: ds1.id, g1: g1.id });
  const common = { license: null, pmid: null, institutions: [] as string[] };
  img.one = (
    await f.newImage({
      ...common,
      sourceImageId: 'img-one',
      subdomainId: heme.id,
      submodalityId: bf.id,
      stainId: he.id,
      organismId: human.id,
      scaleId: tissue.id,
      sourceDatasetId: ds1.id,
      micronsPerPixel: 0.5,
      width: 224,
      height: 224,
      license: 'CC-BY-4.0',
      institutions: ['A'],
      pmid: '111',
      labelNames: ['tumor'],
      normalAbnormal: 'abnormal',
    })
  ).id;
  img.two = (
    await f.newImage({
      ...common,
      sourceImageId: 'img-two',
      subdomainId: heme.id,
      domainId: null,
      submodalityId: confocal.id,
      modalityId: null,
      stainId: dapi.id,
      organismId: mouse.id,
      sourceDatasetId: ds2.id,
      micronsPerPixel: 0.1,
      width: 512,
      height: 256,
      license: 'CC-BY-NC-4.0',
      institutions: ['A', 'B'],
      labelNames: ['normal'],
      normalAbnormal: 'normal',
    })
  ).id;
  img.three = (
    await f.newImage({
      ...common,
      sourceImageId: 'img-three',
      subdomainId: cellBio.id,
      submodalityId: widefield.id,
      stainId: dapi.id,
      organismId: human.id,
      scaleId: cellular.id,
      sourceDatasetId: ds3.id,
      width: 1024,
      height: 768,
      synthetic: true,
      labelNames: ['mitosis'],
    })
  ).id;
  img.four = (await f.newImage({ ...common, sourceImageId: 'img-four', width: 100, height: 100, labelNames: [] })).id;
  img.five = (
    await f.newImage({
      ...common,
      sourceImageId: 'img-five',
      domainId: biology.id,
      modalityId: fluo.id,
      sourceDatasetId: ds1.id,
      micronsPerPixel: 2,
      width: 300,
      height: 300,
      labelNames: ['tumor'],
    })
  ).id;
});
afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

const LIST = `query ($filter: ImageFilter) { images(filter: $filter, first: 500) { totalCount nodes { id } } }`;
const expectImages = async (filter: unknown, names: string[]) => {
  expect(await t.exec(LIST, { filter })).toEqual({
    data: { images: { totalCount: names.length, nodes: names.map((n) => ({ id: String(img[n]) })) } },
  });
};

describe('ImageFilter', () => {
  const cases: [string, () => unknown, string[]][] = [
    ['no filter', () => ({}), ['one', 'two', 'three', 'four', 'five']],
    ['domain by slug rolls up subdomains', () => ({ domain: { slugIn: ['pathology'] } }), ['one', 'two']],
    ['domain by id', () => ({ domain: { in: [String(ids.biology)] } }), ['three', 'five']],
    [
      'domain notIn keeps images without one',
      () => ({ domain: { slugNotIn: ['pathology'] } }),
      ['three', 'four', 'five'],
    ],
    ['domain isNull', () => ({ domain: { isNull: true } }), ['four']],
    ['domain isNull false', () => ({ domain: { isNull: false } }), ['one', 'two', 'three', 'five']],
    ['subdomain', () => ({ subdomain: { slugIn: ['hematopathology'] } }), ['one', 'two']],
    [
      'modality rolls up submodalities',
      () => ({ modality: { slugIn: ['fluorescence-microscopy'] } }),
      ['two', 'three', 'five'],
    ],
    ['submodality', () => ({ submodality: { slugIn: ['confocal'] } }), ['two']],
    ['stain', () => ({ stain: { slugIn: ['dapi'] } }), ['two', 'three']],
    ['stain notIn by id', () => ({ stain: { notIn: [String(ids.dapi)] } }), ['one', 'four', 'five']],
    [
      'id and slug lists together mean any of them',
      () => ({ stain: { in: [String(ids.dapi)], slugIn: ['h-e'] } }),
      ['one', 'two', 'three'],
    ],
    ['organism', () => ({ organism: { slugIn: ['mus-musculus'] } }), ['two']],
    ['scale', () => ({ scale: { slugIn: ['tissue'] } }), ['one']],
    ['source dataset', () => ({ sourceDataset: { slugIn: ['ds1'] } }), ['one', 'five']],
    ['task', () => ({ task: { slugIn: ['t1'] } }), ['one', 'five']],
    ['task isNull', () => ({ task: { isNull: true } }), ['three', 'four']],
    ['task notIn', () => ({ task: { slugNotIn: ['t1'] } }), ['two', 'three', 'four']],
    ['taxonomy group', () => ({ taxonomyGroup: { in: [String(ids.g1)] } }), ['one', 'five']],
    ['image set', () => ({ imageSet: { slugIn: ['set-a'] } }), ['one', 'two', 'five']],
    ['image set notIn', () => ({ imageSet: { in: [], slugNotIn: ['set-a'] } }), []],
    ['benchmark', () => ({ benchmark: { slugIn: ['no-such-benchmark'] } }), []],
    ['microns per pixel closed range', () => ({ micronsPerPixel: { gte: 0.2, lte: 1 } }), ['one']],
    ['microns per pixel open range', () => ({ micronsPerPixel: { lt: 1 } }), ['one', 'two']],
    ['microns per pixel gt', () => ({ micronsPerPixel: { gt: 0.5 } }), ['five']],
    ['width', () => ({ width: { gte: 500 } }), ['two', 'three']],
    ['height', () => ({ height: { lt: 200 } }), ['four']],
    ['synthetic', () => ({ synthetic: true }), ['three']],
    ['real', () => ({ synthetic: false }), ['one', 'two', 'four', 'five']],
    ['license', () => ({ license: { in: ['CC-BY-4.0'] } }), ['one']],
    ['license notIn keeps unlicensed', () => ({ license: { notIn: ['CC-BY-4.0'] } }), ['two', 'three', 'four', 'five']],
    ['license isNull', () => ({ license: { isNull: true } }), ['three', 'four', 'five']],
    ['institution (any of the image’s)', () => ({ institution: { in: ['B'] } }), ['two']],
    ['institution notIn', () => ({ institution: { notIn: ['A'] } }), ['three', 'four', 'five']],
    ['institution isNull', () => ({ institution: { isNull: true } }), ['three', 'four', 'five']],
    ['pmid', () => ({ pmid: { in: ['111'] } }), ['one']],
    ['label name', () => ({ labelName: { in: ['normal', 'mitosis'] } }), ['two', 'three']],
    ['normal/abnormal', () => ({ normalAbnormal: ['ABNORMAL'] }), ['one']],
    ['split', () => ({ split: ['train'] }), []],
    ['ids', () => ({ ids: [String(img.two), String(img.four)] }), ['two', 'four']],
    ['source image ids', () => ({ sourceImageIds: ['img-five', 'nope'] }), ['five']],
    ['fields are ANDed', () => ({ stain: { slugIn: ['dapi'] }, organism: { slugIn: ['homo-sapiens'] } }), ['three']],
    ['and', () => ({ and: [{ stain: { slugIn: ['dapi'] } }, { organism: { in: [String(ids.human)] } }] }), ['three']],
    ['or', () => ({ or: [{ scale: { slugIn: ['tissue'] } }, { synthetic: true }] }), ['one', 'three']],
    ['empty or matches nothing', () => ({ or: [] }), []],
    ['not', () => ({ not: { domain: { slugIn: ['pathology'] } } }), ['three', 'four', 'five']],
    [
      'nested groups',
      () => ({
        or: [
          { and: [{ modality: { slugIn: ['fluorescence-microscopy'] } }, { not: { synthetic: true } }] },
          { width: { lt: 150 } },
        ],
      }),
      ['two', 'four', 'five'],
    ],
  ];
  test.each(cases)('%s', async (_name, filter, names) => {
    await expectImages(filter(), names);
  });
});

describe('pagination', () => {
  const PAGE = `query ($first: Int, $after: String, $orderBy: ImageOrderBy) {
    images(first: $first, after: $after, orderBy: $orderBy) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  type Page = {
    data: {
      images: {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
      };
    };
  };
  const walk = async (orderBy: string, first: number) => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = (await t.exec(PAGE, { first, after, orderBy })) as unknown as Page;
      const { edges, pageInfo } = page.data.images;
      expect(pageInfo.hasPreviousPage).toBe(after !== undefined);
      expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
      expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
      seen.push(...edges.map((e) => e.node.id));
      if (!pageInfo.hasNextPage) return seen;
      after = pageInfo.endCursor;
    }
    throw new Error('did not finish');
  };
  const order = (names: string[]) => names.map((n) => String(img[n]));

  test.each([
    ['ID_ASC', ['one', 'two', 'three', 'four', 'five']],
    ['ID_DESC', ['five', 'four', 'three', 'two', 'one']],
    // Nulls sort last in both directions; ties (the two nulls) break by id in the order's direction.
    ['MICRONS_PER_PIXEL_ASC', ['two', 'one', 'five', 'three', 'four']],
    ['MICRONS_PER_PIXEL_DESC', ['five', 'one', 'two', 'four', 'three']],
    ['WIDTH_ASC', ['four', 'one', 'five', 'two', 'three']],
    ['WIDTH_DESC', ['three', 'two', 'five', 'one', 'four']],
    ['HEIGHT_ASC', ['four', 'one', 'two', 'five', 'three']],
    ['SOURCE_IMAGE_ID_ASC', ['five', 'four', 'one', 'three', 'two']],
  ])('%s walks every image exactly once, in order, at any page size', async (orderBy, names) => {
    for (const first of [1, 2, 3, 5]) expect(await walk(orderBy, first)).toEqual(order(names));
  });

  test('an empty page has null cursors', async () => {
    expect(
      await t.exec(
        `{ images(filter: { ids: [] }) { edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
      ),
    ).toEqual({
      data: {
        images: {
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        },
      },
    });
  });
});

describe('facets', () => {
  test('counts per value per axis under the filter, ignoring pagination', async () => {
    const result = await t.exec(
      `query ($filter: ImageFilter) {
        images(filter: $filter, first: 1) {
          totalCount
          facets(axes: [DOMAIN, MODALITY, STAIN, TASK, TAXONOMY_GROUP, IMAGE_SET, LABEL_NAME, INSTITUTION, SYNTHETIC, NORMAL_ABNORMAL]) {
            axis
            values { key slug name count value { __typename id } }
          }
        }
      }`,
      { filter: { not: { width: { lt: 150 } } } },
    );
    const v = (key: string | null, slug: string | null, name: string | null, count: number, typename?: string) => ({
      key,
      slug,
      name,
      count,
      value: typename && key ? { __typename: typename, id: key } : null,
    });
    expect(result).toEqual({
      data: {
        images: {
          totalCount: 4,
          facets: [
            {
              axis: 'DOMAIN',
              values: [
                // Equal counts: by key (ids numerically).
                v(String(ids.pathology), 'pathology', 'pathology', 2, 'Domain'),
                v(String(ids.biology), 'biology', 'biology', 2, 'Domain'),
              ],
            },
            {
              axis: 'MODALITY',
              values: [
                v(String(ids.fluo), 'fluorescence-microscopy', 'fluorescence microscopy', 3, 'Modality'),
                v(String(ids.fluo! - 1), 'light-microscopy', 'light microscopy', 1, 'Modality'),
              ],
            },
            {
              axis: 'STAIN',
              values: [
                v(String(ids.dapi), 'dapi', 'DAPI', 2, 'Stain'),
                v(String(ids.dapi! - 1), 'h-e', 'H&E', 1, 'Stain'),
                v(null, null, null, 1),
              ],
            },
            {
              axis: 'TASK',
              values: [
                v(String(ids.t1), 't1', 'Task one', 2, 'Task'),
                v(String(ids.t1! + 1), 't2', 'Task two', 1, 'Task'),
                v(null, null, null, 1),
              ],
            },
            {
              axis: 'TAXONOMY_GROUP',
              values: [v(String(ids.g1), 'g1', 'Group one', 2, 'TaxonomyGroup'), v(null, null, null, 2)],
            },
            { axis: 'IMAGE_SET', values: [v(String(ids.setA), 'set-a', 'Set A', 3, 'ImageSet')] },
            {
              axis: 'LABEL_NAME',
              values: [
                v('tumor', 'tumor', 'tumor', 2),
                v('mitosis', 'mitosis', 'mitosis', 1),
                v('normal', 'normal', 'normal', 1),
              ],
            },
            { axis: 'INSTITUTION', values: [v('A', 'A', 'A', 2), v('B', 'B', 'B', 1)] },
            { axis: 'SYNTHETIC', values: [v('false', 'false', 'false', 3), v('true', 'true', 'true', 1)] },
            {
              axis: 'NORMAL_ABNORMAL',
              values: [
                v(null, null, null, 2),
                v('abnormal', 'abnormal', 'abnormal', 1),
                v('normal', 'normal', 'normal', 1),
              ],
            },
          ],
        },
      },
    });
  });

  test('imageCount on taxonomy values rolls up and honours its filter', async () => {
    expect(
      await t.exec(`{
        domains { slug all: imageCount real: imageCount(filter: { synthetic: false }) subdomains { slug imageCount } }
        modalities { slug imageCount submodalities { slug imageCount } }
        taxonomyGroups { slug imageCount tasks { slug imageCount sourceDatasets { slug imageCount } } }
        imageSets { slug imageCount sourceDatasets { slug } }
      }`),
    ).toEqual({
      data: {
        domains: [
          { slug: 'biology', all: 2, real: 1, subdomains: [{ slug: 'cell-biology', imageCount: 1 }] },
          { slug: 'pathology', all: 2, real: 2, subdomains: [{ slug: 'hematopathology', imageCount: 2 }] },
        ],
        modalities: [
          {
            slug: 'fluorescence-microscopy',
            imageCount: 3,
            submodalities: [
              { slug: 'confocal', imageCount: 1 },
              { slug: 'widefield', imageCount: 1 },
            ],
          },
          { slug: 'light-microscopy', imageCount: 1, submodalities: [{ slug: 'brightfield', imageCount: 1 }] },
        ],
        taxonomyGroups: [
          {
            slug: 'g1',
            imageCount: 2,
            tasks: [{ slug: 't1', imageCount: 2, sourceDatasets: [{ slug: 'ds1', imageCount: 2 }] }],
          },
        ],
        imageSets: [{ slug: 'set-a', imageCount: 3, sourceDatasets: [{ slug: 'ds1' }, { slug: 'ds2' }] }],
      },
    });
  });
});

describe('image', () => {
  test('by id and by released id, with every taxonomy field', async () => {
    const query = `query ($id: ID, $sid: String) {
      image(id: $id, sourceImageId: $sid) {
        id sourceImageId url thumbnailUrl small: thumbnailUrl(size: 64)
        domain { slug } subdomain { slug } modality { slug } submodality { slug } stain { name } organism { ncbitaxonId }
        scale { slug rank } sourceDataset { slug } task { slug kind } taxonomyGroup { slug } imageSets { slug }
        micronsPerPixel labelNames normalAbnormal synthetic license institutions pmid split
        provenance { file row contentHash revision { status } }
      }
    }`;
    const expected = {
      data: {
        image: {
          id: String(img.one),
          sourceImageId: 'img-one',
          url: `/images/${img.one}`,
          thumbnailUrl: `/images/${img.one}?size=256`,
          small: `/images/${img.one}?size=64`,
          domain: { slug: 'pathology' },
          subdomain: { slug: 'hematopathology' },
          modality: { slug: 'light-microscopy' },
          submodality: { slug: 'brightfield' },
          stain: { name: 'H&E' },
          organism: { ncbitaxonId: 'NCBITaxon_9606' },
          scale: { slug: 'tissue', rank: 3 },
          sourceDataset: { slug: 'ds1' },
          task: { slug: 't1', kind: 'FINE_CLASSIFICATION' },
          taxonomyGroup: { slug: 'g1' },
          imageSets: [{ slug: 'set-a' }],
          micronsPerPixel: 0.5,
          labelNames: ['tumor'],
          normalAbnormal: 'ABNORMAL',
          synthetic: false,
          license: 'CC-BY-4.0',
          institutions: ['A'],
          pmid: '111',
          split: 'test',
          provenance: {
            file: 'test.arrow',
            row: expect.any(Number),
            contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
            revision: { status: 'COMPLETE' },
          },
        },
      },
    };
    expect(await t.exec(query, { id: String(img.one) })).toEqual(expected);
    expect(await t.exec(query, { sid: 'img-one' })).toEqual(expected);
    expect(await t.exec(query, { sid: 'nope' })).toEqual({ data: { image: null } });
    expect(await t.exec(query, { id: '999999' })).toEqual({ data: { image: null } });
  });
});
