#!/usr/bin/env bash
# Regenerates the data, trains, exports and installs the built-in demo CLIP (models/ubench-demo-clip).
#
#   bash training/train.sh            # all stages on one machine (Node 20 + python3 with torch; CUDA if present)
#   bash training/train.sh data       # Node: generate training (seeds 1001-1004) + shipped eval (seed 1) corpora, pack
#   bash training/train.sh fit [OUT]  # python: train + export + ONNX check + zero-shot eval → OUT (training/out)
#   bash training/train.sh install    # copy OUT/model into models/ubench-demo-clip, verify from Node
#
# On the project's GPU machine (no Node there) the stages split: `data` and `install` run here, `fit` runs there
# with training/.data carried (see docs/demo-model.md). SEED, EPOCHS and DEVICE override the defaults; REPEAT=1
# trains twice with the same seed and records whether the weights came out identical.
#
# The pathology specialist (models/ubench-demo-specialist) is the same pipeline on the pathology images only:
#   MODEL=ubench-demo-specialist TRAIN_DOMAINS=pathology EPOCHS=80 bash training/train.sh fit|install [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."

stage="${1:-all}"
out="${2:-training/out}"
SEED="${SEED:-0}"
EPOCHS="${EPOCHS:-40}"
MODEL="${MODEL:-ubench-demo-clip}"
TRAIN_DOMAINS="${TRAIN_DOMAINS:-}"

data() {
  npx tsx training/prepare-data.ts --out training/.data
}

fit() {
  local dev_args=()
  if [[ -n "${DEVICE:-}" ]]; then dev_args=(--device "$DEVICE"); fi
  dev_args+=(--name "$MODEL" --train-domains "$TRAIN_DOMAINS")
  python3 training/train.py --data training/.data --out "$out" --seed "$SEED" --epochs "$EPOCHS" "${dev_args[@]}"
  if [[ "${REPEAT:-0}" == 1 ]]; then
    # Same seed again, then compare weights and accuracies (written to $out/reproducibility.json for the card).
    python3 training/train.py --data training/.data --out "$out.repeat" --seed "$SEED" --epochs "$EPOCHS" "${dev_args[@]}"
    python3 training/compare_runs.py "$out" "$out.repeat"
  fi
  python3 training/model_card.py "$out/model"
}

install_model() {
  mkdir -p "models/$MODEL/onnx"
  cp "$out"/model/{config.json,preprocessor_config.json,tokenizer.json,tokenizer_config.json,special_tokens_map.json,metrics.json,README.md} "models/$MODEL/"
  cp "$out"/model/onnx/{vision_model.onnx,text_model.onnx} "models/$MODEL/onnx/"
  local ref=()
  if [[ -f "$out/reference.json" ]]; then ref=(--reference "$out/reference.json"); fi
  npx tsx training/verify-export.ts --model "models/$MODEL" "${ref[@]}"
}

case "$stage" in
  data) data ;;
  fit) fit ;;
  install) install_model ;;
  all) data && fit && install_model ;;
  *) echo "usage: bash training/train.sh [all|data|fit [OUT]|install [OUT]]" >&2; exit 2 ;;
esac
