"""Train, export and evaluate the built-in demo CLIP (ubench-demo-clip).

    python3 training/train.py --data training/.data --out OUTDIR [--seed 0] [--epochs 40] [--device cuda]

Reads the packed splits written by training/prepare-data.ts (train-*.u8.gz/.jsonl.gz for training, eval.* =
the shipped demo corpus for zero-shot evaluation), trains a small dual encoder with a contrastive loss, exports
both towers to ONNX in the Hub CLIP layout, checks ONNX Runtime against PyTorch, evaluates zero-shot accuracy with
the official contrastive protocol and writes OUTDIR/model/ (the model directory) and OUTDIR/model/metrics.json.

Zero-shot protocol (ubench-corpus.md §3.2): for each image and caption set, p = softmax(s · cos(img, option_j))
over the set's options; the prediction is argmax_j p, correct iff it equals the gold index.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
QUESTION_TYPES = ["domain", "subdomain", "modality", "submodality", "stain", "classification"]
COARSE = ["domain", "subdomain", "modality", "submodality", "stain"]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_LEN = 64


# ----------------------------------------------------------------------------------------------------------- data
def load_split(data: Path, name: str, size: int) -> tuple[np.ndarray, list[dict]]:
    jz = data / f"{name}.jsonl.gz"
    text = gzip.decompress(jz.read_bytes()).decode() if jz.exists() else (data / f"{name}.jsonl").read_text()
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    gz = data / f"{name}.u8.gz"
    pixels = np.frombuffer(gzip.decompress(gz.read_bytes()), dtype=np.uint8) if gz.exists() else np.fromfile(data / f"{name}.u8", dtype=np.uint8)
    if pixels.size != len(rows) * 3 * size * size:
        raise SystemExit(f"{name}: {pixels.size} bytes for {len(rows)} rows of 3x{size}x{size}")
    return pixels.reshape(len(rows), 3, size, size), rows


def label_phrase(label: str) -> str:
    return label.replace("_", " ")


def template_of(key: str) -> str:
    return key.rsplit("_", 1)[1]


def positives_of(row: dict, templates: set[str]) -> list[str]:
    """Texts that describe the image: the gold option of each caption set trained on, plus the label name."""
    texts = [c["options"][c["answer"]] for k, c in sorted(row["captions"].items()) if template_of(k) in templates]
    texts.append(label_phrase(row["label_name"]))
    return texts


# ------------------------------------------------------------------------------------------------------ tokenizer
def train_tokenizer(texts: list[str]):
    """A WordPiece tokenizer over the caption vocabulary, built deterministically.

    The vocabulary is: the special tokens, every character seen (alone and as a `##` continuation), then every
    whole word of the normalised, pre-tokenised texts, each group sorted. Whole words keep captions short; the
    characters let any unseen word still be spelled out. (The `tokenizers` WordPiece trainer breaks ties in hash
    order, so two runs can differ by a token; this construction cannot.)
    """
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words = sorted({w for t in texts for w, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(t))})
    chars = sorted({c for w in words for c in w})
    vocab_list = SPECIAL + chars + [f"##{c}" for c in chars] + [w for w in words if len(w) > 1]
    vocab = {tok: i for i, tok in enumerate(dict.fromkeys(vocab_list))}
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]", max_input_chars_per_word=100))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizer
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    tok.decoder = decoders.WordPiece(prefix="##")
    tok.enable_truncation(max_length=MAX_LEN)
    return tok


def encode(tok, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-padded ids and mask, padded to the longest text (as the serving tokenizer does with padding=true)."""
    encs = tok.encode_batch(texts)
    length = max(len(e.ids) for e in encs)
    ids = torch.zeros(len(texts), length, dtype=torch.long)
    mask = torch.zeros(len(texts), length, dtype=torch.long)
    for i, e in enumerate(encs):
        ids[i, : len(e.ids)] = torch.tensor(e.ids)
        mask[i, : len(e.ids)] = 1
    return ids, mask


