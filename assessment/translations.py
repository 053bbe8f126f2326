"""The translators' workflow: texts out to a PO file beside their English source, and back into the YAML.

A questionnaire's texts are maps of language code to text (`{en: ..., es: ...}`) spread
over its files; an interface catalog is one flat file per language. `export_po` writes
every text of a questionnaire folder (with the framework catalogs it pins) or of the
interface catalog as a PO file: `msgctxt` is the text's stable id (`file:path`, with list
items named by their id), `msgid` the English source, `msgstr` the translation so far.
`import_po` writes the translated texts back by editing the YAML text in place, so every
other byte of the file stays as its author wrote it; an unchanged PO file changes
nothing. Unknown ids, a changed English source or a broken PO file are refused with the
PO file's line, and nothing is written unless every file checks out.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from .errors import InputError, Problem
from .loader import load_questionnaire
from .yamlsafe import parse_text, read_file

SOURCE = "en"
LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
WIDTH = 88
ITEM_KEYS = ("id", "code", "value", "from")
"""How a list item is named in a text id: by the first of these fields it has, else by its position."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One translatable text: where it is, its English source and its translation (empty when missing)."""

    file: str
    path: tuple[str, ...]
    source: str
    translation: str
    line: int

    @property
    def id(self) -> str:
        return f"{self.file}:{'/'.join(self.path)}"


def is_text_map(value: object) -> bool:
    return (
        isinstance(value, dict)
        and SOURCE in value
        and all(isinstance(k, str) and LANGUAGE_KEY.match(k) and isinstance(v, str) for k, v in value.items())
    )


PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def check_language(language: str) -> str:
    """A language a translation may be written in: a plain code (pt, fr, es-MX), never the English source."""
    if not LANGUAGE_KEY.match(language):
        raise InputError([Problem("--language", f"'{language}' is not a language code such as pt, fr or es-MX")])
    if language == SOURCE:
        raise InputError([Problem("--language", "English is the source language: edit the YAML itself")])
    return language


def _name(item: object, index: int) -> str:
    if isinstance(item, dict):
        for key in ITEM_KEYS:
            if isinstance(item.get(key), str | int):
                return str(item[key])
    return str(index)


def _part(name: object) -> str:
    """One step of a text id; a "/" in a key is written %2F so that ids stay unambiguous."""
    return str(name).replace("%", "%25").replace("/", "%2F")


def _walk(value: Any, path: tuple[str, ...], raw: tuple[Any, ...]) -> Iterator[tuple[tuple[str, ...], tuple, dict]]:
    """Every text map with its id path (names) and its raw key path (keys and list indices)."""
    if is_text_map(value):
        yield path, raw, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, (*path, _part(key)), (*raw, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, _part(_name(child, index))), (*raw, index))


# -- where the texts are ------------------------------------------------------------------


def questionnaire_files(folder: Path) -> list[tuple[str, Path]]:
    """The questionnaire's YAML files and the framework catalogs it pins, each with its label in ids."""
    files = [(p.name, p) for p in sorted(folder.glob("*.yaml"))]
    meta = read_file(folder / "questionnaire.yaml").data or {}
    for framework, version in (meta.get("frameworks") or {}).items():
        catalog = folder.parent / "frameworks" / f"{framework}-{version}.yaml"
        if catalog.is_file():
            files.append((f"frameworks/{catalog.name}", catalog))
    return files


def questionnaire_entries(folder: Path, language: str) -> list[Entry]:
    """Every text of the questionnaire; two texts that would share an id are refused (they could not be told apart)."""
    entries = []
    seen: dict[str, Entry] = {}
    problems = []
    for label, path in questionnaire_files(folder):
        doc = read_file(path, label)
        for names, raw, text in _walk(doc.data, (), ()):
            entry = Entry(label, names, text[SOURCE], text.get(language, ""), doc.line_of(raw) or 0)
            if entry.id in seen:
                problems.append(Problem(label, f"two texts share the id '{entry.id}' (line {seen[entry.id].line}): "
                                        "give the list items unique ids", entry.line))  # fmt: skip
            seen[entry.id] = entry
            entries.append(entry)
    if problems:
        raise InputError(problems)
    return entries


def catalog_entries(folder: Path, language: str) -> list[Entry]:
    """The interface catalog: `en.yaml` is the source, `<language>.yaml` the translation."""
    source = read_file(folder / f"{SOURCE}.yaml")
    target = folder / f"{language}.yaml"
    translated = (read_file(target).data or {}) if target.is_file() else {}
    return [Entry(f"{language}.yaml", (str(key),), str(text), str(translated.get(key, "")),
                  source.line_of((key,)) or 0) for key, text in (source.data or {}).items()]  # fmt: skip


# -- PO files -----------------------------------------------------------------------------


