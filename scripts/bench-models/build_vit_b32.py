"""Builds a real-size CLIP for the embeddings bench: the openai/clip-vit-base-patch32 architecture (ViT-B/32
vision tower: 12 layers, width 768, patch 32, 224 px; text tower: 12 layers, width 512, context 77; projection
512; ~151 M parameters, ~600 MB of float32 ONNX) with seeded random weights, in the Hugging Face Hub ONNX layout
that `src/models/layout.ts` reads:

    config.json  preprocessor_config.json  tokenizer.json  tokenizer_config.json
    onnx/vision_model.onnx  onnx/text_model.onnx

The tokenizer is CLIP's real BPE (49,408 tokens, from the open_clip_torch wheel's bpe_simple_vocab_16e6.txt.gz),
built exactly as scripts/conformance/build_fixture.py builds it. The weights are random: the bench measures
speed, not accuracy. Never committed; `bash scripts/bench-models/build-vit-b32.sh` writes it to
.models/clip-vit-b32-random/ (ignored).

Usage: build_vit_b32.py --bpe <bpe_simple_vocab_16e6.txt.gz> --out .models/clip-vit-b32-random
"""

import argparse
import json
import math
import shutil
import sys
from pathlib import Path

import torch
from transformers import CLIPConfig, CLIPModel

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "conformance"))
from build_fixture import MODERN_PROCESSOR, build_tokenizer, features  # noqa: E402

SEED = 20261130
CONTEXT = 77


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


def build_model() -> CLIPModel:
    torch.manual_seed(SEED)
    # CLIPConfig's defaults are openai/clip-vit-base-patch32's architecture; spelled out so the bench says what it ran.
    config = CLIPConfig(
        text_config=dict(
            vocab_size=49408,
            hidden_size=512,
            intermediate_size=2048,
            num_hidden_layers=12,
            num_attention_heads=8,
            max_position_embeddings=CONTEXT,
            bos_token_id=49406,
            eos_token_id=49407,
            pad_token_id=1,
        ),
        vision_config=dict(
            hidden_size=768,
            intermediate_size=3072,
            num_hidden_layers=12,
            num_attention_heads=12,
            image_size=224,
            patch_size=32,
        ),
        projection_dim=512,
        logit_scale_init_value=math.log(100.0),
    )
    return CLIPModel(config).eval()


def export(model: CLIPModel, onnx_dir: Path) -> None:
    onnx_dir.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bpe", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    tok = build_tokenizer(args.bpe, out)
    tok.save_pretrained(str(out))
    for extra in ["vocab.json", "merges.txt", "special_tokens_map.json", "chat_template.jinja"]:
        (out / extra).unlink(missing_ok=True)
    model = build_model()
    model.config.save_pretrained(str(out))
    # config.json carries the logit scale (natural log): the export has no logit_scale initializer.
    config = json.loads((out / "config.json").read_text())
    config["logit_scale"] = math.log(100.0)
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (out / "preprocessor_config.json").write_text(json.dumps(MODERN_PROCESSOR, indent=2) + "\n")
    export(model, out / "onnx")
    params = sum(p.numel() for p in model.parameters())
    print(f"wrote {out}: CLIP ViT-B/32 architecture, {params / 1e6:.1f} M parameters, random weights (seed {SEED})")


if __name__ == "__main__":
    main()
