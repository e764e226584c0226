"""Near-duplicate clustering quality on labelled pairs (benchmarks/data/cluster_pairs.jsonl).

Each pair is judged by the same decision ``jianbao.analyze.cluster`` uses (exact Jaccard or
containment over shingles, behind the LSH/anchor candidate stage, with the guards), and a
second pass runs the full batch clustering (``cluster_docs``) on every pair to check that the
candidate stage does not lose what verification would accept. Prints precision/recall/F1 per
pair type and overall, and fails when F1 is below the pinned floor.

    .venv/bin/python benchmarks/bench_cluster.py            # figures and the floor check
    .venv/bin/python benchmarks/bench_cluster.py --sweep    # F1 over a threshold grid
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from jianbao.analyze import cluster
from jianbao.analyze.cluster import StoryDoc, cluster_docs, compare, fingerprint

PAIRS = Path(__file__).parent / "data" / "cluster_pairs.jsonl"
F1_FLOOR = 0.95  # issue 5 acceptance


def doc(side: dict[str, str | None]) -> StoryDoc:
    published = date.fromisoformat(side["published"]) if side.get("published") else None
    return StoryDoc(
        id=str(side["id"]), title=side["title"] or "", text=side["text"] or "", published=published
    )


def scores(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(pairs: list[dict[str, object]], full: bool) -> tuple[float, dict[str, list[int]]]:
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp fp fn tn
    for pair in pairs:
        a, b = doc(pair["a"]), doc(pair["b"])  # type: ignore[arg-type]
        if full:
            same = len(cluster_docs([a, b])) == 1
        else:
            same = compare(fingerprint(a), fingerprint(b)) is not None
        label = bool(pair["label"])
        counts = by_type[str(pair["type"])]
        counts[0 if same and label else 1 if same else 2 if label else 3] += 1
    tp = sum(c[0] for c in by_type.values())
    fp = sum(c[1] for c in by_type.values())
    fn = sum(c[2] for c in by_type.values())
    return scores(tp, fp, fn)[2], by_type


def sweep(pairs: list[dict[str, object]]) -> None:
    best = (0.0, 0.0, 0.0)
    for jaccard in (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        for containment in (0.2, 0.3, 0.4, 0.5, 0.6, 0.8):
            cluster.JACCARD_MIN, cluster.CONTAINMENT_MIN = jaccard, containment
            f1, _ = evaluate(pairs, full=False)
            print(f"jaccard>={jaccard:.2f} containment>={containment:.2f}  F1 {f1:.4f}")
            best = max(best, (f1, jaccard, containment))
    print(f"best F1 {best[0]:.4f} at JACCARD_MIN={best[1]} CONTAINMENT_MIN={best[2]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", action="store_true", help="F1 over a threshold grid")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in PAIRS.read_text("utf-8").splitlines() if line.strip()]
    if args.sweep:
        sweep(pairs)
        return 0
    print(f"{len(pairs)} labelled pairs from {PAIRS.name}")
    failed = False
    for name, full in (("pair decision", False), ("batch clustering", True)):
        f1, by_type = evaluate(pairs, full)
        print(f"\n{name}:")
        print(f"  {'type':32} {'pairs':>5} {'prec':>6} {'recall':>6} {'F1':>6}  tp fp fn tn")
        for kind, (tp, fp, fn, tn) in sorted(by_type.items()):
            p, r, f = scores(tp, fp, fn)
            if tp + fn == 0:  # a negative-only type: precision is what it shows
                p_text, r_text, f_text = f"{p:6.3f}", "     -", "     -"
            else:
                p_text, r_text, f_text = f"{p:6.3f}", f"{r:6.3f}", f"{f:6.3f}"
            total = tp + fp + fn + tn
            print(f"  {kind:32} {total:5} {p_text} {r_text} {f_text}  {tp} {fp} {fn} {tn}")
        tp = sum(c[0] for c in by_type.values())
        fp = sum(c[1] for c in by_type.values())
        fn = sum(c[2] for c in by_type.values())
        p, r, f = scores(tp, fp, fn)
        print(f"  {'ALL':32} {len(pairs):5} {p:6.3f} {r:6.3f} {f:6.3f}")
        ok = f >= F1_FLOOR
        failed |= not ok
        print(f"  F1 {f:.4f} (floor {F1_FLOOR}) {'ok' if ok else 'BELOW FLOOR'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
