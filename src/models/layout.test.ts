import { describe, expect, it } from 'vitest';
import { decodeOptionsOf, DECODE_VERSION, normaliseProcessorConfig } from './layout.js';

const OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073];
const OPENAI_STD = [0.26862954, 0.26130258, 0.27577711];

describe('preprocessor_config.json generations', () => {
  it('reads the legacy CLIPFeatureExtractor form as transformers does: integer size = shortest edge', () => {
    // openai/clip-vit-base-patch32 as first published.
    const legacy = {
      crop_size: 224,
      do_center_crop: true,
      do_normalize: true,
      do_resize: true,
      feature_extractor_type: 'CLIPFeatureExtractor',
      image_mean: OPENAI_MEAN,
      image_std: OPENAI_STD,
      resample: 3,
      size: 224,
    };
    expect(normaliseProcessorConfig(legacy)).toEqual({
      ...legacy,
      image_processor_type: 'CLIPImageProcessor',
      size: { shortest_edge: 224 },
      crop_size: { height: 224, width: 224 },
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_convert_rgb: true,
    });
  });

  it('leaves the current form as it is, and reads integer sizes of other processors as squares', () => {
    const modern = {
      image_processor_type: 'CLIPImageProcessor',
      do_resize: true,
      size: { shortest_edge: 224 },
      resample: 3,
      do_center_crop: true,
      crop_size: { height: 224, width: 224 },
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: OPENAI_MEAN,
      image_std: OPENAI_STD,
      do_convert_rgb: true,
    };
    expect(normaliseProcessorConfig(modern)).toEqual(modern);
    expect(normaliseProcessorConfig({ image_processor_type: 'CLIPImageProcessorFast', size: 336 })).toMatchObject({
      image_processor_type: 'CLIPImageProcessor',
      size: { shortest_edge: 336 },
      crop_size: { height: 224, width: 224 },
    });
    expect(normaliseProcessorConfig({ image_processor_type: 'SiglipImageProcessor', size: 384 })).toEqual({
      image_processor_type: 'SiglipImageProcessor',
      size: { height: 384, width: 384 },
    });
    expect(normaliseProcessorConfig({ image_processor_type: 'ViTImageProcessor', size: [200, 300] })).toMatchObject({
      size: { height: 200, width: 300 },
    });
  });
});

describe('decode options recorded on a model version', () => {
  it('reads them back from the preprocessing JSON, and refuses an older decode step', () => {
    expect(
      decodeOptionsOf({ decode: { version: DECODE_VERSION, highBitDepth: 'rescale', orientation: 'stored', colour: 'pil' } }),
    ).toEqual({ highBitDepth: 'rescale', orientation: 'stored', colour: 'pil' });
    expect(decodeOptionsOf({ decode: 'sharp-srgb8-v1' })).toBeNull();
    expect(decodeOptionsOf({ decode: { version: DECODE_VERSION, highBitDepth: 'nope' } })).toBeNull();
    expect(decodeOptionsOf(null)).toBeNull();
  });
});
