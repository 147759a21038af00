"""Photos are re-encoded before they are kept: what a browser is later told is an image is
pixels written by Pillow, not the bytes that were sent. That drops what rides along in a
phone's photo — EXIF with the GPS position of the complainant's home, the camera's serial
number, comments — and anything appended to or hidden in the file (an HTML page after the
JPEG's end, a script in a text chunk)."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

# A phone's 50-megapixel photo decodes to 150 MB; more is refused rather than decoded.
MAX_PIXELS = 60_000_000
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
# What a re-encoded animation or transparent picture needs from the original; nothing else.
KEPT_INFO = ("transparency", "duration", "loop", "background", "disposal")


def reencoded(data: bytes, content_type: str) -> bytes | None:
    """The picture written again by Pillow in its own format, upright (the EXIF
    orientation applied) and without metadata; None when it cannot be decoded as the type
    its first bytes claim (then it is kept as opaque bytes, served only as a download)."""
    target = FORMATS.get(content_type)
    if target is None:
        return None
    try:
        # Opening reads the header only: the size is known before anything is decoded.
        with Image.open(io.BytesIO(data), formats=[target]) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            return _write(image, target)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def _write(image: Image.Image, target: str) -> bytes:
    out = io.BytesIO()
    animated = getattr(image, "n_frames", 1) > 1
    if animated:
        image.load()
        image.info = _kept_info(image)
        image.save(out, target, save_all=True)
        return out.getvalue()
    upright = ImageOps.exif_transpose(image) or image.copy()
    upright.load()
    upright.info = _kept_info(image)
    if target == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90)
    else:
        upright.save(out, target)
    return out.getvalue()


def _kept_info(image: Image.Image) -> dict[str | tuple[int, int], object]:
    return {key: image.info[key] for key in KEPT_INFO if key in image.info}
