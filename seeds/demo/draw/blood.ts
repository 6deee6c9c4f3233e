import type { Rng } from '../rng.js';
import { Canvas, valueNoise, wobble, type Rgb } from './canvas.js';
import type { DrawnImage } from './types.js';

// Giemsa / May–Grünwald colours as optical density: purple chromatin, pink erythrocytes, blue cytoplasm.
const CHROMATIN: Rgb = [0.95, 1.55, 0.45];
const RBC: Rgb = [0.12, 0.55, 0.4];
const BLUE_CYTO: Rgb = [0.42, 0.24, 0.06];
const LILAC_CYTO: Rgb = [0.12, 0.2, 0.1];
const GREY_CYTO: Rgb = [0.3, 0.3, 0.14];
const EOS_GRANULE: Rgb = [0.04, 0.55, 0.95];
const BASO_GRANULE: Rgb = [0.95, 1.45, 0.6];

function scale(v: Rgb, k: number): Rgb {
  return [v[0] * k, v[1] * k, v[2] * k];
}

function lobes(
  c: Canvas,
  rng: Rng,
  cx: number,
  cy: number,
  pathR: number,
  count: number,
  lobeR: number,
  col: Rgb,
): [number, number][] {
  const start = rng.range(0, 6.28);
  const span = rng.range(2.4, 3.6);
  const pts: [number, number][] = [];
  for (let k = 0; k < count; k++) {
    const t = start + (span * k) / Math.max(1, count - 1);
    const r = pathR * rng.range(0.75, 1.1);
    pts.push([cx + r * Math.cos(t), cy + r * Math.sin(t)]);
  }
  c.polyline(pts, lobeR * 0.35, col, 0.8);
  for (const [x, y] of pts)
    c.blob(x, y, lobeR * rng.range(0.85, 1.1), col, 1, {
      aspect: rng.range(1.1, 1.5),
      angle: rng.range(0, 3.14),
      wobble: wobble(rng, 2, 0.12),
      falloff: 0.2,
    });
  return pts;
}

function speckle(
  c: Canvas,
  rng: Rng,
  cx: number,
  cy: number,
  R: number,
  count: number,
  rMin: number,
  rMax: number,
  col: Rgb,
  amount: number,
): void {
  for (let k = 0; k < count; k++) {
    const r = R * Math.sqrt(rng.next());
    const t = rng.range(0, 6.28);
    c.blob(cx + r * Math.cos(t), cy + r * Math.sin(t), rng.range(rMin, rMax), col, amount * rng.range(0.7, 1.2));
  }
}

/** Radius of the white cell of each class, in pixels at 192 px. */
const wbcRadius: Record<string, [number, number]> = {
  neutrophil: [33, 38],
  lymphocyte: [21, 26],
  monocyte: [40, 46],
  eosinophil: [33, 38],
  basophil: [27, 31],
  platelet: [0, 0],
};

function whiteCell(c: Canvas, rng: Rng, label: string, cx: number, cy: number, R: number, s: number, k: number): void {
  const chrom = scale(CHROMATIN, k * rng.range(0.85, 1.1));
  switch (label) {
    case 'neutrophil':
      c.blob(cx, cy, R, LILAC_CYTO, 1, { wobble: wobble(rng, 2, 0.04), edge: 1.5 });
      speckle(c, rng, cx, cy, R * 0.95, 90, 0.6 * s, 1.1 * s, LILAC_CYTO, 0.6);
      lobes(c, rng, cx, cy, R * 0.45, 3 + rng.int(3), 8 * s, chrom);
      break;
    case 'lymphocyte': {
      c.blob(cx, cy, R, BLUE_CYTO, 1, { edge: 1.5, wobble: wobble(rng, 2, 0.03) });
      const off = R * 0.12;
      const t = rng.range(0, 6.28);
      c.blob(cx + off * Math.cos(t), cy + off * Math.sin(t), R * 0.82, chrom, 1.15, {
        aspect: rng.range(1, 1.12),
        angle: t,
        wobble: wobble(rng, 2, 0.04),
        falloff: 0.15,
      });
      break;
    }
    case 'monocyte': {
      c.blob(cx, cy, R, GREY_CYTO, 1, { wobble: wobble(rng, 3, 0.06), edge: 1.5 });
      for (let v = 3 + rng.int(5); v > 0; v--) {
        const r = R * 0.7 * Math.sqrt(rng.next());
        const t = rng.range(0, 6.28);
        c.blob(cx + r * Math.cos(t), cy + r * Math.sin(t), rng.range(2, 4) * s, GREY_CYTO, -0.6);
      }
      // Kidney / horseshoe nucleus: a thick arc.
      const a0 = rng.range(0, 6.28);
      const span = rng.range(2.6, 3.6);
      const pts: [number, number][] = [];
      const pr = R * 0.32;
      const ox = cx + Math.cos(a0 + span / 2) * R * 0.12;
      const oy = cy + Math.sin(a0 + span / 2) * R * 0.12;
      for (let j = 0; j <= 12; j++) {
        const t = a0 + (span * j) / 12;
        pts.push([ox + pr * Math.cos(t), oy + pr * Math.sin(t)]);
      }
      c.polyline(pts, R * 0.42, scale(chrom, 0.7), 1);
      break;
    }
    case 'eosinophil':
      c.blob(cx, cy, R, LILAC_CYTO, 0.6, { edge: 1.5 });
      speckle(c, rng, cx, cy, R * 0.93, 170, 1.4 * s, 2.2 * s, EOS_GRANULE, 0.55);
      lobes(c, rng, cx, cy, R * 0.38, 2, 10 * s, chrom);
      break;
    case 'basophil':
      c.blob(cx, cy, R, LILAC_CYTO, 0.8, { edge: 1.5, wobble: wobble(rng, 2, 0.05) });
      c.blob(cx, cy, R * 0.6, scale(chrom, 0.6), 1, { wobble: wobble(rng, 3, 0.2) });
      speckle(c, rng, cx, cy, R * 0.9, 75, 2 * s, 3.2 * s, BASO_GRANULE, 1.1);
      break;
    case 'platelet':
      break;
    default:
      throw new Error(`drawBloodSmear: unknown class ${label}`);
  }
}

