"""A reportlab drawing as a PNG, drawn with Pillow: the PDF's own charts for the Word copy.

reportlab's rasteriser needs pycairo, which ships no wheels and needs a C build; the
charts use only lines, polygons, rectangles and strings, which this draws directly.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Iterator
from functools import cache

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from .layout import FONTS

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
FONT_FILES = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
              "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf"}  # fmt: skip


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3],
            a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5])  # fmt: skip


def _shapes(node: object, matrix: Matrix) -> Iterator[tuple[object, Matrix]]:
    """Every drawable shape of the tree with its transform; widgets (charts, labels) draw themselves first."""
    if hasattr(node, "provideNode"):
        node = node.provideNode()
    if isinstance(node, Group):
        a, b, c, d, e, f = node.transform
        inner = _multiply(matrix, (a, b, c, d, e, f))
        for child in node.contents:
            yield from _shapes(child, inner)
    else:
        yield node, matrix


def _colour(colour: colors.Color | None, opacity: float | None = None) -> tuple[int, int, int, int] | None:
    if colour is None:
        return None
    alpha = getattr(colour, "alpha", 1) if opacity is None else opacity
    return (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255), round(alpha * 255))


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / FONT_FILES.get(name, "DejaVuSans.ttf")), size)


def _dashed(points: list[tuple[float, float]], dash: tuple[float, float]) -> Iterator[list[tuple[float, float]]]:
    """The pieces of a polyline drawn by a dash pattern (on, off), in pixels."""
    on, off = dash
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        at = 0.0
        while at < length:
            end = min(at + on, length)
            yield [(x1 + (x2 - x1) * at / length, y1 + (y2 - y1) * at / length),
                   (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)]  # fmt: skip
            at = end + off


def drawing_png(drawing: Drawing, scale: float = 3.0) -> bytes:
    """The drawing as PNG bytes, `scale` pixels per point, on white."""
    width, height = math.ceil(drawing.width * scale), math.ceil(drawing.height * scale)
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image, "RGBA")

    def place(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
        px, py = matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]
        return px * scale, height - py * scale

    def outline(points: list[tuple[float, float]], shape: object) -> None:
        stroke = _colour(getattr(shape, "strokeColor", None))
        if stroke is None:
            return
        line_width = max(1, round(getattr(shape, "strokeWidth", 1) * scale))
        dash = getattr(shape, "strokeDashArray", None)
        pieces = _dashed(points, (dash[0] * scale, dash[1] * scale)) if dash else [points]
        for piece in pieces:
            pen.line(piece, fill=stroke, width=line_width)

    for shape, matrix in _shapes(drawing, IDENTITY):
        if isinstance(shape, Line):
            outline([place(matrix, shape.x1, shape.y1), place(matrix, shape.x2, shape.y2)], shape)
        elif isinstance(shape, PolyLine | Polygon):
            flat = shape.points
            points = [place(matrix, flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
            if isinstance(shape, Polygon):
                if (fill := _colour(shape.fillColor)) is not None:
                    pen.polygon(points, fill=fill)
                points = [*points, points[0]]
            outline(points, shape)
        elif isinstance(shape, Rect):
            corners = [place(matrix, shape.x, shape.y), place(matrix, shape.x + shape.width, shape.y + shape.height)]
            (x1, y1), (x2, y2) = corners
            box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            pen.rectangle(box, fill=_colour(shape.fillColor), outline=_colour(shape.strokeColor))
        elif isinstance(shape, String):
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(shape.textAnchor, "ls")
            font = _font(shape.fontName, max(1, round(shape.fontSize * scale)))
            pen.text(place(matrix, shape.x, shape.y), shape.text, fill=_colour(shape.fillColor), font=font,
                     anchor=anchor)  # fmt: skip
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(72 * scale, 72 * scale))
    return buffer.getvalue()
