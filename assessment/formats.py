"""Every file the tool makes of stored assessments, in one registry: `FORMATS`.

The download buttons of Results and Compare are generated from it (assessment/web/downloads.py),
and so are the `--format` choices of `python -m assessment export` and `report`. Each format
says its id, file extension and media type, and for each target it applies to (one
assessment, a comparison) the catalog key of its button's label and its writer.

Adding a format is one entry in `FORMATS`, with its writer: a function of
(Workspace, FileRequest) → bytes that imports what it needs when it is called, so that
importing this module (every page with download buttons does) loads no report or export
code. Its button labels need keys in the four catalogs.

Privacy: a file that carries respondents' own words (names, evidence, comments) is made for
a reader of figures only without them (`FileRequest.private`), as the country report always
was; data exports (`export=True`) are offered only to those who may export every assessment
in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from .access import AccessDenied, Action
from .errors import AssessmentError

if TYPE_CHECKING:
    from .model import Questionnaire
    from .scored import ScoredAssessment
    from .workspace import Workspace

Target = Literal["assessment", "comparison"]
ASSESSMENT: Target = "assessment"
COMPARISON: Target = "comparison"


@dataclass(frozen=True)
class FileRequest:
    """What a file is made of: the assessments, their questionnaire, the language, and the format's options."""

    assessment_ids: tuple[int, ...]
    questionnaire: Questionnaire
    language: str
    earlier: Sequence[Questionnaire] = ()
    """Earlier versions of the questionnaire whose rounds join a comparison report's trends."""
    peer_group: str | None = None
    """Country report: this peer group's average on the radar."""
    machine_headers: bool = False
    """CSV: the stable machine column names and codes (docs/exports.md) instead of the language's."""
    private: bool = False
    """Leave out respondents' words: set by `make_file` for a reader of figures only, never by the caller."""
    scored: tuple[ScoredAssessment, ...] = ()
    """The assessments as the page already scored them: the report and the exports show these figures
    (when scored by the questionnaire's own method) instead of reading and scoring again."""


Writer = Callable[["Workspace", FileRequest], bytes]


@dataclass(frozen=True)
class Output:
    """What a format makes for one target: its button's label, its writer, and whether it carries people's words."""

    label_key: str
    writer: Writer
    respondents_words: bool
    help_key: str | None = None


@dataclass(frozen=True)
class OutputFormat:
    id: str
    extension: str
    media_type: str
    outputs: Mapping[Target, Output]
    """The targets it applies to, each with its label and writer."""
    export: bool
    """A data export: offered only to those who may export every assessment in it. Otherwise a report,
    offered to every reader of the results."""
    binary: bool = field(default=True)
    """Not text: the CLI writes it to a file only, never to the terminal."""

    @property
    def applies_to(self) -> frozenset[Target]:
        return frozenset(self.outputs)


# -- writers: each imports its module when a file is made -------------------------------------------------


def _country_report(file_format: Literal["pdf", "docx"]) -> Writer:
    def write(workspace: Workspace, request: FileRequest) -> bytes:
        (assessment_id,) = request.assessment_ids
        shown = next(iter(request.scored), None)
        return workspace.country_report(assessment_id, request.questionnaire, request.language,
                                        format=file_format, peer_group=request.peer_group, scored=shown)  # fmt: skip

    return write


def _comparison_pdf(workspace: Workspace, request: FileRequest) -> bytes:
    return workspace.comparison_report(request.assessment_ids, request.questionnaire, request.language,
                                       request.earlier)  # fmt: skip


def _portable_json(workspace: Workspace, request: FileRequest) -> bytes:
    from .exchange.portable import to_json

    if request.private:
        raise AccessDenied("the portable file is the respondents' answers: it has no copy without them")
    (assessment_id,) = request.assessment_ids
    return to_json(workspace.portable_file(assessment_id)).encode()


def _long_csv(workspace: Workspace, request: FileRequest) -> bytes:
    from .exchange.tabular import long_csv

    tables = workspace.tables(request.assessment_ids, request.questionnaire, scored=request.scored)
    return long_csv(tables, request.language, machine_headers=request.machine_headers).encode()


def _workbook(workspace: Workspace, request: FileRequest) -> bytes:
    from .exchange.tabular import sheets, xlsx_bytes

    tables = workspace.tables(request.assessment_ids, request.questionnaire, scored=request.scored)
    return xlsx_bytes(sheets(tables, request.language, respondents=not request.private))


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        "pdf", "pdf", "application/pdf", export=False,
        outputs={
            ASSESSMENT: Output("results.download_pdf", _country_report("pdf"), respondents_words=True),
            COMPARISON: Output("compare.download_pdf", _comparison_pdf, respondents_words=False),
        },
    ),
    OutputFormat(
        "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", export=False,
        outputs={ASSESSMENT: Output("results.download_docx", _country_report("docx"), respondents_words=True,
                                    help_key="results.download_docx_help")},
    ),
    OutputFormat(
        "json", "json", "application/json", export=True, binary=False,
        outputs={ASSESSMENT: Output("results.download_portable", _portable_json, respondents_words=True)},
    ),
    OutputFormat(
        "csv", "csv", "text/csv", export=True, binary=False,
        outputs={
            ASSESSMENT: Output("results.download_csv", _long_csv, respondents_words=False),
            COMPARISON: Output("compare.download_csv", _long_csv, respondents_words=False),
        },
    ),
    OutputFormat(
        "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export=True,
        outputs={
            ASSESSMENT: Output("results.download_xlsx", _workbook, respondents_words=True),
            COMPARISON: Output("compare.download_xlsx", _workbook, respondents_words=True),
        },
    ),
)  # fmt: skip


def output_format(format_id: str) -> OutputFormat:
    found = next((f for f in FORMATS if f.id == format_id), None)
    if found is None:
        raise AssessmentError(f"no file format '{format_id}': one of {', '.join(f.id for f in FORMATS)}")
    return found


def format_ids(*, export: bool) -> list[str]:
    """The ids of the data exports, or of the reports: the CLI's `export` and `report` choices."""
    return [f.id for f in FORMATS if f.export == export]


def target_of(assessment_ids: Sequence[int]) -> Target:
    """A file of one assessment, or a comparison of several (as the CLI names them)."""
    return ASSESSMENT if len(assessment_ids) == 1 else COMPARISON


def formats_for(target: Target) -> list[OutputFormat]:
    return [f for f in FORMATS if target in f.outputs]


def offered(target: Target, workspace: Workspace, assessment_ids: Sequence[int]) -> list[OutputFormat]:
    """The formats the person may download for `target`, in registry order."""
    may_export = all(workspace.can(Action.EXPORT, i) for i in assessment_ids)
    return [f for f in formats_for(target) if may_export or not f.export]


def make_file(file_format: OutputFormat, target: Target, workspace: Workspace, request: FileRequest) -> bytes:
    """The file, made through the person's workspace (which checks access); without respondents' words for a
    reader of figures only."""
    output = file_format.outputs.get(target)
    if output is None:
        made_as = " or ".join(f.id.upper() for f in formats_for(target) if f.export == file_format.export)
        raise AssessmentError(f"a {target} is made as {made_as} only, not {file_format.id.upper()}")
    figures_only = not all(workspace.can(Action.READ_ANSWERS, i) for i in request.assessment_ids)
    return output.writer(workspace, replace(request, private=output.respondents_words and figures_only))
