import { sharpInput } from '../store/image-limits.js';
import sharp from 'sharp';

export type ImageInfo = {
  mimeType: string;
  width: number;
  height: number;
  channels: number;
  /** Bits per sample: 8 for uchar, 16 for ushort (16-bit grey PNGs), 32 for float/int, 64 for double. */
  bitDepth: number;
};

const bitsByDepth: Record<string, number> = {
  uchar: 8,
  char: 8,
  ushort: 16,
  short: 16,
  uint: 32,
  int: 32,
  float: 32,
  complex: 64,
  double: 64,
  dpcomplex: 128,
};

const mimeByFormat: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
  gif: 'image/gif',
  jp2k: 'image/jp2',
  heif: 'image/heif',
  svg: 'image/svg+xml',
};

// Images are decoded once and dropped: libvips' operation cache would only hold memory.
sharp.cache(false);

/**
 * Reads the image header and then decodes every pixel: `metadata()` alone succeeds on truncated data,
 * so a full decode is the only way to know the bytes are usable. Throws on undecodable bytes.
 */
export async function inspectImage(bytes: Uint8Array): Promise<ImageInfo> {
  const meta = await sharpInput(bytes).metadata();
  if (!meta.width || !meta.height || !meta.format) throw new Error('no image dimensions in header');
  await sharpInput(bytes, { failOn: 'truncated' }).raw().toBuffer();
  return {
    mimeType: mimeByFormat[meta.format] ?? `image/${meta.format}`,
    width: meta.width,
    height: meta.height,
    channels: meta.channels ?? 0,
    bitDepth: bitsByDepth[meta.depth ?? ''] ?? meta.bitsPerSample ?? 8,
  };
}
