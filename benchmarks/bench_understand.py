"""Understanding (issue 12): the public corpus through the engine, beside the old resolver in the same run.

The baseline is the code as it was on `main` just before the gazetteer (the parent of the first commit that
added `jurisdictions/gazetteer.py`; `--baseline REF` to choose another), extracted with `git archive` into a
temporary folder and run in a child process on the same questions. Prints corpus
accuracy and the wrong-place rate (an answer naming a jurisdiction other than the expected one) for both,
then the misses. Last line: one JSON object.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.corpus_understand import Outcome, corpus, judge  # noqa: E402

CHILD = r"""
import json, sys
from jurisdictions.snapshot import load_snapshot
from jurisdictions.verdict import VerdictEngine
engine = VerdictEngine(load_snapshot())
out = []
for q in json.load(sys.stdin):
    v = engine.answer(q)
    fam = "answer" if v.code != "not_understood" else ("ask" if v.suggestions else "not_understood")
    out.append([v.worker.jurisdiction.code if v.worker else None, v.client.jurisdiction.code if v.client else None,
                v.client_age, fam])
print(json.dumps(out))
"""


def baseline_ref() -> str | None:
    """The commit before the gazetteer arrived: the old resolver, with everything else of its day."""
    try:
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "jurisdictions/gazetteer.py"],
                               cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{added[-1]}^" if added else None


def baseline_outcomes(questions: list[str], ref: str | None) -> list[Outcome] | None:
    """The old engine's outcomes, or None when git or the ref is unavailable (a shallow CI checkout)."""
    if ref is None:
        return None
    try:
        blob = subprocess.run(["git", "archive", ref, "jurisdictions", "db"], cwd=ROOT, check=True,
                              capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(blob)) as tar:
            tar.extractall(tmp, filter="data")
        done = subprocess.run([sys.executable, "-c", CHILD], cwd=tmp, input=json.dumps(questions), text=True,
                              capture_output=True, env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return [Outcome(*row) for row in json.loads(done.stdout)]


def new_outcomes(questions: list[str]) -> list[Outcome]:
    from tests.jurisdictions.test_corpus_understand import outcome

    return [outcome(q) for q in questions]


def score(items, outcomes) -> tuple[float, float, list[str], list[str]]:
    right = wrong = 0
    misses: list[str] = []
    wrongs: list[str] = []
    for item, got in zip(items, outcomes, strict=True):
        ok, bad = judge(item, got)
        right += ok
        wrong += bad
        if not ok:
            misses.append(f"{item.question!r}: expected {item.worker} / {item.client} / {item.age} / {item.family}, "
                          f"got {got.worker} / {got.client} / {got.age} / {got.family}")
        if bad:
            wrongs.append(item.question)
    return right / len(items), wrong / len(items), misses, wrongs


def main() -> None:
    items = corpus()
    questions = [i.question for i in items]
    t0 = time.perf_counter()
    ours = new_outcomes(questions)
    ours_s = time.perf_counter() - t0
    ref = sys.argv[sys.argv.index("--baseline") + 1] if "--baseline" in sys.argv else baseline_ref()
    old = baseline_outcomes(questions, ref)
    acc, wrong, misses, _ = score(items, ours)
    print(f"corpus: {len(items)} questions ({sum(1 for i in items if i.family == 'ask')} to ask back, "
          f"{sum(1 for i in items if i.family == 'not_covered')} outside coverage)")
    print(f"{'':24}{'accuracy':>10}{'wrong place':>13}")
    print(f"{'gazetteer engine':24}{acc:10.1%}{wrong:13.1%}")
    result = {"questions": len(items), "accuracy": round(acc, 4), "wrong_place_rate": round(wrong, 4),
              "seconds": round(ours_s, 2)}
    if old is not None:
        old_acc, old_wrong, _, old_wrongs = score(items, old)
        print(f"{'old resolver (baseline)':24}{old_acc:10.1%}{old_wrong:13.1%}   ({ref})")
        result |= {"baseline_ref": ref, "baseline_accuracy": round(old_acc, 4), "baseline_wrong_place_rate": round(old_wrong, 4)}
        print("baseline wrong places, first 8:")
        for q in old_wrongs[:8]:
            print(f"  {q}")
    else:
        print("old resolver (baseline): unavailable (no git history here)")
    print("targets: accuracy >= 97%, wrong place 0")
    for line in misses[:20]:
        print(f"  miss: {line}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
