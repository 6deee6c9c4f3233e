#!/usr/bin/env bash
# Builds .models/clip-vit-b32-random/ (ignored, ~600 MB, never committed): a CLIP ViT-B/32-architecture export in
# the Hub ONNX layout with seeded random weights, for `npm run bench embeddings -- --model=.models/clip-vit-b32-random`.
# Offline: the venv (.venv/, ignored; shared with scripts/conformance/build.sh) installs from the local wheel index.
# Takes ~2–4 minutes on 2 cores (most of it torch.onnx.export of the two towers).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.models/clip-vit-b32-random}
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --retries 0 torch transformers tokenizers onnx numpy pillow
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/pip download -q --no-deps open_clip_torch==3.3.0 -d "$work"
.venv/bin/python -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('open_clip/bpe_simple_vocab_16e6.txt.gz', sys.argv[2])" \
  "$work"/open_clip_torch-3.3.0-*.whl "$work"
.venv/bin/python scripts/bench-models/build_vit_b32.py --bpe "$work/open_clip/bpe_simple_vocab_16e6.txt.gz" --out "$out"
