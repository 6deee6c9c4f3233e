import type { Rng } from '../rng.js';
import { Canvas, valueNoise, wobble, type Rgb } from './canvas.js';
import type { DrawnImage } from './types.js';

const WHITE: Rgb = [1, 1, 1];
const GFP: Rgb = [0.12, 1, 0.22];
const DAPI: Rgb = [0.25, 0.35, 1];
const RED: Rgb = [1, 0.06, 0.04];

function wiggle(rng: Rng, x: number, y: number, steps: number, step: number): [number, number][] {
  const pts: [number, number][] = [[x, y]];
  let a = rng.range(0, 6.28);
  for (let k = 0; k < steps; k++) {
    a += rng.normal() * 0.7;
    x += Math.cos(a) * step;
    y += Math.sin(a) * step;
    pts.push([x, y]);
  }
  return pts;
}

function interphaseNucleus(c: Canvas, rng: Rng, x: number, y: number, r: number, level: number, s: number): void {
  c.blob(x, y, r, WHITE, level, {
    aspect: rng.range(1.05, 1.4),
    angle: rng.range(0, 3.14),
    wobble: wobble(rng, 2, 0.05),
    edge: 1.5,
    falloff: 0.25,
  });
  for (let k = 0; k < 14; k++) {
    const rr = r * 0.8 * Math.sqrt(rng.next());
    const t = rng.range(0, 6.28);
    c.blob(x + rr * Math.cos(t), y + rr * Math.sin(t), rng.range(1.2, 2.2) * s, WHITE, level * 0.35);
  }
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const rr = r * 0.5 * Math.sqrt(rng.next());
    const t = rng.range(0, 6.28);
    c.blob(x + rr * Math.cos(t), y + rr * Math.sin(t), rng.range(2.5, 4) * s, WHITE, -level * 0.4);
  }
}

/**
 * H2B-mCherry chromatin of HeLa cells (Held et al. 2010), one cell per crop, as a 16-bit greyscale frame:
 * the cell-cycle phase is read from the chromatin shape (smooth interphase nucleus, condensing threads,
 * a metaphase plate, two separating plates, two compact daughter nuclei, apoptotic fragments).
 */
export function drawChromatin(label: string, rng: Rng, size: number): DrawnImage {
  const c = Canvas.fresh(size);
  const s = size / 192;
  const n = size;
  const cx = n / 2 + rng.range(-0.06, 0.06) * n;
  const cy = n / 2 + rng.range(-0.06, 0.06) * n;
  const axis = rng.range(0, Math.PI);
  const level = rng.range(0.45, 0.75);
  c.fill([0.02, 0.02, 0.02]);
  // Neighbouring interphase cells cut by the crop edge.
  for (let k = rng.int(3); k > 0; k--) {
    const t = rng.range(0, 6.28);
    interphaseNucleus(
      c,
      rng,
      n / 2 + Math.cos(t) * n * 0.55,
      n / 2 + Math.sin(t) * n * 0.55,
      rng.range(0.12, 0.16) * n,
      level * 0.5,
      s,
    );
  }
  const ux = Math.cos(axis);
  const uy = Math.sin(axis);
  switch (label) {
    case 'interphase':
      interphaseNucleus(c, rng, cx, cy, rng.range(0.14, 0.18) * n, level * 0.7, s);
      break;
    case 'prophase': {
      const r = rng.range(0.13, 0.16) * n;
      c.blob(cx, cy, r, WHITE, level * 0.2, { aspect: rng.range(1, 1.2), angle: axis, edge: 2 });
      for (let k = 0; k < 34; k++) {
        const rr = r * 0.8 * Math.sqrt(rng.next());
        const t = rng.range(0, 6.28);
        c.polyline(
          wiggle(rng, cx + rr * Math.cos(t), cy + rr * Math.sin(t), 3, 3.5 * s),
          rng.range(1.6, 2.4) * s,
          WHITE,
          level * 0.55,
        );
      }
      break;
    }
    case 'metaphase':
      c.blob(cx, cy, rng.range(0.035, 0.05) * n, WHITE, level * 1.2, {
        aspect: rng.range(3.4, 4.6),
        angle: axis + Math.PI / 2,
        wobble: wobble(rng, 4, 0.08),
        edge: 1.5,
      });
      for (let k = 0; k < 8; k++) {
        const along = rng.range(-0.15, 0.15) * n;
        const side = (rng.next() < 0.5 ? -1 : 1) * rng.range(0.03, 0.05) * n;
        c.blob(cx - uy * along + ux * side, cy + ux * along + uy * side, rng.range(1.5, 2.5) * s, WHITE, level * 0.6);
      }
      break;
    case 'anaphase': {
      const gap = rng.range(0.06, 0.1) * n;
      for (const sign of [-1, 1]) {
        c.blob(cx + ux * gap * sign, cy + uy * gap * sign, rng.range(0.03, 0.04) * n, WHITE, level * 1.15, {
          aspect: rng.range(2.8, 3.6),
          angle: axis + Math.PI / 2,
          wobble: [[2, 0.12, sign > 0 ? 0 : Math.PI]],
          edge: 1.5,
        });
      }
      break;
    }
    case 'telophase': {
      const gap = rng.range(0.14, 0.18) * n;
      for (const sign of [-1, 1]) {
        c.blob(cx + ux * gap * sign, cy + uy * gap * sign, rng.range(0.06, 0.08) * n, WHITE, level * 0.95, {
          aspect: rng.range(1.2, 1.5),
          angle: axis + Math.PI / 2,
          wobble: wobble(rng, 2, 0.06),
          falloff: 0.2,
        });
      }
      break;
    }
    case 'apoptosis':
      for (let k = 4 + rng.int(6); k > 0; k--) {
        const rr = rng.range(0, 0.1) * n;
        const t = rng.range(0, 6.28);
        c.blob(cx + rr * Math.cos(t), cy + rr * Math.sin(t), rng.range(0.02, 0.042) * n, WHITE, level * 1.3, {
          falloff: 0.3,
        });
      }
      break;
    default:
      throw new Error(`drawChromatin: unknown class ${label}`);
  }
  c.blur(1, 1);
  c.noise(rng, 0.012, true);
  const bbox = [
    [cx - 0.2 * n, cy - 0.2 * n, cx + 0.2 * n, cy + 0.2 * n].map((v) => Math.round(Math.min(n, Math.max(0, v)))),
  ];
  return { size, channels: 1, depth: 16, format: 'png', pixels: c.toGrey16(), bbox };
}

