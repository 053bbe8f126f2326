"""Rules an answer, a consensus or a target must follow, checked by the engine before anything is stored."""

from __future__ import annotations

from .answers import Answer, Consensus, Status, Targets
from .errors import AssessmentError
from .model import Indicator, Questionnaire

MAX_TEXT = 20_000
MAX_LINKS = 50


def check_allowed(indicator: Indicator, not_applicable: bool) -> None:
    """Raise AssessmentError when the value is "not applicable" and the indicator does not allow it."""
    if not_applicable and not indicator.not_applicable:
        raise AssessmentError(f"'{indicator.id}' does not allow 'not applicable'", key="error.not_applicable_refused")


def check_answer(q: Questionnaire, indicator_id: str, group: str, answer: Answer) -> None:
    """Raise AssessmentError when `answer` cannot be an answer to `indicator_id` from `group`."""
    indicator = q.indicators.get(indicator_id)
    if indicator is None:
        raise AssessmentError(f"indicator '{indicator_id}' is not in questionnaire '{q.id}'")
    if indicator.asked_of is not None and group not in indicator.asked_of:
        raise AssessmentError(f"'{indicator_id}' is not asked of stakeholder group '{group}'")
    check_allowed(indicator, answer.status is Status.NOT_APPLICABLE)
    if answer.status is Status.ANSWERED:
        if indicator.kind == "checklist":
            if answer.items is None or answer.stage is not None:
                raise AssessmentError(f"'{indicator_id}' is a checklist: answer with the items met")
            unknown = sorted(answer.items - indicator.item_ids)
            if unknown:
                raise AssessmentError(f"'{indicator_id}' has no item {', '.join(unknown)}")
        elif answer.stage not in q.scale.values or answer.items is not None:
            raise AssessmentError(f"'{indicator_id}' needs a stage of the scale {q.scale.values}")
    elif answer.stage is not None or answer.items is not None:
        raise AssessmentError("only an answered indicator carries a stage or items")
    if max(len(answer.evidence), len(answer.comment)) > MAX_TEXT or len(answer.links) > MAX_LINKS:
        raise AssessmentError(
            f"evidence and comments are limited to {MAX_TEXT:,} characters and {MAX_LINKS} links",
            key="error.evidence_limit",
            characters=MAX_TEXT,
            links=MAX_LINKS,
        )


def check_consensus(q: Questionnaire, indicator_id: str, consensus: Consensus) -> None:
    indicator = q.indicators.get(indicator_id)
    if indicator is None:
        raise AssessmentError(f"indicator '{indicator_id}' is not in questionnaire '{q.id}'")
    check_allowed(indicator, consensus.not_applicable)
    if consensus.not_applicable == (consensus.stage is not None):
        raise AssessmentError("a consensus is either a stage or 'not applicable'")
    if consensus.stage is not None and consensus.stage not in q.scale.values:
        raise AssessmentError(f"stage {consensus.stage} is not on the scale {q.scale.values}")
    if len(consensus.rationale) > MAX_TEXT:
        raise AssessmentError(
            f"the rationale is limited to {MAX_TEXT:,} characters", key="error.rationale_limit", characters=MAX_TEXT
        )


def check_targets(q: Questionnaire, targets: Targets) -> None:
    stages = [targets.default, *targets.pillars.values(), *targets.indicators.values()]
    bad = [s for s in stages if s is not None and s not in q.scale.values]
    if bad:
        raise AssessmentError(f"target stage {bad[0]} is not on the scale {q.scale.values}")
    pillar_ids = {p.id for p in q.pillars}
    unknown = [p for p in targets.pillars if p not in pillar_ids] + [
        i for i in targets.indicators if i not in q.indicators
    ]
    if unknown:
        raise AssessmentError(f"'{unknown[0]}' is not a pillar or indicator of questionnaire '{q.id}'")
