"""Writes MODEL_DIR/README.md (the model card) from MODEL_DIR/metrics.json and config files.

    python3 training/model_card.py training/out/model
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TYPES = ["domain", "subdomain", "modality", "submodality", "stain", "classification"]


def pct(a: dict | None) -> str:
    return "–" if not a else f"{100 * a['accuracy']:.1f}"


def chance(a: dict | None) -> str:
    return "–" if not a else f"{100 * a['chance']:.1f}"


def s_name(m: dict) -> str:
    st = m["settings"]
    return f"{st['device_name']}, torch {st['torch']}"


def main(model_dir: Path) -> None:
    m = json.loads((model_dir / "metrics.json").read_text())
    cfg = json.loads((model_dir / "config.json").read_text())
    pre = json.loads((model_dir / "preprocessor_config.json").read_text())
    s, z = m["settings"], m["zero_shot"]
    tr, ev = m["train_corpus"], m["eval_corpus"]
    rep_file = model_dir.parent / "reproducibility.json"
    if rep_file.exists():
        r = json.loads(rep_file.read_text())
        m["reproducibility"] = (
            "a second training run with the same seed on the same machine gave "
            + ("bit-identical weights" if r["identical_weights"] else f"weights within {r['max_weight_abs_diff']:.1e}")
            + f" and accuracies within {r['max_accuracy_abs_diff']} (measured {s_name(m)})."
        )
        (model_dir / "metrics.json").write_text(json.dumps(m, indent=1) + "\n")
    rep = m.get("reproducibility")
    held = sorted({"0", "1"} - set(s.get("train_templates", ["0", "1"])))
    name = m.get("model", "ubench-demo-clip")
    domains = s.get("train_domains", "all")
    specialist = domains != "all"
    intro = (
        [
            f"A domain specialist: the same architecture, trainer and settings as the built-in generalist",
            f"`ubench-demo-clip`, but trained **only on the {', '.join(domains)} images** of the same training corpora",
            "(its towers never see another domain's image or sentence; the tokenizer vocabulary is built from every",
            "training caption, as a pretrained one would know the words). Stratum ships it beside the generalist so that",
            "comparisons, leaderboards and heatmaps show the generalist-versus-specialist pattern of the μ-Bench paper",
            "out of the box. **It has only ever seen synthetic drawings**: its numbers say nothing about real microscopy.",
        ]
        if specialist
        else [
            "A small CLIP-style dual encoder that Stratum trains on its own procedurally generated demo corpus and ships",
            "as the built-in default model, so that a fresh, offline install can compute embeddings, zero-shot predictions",
            "and stratified results with a real model. **It has only ever seen synthetic drawings**: its numbers say",
            "nothing about real microscopy, and it must not be used to judge real images.",
        ]
    )
    lines = [
        f"# {name}",
        "",
        *intro,
        "",
        "## Files (Hugging Face ONNX CLIP layout)",
        "",
        "| file | content |",
        "|---|---|",
        "| `onnx/vision_model.onnx` | `pixel_values` float32 [N,3,{0},{0}] → `image_embeds` float32 [N,{1}] (L2-normalised) |".format(
            pre["crop_size"]["height"], cfg["projection_dim"]
        ),
        "| `onnx/text_model.onnx` | `input_ids`, `attention_mask` int64 [N,L] (L ≤ {0}) → `text_embeds` float32 [N,{1}] (L2-normalised) |".format(
            cfg["max_position_embeddings"], cfg["projection_dim"]
        ),
        "| `tokenizer.json`, `tokenizer_config.json`, `special_tokens_map.json` | WordPiece tokenizer ({0} tokens, lower-cased, BERT pre-tokenizer, `[CLS] … [SEP]`) trained on the training captions |".format(
            cfg["text_config"]["vocab_size"]
        ),
        "| `preprocessor_config.json` | CLIPImageProcessor: shortest edge → {0} px (Lanczos, `resample: 1`), center crop {0}×{0}, ×1/255, normalise mean {1} std {2} |".format(
            pre["size"]["shortest_edge"], pre["image_mean"], pre["image_std"]
        ),
        "| `config.json` | `model_type: clip`, `projection_dim` {0}, `logit_scale` {1} (natural log; the scale is e^{1} = {2:.2f}), tower settings |".format(
            cfg["projection_dim"], cfg["logit_scale"], 2.718281828459045 ** cfg["logit_scale"]
        ),
        "| `metrics.json` | every figure below, machine-readable, plus the fixed subset the test re-checks |",
        "",
        "Both towers already L2-normalise, so the cosine similarity is the dot product of the outputs.",
        "",
        "## Model",
        "",
        f"- Image tower: a ResNet-style CNN (widths {cfg['vision_config']['widths']}, stride-2 stages, BatchNorm, GELU),",
        "  mean + standard-deviation pooling of the last feature map (texture statistics), MLP projection.",
        f"- Text tower: token + position embeddings (width {cfg['text_config']['hidden_size']}), {cfg['text_config']['num_hidden_layers']} pre-LN transformer layers",
        f"  ({cfg['text_config']['num_attention_heads']} heads), masked mean pooling (padding-invariant), linear projection.",
        f"- {s['parameters']:,} parameters in all; learnable logit scale (clamped at 100).",
        "",
        "## Training data",
        "",
        *([f"- Domains trained on: {', '.join(domains)} ({tr['images']} of the {tr.get('vocabulary_images')} training images)."] if specialist else []),
        f"- {tr['images']} images from the demo generator (`seeds/demo`, generator version {m.get('generator_version', '?')}, commit {m.get('generator_commit') or '?'}) with seeds",
        f"  {tr['seeds']}, disjoint from the shipped demo corpus (seed {ev['seed']}); image-id overlap with it: {tr['eval_image_id_overlap']}.",
        "- Pairs: each image against the gold caption of each caption set it is trained on (6 question types, the",
        "  μ-Bench caption templates with the true class filled in) and its label name.",
        *(
            [
                f"- **Caption template {', '.join(held)} is held out**: the text tower never sees those sentences in training",
                "  (the tokenizer knows their words), so template-" + held[0] + " accuracy is zero-shot for the prompt wording as",
                "  well as for the image; the gap between the template columns below is that template sensitivity.",
            ]
            if held
            else []
        ),
        f"- {tr['texts']} distinct training texts. Images are preprocessed exactly as `preprocessor_config.json` says, by the",
        "  same transformers.js processor the server uses (training/prepare-data.ts), then augmented with the 8 dihedral",
        "  transforms and ±10 % brightness/contrast.",
        "",
        "## Training",
        "",
        f"- Loss: (a) the zero-shot protocol itself, softmax cross-entropy over each caption set's options; (b) multi-positive",
        "  InfoNCE of each image against all training texts; (c) text→image InfoNCE within the batch (weights 1, 0.5, 0.25).",
        f"- AdamW (lr {s['lr']}, weight decay 0.05, one-cycle), batch {s['batch']}, {s['epochs']} epochs = {s['steps']} steps, seed {s['seed']},",
        f"  {s['device_name']}, torch {s['torch']}, {s['train_seconds']} s.",
        "",
        "## Zero-shot accuracy on the shipped demo corpus",
        "",
        f"Official contrastive protocol (ubench-corpus.md §3.2): for each image and caption set, softmax over the cosine",
        f"similarities (× the logit scale) with every option, argmax. {ev['images']} images of the shipped demo corpus (seed {ev['seed']}),",
        "none seen in training. Accuracy in %, chance = mean of 1/(number of options) over the same questions.",
        "",
        "### Per question type",
        "",
        "| question type | template 0 | template 1 | chance |",
        "|---|---|---|---|",
    ]
    for t in TYPES:
        bt = z["by_type"][t]
        lines.append(f"| {t} | {pct(bt['template_0'])} | {pct(bt['template_1'])} | {chance(bt['template_1'])} |")
    for k in ("template_0", "template_1"):
        pass
    bt0, bt1 = z["by_template"]["template_0"], z["by_template"]["template_1"]
    lines += [
        f"| **coarse (5 types, pooled)** | {pct(bt0['coarse'])} | {pct(bt1['coarse'])} | {chance(bt1['coarse'])} |",
        f"| **fine (classification)** | {pct(bt0['fine'])} | {pct(bt1['fine'])} | {chance(bt1['fine'])} |",
        "",
        *(
            [
                "### Per domain (template 1)",
                "",
                "| domain | images | coarse | fine (classification) | chance (fine) |",
                "|---|---|---|---|---|",
                *[
                    f"| {d} | {r['images']} | {pct(r['coarse'])} | {pct(r['fine'])} | {chance(r['fine'])} |"
                    for d, r in z.get("by_domain", {}).items()
                ],
                "",
            ]
            if z.get("by_domain")
            else []
        ),
        "### Per task (template 1, as the official coarse and fine totals use `*_1`)",
        "",
        "| task | images | coarse | domain | subdomain | modality | submodality | stain | classification (chance) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for task, r in z["by_task"].items():
        lines.append(
            f"| {task} | {r['images']} | {pct(r['coarse'])} | "
            + " | ".join(pct(r[t]) for t in TYPES[:5])
            + f" | {pct(r['classification'])} ({chance(r['classification'])}) |"
        )
    oc = m["onnx_check"]
    fs = m["fixed_subset"]
    lines += [
        "",
        "## Checks",
        "",
        f"- ONNX Runtime vs PyTorch (CPU, float32): max |Δ| {oc['vision_max_abs_diff']:.1e} (vision, 64 eval images),"
        f" {oc['text_max_abs_diff']:.1e} (text, every eval option text); a text alone vs padded in a batch:"
        f" {oc['text_padding_invariance_max_abs_diff']:.1e}.",
        f"- Fixed subset for the Node test: the first {fs['images']} images of the shipped corpus, all 12 caption sets;"
        f" correct: template 0 {fs['by_template']['template_0']['correct']}/{fs['by_template']['template_0']['n']},"
        f" template 1 {fs['by_template']['template_1']['correct']}/{fs['by_template']['template_1']['n']}"
        " (`src/models/demo-model.int.test.ts` recomputes it through Node: transformers.js preprocessing and tokenizer,"
        " onnxruntime-node).",
    ]
    if rep:
        lines.append(f"- Reproducibility: {rep}")
    lines += [
        "",
        "## Reproduce",
        "",
        "```",
        (
            f"MODEL={name} TRAIN_DOMAINS={','.join(domains)} EPOCHS={s['epochs']} bash training/train.sh   # see docs/demo-model.md"
            if specialist
            else "bash training/train.sh            # data → train → export → install → verify (see docs/demo-model.md)"
        ),
        "```",
        "",
        "The trainer fixes every seed and runs PyTorch with deterministic algorithms (no TF32, deterministic cuDNN and",
        "cuBLAS), and the tokenizer vocabulary is built deterministically, so the same seed on the same GPU model and",
        "software stack gives the same weights (measured, above). On another GPU model, on CPU or with other library",
        "versions the floating-point kernels differ, so weights differ slightly; that was not measured. The test",
        "(`src/models/demo-model.int.test.ts`) allows 2 questions in 100 of difference on its fixed subset.",
        "",
        "## License and intended use",
        "",
        "Trained only on images generated by this repository's own code; released with the repository. Intended for",
        "demos, tests and benchmarks of the platform itself.",
        "",
    ]
    (model_dir / "README.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
