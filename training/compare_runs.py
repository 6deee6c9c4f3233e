"""Compares two training runs of the same seed: weights and zero-shot accuracies; writes RUN_A/reproducibility.json.

    python3 training/compare_runs.py RUN_A RUN_B     (each a --out folder of training/train.py)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch


def flat(metrics: dict) -> dict[str, float]:
    out = {}
    for t, v in metrics["zero_shot"]["by_type"].items():
        for k, a in v.items():
            if a:
                out[f"{t}/{k}"] = a["accuracy"]
    for task, v in metrics["zero_shot"]["by_task"].items():
        if v.get("coarse"):
            out[f"task:{task}/coarse"] = v["coarse"]["accuracy"]
        if v.get("classification"):
            out[f"task:{task}/classification"] = v["classification"]["accuracy"]
    return out


def main(a: Path, b: Path) -> None:
    ma = json.loads((a / "model/metrics.json").read_text())
    mb = json.loads((b / "model/metrics.json").read_text())
    fa, fb = flat(ma), flat(mb)
    diffs = {k: round(fb[k] - fa[k], 4) for k in fa if k in fb}
    sa = torch.load(a / "state_dict.pt", map_location="cpu")
    sb = torch.load(b / "state_dict.pt", map_location="cpu")
    wdiff = max(float((sa[k].float() - sb[k].float()).abs().max()) for k in sa)
    report = {
        "max_weight_abs_diff": wdiff,
        "identical_weights": wdiff == 0.0,
        "max_accuracy_abs_diff": max(abs(v) for v in diffs.values()) if diffs else None,
        "accuracy_diffs_nonzero": {k: v for k, v in diffs.items() if v != 0},
    }
    print(json.dumps(report, indent=1))
    (a / "reproducibility.json").write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
