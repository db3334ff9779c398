"""A file carried from a preview to the request that confirms it (new documents, new versions).

The preview puts the file's bytes in a hidden field (base64) rather than keeping it on the server: nothing is stored
until the coordinator confirms, and every check runs again on the confirming request."""
from __future__ import annotations

import base64
import binascii

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from workbench.documents.safety import DocumentError, check_size


def uploaded_or_carried(upload: UploadedFile | None, carried: str, carried_name: str) -> tuple[str, bytes] | None:
    """The uploaded file (name, bytes), or the one the preview carried; None when there is neither."""
    if upload:
        check_size(upload.name or "", upload.size or 0)  # before reading a byte of a 200 MB upload
        return upload.name or "", upload.read()
    if not carried:
        return None
    try:
        return carried_name, base64.b64decode(carried, validate=True)
    except (binascii.Error, ValueError) as error:
        raise DocumentError(_("The file carried from the preview was damaged: upload it again.")) from error


def carry(content: bytes) -> str:
    return base64.b64encode(content).decode()
