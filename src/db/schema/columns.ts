import { customType, timestamp } from 'drizzle-orm/pg-core';

/** `created_at` / `updated_at` pair shared by every aggregate root. */
export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

/**
 * A pgvector `vector` column **without** a fixed dimension. Several models of different widths share one
 * table; the row's `dimensions` column says how wide it is, and per-model HNSW indexes are created as
 * partial expression indexes (`(embedding::vector(N)) … WHERE model_version_id = X`) when a model is registered.
 */
export const anyVector = customType<{ data: number[]; driverData: string }>({
  dataType() {
    return 'vector';
  },
  toDriver(value) {
    return `[${value.join(',')}]`;
  },
  fromDriver(value) {
    return value
      .slice(1, -1)
      .split(',')
      .map((x) => Number(x));
  },
});
