import sharp, { type KernelEnum } from 'sharp';
import { AutoImageProcessor, ImageProcessor, RawImage } from '@huggingface/transformers';
import type { ModelSpec } from '../models/layout.js';
import { EmbeddingError } from './errors.js';
import { useLocalModelsOnly } from './transformers-env.js';

/** Decoded image as 8-bit interleaved sRGB, the form CLIPImageProcessor expects (PIL `convert('RGB')`). */
export type DecodedImage = { data: Uint8ClampedArray; width: number; height: number; sourceBitDepth: 8 | 16 };

/**
 * Decodes image bytes with sharp (libvips threadpool, off the event loop): EXIF orientation applied, alpha
 * dropped, grey expanded to RGB. 16-bit sources are decoded at full depth (`rgb16`, because a plain 8-bit
 * colourspace conversion would truncate them silently) and mapped to 8 bits by v8 = round(v16 / 257), so
 * 65535 → 255 exactly, as PIL's I;16 → RGB path intends.
 * @throws EmbeddingError IMAGE_UNREADABLE with sharp's reason
 */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  try {
    const meta = await sharp(bytes).metadata();
    const sixteen = meta.depth === 'ushort' || meta.depth === 'short';
    if (sixteen) {
      const { data, info } = await sharp(bytes)
        .rotate()
        .toColourspace('rgb16')
        .removeAlpha()
        .raw({ depth: 'ushort' })
        .toBuffer({ resolveWithObject: true });
      const wide = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
      const out = new Uint8ClampedArray(info.width * info.height * 3);
      const ch = info.channels;
      for (let p = 0, o = 0; o < out.length; p += ch) {
        out[o++] = Math.round(wide[p]! / 257);
        out[o++] = Math.round(wide[p + 1]! / 257);
        out[o++] = Math.round(wide[p + 2]! / 257);
      }
      return { data: out, width: info.width, height: info.height, sourceBitDepth: 16 };
    }
    const { data, info } = await sharp(bytes)
      .rotate()
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
    return {
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      sourceBitDepth: 8,
    };
  } catch (error) {
    throw new EmbeddingError('IMAGE_UNREADABLE', `cannot decode image: ${(error as Error).message}`);
  }
}

/** Turns image bytes into the model's pixel tensor, exactly as its preprocessing config says. */
export type ImagePreprocessor = {
  height: number;
  width: number;
  /** CHW float32 of length 3·H·W: resized, center-cropped, rescaled and normalised per the config. */
  preprocess(bytes: Uint8Array): Promise<Float32Array>;
  /** The same, from an already decoded image. */
  preprocessDecoded(image: DecodedImage): Promise<Float32Array>;
};

/** sharp kernels for PIL resample codes (0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming). */
const KERNELS: Record<number, keyof KernelEnum> = {
  0: 'nearest',
  1: 'lanczos3',
  2: 'linear',
  3: 'cubic',
  4: 'linear',
  5: 'linear',
};

type ResizableProcessor = {
  resample: number;
  size: unknown;
  get_resize_output_image_size(image: RawImage, size: unknown): [number, number];
  resize(image: RawImage): Promise<RawImage>;
};

/**
 * Replaces the processor's resize step (only that step: output size still comes from its own
 * `get_resize_output_image_size`) with sharp's convolution resize. transformers.js's Node path resizes with
 * `sharp.affine`, which does not antialias when shrinking and smears the last row on non-integer scales
 * (a solid 30×20 image came back with a brighter bottom row); PIL, which the configs were written for, uses a
 * full-support filter, as `sharp.resize` does.
 */
function useSharpResize(processor: ImageProcessor): void {
  const p = processor as unknown as ResizableProcessor;
  p.resize = async (image: RawImage) => {
    const [newWidth, newHeight] = p.get_resize_output_image_size(image, p.size);
    if (newWidth === image.width && newHeight === image.height) return image;
    const { data, info } = await sharp(image.data as Uint8ClampedArray, {
      raw: { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 },
    })
      .resize(newWidth, newHeight, { fit: 'fill', kernel: KERNELS[p.resample] ?? 'cubic' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return new RawImage(
      new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
      info.width,
      info.height,
      info.channels,
    );
  };
}

/**
 * Builds the model's image processor with transformers.js: `AutoImageProcessor.from_pretrained(dir)` for the Hub
 * layout (reads preprocessor_config.json), or the CLIPImageProcessor class on the manifest's synthesised config.
 * The processor decides sizes, crops, rescales and normalises; the resize itself runs in sharp (see
 * `useSharpResize`), on libvips's threadpool like the decoding.
 */
export async function createImagePreprocessor(spec: ModelSpec): Promise<ImagePreprocessor> {
  useLocalModelsOnly();
  let processor: ImageProcessor;
  if (spec.layout === 'hub') {
    processor = await AutoImageProcessor.from_pretrained(spec.dir);
  } else {
    processor = new ImageProcessor(spec.imageProcessor as ConstructorParameters<typeof ImageProcessor>[0]);
  }
  useSharpResize(processor);
  const { height, width } = spec.imageSize;
  async function preprocessDecoded(image: DecodedImage): Promise<Float32Array> {
    const raw = new RawImage(image.data, image.width, image.height, 3);
    const out = (await processor(raw)) as { pixel_values: { dims: number[]; data: Float32Array } };
    const dims = out.pixel_values.dims;
    if (dims.length !== 4 || dims[1] !== 3 || dims[2] !== height || dims[3] !== width) {
      throw new EmbeddingError(
        'MODEL_CONFIG_INVALID',
        `image processor produced [${dims.join(',')}], expected [1,3,${height},${width}]`,
      );
    }
    return out.pixel_values.data;
  }
  return {
    height,
    width,
    preprocessDecoded,
    preprocess: async (bytes) => preprocessDecoded(await decodeImage(bytes)),
  };
}
