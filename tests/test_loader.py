"""The loader refuses every kind of bad questionnaire, naming the file, the line and the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.errors import InputError, Problem
from assessment.loader import load_catalog, load_questionnaire
from assessment.yamlsafe import MAX_DEPTH, MAX_FILE_BYTES
from tests.conftest import TINY, Edit, line_of


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_questionnaire(folder)
    return caught.value.problems


def only_problem(folder: Path) -> Problem:
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    return problems[0]


def test_tiny_questionnaire_loads(tiny):
    assert [p.id for p in tiny.pillars] == ["alpha", "beta"]
    assert tiny.scale.values == [0, 1, 2, 3, 4]
    assert tiny.pillar("beta").rule == "gate"
    assert tiny.pillar("alpha").rule == "mean"  # inherited from scoring.pillar_rule


def test_anchor_and_alias_are_refused(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "weight: 2\n", "weight: &w 2\n")
    problem = only_problem(folder)
    assert (problem.file, problem.line) == ("tiny/alpha.yaml", line)
    assert "anchors are not allowed" in problem.message


def test_alias_bomb_is_refused_before_expansion(edited_tiny: Edit):
    bomb = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9))
    folder, _ = edited_tiny("alpha.yaml", "weight: 2\n", "weight: 2\nx0: &l0 [lol]\n" + bomb)
    assert "not allowed" in only_problem(folder).message


def test_duplicate_key_is_refused_at_its_line(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "weight: 2\n", "weight: 2\nweight: 3\n")
    problem = only_problem(folder)
    assert problem.line == line + 1
    assert problem.message == "duplicate key 'weight'"


def test_unknown_key_is_refused_with_its_path(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "  - id: a2\n", "  - id: a2\n    colour: blue\n")
    problem = only_problem(folder)
    assert (problem.line, problem.path) == (line + 1, "indicators[1].colour")
    assert problem.message == "unknown key 'colour'"


def test_wrong_type_is_refused(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "    weight: 3\n", "    weight: heavy\n")
    problem = only_problem(folder)
    assert (problem.line, problem.path) == (line, "indicators[1].weight")
    assert "valid number" in problem.message


def test_quoted_number_is_not_silently_converted(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "    weight: 3\n", '    weight: "3"\n')
    assert only_problem(folder).line == line


def test_duplicate_indicator_id_across_files(edited_tiny: Edit):
    folder, line = edited_tiny("beta.yaml", "  - id: b2\n", "  - id: a1\n")
    problem = only_problem(folder)
    assert (problem.file, problem.line) == ("tiny/beta.yaml", line)
    assert "duplicate indicator id 'a1' (first at tiny/alpha.yaml:" in problem.message


def test_duplicate_checklist_item_id(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "{id: y2,", "{id: x2,")
    problem = only_problem(folder)
    assert problem.line == line + 1  # `line` is the first x2; the duplicate is on the next line
    assert problem.message == "duplicate item id 'x2'"


def test_reference_to_unknown_stakeholder_group(edited_tiny: Edit):
    folder, line = edited_tiny("beta.yaml", "asked_of: [gov, civ]", "asked_of: [gov, press]")
    problem = only_problem(folder)
    assert (problem.line, problem.path) == (line, "indicators[1].asked_of[1]")
    assert "stakeholder group 'press' is not defined" in problem.message


def test_reference_to_missing_pillar_file(edited_tiny: Edit):
    folder, line = edited_tiny("questionnaire.yaml", "pillars: [alpha, beta]", "pillars: [alpha, beta, gamma]")
    problem = only_problem(folder)
    assert (problem.file, problem.line) == ("tiny/questionnaire.yaml", line)
    assert "pillar file gamma.yaml not found" in problem.message


def test_pillar_file_not_listed_is_reported(edited_tiny: Edit):
    folder, _ = edited_tiny("questionnaire.yaml", "pillars: [alpha, beta]", "pillars: [alpha]")
    problem = only_problem(folder)
    assert problem.file == "tiny/beta.yaml"
    assert "not listed under pillars" in problem.message


def test_pillar_id_must_match_file_name(edited_tiny: Edit):
    folder, line = edited_tiny("beta.yaml", "id: beta", "id: gamma")
    assert only_problem(folder).line == line


def test_missing_descriptor(edited_tiny: Edit):
    folder, _ = edited_tiny("alpha.yaml", "      3: {en: A1 high, es: A1 alto}\n", "")
    problem = only_problem(folder)
    assert problem.path == "indicators[0].descriptors"
    assert problem.message == "missing descriptor for stage 3"
    assert problem.line == line_of((TINY / "alpha.yaml").read_text(encoding="utf-8"), "    descriptors:")


def test_descriptor_off_the_scale(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "      4: {en: A1 full", "      7: {en: A1 full")
    missing, extra = problems_of(folder)
    assert missing.message == "missing descriptor for stage 4"
    assert (extra.line, extra.path) == (line, "indicators[0].descriptors[7]")
    assert "stage 7 has no descriptor on this scale (stages 0-4)" in extra.message


def test_missing_recommendation(edited_tiny: Edit):
    folder, _ = edited_tiny("beta.yaml", "      2: {en: Do B1 step 2., es: Haga el paso 2 de B1.}\n", "")
    problem = only_problem(folder)
    assert (problem.path, problem.message) == ("indicators[0].recommendations", "missing recommendation for stage 2")


def test_recommendation_for_the_lowest_stage_is_refused(edited_tiny: Edit):
    folder, line = edited_tiny("beta.yaml", "      1: {en: Do B1 step 1.", "      0: {en: Do B1 step 1.")
    problems = problems_of(folder)
    assert any(p.line == line and "stage 0 has no recommendation" in p.message for p in problems)


def test_checklist_needs_an_item_for_every_stage(edited_tiny: Edit):
    folder, _ = edited_tiny("alpha.yaml", "      - {id: z3, stage: 3, text: {en: Z three, es: Z tres}}\n", "")
    assert only_problem(folder).message == "no checklist item for stage 3"


def test_checklist_with_descriptors_is_refused(edited_tiny: Edit):
    folder, line = edited_tiny("alpha.yaml", "    items:\n", "    descriptors: {0: {en: x}}\n    items:\n")
    assert any("has items, not descriptors" in p.message and p.line == line for p in problems_of(folder))


def test_file_over_the_size_limit(edited_tiny: Edit):
    folder, _ = edited_tiny("beta.yaml", "id: beta\n", "id: beta\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    problem = only_problem(folder)
    assert problem.file == "tiny/beta.yaml"
    assert "the limit is" in problem.message


def test_nesting_beyond_the_depth_limit(edited_tiny: Edit):
    deep = "x: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n"
    folder, line = edited_tiny("beta.yaml", "id: beta\n", "id: beta\n" + deep)
    problem = only_problem(folder)
    assert problem.line == line + 1
    assert "nesting deeper than" in problem.message


@pytest.mark.parametrize(
    "tagged",
    ["!!python/object/apply:os.system ['touch {marker}']", "!!python/name:os.system", "!custom 3", "!!binary aGk="],
)
def test_non_standard_tags_are_refused_and_never_run(edited_tiny: Edit, tmp_path: Path, tagged: str):
    marker = tmp_path / "ran"
    folder, line = edited_tiny("beta.yaml", "rule: gate\n", f"rule: {tagged.format(marker=marker)}\n")
    problem = only_problem(folder)
    assert problem.line == line
    assert "is not allowed" in problem.message
    assert not marker.exists()


def test_invalid_utf8_names_the_line(edited_tiny: Edit):
    folder, _ = edited_tiny("beta.yaml", "id: beta\n", "id: beta\n")
    path = folder / "beta.yaml"
    path.write_bytes(path.read_bytes().replace(b"The second pillar.", b"The second \xff pillar."))
    problem = only_problem(folder)
    assert problem.line == 3
    assert "not valid UTF-8" in problem.message


def test_several_documents_in_one_file(edited_tiny: Edit):
    folder, _ = edited_tiny("beta.yaml", "id: beta\n", "id: beta\n")
    path = folder / "beta.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "---\nid: other\n", encoding="utf-8")
    assert "only one YAML document" in only_problem(folder).message


def test_yaml_syntax_error_names_the_line(edited_tiny: Edit):
    folder, line = edited_tiny("beta.yaml", "rule: gate\n", "rule: [gate\n")
    problem = only_problem(folder)
    assert problem.message.startswith("YAML syntax error")
    assert problem.line is not None
    assert problem.line >= line


def test_undeclared_language_is_an_error(edited_tiny: Edit):
    folder, line = edited_tiny("beta.yaml", "name: {en: Beta, es: Beta}", "name: {en: Beta, es: Beta, fr: Bêta}")
    problem = only_problem(folder)
    assert (problem.line, problem.path) == (line, "name.fr")


def test_default_language_is_required(edited_tiny: Edit):
    folder, _ = edited_tiny("beta.yaml", "name: {en: Beta, es: Beta}", "name: {es: Beta}")
    assert "default language 'en' is required" in only_problem(folder).message


def test_missing_translation_is_reported_not_fatal(edited_tiny: Edit):
    folder, line = edited_tiny("beta.yaml", "name: {en: Beta, es: Beta}", "name: {en: Beta}")
    loaded = load_questionnaire(folder)
    spanish = loaded.coverage["es"]
    assert spanish.total == 93
    assert spanish.present == 92
    assert [(p.line, p.path) for p in spanish.missing] == [(line, "name")]
    assert loaded.coverage["en"].percent == 100.0


def test_tiers_must_increase(edited_tiny: Edit):
    folder, line = edited_tiny("questionnaire.yaml", "{id: high, min_index: 70", "{id: high, min_index: 30")
    problem = only_problem(folder)
    assert (problem.line, problem.path) == (line, "tiers[2].min_index")


def test_stages_must_be_consecutive(edited_tiny: Edit):
    folder, _ = edited_tiny("questionnaire.yaml", "{value: 4, name: {en: Full", "{value: 5, name: {en: Full")
    assert any("numbered consecutively" in p.message for p in problems_of(folder))


def test_every_problem_is_reported_at_once(edited_tiny: Edit):
    edited_tiny("alpha.yaml", "    weight: 3\n", "    weight: heavy\n")
    folder, _ = edited_tiny("beta.yaml", "asked_of: [gov, civ]", "asked_of: [press]")
    files = {p.file for p in problems_of(folder)}
    assert files == {"tiny/alpha.yaml", "tiny/beta.yaml"}


def test_one_bad_questionnaire_does_not_stop_the_others(tmp_path: Path):
    shutil.copytree(TINY, tmp_path / "good")
    shutil.copytree(TINY, tmp_path / "bad")
    meta = tmp_path / "bad" / "questionnaire.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: tiny", "id: broken\nid: again"), encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert list(catalog.questionnaires) == ["tiny"]
    assert list(catalog.errors) == ["bad"]
    assert "duplicate key 'id'" in str(catalog.errors["bad"])


def test_duplicate_questionnaire_id_across_folders(tmp_path: Path):
    shutil.copytree(TINY, tmp_path / "one")
    shutil.copytree(TINY, tmp_path / "two")
    catalog = load_catalog(tmp_path)
    assert list(catalog.questionnaires) == ["tiny"]
    assert "questionnaire tiny 0.1 is already in one/" in str(catalog.errors["two"])


def test_folder_without_metadata(tmp_path: Path):
    assert "no questionnaire.yaml" in only_problem(tmp_path).message
