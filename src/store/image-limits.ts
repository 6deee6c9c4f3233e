import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { DomainError, type FieldPath } from '../errors.js';

/**
 * Most pixels (width × height) any image input may have: 2^25 ≈ 33.5 megapixels (e.g. 5792 × 5792). Decoding
 * costs width × height × channels × bytes per sample (up to 200 MB for 16-bit RGB at this limit), while a
 * compressed file of a plain image that size is a few hundred kilobytes, so the byte size alone bounds nothing.
 * μ-Bench's largest images are about 4 megapixels.
 */
export const MAX_INPUT_PIXELS = 2 ** 25;

/**
 * A sharp pipeline over untrusted bytes: libvips refuses, from the header, before decoding, any image over
 * MAX_INPUT_PIXELS (`limitInputPixels`). Every decode of user or corpus bytes goes through this.
 */
export function sharpInput(bytes: Uint8Array, options: SharpOptions = {}): Sharp {
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, ...options });
}

/** Whether an error is libvips' refusal of an image over the pixel limit. */
export function isPixelLimitError(error: unknown): boolean {
  return /exceeds pixel limit/i.test(String((error as Error | undefined)?.message ?? ''));
}

/**
 * Reads only the header of `bytes` and refuses, with IMAGE_TOO_LARGE naming `path`, an image whose declared
 * width × height exceeds MAX_INPUT_PIXELS; undecodable headers are IMAGE_UNREADABLE. Nothing is decoded.
 */
export async function assertImageDimensions(
  bytes: Uint8Array,
  path: FieldPath,
): Promise<{ width: number; height: number }> {
  let meta: Metadata;
  try {
    // `metadata()` parses the header only; the pixel limit is applied to decoding, so check it here ourselves.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new DomainError('IMAGE_UNREADABLE', `not a readable image: ${(error as Error).message}`, { path });
  }
  const { width = 0, height = 0 } = meta;
  if (!width || !height) throw new DomainError('IMAGE_UNREADABLE', 'no image dimensions in the header', { path });
  if (width * height > MAX_INPUT_PIXELS) {
    throw new DomainError(
      'IMAGE_TOO_LARGE',
      `the image is ${width}×${height} (${width * height} pixels); at most ${MAX_INPUT_PIXELS} pixels are accepted`,
      { path, details: { width, height, limit: MAX_INPUT_PIXELS } },
    );
  }
  return { width, height };
}
