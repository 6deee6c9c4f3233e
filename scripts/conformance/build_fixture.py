"""Builds fixtures/conformance/: a tiny stock-architecture CLIP in the Hub ONNX layout, its test images, and
reference embeddings computed by Hugging Face `transformers` (CLIPImageProcessorPil, the PIL backend of
CLIPProcessor) with the same weights.

Reproducible: seeded weights and images; run `bash scripts/conformance/build.sh` (it creates the venv from the
local wheel index). Python is never a runtime dependency of Stratum: only the committed output is used, by
`src/embeddings/conformance.int.test.ts`.

Usage: build_fixture.py --bpe <bpe_simple_vocab_16e6.txt.gz> --out fixtures/conformance
"""

import argparse
import gzip
import hashlib
import io
import json
import math
import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import onnx
import torch
import transformers
from onnx import helper, numpy_helper
from PIL import Image, ImageDraw
from transformers import CLIPConfig, CLIPModel, CLIPTokenizer
from transformers.models.clip.image_processing_pil_clip import CLIPImageProcessorPil

SEED = 20261130
CONTEXT = 77
TRAINED_LOG_SCALE = math.log(50.0)  # "trained" value, distinct from logit_scale_init_value and ln 100
OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]

MODERN_PROCESSOR = {
    "image_processor_type": "CLIPImageProcessor",
    "processor_class": "CLIPProcessor",
    "do_resize": True,
    "size": {"shortest_edge": 224},
    "resample": 3,
    "do_center_crop": True,
    "crop_size": {"height": 224, "width": 224},
    "do_rescale": True,
    "rescale_factor": 1 / 255,
    "do_normalize": True,
    "image_mean": OPENAI_MEAN,
    "image_std": OPENAI_STD,
    "do_convert_rgb": True,
}
# The first generation, as openai/clip-vit-base-patch32 shipped it (CLIPFeatureExtractor, integer sizes).
LEGACY_PROCESSOR = {
    "crop_size": 224,
    "do_center_crop": True,
    "do_normalize": True,
    "do_resize": True,
    "feature_extractor_type": "CLIPFeatureExtractor",
    "image_mean": OPENAI_MEAN,
    "image_std": OPENAI_STD,
    "resample": 3,
    "size": 224,
}


