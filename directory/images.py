"""Uploaded images (organisation logos, project images): checked by their content,
then re-encoded.

The type is read from the bytes (never from the name or the browser's word), the
dimensions are checked before the pixels are decoded (a small file may claim a
huge image), and the image is redrawn within a maximum side: what is stored and
served is a file we wrote, without metadata or anything appended. Logos become
PNG (they may be transparent), project images JPEG (photos).
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
MIN_SIDE = 32
MAX_SOURCE_SIDE = 5000


class ReencodedImage(ContentFile):
    """An image we wrote ourselves: services store it as it is."""


@dataclass(frozen=True)
class _Kind:
    noun: str  # "Le logo", "L'image": the start of the French messages
    code: str  # prefix of the error codes
    output: str  # Pillow format written
    extension: str


LOGO = _Kind("Le logo", "logo", "PNG", "png")
PROJECT_IMAGE = _Kind("L'image", "image", "JPEG", "jpg")


def _reencode(upload, *, kind: _Kind, max_bytes: int, max_side: int) -> ReencodedImage:
    if upload.size > max_bytes:
        raise ValidationError(
            "%(noun)s pèse plus de %(max)d Mo : réduisez-la avant de la déposer."
            if kind is PROJECT_IMAGE
            else "%(noun)s pèse plus de %(max)d Mo : réduisez-le avant de le déposer.",
            code=f"{kind.code}_too_heavy",
            params={"noun": kind.noun, "max": max_bytes // (1024 * 1024)},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    "Ce fichier n'est pas une image PNG, JPEG, WebP ou GIF.",
                    code=f"{kind.code}_format",
                )
            width, height = image.size
            if max(width, height) > MAX_SOURCE_SIDE or min(width, height) < MIN_SIDE:
                raise ValidationError(
                    "%(noun)s doit mesurer entre %(min)d et %(max)d pixels de côté "
                    "(celle-ci mesure %(width)d × %(height)d)."
                    if kind is PROJECT_IMAGE
                    else "%(noun)s doit mesurer entre %(min)d et %(max)d pixels de côté "
                    "(celui-ci mesure %(width)d × %(height)d).",
                    code=f"{kind.code}_dimensions",
                    params={
                        "noun": kind.noun,
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
            "Ce fichier n'est pas une image lisible (PNG, JPEG, WebP ou GIF).",
            code=f"{kind.code}_invalid",
        ) from exc
    picture.thumbnail((max_side, max_side))
    if kind.output == "JPEG":  # no transparency: drawn on white
        background = Image.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture, mask=picture.getchannel("A"))
        picture = background
    output = io.BytesIO()
    picture.save(output, format=kind.output, optimize=True, **_quality(kind))
    return ReencodedImage(output.getvalue(), name=f"{kind.code}.{kind.extension}")


def _quality(kind: _Kind) -> dict:
    return {"quality": 85} if kind.output == "JPEG" else {}


def reencode_logo(upload) -> ReencodedImage:
    """A PNG version of the uploaded logo, or a French ValidationError."""
    return _reencode(
        upload, kind=LOGO, max_bytes=settings.LOGO_MAX_BYTES, max_side=settings.LOGO_MAX_SIDE
    )


def reencode_project_image(upload) -> ReencodedImage:
    """A JPEG version of an image of a project, or a French ValidationError."""
    if isinstance(upload, ReencodedImage):
        return upload
    return _reencode(
        upload,
        kind=PROJECT_IMAGE,
        max_bytes=settings.PROJECT_IMAGE_MAX_BYTES,
        max_side=settings.PROJECT_IMAGE_MAX_SIDE,
    )
