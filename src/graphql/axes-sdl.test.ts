import { Kind, type EnumTypeDefinitionNode, type InputObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { axisDef, axisIds, facetAxes, resultAxes } from '../axes/registry.js';
import { loadTypeDefs } from './schema.js';

const definitions = loadTypeDefs().flatMap((d) => d.definitions);
const enumValues = (name: string) =>
  (
    definitions.find((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name) as EnumTypeDefinitionNode
  ).values!.map((v) => v.name.value);

/** The SDL enums are the public spelling of the axis registry (src/axes/registry.ts): same values, same order. */
describe('axis enums in the SDL', () => {
  it('Axis lists the registry facet axes', () => {
    expect(enumValues('Axis')).toEqual(facetAxes);
  });
  it('ResultAxis lists the registry result axes', () => {
    expect(enumValues('ResultAxis')).toEqual(resultAxes);
  });
  it('ImageFilter has the filter field of every axis, taxonomy axes as TaxonomyValueFilter', () => {
    const input = definitions.find(
      (d) => d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.name.value === 'ImageFilter',
    ) as InputObjectTypeDefinitionNode;
    const fields = new Map(input.fields!.map((f) => [f.name.value, f]));
    for (const axis of axisIds) {
      const { filter, values } = axisDef(axis);
      if (!filter) continue;
      const field = fields.get(filter);
      expect([axis, filter, !!field]).toEqual([axis, filter, true]);
      const type = field!.type.kind === Kind.NAMED_TYPE ? field!.type.name.value : null;
      expect([axis, type === 'TaxonomyValueFilter']).toEqual([axis, !!values]);
    }
  });
  it('every roll-up names an axis of the registry', () => {
    for (const axis of axisIds) {
      const child = axisDef(axis).rollsUp;
      if (child) expect(axisIds).toContain(child);
    }
  });
});
