#!/usr/bin/env bash
# Rebuilds fixtures/conformance/ (see scripts/conformance/build_fixture.py). Needs Python 3.11 and the local
# wheel index; the venv lives in .venv/ (ignored). The real CLIP BPE vocabulary comes from the open_clip_torch
# wheel, which ships openai/CLIP's bpe_simple_vocab_16e6.txt.gz (MIT); its sha256 is recorded in reference.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q torch transformers tokenizers onnx onnxruntime pillow numpy
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/pip download -q --no-deps open_clip_torch==3.3.0 -d "$work"
.venv/bin/python -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('open_clip/bpe_simple_vocab_16e6.txt.gz', sys.argv[2])" \
  "$work"/open_clip_torch-3.3.0-*.whl "$work"
.venv/bin/python scripts/conformance/build_fixture.py --bpe "$work/open_clip/bpe_simple_vocab_16e6.txt.gz" --out fixtures/conformance
