"""Draws the two app icons Teams needs (run once; the PNGs are committed).

The motif: the letters "KI" drawn as plain geometric strokes (no font needed, so the output is the
same on every machine), white on teal for the colour icon and white on transparent for the outline
icon, each inside a rounded square.

    .venv/bin/python -m manifest.make_icons
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
TEAL = (14, 110, 110, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
SUPERSAMPLE = 8  # draw large, then shrink, for smooth edges

Box = tuple[float, float, float, float]


def _letters(draw: ImageDraw.ImageDraw, box: Box, stroke: float) -> None:
    """Draw "KI" in white, filling ``box`` (left, top, right, bottom)."""
    left, top, right, bottom = box
    middle = (top + bottom) / 2
    gap = (right - left) * 0.16
    k_right = right - gap - stroke
    # K: the stem, an upper arm and a lower leg meeting the stem at mid height.
    draw.rectangle((left, top, left + stroke, bottom), fill=WHITE)
    joint = left + stroke
    draw.polygon(
        [
            (joint, middle - stroke * 0.6),
            (k_right - stroke * 1.15, top),
            (k_right, top),
            (joint, middle + stroke * 0.75),
        ],
        fill=WHITE,
    )
    draw.polygon(
        [
            (joint + stroke * 0.35, middle - stroke * 0.1),
            (k_right, bottom),
            (k_right - stroke * 1.15, bottom),
            (joint, middle + stroke * 0.75),
        ],
        fill=WHITE,
    )
    # I: a single bar.
    draw.rectangle((right - stroke, top, right, bottom), fill=WHITE)


def _draw(size: int, background: tuple[int, int, int, int], frame: float) -> Image.Image:
    """The icon at ``size`` pixels: a rounded square (filled, or outlined ``frame`` wide) and KI."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), CLEAR)
    draw = ImageDraw.Draw(image)
    if background != CLEAR:
        draw.rectangle((0, 0, big, big), fill=background)
    else:
        inset = big * 0.03
        draw.rounded_rectangle(
            (inset, inset, big - inset, big - inset),
            radius=big * 0.22,
            outline=WHITE,
            width=round(frame * SUPERSAMPLE),
        )
    margin_x, margin_y = big * 0.27, big * 0.28
    _letters(draw, (margin_x, margin_y, big - margin_x, big - margin_y), stroke=big * 0.095)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def colour_icon() -> Image.Image:
    """192×192, full-bleed teal (Teams rounds the corners itself) with a white KI."""
    return _draw(192, TEAL, frame=0).convert("RGB")


def outline_icon() -> Image.Image:
    """32×32, white on a fully transparent background, as Teams requires."""
    alpha = _draw(32, CLEAR, frame=2).getchannel("A")
    white = Image.new("RGBA", (32, 32), WHITE)
    white.putalpha(alpha)
    return white


def main() -> None:
    colour_icon().save(HERE / "color.png", optimize=True)
    outline_icon().save(HERE / "outline.png", optimize=True)


if __name__ == "__main__":
    main()
