import type { Rng } from '../rng.js';
import { Canvas, valueNoise, wobble, type Rgb } from './canvas.js';
import type { DrawnImage } from './types.js';

// Optical-density vectors of the stains (Ruifrok & Johnston 2001 colour deconvolution).
const HAEMATOXYLIN: Rgb = [0.65, 0.7, 0.29];
const EOSIN: Rgb = [0.07, 0.99, 0.11];
const DAB: Rgb = [0.27, 0.57, 0.78];

function jitterStain(rng: Rng, v: Rgb, spread: number): Rgb {
  const k = rng.range(1 - spread, 1 + spread);
  return [v[0] * k * rng.range(0.92, 1.08), v[1] * k * rng.range(0.92, 1.08), v[2] * k * rng.range(0.92, 1.08)];
}

type Stains = { h: Rgb; e: Rgb };

function nucleus(
  c: Canvas,
  rng: Rng,
  x: number,
  y: number,
  r: number,
  h: Rgb,
  amount: number,
  opts: { aspect?: number; angle?: number; irregular?: number } = {},
): void {
  c.blob(x, y, r, h, amount, {
    aspect: opts.aspect ?? rng.range(1, 1.25),
    angle: opts.angle ?? rng.range(0, Math.PI),
    wobble: opts.irregular ? wobble(rng, 3, opts.irregular) : undefined,
    edge: 1.2,
    falloff: 0.25,
  });
}

/** Wavy fibre along `angle`, `length` long. */
function fibre(
  c: Canvas,
  rng: Rng,
  x: number,
  y: number,
  angle: number,
  length: number,
  width: number,
  col: Rgb,
  amount: number,
  waviness: number,
): void {
  const pts: [number, number][] = [];
  const step = 5;
  let a = angle;
  let px = x;
  let py = y;
  const phase = rng.range(0, 6.28);
  for (let t = 0; t <= length; t += step) {
    pts.push([px, py]);
    a = angle + waviness * Math.sin(phase + t / 14);
    px += Math.cos(a) * step;
    py += Math.sin(a) * step;
  }
  c.polyline(pts, width, col, amount);
}

function tumor(c: Canvas, rng: Rng, st: Stains, s: number): void {
  const n = c.size;
  c.addField(valueNoise(rng, n, 20 * s), st.e, 0.25);
  // Irregular cribriform lumens, then crowded pleomorphic nuclei.
  for (let k = rng.int(3); k > 0; k--)
    c.blob(rng.range(0, n), rng.range(0, n), rng.range(6, 14) * s, st.e, -0.3, { wobble: wobble(rng, 3, 0.3) });
  const count = Math.round(((n * n) / (13 * s) ** 2) * rng.range(0.75, 1));
  for (let k = 0; k < count; k++) {
    nucleus(c, rng, rng.range(0, n), rng.range(0, n), rng.range(5, 8.5) * s, st.h, rng.range(0.9, 1.5), {
      aspect: rng.range(1.1, 1.9),
      irregular: 0.3,
    });
    if (rng.next() < 0.3) c.blob(rng.range(0, n), rng.range(0, n), 1.4 * s, st.h, 0.8);
  }
}

function stroma(c: Canvas, rng: Rng, st: Stains, s: number, muscle: boolean): void {
  const n = c.size;
  const theta = rng.range(0, Math.PI);
  c.addField(valueNoise(rng, n, 24 * s), st.e, muscle ? 0.55 : 0.2);
  const fibres = muscle ? 50 : 80;
  for (let k = 0; k < fibres; k++) {
    const len = rng.range(60, 160) * s;
    const x = rng.range(-0.3 * n, 1.3 * n);
    const y = rng.range(-0.3 * n, 1.3 * n);
    fibre(
      c,
      rng,
      x - (Math.cos(theta) * len) / 2,
      y - (Math.sin(theta) * len) / 2,
      theta + rng.normal() * 0.08,
      len,
      rng.range(1.5, muscle ? 4.5 : 3) * s,
      st.e,
      rng.range(0.25, 0.5),
      muscle ? 0.08 : 0.35,
    );
  }
  const nuclei = muscle ? rng.range(25, 40) : rng.range(10, 22);
  for (let k = 0; k < nuclei; k++) {
    nucleus(c, rng, rng.range(0, n), rng.range(0, n), rng.range(2.2, 3) * s, st.h, rng.range(0.9, 1.3), {
      aspect: muscle ? rng.range(4, 6) : rng.range(2.5, 4),
      angle: theta + rng.normal() * 0.12,
    });
  }
}

