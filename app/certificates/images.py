"""The signer's signature and the organisation's logo: uploads bounded before parsing, checked to be a PNG or
JPEG image of sensible dimensions, and re-encoded as PNG (nothing of the uploaded file but its pixels is kept)."""
from __future__ import annotations

import io
import warnings
from typing import IO

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 1024 * 1024  # 1 MiB: a scanned signature or a logo is far smaller
MAX_IMAGE_PIXELS = 4000 * 4000
MAX_SIDE = 1200  # pixels kept: enough for print at the size drawn (about 60 mm)
ACCEPTED_FORMATS = ("PNG", "JPEG")


class ImageRefused(ValueError):
    """An upload that is not a usable PNG or JPEG image (the message says why, for the form)."""


def read_upload(stream: IO[bytes]) -> bytes:
    """At most one byte past the limit, so that a larger file is refused without being read whole."""
    return stream.read(MAX_IMAGE_BYTES + 1)


def checked_png(data: bytes) -> bytes:
    """The image as a PNG (RGBA, at most ``MAX_SIDE`` pixels a side); ImageRefused if it is not a PNG or JPEG
    image, too large, or broken."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageRefused(_("The image is too large (at most %(size)s KiB).", size=MAX_IMAGE_BYTES // 1024))
    if not data:
        raise ImageRefused(_("The file is empty."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS or not width or not height:
                    raise ImageRefused(_("The image has too many pixels."))
                probe.verify()
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as image:
                image.load()
                converted = image.convert("RGBA")
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise ImageRefused(_("The file is not a PNG or JPEG image.")) from None
    converted.thumbnail((MAX_SIDE, MAX_SIDE))
    output = io.BytesIO()
    converted.save(output, format="PNG", optimize=True)
    return output.getvalue()
