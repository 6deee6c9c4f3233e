export * from './random.js';
export * from './intervals.js';
export * from './paired.js';
export * from './ranking.js';
export * from './bootstrap.js';
export * from './pool.js';
