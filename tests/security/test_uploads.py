"""Photos sent with a complaint are re-encoded before they are kept (issue 6, hardening:
"images re-encoded"): the GPS position and camera details in a phone's EXIF, comments, and
anything hidden after the picture never reach the people who later open it."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tests.portal.conftest import web_form
from tousu.cases.models import Attachment

SCRIPT = b"<html><script>alert(document.cookie)</script></html>"


def phone_photo() -> bytes:
    """A JPEG as a phone writes it: EXIF with the make, the GPS position and an
    orientation (rotated 90°), a comment, and here an HTML page appended after its end."""
    exif = Image.Exif()
    exif[0x010F] = "TelltalePhone"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 7.0), 3: "E", 4: (121.0, 28.0, 3.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (60, 30), "red").save(out, "JPEG", exif=exif, comment=b"home of the complainant")
    return out.getvalue() + SCRIPT


def submit(files: list[SimpleUploadedFile]) -> list[Attachment]:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = client.post("/p/submit/property-office/", web_form(client, attachments=files))
    assert response.status_code == 302, response.content.decode()[:2000]
    return list(Attachment.objects.order_by("pk"))


def stored(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as f:
        return f.read()


def test_a_phone_photo_is_kept_upright_without_exif_gps_or_hidden_content(setup_data: None) -> None:
    (photo,) = submit([SimpleUploadedFile("现场.jpg", phone_photo(), content_type="image/jpeg")])
    data = stored(photo)
    assert photo.content_type == "image/jpeg" and photo.size == len(data)
    for secret in (b"TelltalePhone", b"home of the complainant", b"<script", b"Exif"):
        assert secret not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "JPEG"
        assert not picture.getexif()
        assert picture.size == (30, 60)  # the orientation applied to the pixels, then dropped


def test_png_text_chunks_and_gif_comments_are_dropped_and_animations_kept(setup_data: None) -> None:
    text = PngInfo()
    text.add_text("Comment", "<script>alert(1)</script>")
    png = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 255, 128)).save(png, "PNG", pnginfo=text)
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "green", "blue")]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], comment=b"<script>", duration=80, loop=0)
    kept_png, kept_gif = submit(
        [
            SimpleUploadedFile("a.png", png.getvalue(), content_type="image/png"),
            SimpleUploadedFile("b.gif", gif.getvalue() + SCRIPT, content_type="image/gif"),
        ]
    )
    assert kept_png.content_type == "image/png" and b"<script" not in stored(kept_png)
    with Image.open(io.BytesIO(stored(kept_png))) as picture:
        assert picture.mode == "RGBA" and picture.getpixel((0, 0)) == (0, 0, 255, 128)
    assert kept_gif.content_type == "image/gif" and b"<script" not in stored(kept_gif)
    with Image.open(io.BytesIO(stored(kept_gif))) as picture:
        assert picture.n_frames == 3


def test_a_file_that_only_starts_like_a_photo_is_kept_as_sent_but_never_served_as_one(setup_data: None) -> None:
    """Nothing the complainant sent is lost; what cannot be decoded is opaque bytes, a download."""
    fake = b"\xff\xd8\xff\xe0" + SCRIPT * 10
    (kept,) = submit([SimpleUploadedFile("照片.jpg", fake, content_type="image/jpeg")])
    assert kept.content_type == "application/octet-stream"
    assert stored(kept) == fake and kept.size == len(fake)


def test_a_picture_too_large_to_decode_safely_is_kept_as_opaque_bytes(setup_data: None, monkeypatch: Any) -> None:
    """Its size is read from the header; over the limit it is never decoded (a
    decompression bomb stays a file to download)."""
    monkeypatch.setattr("tousu.cases.images.MAX_PIXELS", 100)
    png = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(png, "PNG")
    (kept,) = submit([SimpleUploadedFile("big.png", png.getvalue(), content_type="image/png")])
    assert kept.content_type == "application/octet-stream" and stored(kept) == png.getvalue()


def test_a_file_marked_confidential_on_the_desk_is_for_the_need_to_know_list_only_p2_11(desk, registered):
    hotline = desk("receptionist", "ts_12365")
    section = desk("handler", "ts_special")  # sees the case, not its reporter
    case = registered(
        hotline,
        policy="special-equipment",
        channel="hotline",
        kind="report",
        complainant_name="陈建国",
        equipment_type="elevator",
        category="elevator",
        content="观光电梯超期运行。",
    )
    assert case.confidential
    page = hotline.get(f"/desk/cases/{case.number}/").content.decode()
    assert 'name="confidential"' in page  # the upload offers it on a confidential case
    files = [SimpleUploadedFile("举报人身份证.jpg", phone_photo(), content_type="image/jpeg")]
    hotline.post(f"/desk/cases/{case.number}/attach/", {"files": files, "confidential": "1"})
    found = Attachment.objects.get(complaint=case)
    assert found.restricted
    url = f"/desk/cases/{case.number}/files/{found.token}/"
    assert hotline.get(url).status_code == 200
    assert section.get(url).status_code == 404  # like a file that does not exist
    assert "举报人身份证" not in section.get(f"/desk/cases/{case.number}/").content.decode()
