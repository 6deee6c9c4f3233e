import type { Rng } from '../rng.js';
import { Canvas, valueNoise, wobble, type Rgb } from './canvas.js';
import type { DrawnImage } from './types.js';

/** Electron density darkens every channel equally. */
const DENSE: Rgb = [1, 1, 1];

function toFrame(cx: number, cy: number, angle: number, u: number, v: number): [number, number] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [cx + u * c - v * s, cy + u * s + v * c];
}

/**
 * Cryo-electron tomogram slice of a mitochondrion (Wu et al. 2023): normal ones are elongated with a dense
 * matrix and lamellar cristae; abnormal ones are swollen and round with a pale matrix and few, broken cristae.
 */
export function drawMitochondrion(label: string, rng: Rng, size: number): DrawnImage {
  if (label !== 'normal' && label !== 'abnormal') throw new Error(`drawMitochondrion: unknown class ${label}`);
  const c = Canvas.fresh(size);
  const s = size / 192;
  const n = size;
  c.fill([0.55, 0.55, 0.55]);
  c.addField(valueNoise(rng, n, 30 * s), DENSE, 0.15);
  // Neighbouring vesicles / ribosomes.
  for (let k = 0; k < 25; k++) c.blob(rng.range(0, n), rng.range(0, n), rng.range(1.5, 3) * s, DENSE, 0.2);
  const cx = n / 2 + rng.range(-0.08, 0.08) * n;
  const cy = n / 2 + rng.range(-0.08, 0.08) * n;
  const angle = rng.range(0, Math.PI);
  const normal = label === 'normal';
  const b = normal ? rng.range(0.17, 0.22) * n : rng.range(0.25, 0.31) * n;
  const aspect = normal ? rng.range(1.5, 2.1) : rng.range(1, 1.25);
  const a = b * aspect;
  const wob = wobble(rng, 2, 0.04);
  c.blob(cx, cy, b, DENSE, normal ? 0.3 : 0.06, { aspect, angle, wobble: wob });
  c.blob(cx, cy, b, DENSE, 0.5, { aspect, angle, wobble: wob, hollow: 2.5 * s });
  c.blob(cx, cy, b - 5 * s, DENSE, 0.45, { aspect: (a - 5 * s) / (b - 5 * s), angle, wobble: wob, hollow: 2 * s });
  if (normal) {
    const cristae = 5 + rng.int(5);
    for (let k = 0; k < cristae; k++) {
      const u = -a * 0.75 + (1.5 * a * (k + 0.5)) / cristae + rng.normal() * 2 * s;
      const top = (k % 2 === 0 ? -1 : 1) * (b - 6 * s);
      const depth = rng.range(0.9, 1.5) * b;
      const p0 = toFrame(cx, cy, angle, u, top);
      const p1 = toFrame(cx, cy, angle, u + rng.normal() * 3 * s, top - Math.sign(top) * depth);
      c.segment(p0[0], p0[1], p1[0], p1[1], rng.range(2, 3) * s, DENSE, 0.45);
    }
  } else {
    for (let k = rng.int(3); k > 0; k--) {
      const p0 = toFrame(cx, cy, angle, rng.range(-0.5, 0.5) * a, rng.range(-0.5, 0.5) * b);
      const t = rng.range(0, 6.28);
      const len = rng.range(4, 9) * s;
      c.segment(p0[0], p0[1], p0[0] + Math.cos(t) * len, p0[1] + Math.sin(t) * len, 2 * s, DENSE, 0.35);
    }
  }
  c.blur(1, 1);
  c.noise(rng, 0.09, true);
  c.blur(1, 1);
  const polygon: number[] = [];
  for (let k = 0; k < 16; k++) {
    const t = (2 * Math.PI * k) / 16;
    const [x, y] = toFrame(cx, cy, angle, a * Math.cos(t), b * Math.sin(t));
    polygon.push(Math.round(x * 10) / 10, Math.round(y * 10) / 10);
  }
  return { size, channels: 1, depth: 8, format: 'png', pixels: c.toGrey8(true), polygon: [polygon] };
}

function cardiacMuscle(c: Canvas, rng: Rng, s: number): void {
  const n = c.size;
  const angle = rng.range(0, Math.PI);
  const cx = n / 2;
  const cy = n / 2;
  const band = rng.range(16, 22) * s;
  const sarcomere = rng.range(18, 24) * s;
  for (let v = -n; v < n; v += band) {
    // Myofibril: A-bands between Z-lines; a row of mitochondria in the gap to the next fibril.
    const phase = rng.range(0, sarcomere);
    for (let u = -n + phase; u < n; u += sarcomere) {
      const z0 = toFrame(cx, cy, angle, u, v - band * 0.38);
      const z1 = toFrame(cx, cy, angle, u, v + band * 0.38);
      c.segment(z0[0], z0[1], z1[0], z1[1], 2 * s, DENSE, 0.75);
      const a0 = toFrame(cx, cy, angle, u + sarcomere / 2, v - band * 0.36);
      const a1 = toFrame(cx, cy, angle, u + sarcomere / 2, v + band * 0.36);
      c.segment(a0[0], a0[1], a1[0], a1[1], sarcomere * 0.45, DENSE, 0.18);
    }
    for (let u = -n; u < n; u += rng.range(10, 16) * s) {
      const [x, y] = toFrame(cx, cy, angle, u, v + band / 2);
      c.blob(x, y, rng.range(2.5, 3.5) * s, DENSE, 0.6, { aspect: rng.range(1.6, 2.4), angle });
    }
  }
}

