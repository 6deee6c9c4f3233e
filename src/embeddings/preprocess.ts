import sharp, { type KernelEnum } from 'sharp';
import * as transformers from '@huggingface/transformers';
import { ImageProcessor, RawImage } from '@huggingface/transformers';
import { DEFAULT_DECODE, type DecodeOptions, type ModelSpec } from '../models/layout.js';
import { DomainError, EmbeddingError } from '../errors.js';
import { isPixelLimitError, MAX_INPUT_PIXELS, sharpInput } from '../store/image-limits.js';
import { useLocalModelsOnly } from './transformers-env.js';

/** Decoded image as 8-bit interleaved RGB, the form CLIPImageProcessor expects (PIL `convert('RGB')`). */
export type DecodedImage = { data: Uint8ClampedArray; width: number; height: number; sourceBitDepth: 8 | 16 };

/**
 * PIL's naive CMYK → RGB (`convert('RGB')`, Pillow's `cmyk2rgb`), per channel with nk = 255 − K:
 *   R = nk − round(C · nk / 255), G = nk − round(M · nk / 255), B = nk − round(Y · nk / 255)
 * where round(a·b/255) is Pillow's exact integer MULDIV255 (t = a·b + 128; ((t >> 8) + t) >> 8).
 */
export function cmykToRgbLikePil(cmyk: Uint8Array | Buffer, pixels: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const nk = 255 - cmyk[p * 4 + 3]!;
    for (let c = 0; c < 3; c++) {
      const t = cmyk[p * 4 + c]! * nk + 128;
      out[p * 3 + c] = nk - (((t >> 8) + t) >> 8);
    }
  }
  return out;
}

/**
 * Maps one 16-bit sample to 8 bits. `pil`, as Pillow 12 (measured, PNG and TIFF): a 16-bit grey image without
 * alpha opens as mode I;16 and `convert('RGB')` clips it, v8 = min(v16, 255); every other 16-bit image (RGB,
 * RGBA, grey + alpha) is read at 8 bits from the high byte, v8 = v16 >> 8. `rescale`: round(v16 / 257), so
 * 65535 → 255 and the full range is kept.
 */
export function sixteenToEight(v: number, pilClips: boolean, mode: DecodeOptions['highBitDepth']): number {
  if (mode === 'rescale') return Math.round(v / 257);
  return pilClips ? Math.min(v, 255) : v >> 8;
}

/**
 * Decodes image bytes with sharp (libvips threadpool, off the event loop) into 8-bit RGB, as the reference
 * pipeline (`PIL.Image.open(...).convert('RGB')`) does under the default options, each difference a named option
 * (`DecodeOptions`): pixels as stored (no EXIF rotation) unless `orientation: 'exif'`; no colour management
 * (ICC profiles ignored, CMYK converted naively) unless `colour: 'icc'`; alpha dropped without compositing;
 * grey and palette expanded to RGB. 16-bit sources are decoded at full depth (`grey16`/`rgb16`: a plain 8-bit
 * colourspace conversion would rescale them silently) and mapped by `sixteenToEight`.
 * @throws EmbeddingError IMAGE_UNREADABLE with sharp's reason
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = DEFAULT_DECODE): Promise<DecodedImage> {
  try {
    const open = () => {
      const image = sharpInput(bytes, { ignoreIcc: options.colour === 'pil' });
      return options.orientation === 'exif' ? image.rotate() : image;
    };
    const meta = await sharpInput(bytes).metadata();
    const sixteen = meta.depth === 'ushort' || meta.depth === 'short';
    if (sixteen) {
      const grey = meta.space === 'grey16' || meta.space === 'b-w' || (meta.channels ?? 3) <= 2;
      const pilClips = grey && !meta.hasAlpha;
      const { data, info } = await open()
        .toColourspace(grey ? 'grey16' : 'rgb16')
        .removeAlpha()
        .raw({ depth: 'ushort' })
        .toBuffer({ resolveWithObject: true });
      const wide = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
      const pixels = info.width * info.height;
      const out = new Uint8ClampedArray(pixels * 3);
      const ch = info.channels;
      for (let p = 0; p < pixels; p++) {
        for (let c = 0; c < 3; c++) {
          out[p * 3 + c] = sixteenToEight(wide[p * ch + (ch >= 3 ? c : 0)]!, pilClips, options.highBitDepth);
        }
      }
      return { data: out, width: info.width, height: info.height, sourceBitDepth: 16 };
    }
    if (meta.space === 'cmyk' && options.colour === 'pil') {
      // The pipeline stays in CMYK, so libvips hands over the stored (Adobe-inverted back) values, untransformed.
      const { data, info } = await open()
        .pipelineColourspace('cmyk')
        .toColourspace('cmyk')
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 4) throw new Error(`expected 4 CMYK channels, got ${info.channels}`);
      return {
        data: cmykToRgbLikePil(data, info.width * info.height),
        width: info.width,
        height: info.height,
        sourceBitDepth: 8,
      };
    }
    const { data, info } = await open().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
    return {
      data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      sourceBitDepth: 8,
    };
  } catch (error) {
    if (isPixelLimitError(error)) {
      throw new DomainError('IMAGE_TOO_LARGE', `image over ${MAX_INPUT_PIXELS} pixels: ${(error as Error).message}`);
    }
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
 * The transformers.js processor class a config names (`image_processor_type`, already normalised from the legacy
 * `feature_extractor_type` by `normaliseProcessorConfig`), or the base ImageProcessor, which CLIP's is.
 */
function processorClass(config: Record<string, unknown>): typeof ImageProcessor {
  const name = config.image_processor_type;
  const found = typeof name === 'string' ? (transformers as Record<string, unknown>)[name] : undefined;
  return typeof found === 'function' && (found === ImageProcessor || found.prototype instanceof ImageProcessor)
    ? (found as typeof ImageProcessor)
    : ImageProcessor;
}

/**
 * Builds the model's image processor with transformers.js from the spec's processor config, which
 * `readModelDir` normalised (`normaliseProcessorConfig`: legacy integer sizes read as transformers reads them) or
 * synthesised from the manifest. The processor decides sizes, crops, rescales and normalises; the resize itself
 * runs in sharp (see `useSharpResize`), on libvips's threadpool like the decoding. Decoding follows `spec.decode`.
 */
export async function createImagePreprocessor(spec: ModelSpec): Promise<ImagePreprocessor> {
  useLocalModelsOnly();
  const Processor = processorClass(spec.imageProcessor);
  const processor = new Processor(spec.imageProcessor as ConstructorParameters<typeof ImageProcessor>[0]);
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
    preprocess: async (bytes) => preprocessDecoded(await decodeImage(bytes, spec.decode)),
  };
}
