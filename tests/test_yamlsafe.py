"""The hardened YAML reader on its own: YAML 1.2 core scalars, refusals, positions."""

from __future__ import annotations

import pytest

from assessment.errors import InputError
from assessment.yamlsafe import MAX_NODES, decode, parse_text


def test_core_schema_scalars():
    doc = parse_text("a: [1, -2, 1.5, 1e3, true, False, null, ~, no, on, NO, 2026-01-01, '3', 0x10]\n", "t")
    assert doc.data["a"] == [1, -2, 1.5, 1000.0, True, False, None, None, "no", "on", "NO", "2026-01-01", "3", "0x10"]


def test_positions_are_recorded_for_every_key_path():
    doc = parse_text("a:\n  b:\n    - x: 1\n    - y: 2\n", "t")
    assert doc.lines[("a", "b", 1, "y")] == 4
    assert doc.line_of(("a", "b", 0, "missing", "deeper")) == 3


def test_empty_file_is_none():
    assert parse_text("", "t").data is None


def test_standard_tags_are_kept():
    assert parse_text("a: !!str 12\nb: !!int '7'\nc: !!float 2\n", "t").data == {"a": "12", "b": 7, "c": 2.0}


def test_tag_that_contradicts_its_value():
    with pytest.raises(InputError, match="does not match its tag"):
        parse_text("a: !!int seven\n", "t")


def test_complex_keys_are_refused():
    with pytest.raises(InputError, match="a key must be a plain value"):
        parse_text("? [a, b]\n: 1\n", "t")


def test_too_many_values():
    with pytest.raises(InputError, match="too many values"):
        parse_text("[" + "1," * (MAX_NODES + 1) + "]", "t")


def test_decode_refuses_oversized_bytes_before_decoding():
    with pytest.raises(InputError, match="the limit is 10"):
        decode(b"x" * 11, "t", max_bytes=10)


def test_byte_order_mark_is_accepted():
    assert decode("\ufeffa: 1".encode(), "t") == "a: 1"
