import { resolve } from 'node:path';

/** A model directory shipped in `models/` and registered by `npm start` (trained by `training/`). */
export type BuiltInModel = { slug: string; name: string; dir: string };

const modelsDir = resolve(import.meta.dirname, '../../models');

/**
 * The built-in demo models, in the order `serve` registers them: the generalist trained on every training image
 * of the demo generator, and the pathology specialist trained on the pathology images only (docs/demo-model.md).
 */
export const builtInModels: readonly BuiltInModel[] = [
  { slug: 'ubench-demo-clip', name: 'μ-Bench demo CLIP (built-in)', dir: resolve(modelsDir, 'ubench-demo-clip') },
  {
    slug: 'ubench-demo-specialist',
    name: 'μ-Bench demo CLIP, pathology specialist (built-in)',
    dir: resolve(modelsDir, 'ubench-demo-specialist'),
  },
];
