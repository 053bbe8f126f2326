"""A YAML reader for files people edit by hand, hardened against hostile input.

It builds plain Python values from the parser's event stream itself, so that it can
refuse what `yaml.safe_load` would accept silently: anchors and aliases (the
"billion laughs"), duplicate keys, non-standard tags, nesting beyond a limit and
files beyond a size limit. Scalars follow the YAML 1.2 core schema, so `no`, `on`
or a country code `NO` stay strings. Every value's line is recorded by key path,
so later validation can say where a problem is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem, format_path
from .textcheck import forbidden_characters

MAX_FILE_BYTES = 1_048_576
MAX_DEPTH = 24
MAX_NODES = 200_000

_CParser = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

Path_ = tuple[Any, ...]


@dataclass
class Document:
    """A parsed file: its value and the line (1-based) of every key path in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of the deepest known prefix of `path`; parts unknown to the file are skipped."""
        best = self.lines.get(())
        known: Path_ = ()
        for part in path:
            candidate = (*known, part)
            if candidate in self.lines:
                known = candidate
                best = self.lines[candidate]
        return best

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file, message, self.line_of(path), format_path(path))


def _plain_scalar(value: str) -> Any:
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _tagged_scalar(tag: str, value: str, fail: Any) -> Any:
    kind = tag.removeprefix(_STD)
    if kind == "str":
        return value
    converted = _plain_scalar(value)
    kinds: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}
    expected = kinds.get(kind)
    if expected is None or not isinstance(converted, expected) or (kind != "bool" and isinstance(converted, bool)):
        fail(f"value {value!r} does not match its tag !!{kind}")
    return float(converted) if kind == "float" else converted


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.nodes = 0

    def fail(self, event: Any, message: str, path: Path_ = ()) -> None:
        line = event.start_mark.line + 1 if event.start_mark else None
        raise InputError([Problem(self.file, message, line, format_path(path))])

    def check_node(self, event: Any, path: Path_, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(event, f"too many values (more than {MAX_NODES})", path)
        if isinstance(event, yaml.AliasEvent):
            self.fail(event, f"aliases are not allowed (*{event.anchor})", path)
        if getattr(event, "anchor", None):
            self.fail(event, f"anchors are not allowed (&{event.anchor})", path)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _ALLOWED_TAGS:
            self.fail(event, f"tag {tag} is not allowed", path)
        if depth > MAX_DEPTH:
            self.fail(event, f"nesting deeper than {MAX_DEPTH} levels", path)

    def build(self, events: Any, event: Any, path: Path_, depth: int) -> Any:
        self.check_node(event, path, depth)
        line = self.lines[path] = event.start_mark.line + 1
        if isinstance(event, yaml.ScalarEvent):
            if event.tag not in (None, "!"):
                return _tagged_scalar(event.tag, event.value, lambda m: self.fail(event, m, path))
            return _plain_scalar(event.value) if event.implicit[0] and not event.style else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for child in events:
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self.build(events, child, (*path, len(items)), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[Any, Any] = {}
            for key_event in events:
                if isinstance(key_event, yaml.MappingEndEvent):
                    return mapping
                if not isinstance(key_event, yaml.ScalarEvent):
                    self.check_node(key_event, path, depth + 1)
                    self.fail(key_event, "a key must be a plain value, not a list or a mapping", path)
                key = self.build(events, key_event, path, depth + 1)
                self.lines[path] = line
                if isinstance(key, (list, dict)) or key is None:
                    self.fail(key_event, "a key must be a plain value", path)
                if key in mapping:
                    self.fail(key_event, f"duplicate key {key!r}", (*path, key))
                key_line = key_event.start_mark.line + 1
                value = self.build(events, next(events), (*path, key), depth + 1)
                self.lines[(*path, key)] = key_line
                mapping[key] = value
        self.fail(event, "unexpected YAML structure", path)  # pragma: no cover - parser guarantees
        return None


def parse_text(text: str, file: str) -> Document:
    """Parse one YAML (or JSON) document from text; raise InputError with the line on any problem."""
    check_characters(text, file)
    builder = _Builder(file)
    try:
        events = iter(yaml.parse(text, Loader=_CParser))
        next(events)  # StreamStart
        first = next(events)
        if isinstance(first, yaml.StreamEndEvent):
            return Document(file, None, {(): 1})
        data = builder.build(events, next(events), (), 1)
        next(events)  # DocumentEnd
        trailing = next(events)
        if not isinstance(trailing, yaml.StreamEndEvent):
            builder.fail(trailing, "only one YAML document per file is allowed")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem(file, f"YAML syntax error: {exc.problem or exc.context}", line)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, f"YAML error: {exc}")]) from None
    return Document(file, data, builder.lines)


def decode(raw: bytes, file: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Check size and encoding of uploaded or read bytes and return the text."""
    if len(raw) > max_bytes:
        raise InputError([Problem(file, f"file is {len(raw):,} bytes; the limit is {max_bytes:,}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(file, f"not valid UTF-8 text (byte {exc.start})", line)]) from None
    check_characters(text, file)
    return text


def check_characters(text: str, file: str) -> None:
    """Refuse NUL, other control characters and bidi overrides, naming each line (see textcheck.py)."""
    problems = [
        Problem(file, f"a character that is not allowed ({', '.join(found)}): remove it", number)
        for number, line in enumerate(text.split("\n"), start=1)
        if (found := forbidden_characters(line))
    ]
    if problems:
        raise InputError(problems[:20])


def read_file(path: Path, label: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse a file, refusing it before reading when it is over the size limit."""
    name = label or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError([Problem(name, f"file is {size:,} bytes; the limit is {max_bytes:,}")])
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(name, f"cannot read file: {exc.strerror or exc}")]) from None
    return parse_text(decode(raw, name, max_bytes), name)
