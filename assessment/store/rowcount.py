"""How many rows an UPDATE or DELETE changed.

`Session.execute` is typed as returning a plain `Result`; for these statements it is a
`CursorResult`, which alone knows the count.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def rows_changed(result: Result[Any]) -> int:
    """The number of rows the statement behind `result` changed."""
    return cast("CursorResult[Any]", result).rowcount
