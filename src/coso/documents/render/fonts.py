"""The Times New Roman-metric font the PDF embeds: Liberation Serif (Debian `fonts-liberation2`).

Found in the directory the `COSO_FONT_DIR` setting names, or else in the usual font directories;
missing, the PDF refuses with a message naming the package to install.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

#: the four faces, by fpdf2 style
FACES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}
#: where Debian and the usual setups put fonts, searched in order
FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation-serif",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
)
PACKAGE = "fonts-liberation2"


class FontMissing(RuntimeError):
    """The PDF's font is not installed: a server setup error, not a user's."""


def configured_dir() -> str:
    """`settings.COSO_FONT_DIR` when Django is set up, else the environment's."""
    try:
        from django.conf import settings  # here: the renderer also runs without Django set up

        if settings.configured:
            return getattr(settings, "COSO_FONT_DIR", "") or ""
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return os.environ.get("COSO_FONT_DIR", "")


def _faces_in(directory: Path) -> dict[str, Path] | None:
    regular = next(iter(sorted(directory.rglob(FACES[""]))), None) if directory.is_dir() else None
    if regular is None:
        return None
    faces = {style: regular.parent / name for style, name in FACES.items()}
    return faces if all(p.is_file() for p in faces.values()) else None


@cache
def find_faces(configured: str = "") -> dict[str, Path]:
    """The four Liberation Serif files by style, or `FontMissing` naming the package."""
    dirs = [configured] if configured else list(FONT_DIRS)
    for d in dirs:
        faces = _faces_in(Path(d).expanduser())
        if faces:
            return faces
    where = f"COSO_FONT_DIR={configured}" if configured else ", ".join(FONT_DIRS)
    raise FontMissing(
        f"Không tìm thấy phông Liberation Serif ({FACES['']}) trong {where}. "
        f"Cài gói Debian {PACKAGE}: apt-get install {PACKAGE}, "
        "hoặc đặt COSO_FONT_DIR là thư mục chứa các tệp LiberationSerif-*.ttf."
    )


def faces() -> dict[str, Path]:
    return find_faces(configured_dir())
