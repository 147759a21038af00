"""Attachments kept with a case (photos, scanned letters), size-limited."""

import secrets
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tousu.cases.errors import InvalidInput
from tousu.cases.models import Attachment, Complaint


def add(complaint: Complaint, upload: UploadedFile, *, actor: Any, limit: int) -> Attachment:
    size = upload.size or 0
    if size > limit:
        message = _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        raise InvalidInput(message, details={"file": [message]})
    if size == 0:
        raise InvalidInput(_("The file is empty."), details={"file": [_("The file is empty.")]})
    token = secrets.token_hex(16)
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-200:]
    attachment = Attachment(
        complaint=complaint,
        token=token,
        name=name,
        content_type=upload.content_type or "application/octet-stream",
        size=size,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    attachment.file.save(token, upload, save=False)
    attachment.save()
    return attachment