def export_po(entries: list[Entry], language: str, project: str) -> bytes:
    """A PO file of `entries`; a translation already in the YAML is filled in for review."""
    catalog = Catalog(locale=language.replace("-", "_"), project=project, fuzzy=False, charset="utf-8")
    for entry in entries:
        catalog.add(entry.source, entry.translation, locations=[(entry.file, entry.line)], context=entry.id)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, omit_header=False, sort_output=False)
    return buffer.getvalue()


def read_translations(
    raw: bytes, file: str, entries: list[Entry], language: str | None = None, *, placeholders: bool = False
) -> tuple[dict[str, str], list[Problem]]:
    """The translated texts of a PO file by id, checked against `entries`; problems name the PO line."""
    try:
        catalog = read_po(io.BytesIO(raw), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise InputError([Problem(file, f"not a readable PO file: {exc}")]) from exc
    if language is not None and catalog.locale is not None:
        declared = str(catalog.locale).replace("_", "-")
        if declared.split("-")[0] != language.split("-")[0]:
            raise InputError([Problem(file, f"this file is in '{declared}', not '{language}' (its Language header)")])
    known = {e.id: e for e in entries}
    translations: dict[str, str] = {}
    problems: list[Problem] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        line = message.lineno
        context = message.context or ""
        if not context:
            problems.append(Problem(file, "an entry without msgctxt, the id of its text; export the file again", line))
            continue
        if context not in known:
            problems.append(Problem(file, f"unknown text id '{context}'", line, "msgctxt"))
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        if source != known[context].source:
            problems.append(Problem(file, f"the English text of '{context}' has changed since this file was exported; "
                                    "export again", line, "msgid"))  # fmt: skip
            continue
        text = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
        if not text or message.fuzzy:
            continue  # not translated yet, or marked for review by the translator
        if placeholders and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
            wanted = ", ".join(PLACEHOLDER.findall(source)) or "none"
            problems.append(Problem(file, f"the translation of '{context}' must keep the placeholders of the English "
                                    f"text ({wanted})", line, "msgstr"))  # fmt: skip
            continue
        translations[context] = text
    return translations, problems


# -- writing texts back into YAML ---------------------------------------------------------


def _plain_fits(text: str, flow: bool) -> bool:
    """Whether `text` reads back unchanged as a plain scalar on one line."""
    if not text or text != text.strip() or "\n" in text or (flow and any(c in text for c in ",[]{}")):
        return False
    sample = f"x: {{k: {text}}}" if flow else f"x: {text}"
    try:
        data = parse_text(sample, "check").data
    except InputError:
        return False
    return (data["x"]["k"] if flow else data["x"]) == text


def _folded(text: str, indent: int) -> str | None:
    """`text` as a folded block scalar (`>-`) wrapped at WIDTH, or None when folding would change it."""
    if text != text.strip() or "\n" in text or "  " in text or "\t" in text:
        return None
    lines: list[str] = []
    for word in text.split(" "):
        if lines and indent + len(lines[-1]) + 1 + len(word) <= WIDTH:
            lines[-1] += " " + word
        else:
            lines.append(word)
    pad = " " * indent
    return ">-\n" + "\n".join(pad + line for line in lines)


def render(text: str, key_column: int, key: str, *, flow: bool) -> str:
    """A scalar for `key: ` at `key_column` that reads back as exactly `text`."""
    if flow:
        return text if _plain_fits(text, True) else json.dumps(text, ensure_ascii=False)
    if key_column + len(key) + 2 + len(text) <= WIDTH and _plain_fits(text, False):
        return text
    return _folded(text, key_column + 2) or json.dumps(text, ensure_ascii=False)


def _node_at(root: yaml.Node, raw: tuple) -> yaml.MappingNode:
    node = root
    for part in raw:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == str(part))
        else:
            node = node.value[part]
    if not isinstance(node, yaml.MappingNode):  # the paths come from the parsed file: a text map is always there
        raise ValueError(f"no text map at {raw!r}")
    return node


def _value_end(text: str, node: yaml.Node) -> int:
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \n":
        end -= 1
    return end


def _edit(text: str, root: yaml.Node, raw: tuple, language: str, value: str) -> tuple[int, int, str]:
    """The (start, end, replacement) that sets `language` in the text map at `raw`."""
    mapping = _node_at(root, raw)
    pairs = mapping.value
    flow = bool(mapping.flow_style)
    column = pairs[0][0].start_mark.column
    for key, node in pairs:
        if key.value == language:
            return node.start_mark.index, _value_end(text, node), render(value, column, language, flow=flow)
    last = pairs[-1][1]
    end = _value_end(text, last)
    if flow:
        return end, end, f", {language}: {render(value, column, language, flow=True)}"
    return end, end, f"\n{' ' * column}{language}: {render(value, column, language, flow=False)}"


def _set(data: Any, raw: tuple, language: str, value: str) -> None:
    for part in raw:
        data = data[part]
    data[language] = value