# ---------------------------------------------------------------------------------------------------------- model
class ConvBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.skip = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
            if (stride != 1 or cin != cout)
            else nn.Identity()
        )

    def forward(self, x):
        y = F.gelu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.gelu(y + self.skip(x))


class VisionTower(nn.Module):
    """Small ResNet-style CNN: 64×64 → 8×8×C, then mean and standard-deviation pooling (texture) → projection."""

    def __init__(self, widths=(32, 64, 128, 192), dim: int = 128):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.GELU())
        blocks, cin = [], widths[0]
        for i, w in enumerate(widths):
            blocks.append(ConvBlock(cin, w, 1 if i == 0 else 2))
            cin = w
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Sequential(nn.Linear(2 * cin, 256), nn.GELU(), nn.Linear(256, dim))

    def forward(self, x):
        h = self.blocks(self.stem(x))
        mean = h.mean(dim=(2, 3))
        std = (h - mean[:, :, None, None]).pow(2).mean(dim=(2, 3)).add(1e-5).sqrt()
        return self.head(torch.cat([mean, std], dim=1))


class TextLayer(nn.Module):
    def __init__(self, d: int, heads: int, ff: int):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, ff), nn.GELU(), nn.Linear(ff, d))

    def forward(self, x, bias):
        b, l, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).reshape(b, l, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(d // self.heads)) + bias
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, l, d)
        x = x + self.proj(y)
        return x + self.ff(self.ln2(x))


class TextTower(nn.Module):
    """Pre-LN transformer (2 layers) over WordPiece tokens; masked mean pooling → projection. Padding-invariant."""

    def __init__(self, vocab: int, d: int = 128, layers: int = 2, heads: int = 4, ff: int = 256, dim: int = 128):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(MAX_LEN, d)
        self.layers = nn.ModuleList([TextLayer(d, heads, ff) for _ in range(layers)])
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, dim)
        nn.init.normal_(self.tok.weight, std=0.02)
        nn.init.normal_(self.pos.weight, std=0.02)

    def forward(self, ids, mask):
        pos = torch.arange(ids.shape[1], device=ids.device)
        x = self.tok(ids) + self.pos(pos)[None]
        m = mask.to(x.dtype)
        bias = ((1.0 - m) * -1e4)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        x = self.ln(x)
        pooled = (x * m[:, :, None]).sum(1) / m.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(pooled)


class DemoClip(nn.Module):
    def __init__(self, vocab: int, dim: int):
        super().__init__()
        self.vision = VisionTower(dim=dim)
        self.text = TextTower(vocab, dim=dim)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))


class VisionExport(nn.Module):
    """pixel_values [N,3,H,W] → image_embeds [N,D], L2-normalised."""

    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, pixel_values):
        return F.normalize(self.tower(pixel_values), dim=-1)


class TextExport(nn.Module):
    """input_ids, attention_mask [N,L] int64 → text_embeds [N,D], L2-normalised."""

    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, input_ids, attention_mask):
        return F.normalize(self.tower(input_ids, attention_mask), dim=-1)


# ------------------------------------------------------------------------------------------------------ training
def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.use_deterministic_algorithms(True, warn_only=True)


def normalise(u8: torch.Tensor, mean: torch.Tensor, std: torch.Tensor, rescale: float) -> torch.Tensor:
    """The CLIPImageProcessor tail: (x · rescale_factor − mean) / std, per channel."""
    return (u8.float() * rescale - mean) / std