function golgiRibbon(
  c: Canvas,
  rng: Rng,
  cx: number,
  cy: number,
  rn: number,
  dir: number,
  spanMax: number,
  level: number,
  s: number,
): void {
  const span = rng.range(0.5, 1) * spanMax;
  const pts: [number, number][] = [];
  for (let j = 0; j <= 10; j++) {
    const t = dir - span / 2 + (span * j) / 10;
    const rr = rn + rng.range(2.5, 4.5) * s;
    pts.push([cx + rr * Math.cos(t), cy + rr * Math.sin(t)]);
  }
  c.polyline(pts, rng.range(4, 7) * s, GFP, level * 0.8);
  for (let k = 0; k < 8; k++) {
    const [x, y] = rng.pick(pts);
    c.blob(x + rng.normal() * 2 * s, y + rng.normal() * 2 * s, rng.range(2, 3.5) * s, GFP, level * 0.4);
  }
}

/**
 * GalT–EGFP, a Golgi marker (Held et al. 2010): a compact perinuclear ribbon in interphase, scattered
 * fragments when partly disassembled, an even haze when diffuse, and two compact Golgi in a daughter pair.
 */
export function drawGolgi(label: string, rng: Rng, size: number): DrawnImage {
  const c = Canvas.fresh(size);
  const s = size / 192;
  const n = size;
  const level = rng.range(0.6, 0.95);
  const cx = n / 2 + rng.range(-0.06, 0.06) * n;
  const cy = n / 2 + rng.range(-0.06, 0.06) * n;
  const dir = rng.range(0, 6.28);
  c.fill([0.01, 0.015, 0.01]);
  const cell = (x: number, y: number, rCell: number, rn: number, haze: number): void => {
    c.blob(x, y, rCell, GFP, haze, { wobble: wobble(rng, 3, 0.1), edge: 3, falloff: 0.5 });
    c.blob(x, y, rn, GFP, -haze, { aspect: rng.range(1, 1.2), edge: 2 });
  };
  switch (label) {
    case 'interphase': {
      const rn = rng.range(0.11, 0.14) * n;
      cell(cx, cy, rng.range(0.3, 0.36) * n, rn, 0.06);
      golgiRibbon(c, rng, cx, cy, rn, dir, 2.2, level, s);
      break;
    }
    case 'partly_disassembled': {
      const rn = rng.range(0.11, 0.14) * n;
      cell(cx, cy, rng.range(0.3, 0.36) * n, rn, 0.07);
      for (let k = 14 + rng.int(16); k > 0; k--) {
        const rr = rn + rng.range(3, 0.18 * n);
        const t = dir + rng.normal() * 1.4;
        c.blob(cx + rr * Math.cos(t), cy + rr * Math.sin(t), rng.range(1.8, 3) * s, GFP, level * rng.range(0.5, 0.9));
      }
      break;
    }
    case 'diffuse': {
      const rn = rng.range(0.11, 0.14) * n;
      const field = valueNoise(rng, n, 10 * s);
      c.blob(cx, cy, rng.range(0.3, 0.36) * n, GFP, level * 0.28, {
        wobble: wobble(rng, 3, 0.1),
        edge: 3,
        falloff: 0.4,
      });
      c.addField(field, GFP, level * 0.06);
      for (let k = 0; k < 60; k++) {
        const rr = rng.range(0, 0.3) * n;
        const t = rng.range(0, 6.28);
        c.blob(cx + rr * Math.cos(t), cy + rr * Math.sin(t), 1.2 * s, GFP, level * 0.12);
      }
      c.blob(cx, cy, rn, GFP, -level * 0.15, { edge: 3 });
      break;
    }
    case 'golgi_twin': {
      const ux = Math.cos(dir);
      const uy = Math.sin(dir);
      const gap = rng.range(0.15, 0.19) * n;
      for (const sign of [-1, 1]) {
        const x = cx + ux * gap * sign;
        const y = cy + uy * gap * sign;
        const rn = rng.range(0.07, 0.09) * n;
        cell(x, y, rng.range(0.16, 0.2) * n, rn, 0.05);
        golgiRibbon(c, rng, x, y, rn, sign > 0 ? dir + Math.PI : dir, 1.3, level, s);
      }
      break;
    }
    default:
      throw new Error(`drawGolgi: unknown class ${label}`);
  }
  c.blur(1, 1);
  c.noise(rng, 0.012, true);
  return { size, channels: 3, depth: 8, format: 'png', pixels: c.toRgbFromLight() };
}

