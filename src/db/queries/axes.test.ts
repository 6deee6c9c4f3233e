import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { axisIds, rollupColumns, type AxisId } from '../../axes/registry.js';
import { axisMatches, axisPresent, axisSql, expandJoin, valueTableOf } from './axes.js';

/*
 * The axis compiler (axes.ts), axis by axis, as exact SQL text: each axis reads its OWN column, parent axes
 * (DOMAIN, MODALITY) roll their child up (`coalesce(own, child's parent)`, and the same rule as a semi-join in
 * `match`/`present`), multi-valued axes expand through their own lateral row source. A mis-wired axis (ORGANISM
 * on `scale_id`, DOMAIN without its roll-up) changes its line here. The unit tier of mutation testing; the same
 * axes against a database: src/results/axes.int.test.ts.
 */
const dialect = new PgDialect();
const text = (q: SQL) => dialect.sqlToQuery(q).sql;
const V = sql.raw('<ids>');

/** A plain single-valued axis over one column of the relation aliased `images`. */
const column = (c: string) => ({ value: c, match: `${c} in (<ids>)`, present: `${c} is not null` });
const ofDataset = (select: string) =>
  `"images"."source_dataset_id" in (select "source_datasets"."id" from "source_datasets" join "tasks" on "tasks"."id" = "source_datasets"."task_id" where ${select})`;
const taskOfImage =
  '(select "source_datasets"."task_id" from "source_datasets" where "source_datasets"."id" = "images"."source_dataset_id")';
const rolledUp = (own: string, child: string, childTable: string, parent: string) => ({
  value: `coalesce("images"."${own}", (select "${childTable}"."${parent}" from "${childTable}" where "${childTable}"."id" = "images"."${child}"))`,
  match: `("images"."${own}" in (<ids>) or ("images"."${own}" is null and "images"."${child}" in (select "${childTable}"."id" from "${childTable}" where "${childTable}"."${parent}" in (<ids>))))`,
  present: `("images"."${own}" is not null or "images"."${child}" is not null)`,
});
const imageSetRows = `(select "image_sets"."id" as v, row_number() over (order by "image_sets"."slug") as ord
      from "image_set_source_datasets" join "image_sets" on "image_sets"."id" = "image_set_source_datasets"."image_set_id"
      where "image_set_source_datasets"."source_dataset_id" = "images"."source_dataset_id") as ax_image_set`;
const unnest = (c: string, alias: string) => `unnest("images"."${c}") with ordinality as ${alias}(v, ord)`;

type Expected = { value: string; match: string; present: string; expand?: string; ord?: string };
const expected: Record<AxisId, Expected> = {
  BENCHMARK: column('"images"."benchmark_id"'),
  DOMAIN: rolledUp('domain_id', 'subdomain_id', 'subdomains', 'domain_id'),
  SUBDOMAIN: column('"images"."subdomain_id"'),
  MODALITY: rolledUp('modality_id', 'submodality_id', 'submodalities', 'modality_id'),
  SUBMODALITY: column('"images"."submodality_id"'),
  STAIN: column('"images"."stain_id"'),
  ORGANISM: column('"images"."organism_id"'),
  SCALE: column('"images"."scale_id"'),
  SOURCE_DATASET: column('"images"."source_dataset_id"'),
  TASK: {
    value: taskOfImage,
    match: ofDataset('"tasks"."id" in (<ids>)'),
    present: ofDataset('true'),
  },
  TAXONOMY_GROUP: {
    value: `(select "tasks"."taxonomy_group_id" from "tasks" where "tasks"."id" = ${taskOfImage})`,
    match: ofDataset('"tasks"."taxonomy_group_id" in (<ids>)'),
    present: ofDataset('"tasks"."taxonomy_group_id" is not null'),
  },
  IMAGE_SET: {
    value: 'ax_image_set.v',
    match:
      '"images"."source_dataset_id" in (select "image_set_source_datasets"."source_dataset_id" from "image_set_source_datasets" where "image_set_source_datasets"."image_set_id" in (<ids>))',
    present:
      '"images"."source_dataset_id" in (select "image_set_source_datasets"."source_dataset_id" from "image_set_source_datasets")',
    expand: imageSetRows,
    ord: 'ax_image_set.ord',
  },
  QUESTION_TYPE: column('images.question_type'),
  TEMPLATE: column('images.template'),
  LICENSE: column('"images"."license"'),
  SYNTHETIC: column('"images"."synthetic"'),
  NORMAL_ABNORMAL: column('"images"."normal_abnormal"'),
  LABEL_NAME: {
    ...column('ax_label_name.v'),
    expand: unnest('label_names', 'ax_label_name'),
    ord: 'ax_label_name.ord',
  },
  INSTITUTION: {
    ...column('ax_institution.v'),
    expand: unnest('institutions', 'ax_institution'),
    ord: 'ax_institution.ord',
  },
  PMID: column('"images"."pmid"'),
  SPLIT: column('"images"."split"'),
};