def _add_language(text: str, root: yaml.Node, language: str) -> list[tuple[int, int, str]]:
    """Declare `language` in questionnaire.yaml's `languages: [...]` when it is missing."""
    node = next((v for k, v in root.value if k.value == "languages"), None)
    if node is None or language in [item.value for item in node.value]:
        return []
    end = _value_end(text, node.value[-1])
    return [
        (end, end, f", {language}" if node.flow_style else f"\n{' ' * node.value[-1].start_mark.column}- {language}")
    ]


def apply(text: str, label: str, changes: dict[tuple, str], language: str, *, declare: bool = False) -> str:
    """`text` with the texts at the raw paths of `changes` set in `language`; checked by reading it back."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        raise InputError([Problem(label, "the file is empty")])
    expected = parse_text(text, label).data
    edits = [_edit(text, root, raw, language, value) for raw, value in changes.items()]
    for raw, value in changes.items():
        _set(expected, raw, language, value)
    if declare:
        edits += _add_language(text, root, language)
        if language not in expected["languages"]:
            expected["languages"].append(language)
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    if parse_text(text, label).data != expected:
        raise InputError([Problem(label, "writing the translations back would change other values; nothing written")])
    return text


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` in one step, keeping its permissions (a new file gets the usual 0644)."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _still_loads(folder: Path, texts: dict[str, str]) -> None:
    """Load the questionnaire as it would be after the import, from a copy; refuse what would break it."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "questionnaires" / folder.name
        shutil.copytree(folder, copy)
        frameworks = folder.parent / "frameworks"
        if frameworks.is_dir():
            shutil.copytree(frameworks, copy.parent / "frameworks")
        for label, text in texts.items():
            (copy / label if not label.startswith("frameworks/") else copy.parent / label).write_text(
                text, encoding="utf-8"
            )
        load_questionnaire(copy)


@dataclass(frozen=True, slots=True)
class ImportResult:
    changed: int
    files: tuple[str, ...]


def import_questionnaire_po(folder: Path, raw: bytes, po_file: str, language: str) -> ImportResult:
    """Write a PO file's translations into the questionnaire's YAML (and its framework catalogs)."""
    check_language(language)
    entries = questionnaire_entries(folder, language)
    translations, problems = read_translations(raw, po_file, entries, language)
    if problems:
        raise InputError(problems)
    by_id = {e.id: e for e in entries}
    files = dict(questionnaire_files(folder))
    texts: dict[str, str] = {}
    for label, path in files.items():
        doc = read_file(path, label)
        changes = {}
        for names, where, _ in _walk(doc.data, (), ()):
            text_id = f"{label}:{'/'.join(names)}"
            if text_id in translations and translations[text_id] != by_id[text_id].translation:
                changes[where] = translations[text_id]
        declare = label == "questionnaire.yaml" and bool(translations)
        original = path.read_text(encoding="utf-8")
        updated = apply(original, label, changes, language, declare=declare) if changes or declare else original
        if updated != original:
            texts[label] = updated
    if texts:
        _still_loads(folder, texts)
    for label, text in texts.items():
        _write_atomically(files[label], text)
    changed = sum(1 for i, t in translations.items() if t != by_id[i].translation)
    return ImportResult(changed, tuple(texts))


def import_catalog_po(folder: Path, raw: bytes, po_file: str, language: str) -> ImportResult:
    """Write a PO file's translations into the interface catalog `<language>.yaml` (created if missing)."""
    check_language(language)
    entries = catalog_entries(folder, language)
    # Interface strings are filled with str.format: a placeholder lost or added would break the page.
    translations, problems = read_translations(raw, po_file, entries, language, placeholders=True)
    if problems:
        raise InputError(problems)
    changes = {e.path[0]: translations[e.id] for e in entries if e.id in translations and translations[e.id] !=
               e.translation}  # fmt: skip
    if not changes:
        return ImportResult(0, ())
    path = folder / f"{language}.yaml"
    original = path.read_text(encoding="utf-8") if path.is_file() else ""
    existing = (parse_text(original, path.name).data or {}) if original else {}
    root = yaml.compose(original, Loader=yaml.SafeLoader) if original else None
    edits: list[tuple[int, int, str]] = []
    appended = []
    for key, value in changes.items():
        if root is not None and key in existing:
            node = next(v for k, v in root.value if k.value == key)
            edits.append((node.start_mark.index, _value_end(original, node), render(value, 0, key, flow=False)))
        else:
            appended.append(f"{key}: {render(value, 0, key, flow=False)}\n")
    text = original
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    if appended and text and not text.endswith("\n"):
        text += "\n"
    text += "".join(appended)
    if parse_text(text, path.name).data != {**existing, **changes}:
        raise InputError(
            [Problem(path.name, "writing the translations back would change other values; nothing written")]
        )
    _write_atomically(path, text)
    return ImportResult(len(changes), (path.name,))
