"""Attachments kept with a case (photos, scanned letters), size-limited, stored under a
generated name, photos re-encoded, always served as a download with a content type from a
safe list."""

import secrets
import unicodedata
from typing import Any

import filetype  # type: ignore[import-untyped]
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from tousu.cases import images
from tousu.cases.errors import InvalidInput
from tousu.cases.models import Attachment, Complaint


def add(complaint: Complaint, upload: UploadedFile, *, actor: Any, limit: int, restricted: bool = False) -> Attachment:
    """Keep a file with the case. `restricted`: staff marked it confidential; only the
    need-to-know list of a confidential reporter sees it (P2.11, tousu.cases.disclosure)."""
    size = upload.size or 0
    if size > limit:
        message = _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        raise InvalidInput(message, details={"file": [message]})
    if size == 0:
        raise InvalidInput(_("The file is empty."), details={"file": [_("The file is empty.")]})
    token = secrets.token_hex(16)
    content_type = sniffed_type(upload)
    content: File = upload
    if content_type in images.FORMATS:
        picture = images.reencoded(upload.read(), content_type)
        upload.seek(0)
        if picture is None:
            content_type = "application/octet-stream"  # kept as sent, never shown as a picture
        else:
            content, size = ContentFile(picture), len(picture)
    attachment = Attachment(
        complaint=complaint,
        token=token,
        name=display_name(upload.name or ""),
        content_type=content_type,
        size=size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        restricted=restricted,
    )
    attachment.file.save(token, content, save=False)
    attachment.save()
    return attachment


# Types a browser may be told a file has; anything else is served as opaque bytes.
SAFE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "audio/mpeg",
        "audio/mp4",
        "audio/x-wav",
        "video/mp4",
        "message/rfc822",
    }
)


def sniffed_type(upload: UploadedFile) -> str:
    """The type read from the file's first bytes, never the name or the client's claim."""
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in SAFE_TYPES:
        return str(kind.mime)
    if upload.content_type == "message/rfc822" and head[:5].isascii():
        return "message/rfc822"  # a forwarded message kept by mail intake
    return "application/octet-stream"


def display_name(name: str) -> str:
    """The name shown and offered on download: no folders, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return clean[-200:] or "file"


def download(attachment: Attachment) -> FileResponse:
    """Always a download (Content-Disposition: attachment), never rendered by the browser;
    `X-Content-Type-Options: nosniff` comes from SecurityMiddleware."""
    content_type = attachment.content_type if attachment.content_type in SAFE_TYPES else "application/octet-stream"
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type=content_type
    )
