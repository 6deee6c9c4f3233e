import type { Db } from '../db/client.js';
import type { AxisId } from '../axes/registry.js';
import { factories } from './factories.js';

/**
 * A corpus where every axis has its own values and its own distribution, so an axis wired to another column
 * cannot produce the expected counts: taxonomy rows get ids in disjoint ranges per table (an axis reading another
 * table's id column names nothing), and each axis assigns values to image j by its own rule. Some images carry
 * only a subdomain (submodality), so parent roll-up shows; label names and institutions are multi-valued (0–2
 * per image); image set `pathology-he` sits inside `pathology`. One question per image.
 */
export const AXES_CORPUS_SIZE = 24;

type Spec = {
  dataset: number;
  domain: number | null;
  subdomain: number | null;
  modality: number | null;
  submodality: number | null;
  stain: number | null;
  organism: number | null;
  scale: number | null;
  license: string | null;
  synthetic: boolean;
  normalAbnormal: 'normal' | 'abnormal' | null;
  labelNames: string[];
  institutions: string[];
  pmid: string | null;
  split: string;
  questionType: 'modality' | 'classification';
  template: number | null;
};

const pick = <T>(values: T[], i: number) => values[i % values.length]!;

export function axesCorpusSpec(j: number): Spec {
  return {
    dataset: j < 9 ? 191 : j < 14 ? 192 : j < 20 ? 193 : 194,
    domain: j % 3 === 0 ? null : j % 5 === 0 ? 102 : 101,
    subdomain: pick([111, 112, 113, null], j),
    modality: j % 4 === 1 ? null : j % 7 < 3 ? 121 : 122,
    submodality: pick([131, 132, 133, null, null], j),
    stain: j === 23 ? null : j % 7 < 2 ? 141 : j % 7 < 5 ? 142 : 143,
    organism: j % 6 === 5 ? null : pick([151, 152, 153, 154], j),
    scale: j === 0 ? null : j % 3 === 2 ? 162 : 161,
    license: pick(['CC-BY-4.0', 'CC-BY-NC-4.0', null], j),
    synthetic: j % 5 === 0,
    normalAbnormal: pick(['normal', 'abnormal', null, null] as const, j),
    labelNames: pick([[], ['lbl-a'], ['lbl-a', 'lbl-b'], ['lbl-c']], j),
    institutions: pick([[], ['inst-x'], ['inst-x', 'inst-y']], j),
    pmid: j % 8 < 3 ? 'pmid-1' : j % 8 < 4 ? 'pmid-2' : null,
    split: j % 6 === 0 ? 'train' : 'test',
    questionType: j % 2 === 0 ? 'modality' : 'classification',
    template: j % 3 === 0 ? null : (j % 3) - 1,
  };
}

const slugs: Record<number, string> = {
  900: 'axes-bench',
  101: 'dom-a',
  102: 'dom-b',
  111: 'sub-a1',
  112: 'sub-a2',
  113: 'sub-b1',
  121: 'mod-a',
  122: 'mod-b',
  131: 'submod-a1',
  132: 'submod-b1',
  133: 'submod-b2',
  141: 'stain-a',
  142: 'stain-b',
  143: 'stain-c',
  151: 'org-a',
  152: 'org-b',
  153: 'org-c',
  154: 'org-d',
  161: 'scale-a',
  162: 'scale-b',
  171: 'task-a',
  172: 'task-b',
  173: 'task-c',
  181: 'group-a',
  182: 'group-b',
  191: 'ds-a',
  192: 'ds-b',
  193: 'ds-c',
  194: 'ds-d',
  201: 'pathology',
  202: 'pathology-he',
};
/** The slug of a taxonomy id of the corpus. */
export const axesCorpusSlug = (id: number | null): string | null => (id === null ? null : slugs[id]!);

const subdomainParent: Record<number, number> = { 111: 101, 112: 101, 113: 102 };
const submodalityParent: Record<number, number> = { 131: 121, 132: 122, 133: 122 };
const taskOf: Record<number, number> = { 191: 171, 192: 171, 193: 172, 194: 173 };
const groupOf: Record<number, number> = { 171: 181, 172: 181, 173: 182 };
const setsOf: Record<number, number[]> = { 191: [201, 202], 192: [201], 193: [], 194: [] };

/**
 * The values image j has on an axis, computed here from the spec (not by SQL): slugs for taxonomy axes, text
 * literals otherwise; `[]` when it has none. Parents roll up their children (DOMAIN ← subdomain, MODALITY ←
 * submodality).
 */
