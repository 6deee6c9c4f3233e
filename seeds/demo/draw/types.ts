import type { Rng } from '../rng.js';

/** A drawn image before encoding: raw pixels plus the release's optional localisation annotations. */
export type DrawnImage = {
  size: number;
  channels: 1 | 3;
  /** 16-bit images are single-channel and always PNG (fluorescence cameras). */
  depth: 8 | 16;
  pixels: Uint8Array | Uint16Array;
  format: 'png' | 'jpeg';
  /** `[x1, y1, x2, y2]` boxes in pixels. */
  bbox?: number[][];
  /** Flattened `[x1, y1, x2, y2, …]` outlines in pixels. */
  polygon?: number[][];
};

/** Draws one image of class `label`; all randomness comes from `rng`, and shapes scale with `size`. */
export type Drawer = (label: string, rng: Rng, size: number) => DrawnImage;