function chloroplasts(c: Canvas, rng: Rng, s: number): void {
  const n = c.size;
  // Cell walls crossing the field, chloroplasts pressed against them with stacked thylakoid grana.
  const walls = 1 + rng.int(2);
  for (let w = 0; w < walls; w++) {
    const angle = rng.range(0, Math.PI);
    const off = rng.range(-0.3, 0.3) * n;
    const pts: [number, number][] = [];
    for (let u = -n; u <= n; u += 8 * s)
      pts.push(toFrame(n / 2, n / 2, angle, u, off + Math.sin(u / (30 * s)) * 4 * s));
    c.polyline(pts, rng.range(4, 6) * s, DENSE, 0.9);
    for (let k = 0; k < 4; k++) {
      const u = rng.range(-0.45, 0.45) * n;
      const side = rng.next() < 0.5 ? -1 : 1;
      const [x, y] = toFrame(n / 2, n / 2, angle, u, off + side * rng.range(11, 14) * s);
      const r = rng.range(7, 10) * s;
      c.blob(x, y, r, DENSE, 0.35, { aspect: rng.range(2, 2.6), angle, edge: 1.2 });
      for (let g = -2; g <= 2; g++) {
        const p0 = toFrame(x, y, angle, -r * 1.5, g * 2.6 * s);
        const p1 = toFrame(x, y, angle, r * 1.5, g * 2.6 * s);
        c.segment(p0[0], p0[1], p1[0], p1[1], 1.1 * s, DENSE, 0.4);
      }
      c.blob(x, y, r * 0.35, DENSE, -0.3, { aspect: 1.5, angle });
    }
  }
}

function metaphaseCell(c: Canvas, rng: Rng, s: number): void {
  const n = c.size;
  const cx = n / 2 + rng.range(-0.05, 0.05) * n;
  const cy = n / 2 + rng.range(-0.05, 0.05) * n;
  const R = rng.range(0.36, 0.42) * n;
  c.blob(cx, cy, R, DENSE, 0.2, { wobble: wobble(rng, 3, 0.04) });
  c.blob(cx, cy, R, DENSE, 0.6, { wobble: wobble(rng, 3, 0.04), hollow: 2.5 * s });
  for (let k = 0; k < 30; k++) {
    const r = R * 0.85 * Math.sqrt(rng.next());
    const t = rng.range(0, 6.28);
    c.blob(cx + r * Math.cos(t), cy + r * Math.sin(t), rng.range(1.5, 2.5) * s, DENSE, 0.5, {
      aspect: rng.range(1.5, 2.5),
      angle: rng.range(0, 3.14),
    });
  }
  const plate = rng.range(0, Math.PI);
  for (let k = 0; k < 26; k++) {
    const [x, y] = toFrame(cx, cy, plate, rng.normal() * 0.05 * n, rng.range(-0.2, 0.2) * n);
    c.blob(x, y, rng.range(2, 3) * s, DENSE, rng.range(0.9, 1.3), {
      aspect: rng.range(2, 3.5),
      angle: plate + rng.normal() * 0.6,
    });
  }
}

/** Serial block-face SEM (EMPIAR entries): cardiac muscle, tobacco-leaf chloroplasts, a HeLa cell in metaphase. */
export function drawSbfSem(label: string, rng: Rng, size: number): DrawnImage {
  const c = Canvas.fresh(size);
  const s = size / 192;
  c.fill([0.2, 0.2, 0.2]);
  c.addField(valueNoise(rng, size, 6 * s), DENSE, 0.12);
  switch (label) {
    case 'cardiac_muscle':
      cardiacMuscle(c, rng, s);
      break;
    case 'tobacco_leaf_chloroplast':
      chloroplasts(c, rng, s);
      break;
    case 'hela_metaphase':
      metaphaseCell(c, rng, s);
      break;
    default:
      throw new Error(`drawSbfSem: unknown class ${label}`);
  }
  c.blur(1, 1);
  c.noise(rng, 0.05, true);
  return { size, channels: 1, depth: 8, format: 'png', pixels: c.toGrey8(true) };
}
