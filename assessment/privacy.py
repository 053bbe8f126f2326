"""The privacy threshold: people who may read only figures never see a stakeholder group of one or two.

A group's figures with one respondent are that person's answers. For anyone who may not
read individual answers (viewers), groups with fewer respondents than the threshold
(ASSESSMENT_MIN_GROUP_SIZE, 3 by default) are left out of every group figure: the
divergence breakdown, the group radar, the live view and the PDF. The overall figures,
which combine every group, stay.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .answers import Respondent
from .scoring import Scores


def min_group_size() -> int:
    return max(1, int(os.environ.get("ASSESSMENT_MIN_GROUP_SIZE", "3")))


def small_groups(respondents: Iterable[Respondent], threshold: int | None = None) -> frozenset[str]:
    """The stakeholder groups with fewer respondents who gave at least one stage than the threshold."""
    limit = min_group_size() if threshold is None else threshold
    counts = Counter(r.group for r in respondents if any(a.stage is not None for a in r.answers.values()))
    return frozenset({r.group for r in respondents} - {g for g, n in counts.items() if n >= limit})


def without_groups(
    scores: Scores, hidden: frozenset[str], respondents: Iterable[Respondent] = (), threshold: int | None = None
) -> Scores:
    """The same scores without the hidden groups in any indicator's breakdown by group.

    With `respondents`, a group is also left out of one indicator's breakdown when fewer
    than the threshold of its respondents gave a stage for that indicator: a group of
    five where one person answered would otherwise show that person's answer.
    """
    limit = min_group_size() if threshold is None else threshold
    answering: Counter[tuple[str, str]] = Counter()
    people = list(respondents)
    for person in people:
        for indicator_id, answer in person.answers.items():
            if answer.stage is not None:
                answering[(indicator_id, person.group)] += 1

    def shown(indicator_id: str, group: str) -> bool:
        return group not in hidden and (not people or answering[(indicator_id, group)] >= limit)

    indicators = tuple(
        replace(i, by_group={g: s for g, s in i.by_group.items() if shown(i.indicator_id, g)})
        for i in scores.indicators
    )
    return replace(scores, indicators=indicators)


def visible_groups(by_group: Mapping[str, Scores], hidden: frozenset[str]) -> dict[str, Scores]:
    return {g: s for g, s in by_group.items() if g not in hidden}
