"""The loader's cross-references: framework codes, dependencies, guides, rating guidance, crosswalks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.errors import InputError
from assessment.loader import load_catalog, load_questionnaire
from tests.conftest import TINY, line_of

CMM = """id: cmm
version: "t"
title: Test catalog
publisher: Tests
source: Written for the tests.
elements:
  - {code: D1, name: {en: Policy, es: Política}}
  - {code: D1.1, parent: D1, name: {en: Strategy, es: Estrategia}}
"""
GUIDES = """guides:
  - {id: a-guide, title: A Guide, publisher: Tests, year: 2024}
"""


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "cmm-t.yaml").write_text(CMM, encoding="utf-8")
    (folder / "guides.yaml").write_text(GUIDES, encoding="utf-8")
    meta = folder / "questionnaire.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + 'frameworks: {cmm: "t"}\n', encoding="utf-8")
    return folder


def replace(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return line_of(text, new)


def problems(folder: Path) -> list:
    with pytest.raises(InputError) as caught:
        load_questionnaire(folder)
    return caught.value.problems


def test_codes_of_a_named_framework_are_checked(tiny_copy):
    replace(tiny_copy / "alpha.yaml", "gci: [organizational]", "gci: []")
    assert load_questionnaire(tiny_copy).questionnaire.frameworks == {"cmm": "t"}
    line = replace(tiny_copy / "alpha.yaml", "mappings: {cmm: D1.1", "mappings: {cmm: [D1.1, Z-99]")
    (problem,) = problems(tiny_copy)
    assert (problem.file, problem.line, problem.path) == ("tiny/alpha.yaml", line, "indicators[1].mappings.cmm[1]")
    assert problem.message == "'Z-99' is not a code of cmm t"


def test_a_framework_without_a_version_is_refused(tiny_copy):
    (problem,) = problems(tiny_copy)  # gci is used by a2 but not named under frameworks
    assert problem.path == "indicators[1].mappings.gci"
    assert "'gci' is not listed under frameworks" in problem.message


def test_a_missing_catalog_is_reported_at_the_metadata(tiny_copy):
    replace(tiny_copy / "alpha.yaml", "gci: [organizational]", "gci: []")
    (tiny_copy.parent / "frameworks" / "cmm-t.yaml").unlink()
    (problem,) = problems(tiny_copy)
    assert problem.file == "tiny/questionnaire.yaml"
    assert problem.message == "no catalog frameworks/cmm-t.yaml for cmm t"


def test_a_catalog_lists_parents_first(tiny_copy):
    replace(tiny_copy / "alpha.yaml", "gci: [organizational]", "gci: []")
    catalog = tiny_copy.parent / "frameworks" / "cmm-t.yaml"
    line = replace(catalog, "parent: D1,", "parent: D9,")
    (problem,) = problems(tiny_copy)
    assert (problem.file, problem.line) == ("frameworks/cmm-t.yaml", line)
    assert "parent 'D9' is not listed before" in problem.message


def test_structured_recommendations_dependencies_and_guides(tiny_copy):
    replace(tiny_copy / "alpha.yaml", "gci: [organizational]", "gci: []")
    replace(
        tiny_copy / "alpha.yaml",
        "2: {en: Do A1 step 2., es: Haga el paso 2 de A1.}",
        "2: {text: {en: Do A1 step 2., es: Haga el paso 2 de A1.}, effort: low, depends_on: [b1], guides: [a-guide]}",
    )
    q = load_questionnaire(tiny_copy).questionnaire
    rec = q.indicators["a1"].recommendations[2]
    assert (rec.text["en"], rec.effort, rec.depends_on, rec.guides) == ("Do A1 step 2.", "low", ["b1"], ["a-guide"])
    assert q.indicators["a1"].recommendations[1].effort is None  # the plain form still works
    assert q.guides["a-guide"].title == "A Guide"
    line = replace(
        tiny_copy / "alpha.yaml", "depends_on: [b1], guides: [a-guide]", "depends_on: [b9, a1], guides: [no]"
    )
    found = {(p.path, p.message, p.line) for p in problems(tiny_copy)}
    assert found == {
        ("indicators[0].recommendations[2].depends_on[0]", "indicator 'b9' does not exist", line),
        ("indicators[0].recommendations[2].depends_on[1]", "a recommendation cannot depend on its own indicator", line),
        ("indicators[0].recommendations[2].guides[0]", "guide 'no' is not in guides.yaml", line),
    }


def test_rating_guidance_needs_every_stage(tiny_copy):
    replace(tiny_copy / "alpha.yaml", "gci: [organizational]", "gci: []")
    guidance = "    guidance: {0: {en: g0}, 1: {en: g1}, 2: {en: g2}, 3: {en: g3}, 4: {en: g4}}\n"
    replace(
        tiny_copy / "alpha.yaml",
        "    evidence: {en: A document., es: Un documento.}\n",
        guidance + "    evidence: {en: A document., es: Un documento.}\n",
    )
    loaded = load_questionnaire(tiny_copy)
    assert loaded.questionnaire.indicators["a1"].guidance[3] == {"en": "g3"}
    assert loaded.coverage["es"].percent < 100  # guidance texts count for translation coverage
    replace(tiny_copy / "alpha.yaml", "4: {en: g4}}", "7: {en: g7}}")
    messages = {p.message for p in problems(tiny_copy)}
    assert messages == {
        "missing rating guidance for stage 4",
        "stage 7 has no rating guidance on this scale (stages 0-4)",
    }


def crosswalk(entries: str) -> str:
    return 'from: {questionnaire: tiny, version: "0.1"}\nindicators:\n' + entries


def test_a_crosswalk_must_cover_the_earlier_version(tmp_path: Path):
    shutil.copytree(TINY, tmp_path / "tiny-0.1")
    newer = tmp_path / "tiny-0.2"
    shutil.copytree(TINY, newer)
    replace(newer / "questionnaire.yaml", 'version: "0.1"', 'version: "0.2"')
    entries = "".join(f"  - {{from: {i}, change: same, to: [{i}]}}\n" for i in ("a1", "a2", "a3", "a4", "b1"))
    (newer / "crosswalk.yaml").write_text(crosswalk(entries), encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert catalog.find("tiny").questionnaire.version == "0.1"  # 0.2 is refused, the older one still serves
    assert (
        str(catalog.errors["tiny-0.2"]) == "tiny-0.2/crosswalk.yaml: indicator 'b2' of tiny 0.1 is not in the crosswalk"
    )
    (newer / "crosswalk.yaml").write_text(
        crosswalk(entries + "  - {from: b2, change: split, to: [b2, a1]}\n  - {from: zz, change: dropped}\n"),
        encoding="utf-8",
    )
    catalog = load_catalog(tmp_path)
    assert str(catalog.errors["tiny-0.2"]) == "tiny-0.2/crosswalk.yaml: 'zz' is not an indicator of tiny 0.1"
    (newer / "crosswalk.yaml").write_text(
        crosswalk(entries + "  - {from: b2, change: split, to: [b2, a1]}\n"), encoding="utf-8"
    )
    catalog = load_catalog(tmp_path)
    assert not catalog.errors
    assert [v.questionnaire.version for v in catalog.versions_of("tiny")] == ["0.1", "0.2"]
    assert catalog.find("tiny").questionnaire.crosswalk.new_ids["a1"].from_ == "a1"


def test_crosswalk_entries_follow_their_change(tmp_path: Path):
    folder = tmp_path / "tiny"
    shutil.copytree(TINY, folder)
    (folder / "crosswalk.yaml").write_text(
        crosswalk("  - {from: a1, change: split, to: [a1]}\n  - {from: a2, change: same, to: [nope]}\n"
                  "  - {from: a3, change: dropped, to: [a3]}\n"),
        encoding="utf-8",
    )  # fmt: skip
    found = {(p.path, p.message) for p in problems(folder)}
    assert found == {
        ("indicators[0].to", "'split' leads to two or more indicators"),
        ("indicators[1].to[0]", "indicator 'nope' does not exist"),
        ("indicators[2].to", "'dropped' leads to no indicator"),
    }
