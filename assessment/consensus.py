"""Several respondents' answers to one indicator → one value, with the spread between them.

Stages are whole numbers, so every method rounds towards the lower stage: the median
of an even count is the lower middle value and the mean is rounded down. A country is
never shown at a stage its respondents did not, on balance, claim.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .model import Aggregation

EPSILON = 1e-9


def combine(stages: Sequence[int], method: Aggregation) -> int:
    """Combine stages (non-empty) by the median (lower), the mean (rounded down) or the minimum."""
    if method == "median":
        ordered = sorted(stages)
        return ordered[(len(ordered) - 1) // 2]
    if method == "mean":
        return math.floor(sum(stages) / len(stages) + EPSILON)
    if method == "minimum":
        return min(stages)
    raise ValueError(f"unknown aggregation method {method!r}")


def spread(stages: Sequence[int]) -> int:
    """The distance between the highest and the lowest stage given."""
    return max(stages) - min(stages) if stages else 0
