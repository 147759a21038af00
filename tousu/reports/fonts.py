"""The CJK font the install brings: WenQuanYi Micro Hei (Apache-2.0), vendored in
fonts/ with its licence, so charts and PDFs render Chinese on a fresh machine."""

from __future__ import annotations

from pathlib import Path

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttf"
FONT_NAME = "WenQuanYi Micro Hei"
# Office documents name a font for the reader's machine to supply; Word and PowerPoint
# on Chinese Windows have Microsoft YaHei, LibreOffice substitutes a CJK font.
OFFICE_EAST_ASIAN_FONT = "微软雅黑"
OFFICE_LATIN_FONT = "Arial"
