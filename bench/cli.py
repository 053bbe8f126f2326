"""The command line's figures: `python -m assessment validate`, in a fresh interpreter each time, aim < 0.5 s."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench.engine import report

ROOT = Path(__file__).resolve().parents[1]


def validate_times(path: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assessment", "validate", str(path)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    report(
        "python -m assessment validate questionnaires/national",
        validate_times(ROOT / "questionnaires" / "national", 5),
        0.5,
    )
    report("python -m assessment validate questionnaires (every one)", validate_times(ROOT / "questionnaires", 5), 0.5)


if __name__ == "__main__":
    main()
