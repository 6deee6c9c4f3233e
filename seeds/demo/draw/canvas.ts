import type { Rng } from '../rng.js';

/** An RGB triple; in optical-density mode it is absorbance per channel, in emission mode light per channel. */
export type Rgb = readonly [number, number, number];

/**
 * A float RGB canvas. Brightfield and electron images accumulate optical density (Beer–Lambert: pixel =
 * exp(−OD), so overlapping stains mix like dyes); fluorescence accumulates emitted light on black. Shapes add
 * `colour × amount × coverage`, where coverage has a soft edge of about one pixel (anti-aliasing).
 */
export class Canvas {
  readonly size: number;
  readonly r: Float32Array;
  readonly g: Float32Array;
  readonly b: Float32Array;

  constructor(size: number) {
    this.size = size;
    this.r = new Float32Array(size * size);
    this.g = new Float32Array(size * size);
    this.b = new Float32Array(size * size);
  }

  fill(c: Rgb): void {
    this.r.fill(c[0]);
    this.g.fill(c[1]);
    this.b.fill(c[2]);
  }

  /** Adds `c × field[i] × amount` everywhere (field: a per-pixel map such as smooth noise). */
  addField(field: Float32Array, c: Rgb, amount = 1): void {
    const { r, g, b } = this;
    for (let i = 0; i < field.length; i++) {
      const v = field[i]! * amount;
      r[i]! += c[0] * v;
      g[i]! += c[1] * v;
      b[i]! += c[2] * v;
    }
  }

  /**
   * Filled star-shaped blob: radius(θ) = r · (1 + Σ aₖ cos(kθ + φₖ)), stretched by `aspect` along `angle`.
   * `edge` is the soft-edge width in pixels; `hollow` > 0 makes a ring of that thickness instead.
   */
  blob(
    cx: number,
    cy: number,
    radius: number,
    c: Rgb,
    amount: number,
    opts: {
      aspect?: number;
      angle?: number;
      wobble?: readonly (readonly [number, number, number])[];
      edge?: number;
      hollow?: number;
      falloff?: number;
    } = {},
  ): void {
    const aspect = opts.aspect ?? 1;
    const angle = opts.angle ?? 0;
    const wobble = opts.wobble ?? [];
    const edge = opts.edge ?? 1;
    const hollow = opts.hollow ?? 0;
    const falloff = opts.falloff ?? 0;
    let maxAmp = 1;
    for (const [, a] of wobble) maxAmp += Math.abs(a);
    const reach = radius * maxAmp * Math.max(aspect, 1) + edge + 1;
    const x0 = Math.max(0, Math.floor(cx - reach));
    const x1 = Math.min(this.size - 1, Math.ceil(cx + reach));
    const y0 = Math.max(0, Math.floor(cy - reach));
    const y1 = Math.min(this.size - 1, Math.ceil(cy + reach));
    if (x0 > x1 || y0 > y1) return;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const { r, g, b, size } = this;
    const nw = wobble.length;
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        // Rotate into the blob's frame and undo the stretch.
        const u = (dx * cos + dy * sin) / aspect;
        const v = -dx * sin + dy * cos;
        const d = Math.sqrt(u * u + v * v);
        let rad = radius;
        if (nw > 0) {
          const th = Math.atan2(v, u);
          let m = 1;
          for (let k = 0; k < nw; k++) {
            const w = wobble[k]!;
            m += w[1] * Math.cos(w[0] * th + w[2]);
          }
          rad *= m;
        }
        let cov = (rad - d) / edge + 0.5;
        if (cov <= 0) continue;
        if (cov > 1) cov = 1;
        if (hollow > 0) {
          let inner = (d - (rad - hollow)) / edge + 0.5;
          if (inner <= 0) continue;
          if (inner > 1) inner = 1;
          cov *= inner;
        }
        if (falloff > 0) {
          const t = d / Math.max(rad, 1e-3);
          cov *= 1 - falloff * t * t;
        }
        const i = y * size + x;
        const a = cov * amount;
        r[i]! += c[0] * a;
        g[i]! += c[1] * a;
        b[i]! += c[2] * a;
      }
    }
  }

  /** A thick line segment with round caps. */
  segment(x0: number, y0: number, x1: number, y1: number, width: number, c: Rgb, amount: number, edge = 1): void {
    const half = width / 2;
    const reach = half + edge + 1;
    const minX = Math.max(0, Math.floor(Math.min(x0, x1) - reach));
    const maxX = Math.min(this.size - 1, Math.ceil(Math.max(x0, x1) + reach));
    const minY = Math.max(0, Math.floor(Math.min(y0, y1) - reach));
    const maxY = Math.min(this.size - 1, Math.ceil(Math.max(y0, y1) + reach));
    const vx = x1 - x0;
    const vy = y1 - y0;
    const len2 = vx * vx + vy * vy || 1e-9;
    const { r, g, b, size } = this;
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) {
        const px = x + 0.5 - x0;
        const py = y + 0.5 - y0;
        let t = (px * vx + py * vy) / len2;
        if (t < 0) t = 0;
        else if (t > 1) t = 1;
        const ex = px - t * vx;
        const ey = py - t * vy;
        const d = Math.sqrt(ex * ex + ey * ey);
        let cov = (half - d) / edge + 0.5;
        if (cov <= 0) continue;
        if (cov > 1) cov = 1;
        const i = y * size + x;
        const a = cov * amount;
        r[i]! += c[0] * a;
        g[i]! += c[1] * a;
        b[i]! += c[2] * a;
      }
    }
  }

  /** A smooth open curve through points (a polyline of thick segments); used for fibres and membranes. */
  polyline(points: readonly (readonly [number, number])[], width: number, c: Rgb, amount: number): void {
    for (let k = 1; k < points.length; k++) {
      const p = points[k - 1]!;
      const q = points[k]!;
      this.segment(p[0], p[1], q[0], q[1], width, c, amount);
    }
  }

  /** Separable box blur of radius `rad` (applied `passes` times: 3 passes approximate a Gaussian). */
  blur(rad: number, passes = 2): void {
    if (rad < 1) return;
    const tmp = new Float32Array(this.size * this.size);
    for (const ch of [this.r, this.g, this.b]) {
      for (let p = 0; p < passes; p++) {
        boxBlurH(ch, tmp, this.size, rad);
        boxBlurV(tmp, ch, this.size, rad);
      }
    }
  }

  /** Adds independent Gaussian noise (σ per channel), or the same value on every channel when `mono`. */
  noise(rng: Rng, sigma: number, mono = false): void {
    const { r, g, b } = this;
    for (let i = 0; i < r.length; i++) {
      if (mono) {
        const n = rng.normal() * sigma;
        r[i]! += n;
        g[i]! += n;
        b[i]! += n;
      } else {
        r[i]! += rng.normal() * sigma;
        g[i]! += rng.normal() * sigma;
        b[i]! += rng.normal() * sigma;
      }
    }
  }

  /** Brightfield output: transmitted light exp(−OD) under a lamp of colour `lamp` (0..1 per channel). */
  toRgbFromDensity(lamp: Rgb = [1, 1, 1]): Uint8Array {
    const n = this.size * this.size;
    const out = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      out[i * 3] = to8(lamp[0] * Math.exp(-this.r[i]!));
      out[i * 3 + 1] = to8(lamp[1] * Math.exp(-this.g[i]!));
      out[i * 3 + 2] = to8(lamp[2] * Math.exp(-this.b[i]!));
    }
    return out;
  }

  /** Emission output: light clamped to [0, 1]. */
  toRgbFromLight(): Uint8Array {
    const n = this.size * this.size;
    const out = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      out[i * 3] = to8(this.r[i]!);
      out[i * 3 + 1] = to8(this.g[i]!);
      out[i * 3 + 2] = to8(this.b[i]!);
    }
    return out;
  }

  /** Single-channel 8-bit output from the red channel (grey images are drawn with equal channels). */
  toGrey8(fromDensity: boolean): Uint8Array {
    const n = this.size * this.size;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = to8(fromDensity ? Math.exp(-this.r[i]!) : this.r[i]!);
    return out;
  }

  /** Single-channel 16-bit output (light), scaled so that 1.0 maps to `white` counts (camera headroom). */
  toGrey16(white = 60000): Uint16Array {
    const n = this.size * this.size;
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const v = this.r[i]! * white;
      out[i] = v <= 0 ? 0 : v >= 65535 ? 65535 : Math.round(v);
    }
    return out;
  }
}