export function axesCorpusValues(axis: AxisId, j: number): string[] {
  const s = axesCorpusSpec(j);
  const one = (v: string | number | boolean | null) =>
    v === null ? [] : typeof v === 'number' ? [axesCorpusSlug(v)!] : [String(v)];
  switch (axis) {
    case 'BENCHMARK':
      return one(900);
    case 'DOMAIN':
      return one(s.domain ?? (s.subdomain === null ? null : subdomainParent[s.subdomain]!));
    case 'SUBDOMAIN':
      return one(s.subdomain);
    case 'MODALITY':
      return one(s.modality ?? (s.submodality === null ? null : submodalityParent[s.submodality]!));
    case 'SUBMODALITY':
      return one(s.submodality);
    case 'STAIN':
      return one(s.stain);
    case 'ORGANISM':
      return one(s.organism);
    case 'SCALE':
      return one(s.scale);
    case 'SOURCE_DATASET':
      return one(s.dataset);
    case 'TASK':
      return one(taskOf[s.dataset]!);
    case 'TAXONOMY_GROUP':
      return one(groupOf[taskOf[s.dataset]!]!);
    case 'IMAGE_SET':
      return setsOf[s.dataset]!.map((id) => axesCorpusSlug(id)!);
    case 'QUESTION_TYPE':
      return one(s.questionType);
    case 'TEMPLATE':
      return s.template === null ? [] : [String(s.template)];
    case 'LICENSE':
      return one(s.license);
    case 'SYNTHETIC':
      return one(s.synthetic);
    case 'NORMAL_ABNORMAL':
      return one(s.normalAbnormal);
    case 'LABEL_NAME':
      return s.labelNames;
    case 'INSTITUTION':
      return s.institutions;
    case 'PMID':
      return one(s.pmid);
    case 'SPLIT':
      return one(s.split);
    default:
      throw new Error(`axesCorpusValues: no rule for axis ${axis as string} (add one with the axis)`);
  }
}

/** Inserts the corpus; returns the image and question ids (index j = image j). */
export async function createAxesCorpus(db: Db): Promise<{ imageIds: number[]; questionIds: number[] }> {
  const f = factories(db);
  const named = (id: number) => ({ id, slug: slugs[id]!, name: `${slugs[id]!} name` });
  const bench = await f.newBenchmark(named(900));
  const revision = await f.newRevision({ benchmarkId: bench.id });
  for (const id of [101, 102]) await f.newDomain(named(id));
  for (const [id, domainId] of Object.entries(subdomainParent)) await f.newSubdomain({ ...named(+id), domainId });
  for (const id of [121, 122]) await f.newModality(named(id));
  for (const [id, modalityId] of Object.entries(submodalityParent))
    await f.newSubmodality({ ...named(+id), modalityId });
  for (const id of [141, 142, 143]) await f.newStain(named(id));
  for (const id of [151, 152, 153, 154]) await f.newOrganism({ ...named(id), ncbitaxonId: `NCBITaxon_${id}` });
  for (const id of [161, 162]) await f.newScale(named(id));
  for (const id of [181, 182]) await f.newTaxonomyGroup(named(id));
  for (const [id, taxonomyGroupId] of Object.entries(groupOf)) await f.newTask({ ...named(+id), taxonomyGroupId });
  for (const [id, taskId] of Object.entries(taskOf)) await f.newSourceDataset({ ...named(+id), taskId });
  await f.newImageSet({ ...named(201), sourceDatasetIds: [191, 192] });
  await f.newImageSet({ ...named(202), sourceDatasetIds: [191] });
  const imageIds: number[] = [];
  const questionIds: number[] = [];
  for (let j = 0; j < AXES_CORPUS_SIZE; j++) {
    const s = axesCorpusSpec(j);
    const image = await f.newImage({
      revisionId: revision.id,
      sourceDatasetId: s.dataset,
      domainId: s.domain,
      subdomainId: s.subdomain,
      modalityId: s.modality,
      submodalityId: s.submodality,
      stainId: s.stain,
      organismId: s.organism,
      scaleId: s.scale,
      license: s.license,
      synthetic: s.synthetic,
      normalAbnormal: s.normalAbnormal,
      labelNames: s.labelNames,
      institutions: s.institutions,
      pmid: s.pmid,
      split: s.split,
    });
    imageIds.push(image.id);
    const question = await f.newQuestion({
      imageId: image.id,
      key: `${s.questionType}_${j}`,
      type: s.questionType,
      template: s.template,
      options: ['A', 'B', 'C'],
      answerIndex: j % 3,
      answer: ['A', 'B', 'C'][j % 3]!,
    });
    questionIds.push(question.id);
  }
  return { imageIds, questionIds };
}
