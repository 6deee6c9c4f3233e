import type { Rng } from '../rng.js';
import { Canvas, valueNoise, wobble, type Rgb } from './canvas.js';
import type { DrawnImage } from './types.js';

const EXINE: Rgb = [0.14, 0.32, 0.72];

function pore(c: Canvas, x: number, y: number, s: number, col: Rgb): void {
  c.blob(x, y, 5 * s, col, 0.9, { hollow: 2 * s });
  c.blob(x, y, 3 * s, col, -0.25);
}

/**
 * Brightfield pollen grains (ICPR 2020 pollen challenge classes): Corylus is rounded-triangular with three
 * pores, Alnus polygonal with four to six pores joined by arcs (arci), and abnormal Corylus grains are
 * shrunken, folded and dark.
 */
export function drawPollen(label: string, rng: Rng, size: number): DrawnImage {
  const c = Canvas.fresh(size);
  const s = size / 192;
  const n = size;
  c.fill([0.05, 0.06, 0.11]);
  c.addField(valueNoise(rng, n, 40 * s), EXINE, 0.12);
  for (let k = rng.int(6); k > 0; k--)
    c.blob(rng.range(0, n), rng.range(0, n), rng.range(1, 4) * s, EXINE, rng.range(0.3, 0.8), {
      wobble: wobble(rng, 3, 0.3),
    });
  const col: Rgb = [EXINE[0] * rng.range(0.8, 1.2), EXINE[1] * rng.range(0.8, 1.2), EXINE[2] * rng.range(0.8, 1.2)];
  const cx = n / 2 + rng.range(-0.06, 0.06) * n;
  const cy = n / 2 + rng.range(-0.06, 0.06) * n;
  const phi = rng.range(0, 6.28);
  const grain = (r: number, k: number, amp: number, amount: number): void => {
    const w: [number, number, number][] = [[k, amp, phi]];
    c.blob(cx, cy, r, col, amount, { wobble: w, falloff: 0.3, edge: 1.2 });
    c.blob(cx, cy, r, col, 0.5, { wobble: w, hollow: 3 * s });
    for (let j = 0; j < 90; j++) {
      const rr = r * 0.85 * Math.sqrt(rng.next());
      const t = rng.range(0, 6.28);
      c.blob(cx + rr * Math.cos(t), cy + rr * Math.sin(t), rng.range(0.8, 1.4) * s, col, 0.15);
    }
  };
  // Pores sit where the k-fold outline bulges: cos(kθ + φ) = 1.
  const poreAt = (r: number, k: number, amp: number): [number, number][] =>
    Array.from({ length: k }, (_, j) => {
      const t = (2 * Math.PI * j - phi) / k;
      const rr = r * (1 + amp) * 0.86;
      return [cx + rr * Math.cos(t), cy + rr * Math.sin(t)] as [number, number];
    });
  switch (label) {
    case 'corylus_avellana_normal': {
      const r = rng.range(0.25, 0.3) * n;
      grain(r, 3, 0.08, 0.35);
      for (const [x, y] of poreAt(r, 3, 0.08)) pore(c, x, y, s, col);
      break;
    }
    case 'alnus_normal': {
      const r = rng.range(0.24, 0.29) * n;
      const k = 4 + rng.int(3);
      grain(r, k, 0.07, 0.3);
      const pores = poreAt(r, k, 0.07);
      for (const [x, y] of pores) pore(c, x, y, s, col);
      for (let j = 0; j < k; j++) {
        const [x0, y0] = pores[j]!;
        const [x1, y1] = pores[(j + 1) % k]!;
        const mx = (x0 + x1) / 2;
        const my = (y0 + y1) / 2;
        const bx = cx + (mx - cx) * 0.6;
        const by = cy + (my - cy) * 0.6;
        c.polyline(
          [
            [x0, y0],
            [bx, by],
            [x1, y1],
          ],
          2.2 * s,
          col,
          0.45,
        );
      }
      break;
    }
    case 'corylus_avellana_abnormal': {
      const r = rng.range(0.19, 0.25) * n;
      const w: [number, number, number][] = [[2, rng.range(0.12, 0.2), phi], ...wobble(rng, 3, 0.12)];
      c.blob(cx, cy, r, col, rng.range(0.55, 0.75), {
        wobble: w,
        aspect: rng.range(1.2, 1.6),
        angle: phi,
        falloff: 0.2,
      });
      c.blob(cx, cy, r, col, 0.5, { wobble: w, aspect: rng.range(1.2, 1.6), angle: phi, hollow: 3 * s });
      for (let f = 2 + rng.int(2); f > 0; f--) {
        const pts: [number, number][] = [];
        const t = rng.range(0, 3.14);
        const off = rng.range(-0.4, 0.4) * r;
        for (let u = -0.8 * r; u <= 0.8 * r; u += 4 * s) {
          pts.push([
            cx + u * Math.cos(t) - (off + Math.sin(u / (6 * s)) * 2 * s) * Math.sin(t),
            cy + u * Math.sin(t) + (off + Math.sin(u / (6 * s)) * 2 * s) * Math.cos(t),
          ]);
        }
        c.polyline(pts, 2 * s, col, 0.6);
      }
      break;
    }
    default:
      throw new Error(`drawPollen: unknown class ${label}`);
  }
  c.blur(1, 1);
  c.noise(rng, 0.02);
  return { size, channels: 3, depth: 8, format: 'jpeg', pixels: c.toRgbFromDensity() };
}
