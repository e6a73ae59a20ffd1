"""Draws the web app's icons (static/icons/icon-192.png and icon-512.png, named in the web app
manifest): a clock face on the accent colour, as plain PNG written with zlib alone, so building
them needs nothing beyond Python. The PNGs are committed; run this again only to change them:

    python tools/make_icons.py
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ACCENT, WHITE = (11, 87, 208), (255, 255, 255)  # app.css --accent (light), the manifest's theme_color
ICONS = Path(__file__).resolve().parent.parent / "src" / "aostime" / "static" / "icons"


def pixel(x: float, y: float) -> tuple[int, int, int]:
    """The colour at (x, y) of a unit square: a ring and two hands (10:10) in white on the accent;
    the whole square is filled, so a maskable icon's safe zone (the middle 80%) holds the clock."""
    dx, dy = x - 0.5, y - 0.5
    r = math.hypot(dx, dy)
    if 0.27 <= r <= 0.32:
        return WHITE
    for angle, length in ((-60.0, 0.17), (60.0, 0.23)):  # the hour hand at 10, the minute hand at 2
        ax, ay = math.sin(math.radians(angle)), -math.cos(math.radians(angle))
        along = dx * ax + dy * ay
        if 0 <= along <= length and abs(dx * ay - dy * ax) <= 0.025:
            return WHITE
    return WHITE if r <= 0.035 else ACCENT


def png(size: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + bytes(c for x in range(size) for c in pixel((x + .5) / size, (y + .5) / size))
                    for y in range(size))  # fmt: skip
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (ICONS / f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
