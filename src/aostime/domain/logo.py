"""The sender's logo on invoices: an image read once where it is set (`aos config set
company_logo FILE` reads the file on the machine that types it) and kept in the database as a
data URI, so no setting ever names a file the server would open. Pillow (aostime[pdf], which the
invoice PDF needs anyway) checks that it is a whole PNG or JPEG image of a sensible size."""

from __future__ import annotations

import base64
import binascii
import io

from aostime.errors import BadInput

MAX_BYTES = 512 * 1024
MAX_SIDE = 4000  # pixels: a logo printed 2.5 cm high needs a fraction of this
KINDS = {"PNG": "image/png", "JPEG": "image/jpeg"}
HOW = "aos config set company_logo FILE (a PNG or JPEG image, up to 512 KB)"


def logo_value(data: bytes, what: str) -> str:
    """The setting's value for an image's bytes, or BadInput saying what is wrong with them."""
    if len(data) > MAX_BYTES:
        raise BadInput(f"{what} is {len(data):,} bytes; a logo may have up to {MAX_BYTES:,}")
    kind, width, height = _image(data, what)
    if max(width, height) > MAX_SIDE:
        raise BadInput(f"{what} is {width}×{height} pixels; a logo may be up to {MAX_SIDE} on each side")
    return f"data:{KINDS[kind]};base64,{base64.b64encode(data).decode('ascii')}"


def check_logo(value: str) -> str:
    """The setting's checker: '' or a data URI of a checked image (what logo_value makes)."""
    if not value:
        return value
    data = logo_bytes(value)
    if data is None:
        raise BadInput(f"company_logo is an image uploaded with '{HOW}', not a path or a link")
    return logo_value(data[0], "company_logo")


def logo_bytes(value: str) -> tuple[bytes, str] | None:
    """(bytes, 'png' | 'jpeg') of a stored logo; None when the value is not a logo's data URI
    (such as a path an older version kept here)."""
    for kind, mime in KINDS.items():
        prefix = f"data:{mime};base64,"
        if value.startswith(prefix):
            if len(value) > len(prefix) + (MAX_BYTES * 4) // 3 + 4:
                return None
            try:
                return base64.b64decode(value[len(prefix) :], validate=True), kind.lower()
            except (binascii.Error, ValueError):
                return None
    return None


def described(value: str) -> str:
    """What a person is shown of a stored logo: its kind and size, not kilobytes of base64."""
    data = logo_bytes(value)
    if data is None:
        return value
    return f"{data[1].upper()} image, {len(data[0]):,} bytes"


def _image(data: bytes, what: str) -> tuple[str, int, int]:
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise BadInput("checking a logo needs Pillow: pip install 'aostime[pdf]'") from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            image.verify()  # the whole file, not only its header
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise BadInput(f"{what} is not a PNG or JPEG image") from None
    if kind not in KINDS:
        raise BadInput(f"{what} is a {kind} image; a logo is a PNG or JPEG")
    return kind, width, height