/**
 * A Giemsa-stained peripheral blood smear centred on one white cell (Acevedo et al. 2020 classes), or, with
 * `synthetic`, the smoother, noise-free look of generated cell images (Jung et al. 2022).
 */
export function drawBloodSmear(label: string, rng: Rng, size: number, synthetic = false): DrawnImage {
  const c = Canvas.fresh(size);
  const s = size / 192;
  const n = size;
  const k = rng.range(0.85, 1.15);
  c.fill(synthetic ? [0.05, 0.12, 0.06] : [0.02, 0.06, 0.04]);
  c.addField(valueNoise(rng, n, 48 * s), RBC, 0.06);
  const range = wbcRadius[label];
  if (!range) throw new Error(`drawBloodSmear: unknown class ${label}`);
  const R = rng.range(range[0], range[1]) * s;
  const cx = n / 2 + rng.range(-0.07, 0.07) * n;
  const cy = n / 2 + rng.range(-0.07, 0.07) * n;
  // Erythrocytes: pink discs with central pallor, kept off the white cell.
  const placed: [number, number][] = [];
  const rr = rng.range(19, 23) * s;
  for (let attempt = 0; attempt < 220 && placed.length < 16; attempt++) {
    const x = rng.range(-0.1, 1.1) * n;
    const y = rng.range(-0.1, 1.1) * n;
    if (R > 0 && Math.hypot(x - cx, y - cy) < R + rr * 0.7) continue;
    if (placed.some(([px, py]) => Math.hypot(px - x, py - y) < rr * 1.75)) continue;
    placed.push([x, y]);
    const rad = rr * rng.range(0.9, 1.08);
    const rbc = scale(RBC, k * rng.range(0.85, 1.1));
    c.blob(x, y, rad, rbc, 1, { aspect: rng.range(1, 1.12), angle: rng.range(0, 3.14), edge: 1.5 });
    c.blob(x, y, rad * 0.45, rbc, -0.45, { edge: rad * 0.3 });
  }
  if (label === 'platelet') {
    for (let p = 4 + rng.int(5); p > 0; p--) {
      const x = rng.range(0.15, 0.85) * n;
      const y = rng.range(0.15, 0.85) * n;
      speckle(c, rng, x, y, rng.range(3, 6) * s, 6, 1.5 * s, 3 * s, scale(CHROMATIN, 0.55), 0.8);
    }
  } else {
    whiteCell(c, rng, label, cx, cy, R, s, k);
  }
  if (synthetic) c.blur(2, 2);
  else {
    c.blur(1, 1);
    c.noise(rng, 0.03);
  }
  const bbox =
    R > 0 ? [[cx - R, cy - R, cx + R, cy + R].map((v) => Math.round(Math.min(n, Math.max(0, v))))] : undefined;
  return { size, channels: 3, depth: 8, format: synthetic ? 'png' : 'jpeg', pixels: c.toRgbFromDensity(), bbox };
}
