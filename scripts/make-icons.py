#!/usr/bin/env python3
"""Draws the PWA icons (a person at a counter, white on the PA blue) as PNG, with no dependencies.

Run once after changing the design; the PNGs are committed under public/icons/.
"""
import struct
import zlib
from pathlib import Path

BLUE = (0, 102, 204)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "public" / "icons"


def shape_at(x: float, y: float) -> bool:
    """The glyph in unit coordinates (0..1): a head, shoulders, and a counter in front."""
    head = (x - 0.5) ** 2 + (y - 0.33) ** 2 <= 0.085 ** 2
    shoulders = (x - 0.5) ** 2 / 0.17 ** 2 + (y - 0.56) ** 2 / 0.13 ** 2 <= 1 and y <= 0.56
    counter = 0.22 <= x <= 0.78 and 0.58 <= y <= 0.70
    return head or shoulders or counter


def render(size: int, scale: float, rounded: bool) -> bytes:
    """scale < 1 shrinks the glyph toward the centre (maskable icons keep it in the safe zone)."""
    rows = []
    radius = size * 0.18
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            # rounded corners for the regular icon; a full bleed square for the maskable one
            cx = min(px, size - 1 - px)
            cy = min(py, size - 1 - py)
            outside = rounded and cx < radius and cy < radius and (radius - cx) ** 2 + (radius - cy) ** 2 > radius ** 2
            if outside:
                row += bytes((0, 0, 0, 0))
                continue
            # 2x2 supersampling for smooth edges
            hits = 0
            for sx in (0.25, 0.75):
                for sy in (0.25, 0.75):
                    u = ((px + sx) / size - 0.5) / scale + 0.5
                    v = ((py + sy) / size - 0.5) / scale + 0.5
                    hits += shape_at(u, v)
            a = hits / 4
            pixel = tuple(round(b * (1 - a) + w * a) for b, w in zip(BLUE, WHITE))
            row += bytes(pixel) + b"\xff"
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon-192.png").write_bytes(render(192, 1.0, True))
    (OUT / "icon-512.png").write_bytes(render(512, 1.0, True))
    (OUT / "icon-maskable-512.png").write_bytes(render(512, 0.7, False))


if __name__ == "__main__":
    main()
