import sharp from 'sharp';
import type { DrawnImage } from './draw/types.js';

/** Encodes a drawn image: JPEG (quality 90) for brightfield, PNG for the rest, 16-bit greyscale PNG where drawn so. */
export async function encodeImage(img: DrawnImage): Promise<{ bytes: Uint8Array; ext: 'png' | 'jpg' }> {
  const raw = { width: img.size, height: img.size, channels: img.channels };
  if (img.depth === 16) {
    const buf = await sharp(img.pixels as Uint16Array, { raw })
      .toColourspace('grey16')
      .png({ compressionLevel: 6, adaptiveFiltering: false })
      .toBuffer();
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), ext: 'png' };
  }
  const pipeline = sharp(img.pixels as Uint8Array, { raw });
  if (img.channels === 1) pipeline.toColourspace('b-w');
  const buf =
    img.format === 'jpeg'
      ? await pipeline.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer()
      : await pipeline.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
  return {
    bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
    ext: img.format === 'jpeg' ? 'jpg' : 'png',
  };
}