function adipose(c: Canvas, rng: Rng, st: Stains, s: number): void {
  const n = c.size;
  const spacing = rng.range(34, 50) * s;
  const seeds: [number, number][] = [];
  const cells = Math.round((n + 2 * spacing) / spacing) + 1;
  for (let gy = 0; gy < cells; gy++) {
    for (let gx = 0; gx < cells; gx++) {
      seeds.push([
        (gx - 1 + 0.5 + rng.range(-0.35, 0.35)) * spacing,
        (gy - 1 + 0.5 + rng.range(-0.35, 0.35)) * spacing,
      ]);
    }
  }
  // Membranes where the two nearest cell centres are nearly equidistant (a Voronoi edge). Seeds sit one per
  // grid cell, so the two nearest are among the 5×5 cells around a pixel.
  const w = rng.range(1.2, 2.2) * s;
  const amount = rng.range(0.4, 0.65);
  const cols = Math.round((n + 2 * spacing) / spacing) + 1;
  for (let y = 0; y < n; y++) {
    const gy = Math.floor((y + spacing) / spacing);
    for (let x = 0; x < n; x++) {
      const gx = Math.floor((x + spacing) / spacing);
      let d1 = Infinity;
      let d2 = Infinity;
      for (let j = gy - 2; j <= gy + 2; j++) {
        for (let i = gx - 2; i <= gx + 2; i++) {
          const seed = seeds[j * cols + i];
          if (!seed || i < 0 || i >= cols) continue;
          const ex = x - seed[0];
          const ey = y - seed[1];
          const d = ex * ex + ey * ey;
          if (d < d1) {
            d2 = d1;
            d1 = d;
          } else if (d < d2) d2 = d;
        }
      }
      const gap = Math.sqrt(d2) - Math.sqrt(d1);
      if (gap >= w) continue;
      const cov = (w - gap) / w;
      const k = y * n + x;
      c.r[k]! += st.e[0] * amount * cov;
      c.g[k]! += st.e[1] * amount * cov;
      c.b[k]! += st.e[2] * amount * cov;
    }
  }
  for (let k = rng.int(4); k >= 0; k--) {
    const [sx, sy] = rng.pick(seeds);
    nucleus(c, rng, sx + spacing * 0.45, sy, 2.2 * s, st.h, 1.1, { aspect: 3, angle: Math.PI / 2 });
  }
}

function lymphocytes(c: Canvas, rng: Rng, st: Stains, s: number): void {
  const n = c.size;
  c.addField(valueNoise(rng, n, 16 * s), st.e, 0.15);
  const count = Math.round(((n * n) / (8.5 * s) ** 2) * rng.range(0.8, 1));
  for (let k = 0; k < count; k++) {
    nucleus(c, rng, rng.range(0, n), rng.range(0, n), rng.range(3, 4.2) * s, st.h, rng.range(1.4, 2), {
      aspect: rng.range(1, 1.15),
    });
  }
}

function mucosa(c: Canvas, rng: Rng, st: Stains, s: number): void {
  const n = c.size;
  c.addField(valueNoise(rng, n, 18 * s), st.e, 0.3);
  for (let k = 0; k < 40; k++) nucleus(c, rng, rng.range(0, n), rng.range(0, n), rng.range(2.2, 3.2) * s, st.h, 1.1);
  const glands: [number, number, number][] = [];
  for (let attempt = 0; attempt < 30 && glands.length < 4; attempt++) {
    const R = rng.range(24, 38) * s;
    const x = rng.range(0.1, 0.9) * n;
    const y = rng.range(0.1, 0.9) * n;
    if (glands.some(([gx, gy, gr]) => Math.hypot(gx - x, gy - y) < gr + R + 4 * s)) continue;
    glands.push([x, y, R]);
  }
  for (const [x, y, R] of glands) {
    const aspect = rng.range(1, 1.35);
    const angle = rng.range(0, Math.PI);
    // Lumen cleared, epithelial ring of pink cytoplasm, goblet vacuoles, basal nuclei in a palisade.
    c.blob(x, y, R, st.e, -0.3, { aspect, angle });
    c.blob(x, y, R, st.e, 0.45, { aspect, angle, hollow: R * 0.45, edge: 1.5 });
    const cells = Math.round((2 * Math.PI * R) / (7 * s));
    for (let k = 0; k < cells; k++) {
      const t = (2 * Math.PI * k) / cells + rng.normal() * 0.02;
      const ct = Math.cos(t) * aspect;
      const stt = Math.sin(t);
      const rx = ct * Math.cos(angle) - stt * Math.sin(angle);
      const ry = ct * Math.sin(angle) + stt * Math.cos(angle);
      if (rng.next() < 0.25) {
        c.blob(x + rx * R * 0.75, y + ry * R * 0.75, 3.2 * s, HAEMATOXYLIN, 0.12);
        continue;
      }
      nucleus(c, rng, x + rx * R * 0.88, y + ry * R * 0.88, 2.4 * s, st.h, rng.range(1.1, 1.5), {
        aspect: 1.9,
        angle: Math.atan2(ry, rx),
      });
    }
  }
}

