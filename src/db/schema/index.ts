export * from './columns.js';
export * from './benchmarks.js';
export * from './taxonomy.js';
export * from './images.js';
export * from './models.js';
export * from './runs.js';
export * from './embeddings.js';
export * from './auth.js';
