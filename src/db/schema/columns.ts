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

/**
 * Whether a JS number fits a PostgreSQL `real` (float4) column or parameter without an "out of range" error:
 * finite after rounding to float4 (|x| ≤ 3.4028235e38) and not flushed to zero (|x| ≥ 1.4e-45, denormals
 * included), or exactly 0.
 */
export function isFloat4(x: number): boolean {
  const f = Math.fround(x);
  return Number.isFinite(f) && (x === 0 || f !== 0);
}