function background(c: Canvas, rng: Rng, st: Stains, s: number): void {
  const n = c.size;
  c.addField(valueNoise(rng, n, 40 * s), st.e, 0.05);
  for (let k = rng.int(3); k > 0; k--) c.blob(rng.range(0, n), rng.range(0, n), rng.range(1, 3) * s, st.e, 0.2);
}

/** H&E colorectal tissue (Kather et al. 2016 / 2018 class names). */
export function drawHe(label: string, rng: Rng, size: number): DrawnImage {
  const c = Canvas.fresh(size);
  const s = size / 192;
  const st: Stains = { h: jitterStain(rng, HAEMATOXYLIN, 0.2), e: jitterStain(rng, EOSIN, 0.25) };
  switch (label) {
    case 'tumor':
      tumor(c, rng, st, s);
      break;
    case 'stroma':
    case 'cancer_stroma':
      stroma(c, rng, st, s, false);
      break;
    case 'smooth_muscle':
      stroma(c, rng, st, s, true);
      break;
    case 'adipose':
      adipose(c, rng, st, s);
      break;
    case 'lympho':
    case 'lymphocytes':
      lymphocytes(c, rng, st, s);
      break;
    case 'mucosa':
    case 'normal_mucosa':
      mucosa(c, rng, st, s);
      break;
    case 'empty':
    case 'background':
      background(c, rng, st, s);
      break;
    default:
      throw new Error(`drawHe: unknown class ${label}`);
  }
  c.blur(1, 1);
  c.noise(rng, 0.025);
  return {
    size,
    channels: 3,
    depth: 8,
    format: 'jpeg',
    pixels: c.toRgbFromDensity([rng.range(0.94, 1), rng.range(0.93, 0.99), rng.range(0.94, 1)]),
  };
}

/** Amyloid-β immunohistochemistry: brown DAB on a blue haematoxylin counterstain (Tang et al. 2019 classes). */
export function drawAmyloidIhc(label: string, rng: Rng, size: number): DrawnImage {
  const c = Canvas.fresh(size);
  const s = size / 192;
  const n = size;
  const h = jitterStain(rng, HAEMATOXYLIN, 0.2);
  const dab = jitterStain(rng, DAB, 0.2);
  c.addField(valueNoise(rng, n, 16 * s), h, 0.14);
  c.addField(valueNoise(rng, n, 5 * s), h, 0.06);
  for (let k = 0; k < 16; k++)
    nucleus(c, rng, rng.range(0, n), rng.range(0, n), rng.range(3, 4.5) * s, h, rng.range(0.6, 1));
  const cx = n / 2 + rng.range(-0.12, 0.12) * n;
  const cy = n / 2 + rng.range(-0.12, 0.12) * n;
  switch (label) {
    case 'cored_plaque': {
      const halo = rng.range(22, 34) * s;
      for (let k = 0; k < 140; k++) {
        const r = halo * Math.sqrt(rng.next());
        const t = rng.range(0, 6.28);
        c.blob(cx + r * Math.cos(t), cy + r * Math.sin(t), rng.range(0.8, 1.8) * s, dab, rng.range(0.2, 0.45));
      }
      c.blob(cx, cy, rng.range(6, 10) * s, dab, rng.range(1.6, 2.3), { wobble: wobble(rng, 3, 0.2), falloff: 0.3 });
      break;
    }
    case 'diffuse_plaque': {
      const spread = rng.range(16, 26) * s;
      for (let k = 0; k < 420; k++) {
        c.blob(
          cx + rng.normal() * spread,
          cy + rng.normal() * spread * rng.range(0.7, 1),
          rng.range(1.2, 3) * s,
          dab,
          rng.range(0.08, 0.22),
        );
      }
      break;
    }
    case 'caa': {
      const R = rng.range(20, 34) * s;
      const aspect = rng.range(1, 1.6);
      const angle = rng.range(0, Math.PI);
      c.blob(cx, cy, R, h, -0.2, { aspect, angle });
      c.blob(cx, cy, R, dab, rng.range(0.9, 1.4), {
        aspect,
        angle,
        hollow: rng.range(5, 8) * s,
        edge: 1.5,
        wobble: wobble(rng, 2, 0.05),
      });
      break;
    }
    case 'negative': {
      if (rng.next() < 0.5) {
        const R = rng.range(14, 26) * s;
        c.blob(cx, cy, R, h, 0.3, { aspect: rng.range(1, 1.5), angle: rng.range(0, 3.14), hollow: 3 * s });
      }
      break;
    }
    default:
      throw new Error(`drawAmyloidIhc: unknown class ${label}`);
  }
  c.blur(1, 1);
  c.noise(rng, 0.02);
  return { size, channels: 3, depth: 8, format: 'jpeg', pixels: c.toRgbFromDensity() };
}