def augment(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Dihedral augmentation (microscopy has no canonical orientation) and ±10 % brightness/contrast."""
    n = x.shape[0]
    dev = x.device
    k = int(torch.randint(0, 4, (1,), generator=gen).item())
    x = torch.rot90(x, k, dims=(2, 3))
    flip = torch.rand(n, generator=gen).to(dev) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    gain = (1 + 0.2 * (torch.rand(n, 1, 1, 1, generator=gen) - 0.5)).to(dev)
    bias = (0.2 * (torch.rand(n, 1, 1, 1, generator=gen) - 0.5)).to(dev)
    return x * gain + bias


def build_targets(rows: list[dict], text_index: dict[str, int], keys: list[str], templates: set[str]):
    """opt_mask [N,K,T] (option j of set k is text t), gold [N,K] text index (-1: set absent), pos [N,T]."""
    n, t = len(rows), len(text_index)
    opt_mask = torch.zeros(n, len(keys), t, dtype=torch.bool)
    gold = torch.full((n, len(keys)), -1, dtype=torch.long)
    pos = torch.zeros(n, t, dtype=torch.bool)
    for i, r in enumerate(rows):
        for k, key in enumerate(keys):
            c = r["captions"].get(key)
            if not c:
                continue
            for o in c["options"]:
                opt_mask[i, k, text_index[o]] = True
            gold[i, k] = text_index[c["options"][c["answer"]]]
        for p in positives_of(r, templates):
            pos[i, text_index[p]] = True
    return opt_mask, gold, pos


def zero_shot(img: torch.Tensor, rows: list[dict], text_emb: torch.Tensor, text_index: dict[str, int], scale: float):
    """Per (image, caption key): predicted option index, gold index, option count, max softmax probability."""
    out = []
    sims = img @ text_emb.T
    for i, r in enumerate(rows):
        for key, c in sorted(r["captions"].items()):
            idx = torch.tensor([text_index[o] for o in c["options"]], device=sims.device)
            p = (scale * sims[i, idx]).softmax(-1)
            out.append(
                {
                    "i": i,
                    "key": key,
                    "type": key.rsplit("_", 1)[0],
                    "template": int(key.rsplit("_", 1)[1]),
                    "pred": int(p.argmax().item()),
                    "gold": c["answer"],
                    "n": len(c["options"]),
                }
            )
    return out


def summarise(preds: list[dict], rows: list[dict]) -> dict:
    def acc(ps):
        if not ps:
            return None
        return {
            "n": len(ps),
            "accuracy": round(sum(p["pred"] == p["gold"] for p in ps) / len(ps), 4),
            "chance": round(sum(1 / p["n"] for p in ps) / len(ps), 4),
        }

    res: dict = {"by_type": {}, "by_task": {}, "by_template": {}, "by_domain": {}}
    for t in QUESTION_TYPES:
        res["by_type"][t] = {f"template_{k}": acc([p for p in preds if p["type"] == t and p["template"] == k]) for k in (0, 1)}
    for k in (0, 1):
        res["by_template"][f"template_{k}"] = {
            "coarse": acc([p for p in preds if p["template"] == k and p["type"] in COARSE]),
            "fine": acc([p for p in preds if p["template"] == k and p["type"] == "classification"]),
            "all": acc([p for p in preds if p["template"] == k]),
        }
    tasks = sorted({rows[p["i"]]["task"] or "(unmapped)" for p in preds})
    for task in tasks:
        mine = [p for p in preds if (rows[p["i"]]["task"] or "(unmapped)") == task and p["template"] == 1]
        res["by_task"][task] = {
            "images": len({p["i"] for p in mine}),
            "coarse": acc([p for p in mine if p["type"] in COARSE]),
            **{t: acc([p for p in mine if p["type"] == t]) for t in QUESTION_TYPES},
        }
    for domain in sorted({rows[p["i"]]["domain"] or "(unmapped)" for p in preds}):
        mine = [p for p in preds if (rows[p["i"]]["domain"] or "(unmapped)") == domain and p["template"] == 1]
        res["by_domain"][domain] = {
            "images": len({p["i"] for p in mine}),
            "coarse": acc([p for p in mine if p["type"] in COARSE]),
            "fine": acc([p for p in mine if p["type"] == "classification"]),
        }
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(HERE / ".data"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dim", type=int, default=128)
    ap.add_argument("--train-templates", default="0", help="caption templates trained on; the others stay unseen")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--subset", type=int, default=64, help="eval images in the fixed subset the Node test re-checks")
    ap.add_argument("--name", default="ubench-demo-clip", help="model name written into config.json and metrics.json")
    ap.add_argument("--train-domains", default="", help="train only on images of these domains (comma list; empty: all)")
    args = ap.parse_args()

    t0 = time.time()
    seed_everything(args.seed)
    data, out = Path(args.data), Path(args.out)
    model_dir = out / "model"
    (model_dir / "onnx").mkdir(parents=True, exist_ok=True)
    pre = json.loads((HERE / "preprocessor_config.json").read_text())
    size = pre["crop_size"]["height"]
    manifest = json.loads((data / "manifest.json").read_text()) if (data / "manifest.json").exists() else {}

    train_names = sorted({p.name.split(".")[0] for p in data.glob("train-*.jsonl*")})
    if not train_names:
        raise SystemExit(f"no train-*.jsonl in {data}")
    parts = [load_split(data, n, size) for n in train_names]
    train_u8 = np.concatenate([p[0] for p in parts])
    train_rows = [r for p in parts for r in p[1]]
    # The tokenizer vocabulary comes from every training caption (as a pretrained vocabulary would know the words);
    # a domain specialist's towers then see only its domain's images and sentences.
    vocab_rows = train_rows
    domains = sorted({d for d in args.train_domains.split(",") if d})
    if domains:
        keep = [i for i, r in enumerate(train_rows) if r["domain"] in domains]
        train_u8, train_rows = train_u8[keep], [train_rows[i] for i in keep]
        print(f"training domains {domains}: {len(train_rows)} of {len(vocab_rows)} images", flush=True)
    eval_u8, eval_rows = load_split(data, "eval", size)
    train_ids = {r["image_id"] for r in train_rows}
    overlap = sum(r["image_id"] in train_ids for r in eval_rows)
    print(f"train {len(train_rows)} images from {train_names}; eval {len(eval_rows)}; id overlap {overlap}", flush=True)

    templates = set(args.train_templates.split(","))
    keys = sorted({k for r in train_rows for k in r["captions"] if template_of(k) in templates})
    train_texts = sorted(
        {o for r in train_rows for k, c in r["captions"].items() if k in keys for o in c["options"]}
        | {p for r in train_rows for p in positives_of(r, templates)}
    )
    # The tokenizer knows every caption word of the training corpora (both templates), as a pretrained vocabulary
    # would; the text tower only ever sees sentences of the trained templates.
    all_caption_texts = sorted({o for r in vocab_rows for c in r["captions"].values() for o in c["options"]} | set(train_texts))
    tok = train_tokenizer(all_caption_texts)
    vocab = tok.get_vocab_size()
    text_index = {t: i for i, t in enumerate(train_texts)}
    print(f"{len(train_texts)} training texts, vocab {vocab}, caption keys {keys}", flush=True)

    dev = torch.device(args.device)
    mean = torch.tensor(pre["image_mean"], device=dev)[None, :, None, None]
    std = torch.tensor(pre["image_std"], device=dev)[None, :, None, None]
    rescale = float(pre["rescale_factor"])
    x_train = torch.from_numpy(train_u8).to(dev)
    opt_mask, gold, pos = (t.to(dev) for t in build_targets(train_rows, text_index, keys, templates))
    t_ids, t_mask = (t.to(dev) for t in encode(tok, train_texts))

    model = DemoClip(vocab, args.dim).to(dev)
    params = sum(p.numel() for p in model.parameters())
    steps_per_epoch = math.ceil(len(train_rows) / args.batch)
    total = steps_per_epoch * args.epochs
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total, pct_start=0.1)
    gen = torch.Generator().manual_seed(args.seed)
    print(f"{params} parameters, {total} steps on {dev}", flush=True)

    step = 0
    log = []
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(train_rows), generator=gen).to(dev)
        for b in range(steps_per_epoch):
            idx = perm[b * args.batch : (b + 1) * args.batch]
            x = augment(normalise(x_train[idx], mean, std, rescale), gen)
            img = F.normalize(model.vision(x), dim=-1)
            txt = F.normalize(model.text(t_ids, t_mask), dim=-1)
            scale = model.logit_scale.clamp(max=math.log(100)).exp()
            logits = scale * img @ txt.T  # [B, T]
            # Option loss: the zero-shot protocol itself, softmax over each caption set's options.
            m, g = opt_mask[idx], gold[idx]  # [B,K,T], [B,K]
            present = g >= 0
            masked = logits[:, None, :].masked_fill(~m, -1e4)
            gold_logit = (logits[:, None, :] * F.one_hot(g.clamp(min=0), logits.shape[1])).sum(-1)
            l_opt = ((masked.logsumexp(-1) - gold_logit) * present).sum() / present.sum()
            # Global loss: every positive text against every training text (multi-positive InfoNCE).
            p = pos[idx]
            l_glob = (logits.logsumexp(-1) - logits.masked_fill(~p, -1e4).logsumexp(-1)).mean()
            # Text → image within the batch for the texts that have a positive in it.
            lt = logits.T
            has = p.T.any(-1)
            l_t2i = ((lt.logsumexp(-1) - lt.masked_fill(~p.T, -1e4).logsumexp(-1)) * has).sum() / has.sum().clamp(min=1)
            loss = l_opt + 0.5 * l_glob + 0.25 * l_t2i
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
        log.append({"epoch": epoch, "loss": round(loss.item(), 4), "l_opt": round(l_opt.item(), 4), "scale": round(scale.item(), 3)})
        print(json.dumps(log[-1]), flush=True)
    train_s = time.time() - t0

    # ------------------------------------------------------------------------------------------------ evaluation
    model.eval()
    scale = float(model.logit_scale.clamp(max=math.log(100)).exp().item())
    vis, txt_tower = VisionExport(model.vision).eval(), TextExport(model.text).eval()
    eval_texts = sorted({o for r in eval_rows for c in r["captions"].values() for o in c["options"]})
    eval_index = {t: i for i, t in enumerate(eval_texts)}
    unseen = [t for t in eval_texts if t not in text_index]
    with torch.no_grad():
        x_eval = normalise(torch.from_numpy(eval_u8).to(dev), mean, std, rescale)
        img_eval = torch.cat([vis(x_eval[i : i + 512]) for i in range(0, len(eval_rows), 512)])
        e_ids, e_mask = encode(tok, eval_texts)
        txt_eval = txt_tower(e_ids.to(dev), e_mask.to(dev))
        preds = zero_shot(img_eval, eval_rows, txt_eval, eval_index, scale)
        fit_rows = train_rows[:1000]
        fit_texts = sorted({o for r in fit_rows for c in r["captions"].values() for o in c["options"]})
        f_ids, f_mask = encode(tok, fit_texts)
        train_preds = zero_shot(
            vis(normalise(x_train[:1000], mean, std, rescale)),
            fit_rows,
            txt_tower(f_ids.to(dev), f_mask.to(dev)),
            {t: i for i, t in enumerate(fit_texts)},
            scale,
        )
    metrics = summarise(preds, eval_rows)
    train_metrics = summarise(train_preds, train_rows[:1000])["by_template"]

    # Fixed subset the Node test recomputes: the first `subset` eval images in corpus order.
    sub = [p for p in preds if p["i"] < args.subset]
    subset = {
        "images": min(args.subset, len(eval_rows)),
        "image_ids": [r["image_id"] for r in eval_rows[: args.subset]],
        "image_sha256": [r.get("sha256") for r in eval_rows[: args.subset]],
        "by_template": {
            f"template_{k}": {
                "n": len([p for p in sub if p["template"] == k]),
                "correct": sum(p["pred"] == p["gold"] for p in sub if p["template"] == k),
            }
            for k in (0, 1)
        },
        "predictions": [
            {"image_id": eval_rows[p["i"]]["image_id"], "key": p["key"], "pred": p["pred"], "gold": p["gold"]} for p in sub
        ],
    }

    # ----------------------------------------------------------------------------------------------------- export
    vis_cpu, txt_cpu = VisionExport(model.vision).cpu().eval(), TextExport(model.text).cpu().eval()
    dummy_x = torch.zeros(2, 3, size, size)
    dummy_ids, dummy_mask = encode(tok, ["a micrograph", "an image used in pathology."])
    export_kw = dict(opset_version=17, do_constant_folding=True)
    try:
        torch.onnx.export(vis_cpu, (dummy_x,), str(model_dir / "onnx/vision_model.onnx"), input_names=["pixel_values"],
                          output_names=["image_embeds"], dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}},
                          dynamo=False, **export_kw)
        torch.onnx.export(txt_cpu, (dummy_ids, dummy_mask), str(model_dir / "onnx/text_model.onnx"),
                          input_names=["input_ids", "attention_mask"], output_names=["text_embeds"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                        "text_embeds": {0: "batch"}}, dynamo=False, **export_kw)
        exporter = "torchscript"
    except Exception as error:  # the legacy exporter may be gone in a future torch
        print(f"legacy ONNX export failed ({error!r}); using the dynamo exporter", flush=True)
        from torch.export import Dim

        batch, seq = Dim("batch", min=1, max=4096), Dim("sequence", min=1, max=MAX_LEN)
        torch.onnx.export(vis_cpu, (dummy_x,), str(model_dir / "onnx/vision_model.onnx"), input_names=["pixel_values"],
                          output_names=["image_embeds"], dynamic_shapes=({0: batch},), dynamo=True, external_data=False, **export_kw)
        torch.onnx.export(txt_cpu, (dummy_ids, dummy_mask), str(model_dir / "onnx/text_model.onnx"),
                          input_names=["input_ids", "attention_mask"], output_names=["text_embeds"],
                          dynamic_shapes=({0: batch, 1: seq}, {0: batch, 1: seq}), dynamo=True, external_data=False, **export_kw)
        exporter = "dynamo"

    # ONNX Runtime vs PyTorch (CPU float32), on real eval images and on texts of many lengths.
    import onnx
    import onnxruntime as ort

    for f in ("vision_model.onnx", "text_model.onnx"):
        onnx.checker.check_model(str(model_dir / "onnx" / f))
    so = ort.SessionOptions()
    sv = ort.InferenceSession(str(model_dir / "onnx/vision_model.onnx"), so, providers=["CPUExecutionProvider"])
    st = ort.InferenceSession(str(model_dir / "onnx/text_model.onnx"), so, providers=["CPUExecutionProvider"])
    with torch.no_grad():
        xs = normalise(torch.from_numpy(eval_u8[:64]), mean.cpu(), std.cpu(), rescale)
        ref_img = vis_cpu(xs).numpy()
        ids, mask = encode(tok, eval_texts)
        ref_txt = txt_cpu(ids, mask).numpy()
        ids1, mask1 = encode(tok, eval_texts[:1])
        alone = txt_cpu(ids1, mask1).numpy()
    got_img = sv.run(None, {"pixel_values": xs.numpy()})[0]
    got_txt = st.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    onnx_check = {
        "vision_max_abs_diff": float(np.abs(got_img - ref_img).max()),
        "text_max_abs_diff": float(np.abs(got_txt - ref_txt).max()),
        "text_padding_invariance_max_abs_diff": float(np.abs(alone[0] - ref_txt[0]).max()),
        "device_vs_cpu_image_max_abs_diff": float(np.abs(img_eval[:64].cpu().numpy() - ref_img).max()),
    }
    print(json.dumps(onnx_check), flush=True)
    assert onnx_check["vision_max_abs_diff"] < 1e-4 and onnx_check["text_max_abs_diff"] < 1e-4, onnx_check

    # ------------------------------------------------------------------------------------------- model directory
    tok.save(str(model_dir / "tokenizer.json"))
    (model_dir / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "BertTokenizer",
        "model_max_length": MAX_LEN,
        "do_lower_case": True,
        "tokenize_chinese_chars": True,
        "strip_accents": None,
        "clean_up_tokenization_spaces": True,
        "padding_side": "right",
        "truncation_side": "right",
        "pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]",
        "model_input_names": ["input_ids", "attention_mask"],
    }, indent=2) + "\n")
    (model_dir / "special_tokens_map.json").write_text(json.dumps(
        {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]"}, indent=2) + "\n")
    (model_dir / "preprocessor_config.json").write_text(json.dumps(pre, indent=2) + "\n")
    config = {
        "model_type": "clip",
        "architectures": ["CLIPModel"],
        "_name_or_path": f"stratum/{args.name}",
        "projection_dim": args.dim,
        "logit_scale": round(math.log(scale), 6),
        "logit_scale_init_value": round(math.log(1 / 0.07), 6),
        "max_position_embeddings": MAX_LEN,
        "embeddings_normalized": True,
        "text_config": {"model_type": "clip_text_model", "vocab_size": vocab, "hidden_size": 128, "num_hidden_layers": 2,
                         "num_attention_heads": 4, "intermediate_size": 256, "max_position_embeddings": MAX_LEN,
                         "projection_dim": args.dim, "pooling": "masked_mean", "pad_token_id": 0},
        "vision_config": {"model_type": "clip_vision_model", "image_size": size, "num_channels": 3, "architecture": "resnet-cnn",
                           "widths": [32, 64, 128, 192], "pooling": "mean+std", "projection_dim": args.dim},
        # prepare-data.ts maps 16-bit pixels by round(v / 257): the served model must decode the same way.
        "stratum": {"trainer": "training/train.py", "seed": args.seed, "exporter": exporter, "opset": 17,
                    "decode": {"highBitDepth": "rescale"}},
    }
    (model_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")

    # Reference vectors the Node check compares against (first 4 eval images, 4 texts).
    reference = {
        "image_ids": [r["image_id"] for r in eval_rows[:4]],
        "image_embeds": [[round(float(v), 7) for v in row] for row in ref_img[:4]],
        "texts": eval_texts[:4],
        "text_embeds": [[round(float(v), 7) for v in row] for row in ref_txt[:4]],
        "input_ids": [e.ids for e in tok.encode_batch(eval_texts[:4])],
    }
    metrics_doc = {
        "model": args.name,
        "generator_version": manifest.get("generatorVersion"),
        "generator_commit": manifest.get("generatorCommit"),
        "protocol": "official contrastive zero-shot (ubench-corpus.md §3.2): softmax over each caption set's options, argmax",
        "eval_corpus": {"seed": manifest.get("evalSeed"), "images": len(eval_rows), "unseen_option_texts": len(unseen)},
        "train_corpus": {"seeds": manifest.get("trainSeeds"), "images": len(train_rows), "texts": len(train_texts),
                         "domains": domains or "all", "vocabulary_images": len(vocab_rows),
                         "eval_image_id_overlap": overlap},
        "settings": {"seed": args.seed, "train_templates": sorted(templates), "train_domains": domains or "all", "epochs": args.epochs, "batch": args.batch, "lr": args.lr, "dim": args.dim,
                     "steps": total, "parameters": params, "device": str(dev),
                     "torch": torch.__version__, "train_seconds": round(train_s, 1),
                     "device_name": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu"},
        "zero_shot": metrics,
        "train_fit": train_metrics,
        "fixed_subset": subset,
        "onnx_check": onnx_check,
        "training_log": log,
    }
    (model_dir / "metrics.json").write_text(json.dumps(metrics_doc, indent=1) + "\n")
    (out / "reference.json").write_text(json.dumps(reference) + "\n")
    torch.save(model.state_dict(), out / "state_dict.pt")
    print(json.dumps({"by_template": metrics["by_template"], "by_type": metrics["by_type"]}, indent=1))
    print(f"done in {time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