function to8(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
}

function boxBlurH(src: Float32Array, dst: Float32Array, size: number, rad: number): void {
  const norm = 1 / (2 * rad + 1);
  for (let y = 0; y < size; y++) {
    const row = y * size;
    let acc = 0;
    for (let k = -rad; k <= rad; k++) acc += src[row + clampIdx(k, size)]!;
    for (let x = 0; x < size; x++) {
      dst[row + x] = acc * norm;
      acc += src[row + clampIdx(x + rad + 1, size)]! - src[row + clampIdx(x - rad, size)]!;
    }
  }
}

function boxBlurV(src: Float32Array, dst: Float32Array, size: number, rad: number): void {
  const norm = 1 / (2 * rad + 1);
  for (let x = 0; x < size; x++) {
    let acc = 0;
    for (let k = -rad; k <= rad; k++) acc += src[clampIdx(k, size) * size + x]!;
    for (let y = 0; y < size; y++) {
      dst[y * size + x] = acc * norm;
      acc += src[clampIdx(y + rad + 1, size) * size + x]! - src[clampIdx(y - rad, size) * size + x]!;
    }
  }
}

function clampIdx(i: number, size: number): number {
  return i < 0 ? 0 : i >= size ? size - 1 : i;
}

/**
 * Smooth value noise in [0, 1]: a random lattice every `cell` pixels, interpolated with a smoothstep.
 * Used for uneven staining, background haze and cytoplasm texture.
 */
export function valueNoise(rng: Rng, size: number, cell: number): Float32Array {
  const n = Math.ceil(size / cell) + 2;
  const lattice = new Float32Array(n * n);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next();
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const fy = y / cell;
    const iy = Math.floor(fy);
    let ty = fy - iy;
    ty = ty * ty * (3 - 2 * ty);
    for (let x = 0; x < size; x++) {
      const fx = x / cell;
      const ix = Math.floor(fx);
      let tx = fx - ix;
      tx = tx * tx * (3 - 2 * tx);
      const a = lattice[iy * n + ix]!;
      const b2 = lattice[iy * n + ix + 1]!;
      const c = lattice[(iy + 1) * n + ix]!;
      const d = lattice[(iy + 1) * n + ix + 1]!;
      out[y * size + x] = (a + (b2 - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
    }
  }
  return out;
}

/** Random low-order wobble for an irregular outline: harmonics k = 2..(1+n) with amplitudes up to `amp`/k. */
export function wobble(rng: Rng, n: number, amp: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let k = 0; k < n; k++) out.push([k + 2, (rng.next() * amp) / (k + 1), rng.range(0, Math.PI * 2)]);
  return out;
}
