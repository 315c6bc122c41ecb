#!/usr/bin/env python3
"""Draws the app icons in public/icons/ (committed; rerun only to change the design).

Needs Pillow and Debian's fonts-noto-cjk: `pip install pillow`. Not part of the build.
"""
import pathlib
from PIL import Image, ImageDraw, ImageFont

RED, CREAM = (159, 29, 32), (246, 245, 242)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
out = pathlib.Path(__file__).resolve().parent.parent / "public" / "icons"
out.mkdir(parents=True, exist_ok=True)


def icon(size, maskable):
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        # Maskable icons fill the square; the glyph stays inside the 80 % safe zone.
        draw.rectangle([0, 0, size, size], fill=RED)
        glyph = size * 0.46
    else:
        draw.rounded_rectangle([0, 0, size - 1, size - 1], radius=size * 0.22, fill=RED)
        glyph = size * 0.62
    font = ImageFont.truetype(FONT, int(glyph), index=2)  # index 2: the SC face
    draw.text((size / 2, size / 2), "客", font=font, fill=CREAM, anchor="mm")
    return image


icon(192, False).save(out / "icon-192.png", optimize=True)
icon(512, False).save(out / "icon-512.png", optimize=True)
icon(512, True).save(out / "icon-maskable-512.png", optimize=True)