describe('the axis compiler', () => {
  it('covers every axis of the registry', () => {
    expect(Object.keys(axisSql)).toEqual(axisIds);
  });

  describe.each(axisIds)('%s', (axis) => {
    const want = expected[axis];
    it('groups by its own value (parents roll their child up)', () => {
      expect(text(axisSql[axis].value)).toBe(want.value);
      expect(axisSql[axis].ord && text(axisSql[axis].ord)).toBe(want.ord);
    });
    it('filters by its own value: axisMatches and axisPresent', () => {
      expect(text(axisMatches(axis, V))).toBe(want.match);
      expect(text(axisPresent(axis))).toBe(want.present);
    });
    it('expands multi-valued rows through its own lateral join, inner or left', () => {
      expect(text(expandJoin(axis, 'inner'))).toBe(want.expand ? ` cross join lateral ${want.expand}` : '');
      expect(text(expandJoin(axis, 'left'))).toBe(want.expand ? ` left join lateral ${want.expand} on true` : '');
    });
  });

  it('names the value table of taxonomy axes and none for literal axes', () => {
    const tables = Object.fromEntries(axisIds.map((a) => [a, valueTableOf(a) && text(sql`${valueTableOf(a)}`)]));
    expect(tables).toEqual({
      BENCHMARK: '"benchmarks"',
      DOMAIN: '"domains"',
      SUBDOMAIN: '"subdomains"',
      MODALITY: '"modalities"',
      SUBMODALITY: '"submodalities"',
      STAIN: '"stains"',
      ORGANISM: '"organisms"',
      SCALE: '"scales"',
      SOURCE_DATASET: '"source_datasets"',
      TASK: '"tasks"',
      TAXONOMY_GROUP: '"taxonomy_groups"',
      IMAGE_SET: '"image_sets"',
      QUESTION_TYPE: null,
      TEMPLATE: null,
      LICENSE: null,
      SYNTHETIC: null,
      NORMAL_ABNORMAL: null,
      LABEL_NAME: null,
      INSTITUTION: null,
      PMID: null,
      SPLIT: null,
    });
  });

  it('lists the rollup cell columns in registry order, each from its own source column', () => {
    expect(rollupColumns()).toEqual([
      { axis: 'DOMAIN', column: 'domain_id', from: 'image', source: 'domain_id' },
      { axis: 'SUBDOMAIN', column: 'subdomain_id', from: 'image', source: 'subdomain_id' },
      { axis: 'MODALITY', column: 'modality_id', from: 'image', source: 'modality_id' },
      { axis: 'SUBMODALITY', column: 'submodality_id', from: 'image', source: 'submodality_id' },
      { axis: 'STAIN', column: 'stain_id', from: 'image', source: 'stain_id' },
      { axis: 'ORGANISM', column: 'organism_id', from: 'image', source: 'organism_id' },
      { axis: 'SCALE', column: 'scale_id', from: 'image', source: 'scale_id' },
      { axis: 'SOURCE_DATASET', column: 'source_dataset_id', from: 'image', source: 'source_dataset_id' },
      { axis: 'QUESTION_TYPE', column: 'question_type', from: 'question', source: 'type' },
      { axis: 'TEMPLATE', column: 'template', from: 'question', source: 'template' },
      { axis: 'LICENSE', column: 'license', from: 'image', source: 'license' },
      { axis: 'SYNTHETIC', column: 'synthetic', from: 'image', source: 'synthetic' },
      { axis: 'NORMAL_ABNORMAL', column: 'normal_abnormal', from: 'image', source: 'normal_abnormal' },
      { axis: 'LABEL_NAME', column: 'label_names', from: 'image', source: 'label_names' },
    ]);
  });
});