const contourWobble: Record<string, (rng: Rng) => [number, number, number][]> = {
  smooth_contours: () => [],
  intermediate: (rng) => [[3 + rng.int(2), rng.range(0.1, 0.14), rng.range(0, 6.28)], ...wobble(rng, 2, 0.06)],
  irregular_contours: (rng) => [
    ...wobble(rng, 2, 0.1),
    ...Array.from(
      { length: 4 },
      (_, k) => [7 + 2 * k, rng.range(0.05, 0.09), rng.range(0, 6.28)] as [number, number, number],
    ),
  ],
};

/**
 * Synthetic single cells (Burgess et al. 2024, contour task), centred as in a cell-profiling crop: smooth,
 * intermediate (lumpy) or irregular (ruffled, spiky) outlines around a smooth nucleus.
 */
export function drawSyntheticCells(label: string, rng: Rng, size: number): DrawnImage {
  const shape = contourWobble[label];
  if (!shape) throw new Error(`drawSyntheticCells: unknown class ${label}`);
  const c = Canvas.fresh(size);
  const n = size;
  const r = rng.range(0.26, 0.34) * n;
  const x = n / 2 + rng.range(-0.06, 0.06) * n;
  const y = n / 2 + rng.range(-0.06, 0.06) * n;
  c.blob(x, y, r, GFP, rng.range(0.35, 0.55), {
    aspect: rng.range(1, 1.25),
    angle: rng.range(0, 3.14),
    wobble: shape(rng),
    edge: 1.2,
    falloff: 0.3,
  });
  c.blob(
    x + rng.normal() * r * 0.06,
    y + rng.normal() * r * 0.06,
    r * rng.range(0.3, 0.38),
    DAPI,
    rng.range(0.5, 0.8),
    {
      aspect: rng.range(1, 1.2),
      angle: rng.range(0, 3.14),
      falloff: 0.2,
    },
  );
  return { size, channels: 3, depth: 8, format: 'png', pixels: c.toRgbFromLight() };
}

const overlapFraction: Record<string, number> = { very_weak: 0.04, weak: 0.3, moderate: 0.6, strong: 0.92 };

/** Synthetic two-channel single-molecule spots; the class is the fraction of green spots sitting on red ones. */
export function drawColocalization(label: string, rng: Rng, size: number): DrawnImage {
  const p = overlapFraction[label];
  if (p === undefined) throw new Error(`drawColocalization: unknown class ${label}`);
  const c = Canvas.fresh(size);
  const s = size / 192;
  const n = size;
  const spots = 30 + rng.int(30);
  const red: [number, number][] = [];
  for (let k = 0; k < spots; k++) {
    const x = rng.range(4, n - 4);
    const y = rng.range(4, n - 4);
    red.push([x, y]);
    c.blob(x, y, rng.range(1.8, 2.8) * s, RED, rng.range(0.6, 1), { falloff: 0.8, edge: 1.5 });
  }
  for (let k = 0; k < spots; k++) {
    const onRed = rng.next() < p;
    const [x, y] = onRed ? red[k]! : [rng.range(4, n - 4), rng.range(4, n - 4)];
    c.blob(
      x + rng.normal() * 0.6 * s,
      y + rng.normal() * 0.6 * s,
      rng.range(1.8, 2.8) * s,
      [0.04, 1, 0.06],
      rng.range(0.6, 1),
      { falloff: 0.8, edge: 1.5 },
    );
  }
  c.noise(rng, 0.01);
  return { size, channels: 3, depth: 8, format: 'png', pixels: c.toRgbFromLight() };
}