def byte_symbols():
    """GPT-2/CLIP byte → printable-unicode table: printable Latin-1 bytes map to themselves, the other bytes to
    code points from 256 upward, in byte order."""
    printable = set(range(ord("!"), ord("~") + 1)) | set(range(ord("¡"), ord("¬") + 1)) | set(range(ord("®"), ord("ÿ") + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def clip_vocab_and_merges(bpe_gz: Path):
    """vocab (token → id) and merges exactly as CLIP's SimpleTokenizer derives them from the BPE file: 256 byte
    symbols, the same with an end-of-word mark, the first 48,894 merges, then the two special tokens (49,408)."""
    lines = gzip.open(bpe_gz).read().decode("utf-8").split("\n")
    merges = [tuple(line.split()) for line in lines[1 : 49152 - 256 - 2 + 1]]
    symbols = list(byte_symbols().values())
    tokens = symbols + [s + "</w>" for s in symbols] + ["".join(m) for m in merges]
    tokens += ["<|startoftext|>", "<|endoftext|>"]
    assert len(tokens) == 49408, len(tokens)
    return {t: i for i, t in enumerate(tokens)}, merges


def build_tokenizer(bpe_gz: Path, work: Path) -> CLIPTokenizer:
    vocab, merges = clip_vocab_and_merges(bpe_gz)
    tok = CLIPTokenizer(vocab=vocab, merges=merges)
    tok.model_max_length = CONTEXT
    return tok


def build_model() -> CLIPModel:
    torch.manual_seed(SEED)
    config = CLIPConfig(
        text_config=dict(
            vocab_size=49408,
            hidden_size=8,
            intermediate_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            max_position_embeddings=CONTEXT,
            bos_token_id=49406,
            eos_token_id=49407,
            pad_token_id=1,
        ),
        vision_config=dict(
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=2,
            image_size=224,
            patch_size=32,
        ),
        projection_dim=16,
    )
    model = CLIPModel(config).eval()
    # Random init gives tiny, nearly collinear embeddings; widen the weights so items are told apart.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "layer_norm" in name or "layrnorm" in name:
                continue
            if p.dim() >= 2:
                p.normal_(0.0, 0.6 / math.sqrt(p.shape[-1]) if "embedding" not in name else 0.5)
        model.logit_scale.fill_(TRAINED_LOG_SCALE)
    return model


class VisionTower(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixel_values):
        return features(self.model.get_image_features(pixel_values=pixel_values))


class TextTower(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return features(self.model.get_text_features(input_ids=input_ids, attention_mask=attention_mask))


def features(out):
    """transformers 5 returns a model output from get_*_features; 4.x a tensor."""
    if isinstance(out, torch.Tensor):
        return out
    return out.pooler_output


def export(model: CLIPModel, onnx_dir: Path):
    onnx_dir.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        VisionTower(model),
        (torch.zeros(1, 3, 224, 224),),
        str(onnx_dir / "vision_model.onnx"),
        input_names=["pixel_values"],
        output_names=["image_embeds"],
        dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    ids = torch.tensor([[49406, 320, 1125, 49407]])
    torch.onnx.export(
        TextTower(model),
        (ids, torch.ones_like(ids)),
        str(onnx_dir / "text_model.onnx"),
        input_names=["input_ids", "attention_mask"],
        output_names=["text_embeds"],
        dynamic_axes={k: {0: "batch", 1: "sequence"} for k in ["input_ids", "attention_mask"]}
        | {"text_embeds": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    # The trained logit scale travels with the export, as CLIPModel stores it: a `logit_scale` initializer (the
    # natural log), exposed through an Identity output so ONNX Runtime keeps it.
    text = onnx.load(str(onnx_dir / "text_model.onnx"))
    value = np.array(float(model.logit_scale.item()), dtype=np.float32)
    text.graph.initializer.append(numpy_helper.from_array(value, name="logit_scale"))
    text.graph.node.append(helper.make_node("Identity", ["logit_scale"], ["logit_scale_value"], name="logit_scale_out"))
    text.graph.output.append(helper.make_tensor_value_info("logit_scale_value", onnx.TensorProto.FLOAT, []))
    onnx.checker.check_model(text)
    onnx.save(text, str(onnx_dir / "text_model.onnx"))


# ---- images ----------------------------------------------------------------------------------------------


def scene(rng, w, h):
    """A microscopy-like 8-bit RGB scene: smooth background, blobs, lines and noise (so resizing matters)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack(
        [
            60 + 80 * np.sin(x / (w / 3.1) + 0.3) * np.cos(y / (h / 2.3)),
            90 + 60 * np.cos(x / (w / 1.7)) + 30 * np.sin(y / (h / 4.9)),
            120 + 70 * np.sin((x + y) / ((w + h) / 5.3)),
        ],
        axis=-1,
    )
    for _ in range(12):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(4, min(w, h) / 5)
        colour = rng.uniform(-90, 120, size=3)
        base += colour * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r))[..., None]
    base = base * rng.uniform(0.2, 1.6, size=3) + rng.uniform(-60, 60, size=3)
    if rng.uniform() < 0.4:
        base = 255 - base
    base += rng.normal(0, 2.5, size=base.shape)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        draw.line([tuple(rng.uniform(0, [w, h])) for _ in range(2)], fill=tuple(int(v) for v in rng.integers(0, 255, 3)), width=2)
    return img


def png16(arr: np.ndarray) -> bytes:
    """A 16-bit PNG written directly (PIL cannot write 16-bit colour PNGs)."""
    h, w = arr.shape[:2]
    channels = 1 if arr.ndim == 2 else arr.shape[2]
    colour_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = b"".join(b"\x00" + arr[y].astype(">u2").tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, colour_type, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def save(img: Image.Image, fmt: str, **kwargs) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kwargs)
    return out.getvalue()


def make_images(rng):
    """(name, bytes, what) for every case the reference is checked on."""
    items = []
    rgb = scene(rng, 300, 200)
    items.append(("rgb8-300x200.png", save(rgb, "PNG"), "8-bit RGB PNG, landscape"))
    items.append(("rgb8-224x224.png", save(scene(rng, 224, 224), "PNG"), "8-bit RGB PNG at the crop size (no resize)"))
    items.append(("rgb8-1024x618.jpg", save(scene(rng, 1024, 618), "JPEG", quality=85), "8-bit RGB JPEG, the issue's 1024×618 case"))
    items.append(("rgb8-180x420.png", save(scene(rng, 180, 420), "PNG"), "8-bit RGB PNG, portrait"))
    items.append(("rgb8-50x40.png", save(scene(rng, 50, 40), "PNG"), "8-bit RGB PNG, upscaled"))
    items.append(("grey8-256x256.png", save(scene(rng, 256, 256).convert("L"), "PNG"), "8-bit grey PNG"))
    rgba = scene(rng, 240, 320).convert("RGBA")
    alpha = np.tile(np.linspace(0, 255, 240, dtype=np.uint8), (320, 1))
    rgba.putalpha(Image.fromarray(alpha, "L"))
    items.append(("rgba8-240x320.png", save(rgba, "PNG"), "8-bit RGBA PNG (alpha dropped, not composited)"))
    palette = scene(rng, 200, 150).quantize(colors=32, method=Image.Quantize.MEDIANCUT)
    items.append(("palette-200x150.png", save(palette, "PNG"), "palette PNG (32 colours)"))
    items.append(("rgb8-640x480.jpg", save(scene(rng, 640, 480), "JPEG", quality=90), "8-bit RGB JPEG (4:2:0)"))
    items.append(("grey8-300x300.jpg", save(scene(rng, 300, 300).convert("L"), "JPEG", quality=90), "8-bit grey JPEG"))
    items.append(("cmyk-260x200.jpg", save(scene(rng, 260, 200).convert("CMYK"), "JPEG", quality=92), "CMYK JPEG"))
    items.append(("rgb8-320x240.tif", save(scene(rng, 320, 240), "TIFF", compression="tiff_lzw"), "8-bit RGB TIFF (LZW)"))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° CW to display
    items.append(
        ("exif6-320x200.jpg", save(scene(rng, 320, 200), "JPEG", quality=90, exif=exif.tobytes()), "JPEG with EXIF orientation 6")
    )
    # 16-bit: a camera-like dark image (values mostly below 255 × 4) and a full-range one.
    y, x = np.mgrid[0:240, 0:300]
    dark = (200 + 150 * np.sin(x / 23.0) * np.cos(y / 17.0) + rng.normal(0, 20, (240, 300))).clip(0, 65535).astype(np.uint16)
    items.append(("grey16-dark-300x240.png", png16(dark), "16-bit grey PNG, dark (values around 50–400)"))
    full = (np.asarray(scene(rng, 280, 210).convert("L"), dtype=np.float32) * 257 + rng.normal(0, 8, (210, 280)))
    full = full.clip(0, 65535).astype(np.uint16)
    items.append(("grey16-full-280x210.png", png16(full), "16-bit grey PNG, full range"))
    items.append(("grey16-full-280x210.tif", save(Image.fromarray(full, "I;16"), "TIFF"), "16-bit grey TIFF, full range"))
    rgb16 = (np.asarray(scene(rng, 260, 230), dtype=np.float32) * 257 + rng.normal(0, 8, (230, 260, 3)))
    items.append(("rgb16-260x230.png", png16(rgb16.clip(0, 65535).astype(np.uint16)), "16-bit RGB PNG"))
    return items


# ---- texts -----------------------------------------------------------------------------------------------

WORDS = "cell nucleus mitochondria membrane stained fluorescence tissue section electron micrograph".split()


def make_texts(tok):
    captions = [
        "A fluorescence micrograph of HeLa cells stained with DAPI.",
        "An electron micrograph of mitochondria in muscle tissue.",
        "An H&E stained section of human liver tissue.",
        "A brightfield image of yeast colonies on agar.",
        "Phase contrast microscopy of migrating fibroblasts.",
        "Confocal image of zebrafish neurons expressing GFP.",
        "Scanning electron microscopy of pollen grains.",
        "Immunohistochemistry of breast carcinoma, Ki-67 positive nuclei.",
        "Green and red puncta in a dark field.",
        "blurry grey noise",
    ]
    texts = [("short", "a photo of a cell")] + [(f"caption-{i + 1}", c) for i, c in enumerate(captions)]
    texts.append(("unicode", "Zellkern – naïve “quoted” café, 10µm scale"))
    words = []
    while len(tok(" ".join(words))["input_ids"]) < CONTEXT:
        words.append(WORDS[len(words) % len(WORDS)])
    at = " ".join(words)
    assert len(tok(at)["input_ids"]) == CONTEXT
    texts.append(("at-context", at))
    texts.append(("over-by-one", at + " tissue"))
    texts.append(("long-a", " ".join(captions * 3)))
    texts.append(("long-b", " ".join(reversed(WORDS * 12))))
    texts.append(("long-c", "the " + " ".join(WORDS[3:] * 15)))
    return texts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bpe", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    model_dir = out / "clip-tiny"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    for d in [out / "images", out / "legacy"]:
        d.mkdir(parents=True, exist_ok=True)
    model_dir.mkdir(parents=True)

    tok = build_tokenizer(args.bpe, out)
    tok.save_pretrained(str(model_dir))
    for extra in ["vocab.json", "merges.txt", "special_tokens_map.json", "chat_template.jinja"]:
        (model_dir / extra).unlink(missing_ok=True)
    model = build_model()
    model.config.save_pretrained(str(model_dir))
    (model_dir / "preprocessor_config.json").write_text(json.dumps(MODERN_PROCESSOR, indent=2) + "\n")
    (out / "legacy" / "preprocessor_config.json").write_text(json.dumps(LEGACY_PROCESSOR, indent=2) + "\n")
    export(model, model_dir / "onnx")

    rng = np.random.default_rng(SEED)
    images = make_images(rng)
    for name, data, _ in images:
        (out / "images" / name).write_bytes(data)

    processors = {
        "modern": CLIPImageProcessorPil(**{k: v for k, v in MODERN_PROCESSOR.items() if k not in ("image_processor_type", "processor_class")}),
        "legacy": CLIPImageProcessorPil(**{k: v for k, v in LEGACY_PROCESSOR.items() if k != "feature_extractor_type"}),
    }

    def normalise(v):
        return torch.nn.functional.normalize(v, dim=-1)

    reference_images = []
    with torch.no_grad():
        for name, data, what in images:
            entry = {"file": f"images/{name}", "what": what}
            try:
                pil = Image.open(io.BytesIO(data))
                entry["pilMode"] = pil.mode
                entry["size"] = list(pil.size)
                for gen, proc in processors.items():
                    pixels = proc(images=Image.open(io.BytesIO(data)), return_tensors="pt")["pixel_values"]
                    entry[gen] = normalise(features(model.get_image_features(pixel_values=pixels)))[0].tolist()
            except Exception as error:  # the reference cannot read it: recorded, and the test says so
                entry["referenceError"] = f"{type(error).__name__}: {error}"
            reference_images.append(entry)

        texts = make_texts(tok)
        encoded = tok([t for _, t in texts], padding=True, truncation=True, max_length=CONTEXT, return_tensors="pt")
        text_vectors = normalise(features(model.get_text_features(**encoded)))
        reference_texts = []
        for i, (key, text) in enumerate(texts):
            ids = [int(t) for t, m in zip(encoded["input_ids"][i], encoded["attention_mask"][i]) if m]
            untruncated = len(tok(text)["input_ids"])
            reference_texts.append(
                {"key": key, "text": text, "tokens": untruncated, "inputIds": ids, "embedding": text_vectors[i].tolist()}
            )

        # Zero-shot, CLIP's protocol: image i against a rotating caption set (captions i … i+3, cyclically).
        captions = [t for t in reference_texts if t["key"].startswith("caption")]
        scale = float(model.logit_scale.exp())
        zero_shot = []
        for i, entry in enumerate(e for e in reference_images if "modern" in e):
            keys = [captions[(i + j) % len(captions)]["key"] for j in range(4)]
            option_matrix = torch.tensor([next(t for t in captions if t["key"] == k)["embedding"] for k in keys])
            probs = (scale * (torch.tensor(entry["modern"]) @ option_matrix.T)).softmax(-1)
            zero_shot.append({"file": entry["file"], "options": keys, "scores": probs.tolist(), "choice": int(probs.argmax())})

    bpe_sha = hashlib.sha256(args.bpe.read_bytes()).hexdigest()
    reference = {
        "generatedBy": "scripts/conformance/build_fixture.py",
        "versions": {
            "transformers": transformers.__version__,
            "torch": torch.__version__,
            "pillow": Image.__version__,
            "onnx": onnx.__version__,
            "numpy": np.__version__,
        },
        "imageProcessor": "CLIPImageProcessorPil (the PIL backend of CLIPProcessor)",
        "bpe": {"file": "bpe_simple_vocab_16e6.txt.gz", "sha256": bpe_sha},
        "seed": SEED,
        "contextLength": CONTEXT,
        "logitScale": scale,
        "logScale": float(model.logit_scale.item()),
        "images": reference_images,
        "texts": reference_texts,
        "zeroShot": zero_shot,
    }
    (out / "reference.json").write_text(json.dumps(reference, indent=1) + "\n")
    print("zero-shot choices:", sorted(z["choice"] for z in zero_shot))
    print(f"wrote {out}: {len(reference_images)} images, {len(reference_texts)} texts, logit scale {scale:.4f}")


if __name__ == "__main__":
    main()
