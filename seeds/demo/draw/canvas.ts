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

  private static spare = new Map<number, Canvas>();

  /**
   * A cleared canvas of this size, reused between drawings (drawing is synchronous and every output method
   * copies into a new array), which keeps the garbage collector out of a corpus run.
   */
  static fresh(size: number): Canvas {
    const c = Canvas.spare.get(size);
    if (!c) {
      const created = new Canvas(size);
      Canvas.spare.set(size, created);
      return created;
    }
    c.r.fill(0);
    c.g.fill(0);
    c.b.fill(0);
    return c;
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
    // Outside rMax or inside rMin the outline's angle does not matter: skip the trigonometry there.
    const rMax = radius * maxAmp;
    const rMin = radius * Math.max(0, 2 - maxAmp);
    const halfEdge = edge / 2;
    const table = nw > 0 ? radiusTable(radius, wobble) : null;
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        // Rotate into the blob's frame and undo the stretch.
        const u = (dx * cos + dy * sin) / aspect;
        const v = -dx * sin + dy * cos;
        const d2 = u * u + v * v;
        const outer = rMax + halfEdge;
        if (d2 >= outer * outer) continue;
        const d = Math.sqrt(d2);
        let rad = radius;
        if (table && (hollow > 0 || falloff > 0 || d > rMin - halfEdge)) {
          rad = table[angleBin(u, v, table.length)]!;
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
    this.segmentCoverage(x0, y0, x1, y1, width, edge, null, c, amount);
  }

  /**
   * Coverage of a thick segment: added to the canvas (`into` null), or max-ed into a coverage buffer so that
   * the joints of a polyline are not painted twice.
   */
  private segmentCoverage(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    width: number,
    edge: number,
    into: Float32Array | null,
    c: Rgb,
    amount: number,
  ): void {
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
        if (into) {
          if (cov > into[i]!) into[i] = cov;
          continue;
        }
        const a = cov * amount;
        r[i]! += c[0] * a;
        g[i]! += c[1] * a;
        b[i]! += c[2] * a;
      }
    }
  }

  /** A smooth open curve through points, painted once where its segments overlap; fibres, walls, membranes. */
  polyline(points: readonly (readonly [number, number])[], width: number, c: Rgb, amount: number): void {
    if (points.length < 2) return;
    const cov = coverageScratch(this.size * this.size);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const [x, y] of points) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    for (let k = 1; k < points.length; k++) {
      const p = points[k - 1]!;
      const q = points[k]!;
      this.segmentCoverage(p[0], p[1], q[0], q[1], width, 1, cov, c, amount);
    }
    const reach = width / 2 + 2;
    const x0 = Math.max(0, Math.floor(minX - reach));
    const x1 = Math.min(this.size - 1, Math.ceil(maxX + reach));
    const y0 = Math.max(0, Math.floor(minY - reach));
    const y1 = Math.min(this.size - 1, Math.ceil(maxY + reach));
    const { r, g, b, size } = this;
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const i = y * size + x;
        const v = cov[i]!;
        if (v === 0) continue;
        const a = v * amount;
        r[i]! += c[0] * a;
        g[i]! += c[1] * a;
        b[i]! += c[2] * a;
        cov[i] = 0;
      }
    }
  }

  /** Separable box blur of radius `rad` (applied `passes` times: 3 passes approximate a Gaussian). */
  blur(rad: number, passes = 2): void {
    if (rad < 1) return;
    const tmp = scratch(this.size * this.size);
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
    const t = GAUSS;
    for (let i = 0; i < r.length; i++) {
      const bits = rng.nextU32();
      if (mono) {
        const n = t[bits & GAUSS_MASK]! * sigma;
        r[i]! += n;
        g[i]! += n;
        b[i]! += n;
      } else {
        r[i]! += t[bits & GAUSS_MASK]! * sigma;
        g[i]! += t[(bits >>> 11) & GAUSS_MASK]! * sigma;
        b[i]! += t[(bits >>> 21) & GAUSS_MASK]! * sigma;
      }
    }
  }

  /** Brightfield output: transmitted light exp(−OD) under a lamp of colour `lamp` (0..1 per channel). */
  toRgbFromDensity(lamp: Rgb = [1, 1, 1]): Uint8Array {
    const n = this.size * this.size;
    // A clamped view rounds and clamps on store.
    const out = new Uint8ClampedArray(n * 3);
    const l0 = lamp[0] * 255;
    const l1 = lamp[1] * 255;
    const l2 = lamp[2] * 255;
    for (let i = 0; i < n; i++) {
      out[i * 3] = l0 * transmit(this.r[i]!);
      out[i * 3 + 1] = l1 * transmit(this.g[i]!);
      out[i * 3 + 2] = l2 * transmit(this.b[i]!);
    }
    return new Uint8Array(out.buffer);
  }

  /** Emission output: light clamped to [0, 1]. */
  toRgbFromLight(): Uint8Array {
    const n = this.size * this.size;
    const out = new Uint8ClampedArray(n * 3);
    for (let i = 0; i < n; i++) {
      out[i * 3] = this.r[i]! * 255;
      out[i * 3 + 1] = this.g[i]! * 255;
      out[i * 3 + 2] = this.b[i]! * 255;
    }
    return new Uint8Array(out.buffer);
  }

  /** Single-channel 8-bit output from the red channel (grey images are drawn with equal channels). */
  toGrey8(fromDensity: boolean): Uint8Array {
    const n = this.size * this.size;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = to8(fromDensity ? transmit(this.r[i]!) : this.r[i]!);
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

/** Standard-normal samples (fixed, 2¹⁰ of them, by inverse CDF on a regular grid): noise by table lookup. */
const GAUSS_MASK = 1023;
const GAUSS = (() => {
  const t = new Float32Array(GAUSS_MASK + 1);
  for (let i = 0; i <= GAUSS_MASK; i++) t[i] = inverseNormal((i + 0.5) / (GAUSS_MASK + 1));
  return t;
})();

/** Acklam's rational approximation of the inverse standard-normal CDF (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** exp(−OD) by table (OD in steps of 1/256 up to 16): brightfield conversion without a million exp calls. */
const EXP_STEPS = 256;
const EXP_TABLE = (() => {
  const t = new Float32Array(16 * EXP_STEPS + 1);
  for (let i = 0; i < t.length; i++) t[i] = Math.exp(-i / EXP_STEPS);
  return t;
})();

function transmit(od: number): number {
  if (od <= 0) return 1;
  const i = (od * EXP_STEPS + 0.5) | 0;
  return i >= EXP_TABLE.length ? 0 : EXP_TABLE[i]!;
}

/**
 * Outline radius per angle bin for a wobbly blob, about one bin per pixel of perimeter (a power of two from
 * 32 to 1024, so small nuclei do not pay for a fine table).
 */
function radiusTable(radius: number, wobble: readonly (readonly [number, number, number])[]): Float32Array {
  const bins = Math.min(1024, Math.max(32, 2 ** Math.ceil(Math.log2(2 * Math.PI * radius * 1.5))));
  const t = new Float32Array(bins);
  for (let i = 0; i < bins; i++) {
    const th = ((i + 0.5) / bins) * 2 * Math.PI - Math.PI;
    let m = 1;
    for (const [k, a, phase] of wobble) m += a * Math.cos(k * th + phase);
    t[i] = radius * m;
  }
  return t;
}

function angleBin(u: number, v: number, bins: number): number {
  const i = (((Math.atan2(v, u) + Math.PI) / (2 * Math.PI)) * bins) | 0;
  return i >= bins ? bins - 1 : i;
}

function to8(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : Math.round(v * 255);
}

let scratchBuffer = new Float32Array(0);
/** Kept all-zero between uses: `polyline` clears what it wrote. */
let coverageBuffer = new Float32Array(0);

function coverageScratch(length: number): Float32Array {
  if (coverageBuffer.length !== length) coverageBuffer = new Float32Array(length);
  return coverageBuffer;
}

function scratch(length: number): Float32Array {
  if (scratchBuffer.length !== length) scratchBuffer = new Float32Array(length);
  return scratchBuffer;
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
