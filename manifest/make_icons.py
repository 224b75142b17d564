"""Draws the two app icons Teams needs (run once; the PNGs are committed).

The motif: two overlapping rings, the region and the municipality working on one plan.
    .venv/bin/python -m manifest.make_icons
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).parent
TEAL = (14, 110, 110, 255)
WHITE = (255, 255, 255, 255)


def _rings(draw: ImageDraw.ImageDraw, size: int, width: int, inset: float) -> None:
    radius = size * 0.24
    centre_y = size / 2
    for centre_x in (size * (0.5 - inset), size * (0.5 + inset)):
        box = (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius)
        draw.ellipse(box, outline=WHITE, width=width)


def colour_icon() -> Image.Image:
    image = Image.new("RGBA", (192, 192), TEAL)
    _rings(ImageDraw.Draw(image), 192, width=12, inset=0.13)
    return image.convert("RGB")


def outline_icon() -> Image.Image:
    """White on a fully transparent background, as Teams requires for the 32×32 outline icon."""
    scale = 8  # draw large, then shrink, for smooth edges
    big = Image.new("RGBA", (32 * scale, 32 * scale), (0, 0, 0, 0))
    _rings(ImageDraw.Draw(big), 32 * scale, width=2 * scale, inset=0.15)
    small = big.resize((32, 32), Image.Resampling.LANCZOS)
    alpha = small.getchannel("A")
    white = Image.new("RGBA", (32, 32), WHITE)
    white.putalpha(alpha)
    return white


def main() -> None:
    colour_icon().save(HERE / "color.png")
    outline_icon().save(HERE / "outline.png")


if __name__ == "__main__":
    main()
