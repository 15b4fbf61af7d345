"""Users' profile pictures: stored as sent (a base64 data URL, checked to be an image), served as stored or as a
square of the asked size, and a drawn default picture for users without one (so the web UI never shows a broken
image). Who may change whose picture is `accounts.policy.can_update_user`'s rule, asked by the API before these
functions run.

Pillow reads and resizes the pictures.
"""

import base64
import binascii
import io
import re
from functools import lru_cache

from django.db import transaction
from PIL import Image, ImageDraw, UnidentifiedImageError

from accounts.models import UserImage
from config.api.errors import Unprocessable

DATA_URL_PREFIX = re.compile(r"^data:image/[^;]*;base64,?")
#: The largest side a picture may be resized to (`?size=`).
MAX_SIZE = 2000
DEFAULT_IMAGE_SIZE = 128
DEFAULT_IMAGE_NAME = "no_profile_image.png"


def _error(message, field="image"):
    return Unprocessable([{"message": message, "field": field}])


def decode_image(data):
    """The picture's bytes and MIME type from `data:image/png;base64,...` (or bare base64); not an image → 422."""
    if not isinstance(data, str) or not data.strip():
        raise _error("Property [image] of class [UserImageFile] cannot be null")
    try:
        contents = base64.b64decode(DATA_URL_PREFIX.sub("", data.strip()), validate=True)
    except (binascii.Error, ValueError):
        raise _error("Property [image] of class [UserImageFile] must be base64 encoded")
    try:
        with Image.open(io.BytesIO(contents)) as image:
            image.verify()
            mime = Image.MIME.get(image.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _error("Property [image] of class [UserImageFile] is not an image this catalogue can read")
    if mime is None:
        raise _error("Property [image] of class [UserImageFile] is not an image this catalogue can read")
    return contents, mime


@transaction.atomic
def save_user_image(*, actor, user, image, file_type=None):
    """Create or replace `user`'s picture; returns (picture, created)."""
    contents, mime = decode_image(image)
    if file_type is not None and not isinstance(file_type, str):
        raise _error("Property [type] of class [UserImageFile] must be text", "type")
    existing = UserImage.objects.select_for_update().filter(user=user).first()
    picture = existing or UserImage(user=user, file_name=f"{user.pk}-profile", created_by=actor.email_address)
    picture.file_contents, picture.file_size, picture.file_type = contents, len(contents), mime
    picture.save()
    return picture, existing is None


@transaction.atomic
def delete_user_image(*, picture):
    picture.delete()


@lru_cache(maxsize=1)
def default_image_bytes():
    """A neutral silhouette (head and shoulders on grey), drawn once."""
    size = DEFAULT_IMAGE_SIZE
    image = Image.new("RGB", (size, size), (226, 230, 234))
    draw = ImageDraw.Draw(image)
    figure = (160, 168, 178)
    draw.ellipse((size * 0.32, size * 0.16, size * 0.68, size * 0.52), fill=figure)
    draw.ellipse((size * 0.14, size * 0.58, size * 0.86, size * 1.3), fill=figure)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def resized(contents, size):
    """A `size`×`size` PNG of the picture; a picture that cannot be read is served as it is (None)."""
    try:
        with Image.open(io.BytesIO(contents)) as image:
            image = image.convert("RGBA").resize((size, size), Image.Resampling.BICUBIC)
            output = io.BytesIO()
            image.save(output, format="PNG")
            return output.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
