import { describe, expect, it } from 'vitest';
import { demoDatasets } from './catalogue.js';
import type { DrawnImage } from './draw/types.js';
import { Rng } from './rng.js';

/**
 * Generic, position- and rotation-tolerant image features: colour and co-occurrence histograms, a histogram
 * of local gradients, a radial intensity profile around the centre, and blob density. Nothing here knows what
 * the drawings are meant to be; a classifier on these features only works if the classes look different.
 */
function features(img: DrawnImage): number[] {
  const n = img.size;
  const px = n * n;
  const scale = img.depth === 16 ? 1 / 65535 : 1 / 255;
  const r = new Float32Array(px);
  const g = new Float32Array(px);
  const b = new Float32Array(px);
  for (let i = 0; i < px; i++) {
    const o = i * img.channels;
    r[i] = img.pixels[o]! * scale;
    g[i] = img.pixels[img.channels === 3 ? o + 1 : o]! * scale;
    b[i] = img.pixels[img.channels === 3 ? o + 2 : o]! * scale;
  }
  if (img.depth === 16) {
    let max = 1e-6;
    for (let i = 0; i < px; i++) max = Math.max(max, r[i]!);
    for (let i = 0; i < px; i++) r[i] = g[i] = b[i] = r[i]! / max;
  }
  const bins = 8;
  const hist = (f: (i: number) => number) => {
    const h = new Array<number>(bins).fill(0);
    for (let i = 0; i < px; i++) h[Math.min(bins - 1, Math.floor(f(i) * bins))]! += 1 / px;
    return h;
  };
  const lum = (i: number) => (r[i]! + g[i]! + b[i]!) / 3;
  const grad = (i: number) => {
    const x = i % n;
    const y = (i / n) | 0;
    if (x === n - 1 || y === n - 1) return 0;
    return Math.min(1, 4 * (Math.abs(lum(i + 1) - lum(i)) + Math.abs(lum(i + n) - lum(i))));
  };
  const rings = 6;
  const radial = new Array<number>(rings).fill(0);
  const counts = new Array<number>(rings).fill(0);
  for (let i = 0; i < px; i++) {
    const dx = (i % n) - n / 2;
    const dy = ((i / n) | 0) - n / 2;
    const k = Math.min(rings - 1, Math.floor((Math.sqrt(dx * dx + dy * dy) / (n * 0.71)) * rings));
    radial[k]! += lum(i);
    counts[k]! += 1;
  }
  // Boundary complexity: strong-gradient pixels per foreground pixel (perimeter / area for blobby shapes).
  // Foreground: further from the corner (background) level than a third of the image's full contrast.
  const bg = lum(0);
  let contrast = 1e-6;
  for (let i = 0; i < px; i++) contrast = Math.max(contrast, Math.abs(lum(i) - bg));
  const isFg = (i: number) => Math.abs(lum(i) - bg) > contrast / 3;
  let fg = 0;
  let edges = 0;
  for (let i = 0; i < px; i++) {
    if (isFg(i)) fg++;
    if (grad(i) > 0.25) edges++;
  }
  // Outline complexity: foreground/background changes along circles around the centre (many for ruffled
  // outlines, two or none for smooth convex ones).
  const crossings = Array.from({ length: 15 }, (_, j) => 0.1 + 0.025 * j).map((f) => {
    let changes = 0;
    let prev: boolean | null = null;
    for (let k = 0; k <= 180; k++) {
      const t = (2 * Math.PI * k) / 180;
      const x = Math.min(n - 1, Math.max(0, Math.round(n / 2 + Math.cos(t) * f * n)));
      const y = Math.min(n - 1, Math.max(0, Math.round(n / 2 + Math.sin(t) * f * n)));
      const on = isFg(y * n + x);
      if (prev !== null && on !== prev) changes++;
      prev = on;
    }
    return Math.min(changes, 40) / 40;
  });
  return [
    edges / Math.max(1, fg),
    Math.max(...crossings),
    crossings.reduce((a, v) => a + v) / crossings.length,
    ...hist((i) => r[i]!),
    ...hist((i) => g[i]!),
    ...hist((i) => b[i]!),
    ...hist((i) => Math.min(r[i]!, g[i]!)),
    ...hist((i) => Math.min(g[i]!, b[i]!)),
    ...hist(grad),
    ...radial.map((v, k) => v / counts[k]!),
  ];
}

/** Leave-one-out nearest-centroid accuracy on z-scored features. */
function nearestCentroidAccuracy(samples: { label: string; x: number[] }[]): number {
  const dims = samples[0]!.x.length;
  const mean = new Array<number>(dims).fill(0);
  const sd = new Array<number>(dims).fill(0);
  for (const s of samples) s.x.forEach((v, d) => (mean[d]! += v / samples.length));
  for (const s of samples) s.x.forEach((v, d) => (sd[d]! += (v - mean[d]!) ** 2 / samples.length));
  const z = samples.map((s) => ({ label: s.label, x: s.x.map((v, d) => (v - mean[d]!) / (Math.sqrt(sd[d]!) + 1e-6)) }));
  let correct = 0;
  for (let i = 0; i < z.length; i++) {
    const centroids = new Map<string, { sum: number[]; n: number }>();
    z.forEach((s, j) => {
      if (j === i) return;
      const c = centroids.get(s.label) ?? { sum: new Array<number>(dims).fill(0), n: 0 };
      s.x.forEach((v, d) => (c.sum[d]! += v));
      c.n++;
      centroids.set(s.label, c);
    });
    let best = '';
    let bestD = Infinity;
    for (const [label, c] of centroids) {
      const d = c.sum.reduce((acc, v, k) => acc + (v / c.n - z[i]!.x[k]!) ** 2, 0);
      if (d < bestD) [best, bestD] = [label, d];
    }
    if (best === z[i]!.label) correct++;
  }
  return correct / z.length;
}

describe('demo drawings are visually separable per task', () => {
  const perClass = 8;
  for (const d of demoDatasets) {
    it(`${d.slug}: a nearest-centroid classifier on generic image features beats chance`, () => {
      const samples = d.labels.flatMap((label) =>
        Array.from({ length: perClass }, (_, k) => ({
          label,
          x: features(d.draw(label, new Rng(4242, k, d.slug, label), 80)),
        })),
      );
      const accuracy = nearestCentroidAccuracy(samples);
      const chance = 1 / d.labels.length;
      // Identical classes score at or below chance under leave-one-out; these drawings score far above it.
      expect(accuracy).toBeGreaterThanOrEqual(Math.min(0.9, 1.6 * chance));
    });
  }
});
