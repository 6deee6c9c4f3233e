import type { Axis, ImageFilter, QuestionType, ResultAxis } from './gql/graphql';

/** Result axes the explorer offers, with labels. */
export const resultAxes: { axis: ResultAxis; label: string }[] = [
  { axis: 'QUESTION_TYPE', label: 'Question type' },
  { axis: 'DOMAIN', label: 'Domain' },
  { axis: 'SUBDOMAIN', label: 'Subdomain' },
  { axis: 'MODALITY', label: 'Modality' },
  { axis: 'SUBMODALITY', label: 'Submodality' },
  { axis: 'STAIN', label: 'Stain' },
  { axis: 'ORGANISM', label: 'Organism' },
  { axis: 'SCALE', label: 'Scale' },
  { axis: 'SOURCE_DATASET', label: 'Source dataset' },
  { axis: 'TASK', label: 'Task' },
  { axis: 'TAXONOMY_GROUP', label: 'Taxonomy group' },
  { axis: 'LABEL_NAME', label: 'Label' },
  { axis: 'NORMAL_ABNORMAL', label: 'Normal / abnormal' },
];

/** Taxonomy axes with a slug filter: facet axis, the ImageFilter field and the matching result axis. */
export const facetAxes: { axis: Axis; field: TaxonomyField; result: ResultAxis; label: string }[] = [
  { axis: 'DOMAIN', field: 'domain', result: 'DOMAIN', label: 'Domain' },
  { axis: 'MODALITY', field: 'modality', result: 'MODALITY', label: 'Modality' },
  { axis: 'SUBMODALITY', field: 'submodality', result: 'SUBMODALITY', label: 'Submodality' },
  { axis: 'STAIN', field: 'stain', result: 'STAIN', label: 'Stain' },
  { axis: 'ORGANISM', field: 'organism', result: 'ORGANISM', label: 'Organism' },
  { axis: 'SCALE', field: 'scale', result: 'SCALE', label: 'Scale' },
  { axis: 'TASK', field: 'task', result: 'TASK', label: 'Task' },
  { axis: 'SOURCE_DATASET', field: 'sourceDataset', result: 'SOURCE_DATASET', label: 'Source dataset' },
];

type TaxonomyField =
  | 'domain'
  | 'subdomain'
  | 'modality'
  | 'submodality'
  | 'stain'
  | 'organism'
  | 'scale'
  | 'task'
  | 'sourceDataset'
  | 'taxonomyGroup';

const taxonomyField: Partial<Record<ResultAxis, TaxonomyField>> = {
  DOMAIN: 'domain',
  SUBDOMAIN: 'subdomain',
  MODALITY: 'modality',
  SUBMODALITY: 'submodality',
  STAIN: 'stain',
  ORGANISM: 'organism',
  SCALE: 'scale',
  TASK: 'task',
  SOURCE_DATASET: 'sourceDataset',
  TAXONOMY_GROUP: 'taxonomyGroup',
};

/** Facet selections (`field:slug` pairs, as kept in the URL) → ImageFilter (values of one axis OR, axes AND). */
export function filterFromFacets(selected: string[], benchmark?: string): ImageFilter | null {
  const filter: ImageFilter = {};
  for (const pair of selected) {
    const [field, slug] = pair.split(':') as [TaxonomyField, string];
    const f = (filter[field] ??= { slugIn: [] });
    f.slugIn = [...(f.slugIn ?? []), slug];
  }
  if (benchmark) filter.benchmark = { slugIn: [benchmark] };
  return Object.keys(filter).length ? filter : null;
}

/**
 * The scope of one result slice (a heatmap cell): the page's filter narrowed by each grouped axis value, and the
 * question type when grouped by it. Null value (an image without that axis) → `isNull`.
 */
export function sliceScope(
  base: ImageFilter | null,
  group: { axis: ResultAxis; value?: string | null }[],
): { filter: ImageFilter; type?: QuestionType } {
  const parts: ImageFilter[] = base ? [base] : [];
  let type: QuestionType | undefined;
  for (const { axis, value } of group) {
    const field = taxonomyField[axis];
    if (axis === 'QUESTION_TYPE') type = value?.toUpperCase() as QuestionType;
    else if (field) parts.push({ [field]: value == null ? { isNull: true } : { slugIn: [value] } });
    else if (axis === 'LABEL_NAME') parts.push({ labelName: value == null ? { isNull: true } : { in: [value] } });
    else if (axis === 'NORMAL_ABNORMAL' && value) parts.push({ normalAbnormal: [value.toUpperCase() as 'NORMAL'] });
    else if (axis === 'LICENSE') parts.push({ license: value == null ? { isNull: true } : { in: [value] } });
    else if (axis === 'SYNTHETIC') parts.push({ synthetic: value === 'true' });
  }
  return { filter: parts.length === 1 ? parts[0]! : { and: parts }, type };
}

export const pct = (x: number | null | undefined, digits = 1) => (x == null ? '–' : `${(100 * x).toFixed(digits)} %`);
