import type { Resolvers } from '../__generated__/resolvers-types.js';

/**
 * Merges resolver modules type by type. Two modules defining the same field is a programming error and
 * throws at start-up rather than one silently winning.
 */
export function mergeResolvers(modules: readonly Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown> | object> = {};
  for (const mod of modules) {
    for (const [typeName, fields] of Object.entries(mod)) {
      if (!fields) continue;
      if (typeof fields !== 'object' || fields.constructor?.name === 'GraphQLScalarType') {
        if (merged[typeName]) throw new Error(`resolvers for ${typeName} are defined twice`);
        merged[typeName] = fields;
        continue;
      }
      const target = (merged[typeName] ??= {}) as Record<string, unknown>;
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`resolver ${typeName}.${field} is defined twice`);
        target[field] = resolver;
      }
    }
  }
  return merged as Resolvers;
}
