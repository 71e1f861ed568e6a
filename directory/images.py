"""Uploaded logos: checked by their content, then re-encoded.

The type is read from the bytes (never from the name or the browser's word), the
dimensions are checked before the pixels are decoded (a small file may claim a
huge image), and the image is redrawn as a PNG no larger than LOGO_MAX_SIDE: what
is stored and served is a file we wrote, without metadata or anything appended.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
MIN_SIDE = 32
MAX_SOURCE_SIDE = 5000


def reencode_logo(upload) -> ContentFile:
    """A PNG version of the uploaded image, or a French ValidationError."""
    if upload.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            "Le logo pèse plus de %(max)d Mo : réduisez-le avant de le déposer.",
            code="logo_too_heavy",
            params={"max": settings.LOGO_MAX_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    "Ce fichier n'est pas une image PNG, JPEG, WebP ou GIF.", code="logo_format"
                )
            width, height = image.size
            if max(width, height) > MAX_SOURCE_SIDE or min(width, height) < MIN_SIDE:
                raise ValidationError(
                    "Le logo doit mesurer entre %(min)d et %(max)d pixels de côté "
                    "(celui-ci mesure %(width)d × %(height)d).",
                    code="logo_dimensions",
                    params={
                        "min": MIN_SIDE,
                        "max": MAX_SOURCE_SIDE,
                        "width": width,
                        "height": height,
                    },
                )
            image.seek(0)  # first frame of an animation
            picture = ImageOps.exif_transpose(image).convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            "Ce fichier n'est pas une image lisible (PNG, JPEG, WebP ou GIF).", code="logo_invalid"
        ) from exc
    picture.thumbnail((settings.LOGO_MAX_SIDE, settings.LOGO_MAX_SIDE))
    output = io.BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return ContentFile(output.getvalue(), name="logo.png")
