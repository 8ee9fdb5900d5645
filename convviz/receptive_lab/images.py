"""Images for the receptive-field lab: the samples in ``assets/`` and the user's uploads, decoded with Pillow
into RGB ``uint8`` arrays of shape ``(H, W, 3)``; and a sample 1-D signal for 1-D stacks.

Uploads: PNG, JPEG and WebP up to :data:`MAX_BYTES` bytes and :data:`MAX_PIXELS` pixels (a limit far below
Pillow's own decompression-bomb guard, ``Image.MAX_IMAGE_PIXELS`` ≈ 89 M, which only warns up to twice that).
The pixel count is read from the header before anything is decoded, so a small file that claims
20000×16024 pixels is refused without allocating them. EXIF orientation is applied; grayscale, RGBA
(composited on white), palette, CMYK and 16-bit images are converted, 16-bit and 32-bit ones rescaled from
their own minimum–maximum range to 0 … 255 (``convert("L")`` would saturate them). Every failure is a
:class:`~convviz.ConvSpecError` with a code ``image_*`` and a message in the catalogues.

>>> image = load_sample("checkerboard")
>>> image.shape, image.dtype
((256, 256, 3), dtype('uint8'))
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from convviz.layer.errors import ConvSpecError
from convviz.links import display_value
from convviz.text.units import format_int

ASSETS = Path(__file__).resolve().parents[2] / "assets"  # the repository's assets/
SAMPLES = {"grace_hopper": "grace_hopper.jpg", "checkerboard": "checkerboard.png", "rings": "rings.png"}
FORMATS = ("PNG", "JPEG", "WEBP")
UPLOAD_TYPES = ("png", "jpg", "jpeg", "webp")
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 25_000_000


@dataclass(frozen=True)
class LoadedImage:
    """A decoded image: ``rgb`` of shape ``(H, W, 3)``, ``uint8``; the file's ``format`` and original ``mode``."""

    rgb: np.ndarray
    format: str
    mode: str

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in pixels, as Pillow reports it."""
        return self.rgb.shape[1], self.rgb.shape[0]


def _rescale(array: np.ndarray) -> np.ndarray:
    """Stretch a high-bit-depth array's own range to 0 … 255 (a constant image maps to 0)."""
    array = array.astype(np.float64)
    low, high = float(array.min()), float(array.max())
    if high <= low:
        return np.zeros(array.shape, dtype=np.uint8)
    return np.round((array - low) * (255.0 / (high - low))).astype(np.uint8)


def _to_rgb(image) -> np.ndarray:
    from PIL import Image

    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        gray = _rescale(np.asarray(image))
        return np.repeat(gray[:, :, None], 3, axis=2)
    if mode == "P":
        image = image.convert("RGBA")
    elif mode in ("LA", "La", "PA"):
        image = image.convert("RGBA")
    elif mode == "RGBa":
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image)
    return np.asarray(image.convert("RGB"), dtype=np.uint8).copy()


def load_image(data: bytes, *, name: str = "") -> LoadedImage:
    """Decode ``data`` (the bytes of a PNG, JPEG or WebP file) into RGB.

    Raises
    ------
    ConvSpecError
        ``image_empty`` (no bytes), ``image_bytes`` (over :data:`MAX_BYTES`), ``image_unreadable`` (not an
        image Pillow knows, e.g. a text file renamed ``.png``), ``image_format`` (an image, but not PNG, JPEG or
        WebP), ``image_pixels`` (over :data:`MAX_PIXELS`, read from the header before decoding: the
        decompression-bomb guard), ``image_truncated`` (the file ends early or is corrupt).
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = display_value(name)  # a user's file name: shown inside inline code, never as markdown or HTML
    if not data:
        raise ConvSpecError("image_empty", f"the file {name!r} is empty; choose an image file", name=name)
    if len(data) > MAX_BYTES:
        size, largest = format_int(len(data)), format_int(MAX_BYTES)
        raise ConvSpecError("image_bytes", f"the file {name!r} has {size} bytes, more than the limit of "
                            f"{largest}; use a smaller image", name=name, size=size, largest=largest)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            if isinstance(error, UnidentifiedImageError):
                raise ConvSpecError("image_unreadable", f"the file {name!r} is not an image Pillow can read; "
                                    f"use a PNG, JPEG or WebP file", name=name) from None
            found = re.search(r"\((\d+) pixels\)", str(error))
            pixels = format_int(int(found.group(1))) if found else "?"
            largest = format_int(MAX_PIXELS)
            raise ConvSpecError("image_pixels", f"the image {name!r} has {pixels} pixels, more than the limit "
                                f"of {largest}; use a smaller image", name=name, pixels=pixels,
                                largest=largest) from None
        except (OSError, ValueError, SyntaxError) as error:  # a broken header
            raise ConvSpecError("image_unreadable", f"the file {name!r} is not an image Pillow can read "
                                f"({error}); use a PNG, JPEG or WebP file", name=name) from None
        if image.format not in FORMATS:
            raise ConvSpecError("image_format", f"{image.format} images are not accepted; use PNG, JPEG or "
                                f"WebP", name=name, format=str(image.format))
        width, height = image.size
        if width * height > MAX_PIXELS:
            pixels, largest = format_int(width * height), format_int(MAX_PIXELS)
            raise ConvSpecError("image_pixels", f"the image {name!r} claims {width}×{height} = "
                                f"{pixels} pixels, more than the limit of {largest}; use a "
                                f"smaller image", name=name, pixels=f"{width}×{height} = {pixels}",
                                largest=largest)
        mode, file_format = image.mode, str(image.format)
        try:
            image.load()
            image = ImageOps.exif_transpose(image)
            rgb = _to_rgb(image)
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError,
                Image.DecompressionBombWarning) as error:
            raise ConvSpecError("image_truncated", f"the image {name!r} is truncated or corrupt ({error}); "
                                f"save it again or use another file", name=name) from None
    return LoadedImage(rgb, file_format, mode)


def load_sample(key: str) -> np.ndarray:
    """The sample image ``key`` (one of :data:`SAMPLES`) as RGB ``uint8`` ``(H, W, 3)``; raises KeyError."""
    return load_image((ASSETS / SAMPLES[key]).read_bytes(), name=SAMPLES[key]).rgb


def fit(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Centre-crop ``rgb`` to the aspect ratio of ``size = (H, W)`` and resize it there (Lanczos):
    ``uint8`` array of shape ``(H, W, 3)``."""
    from PIL import Image

    height, width = rgb.shape[:2]
    target_h, target_w = size
    scale = min(width / target_w, height / target_h)
    crop_w, crop_h = max(1, round(target_w * scale)), max(1, round(target_h * scale))
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    image = Image.fromarray(rgb).crop((left, top, left + crop_w, top + crop_h))
    return np.asarray(image.resize((target_w, target_h), Image.Resampling.LANCZOS), dtype=np.uint8)


def sample_signal(length: int, seed: int = 0) -> np.ndarray:
    """A 1-D test signal of ``length`` samples (float64, about −1 … 1): two chirps and a little noise, like a
    short stretch of audio, from a local ``numpy`` generator."""
    t = np.linspace(0.0, 1.0, length, endpoint=False)
    rng = np.random.default_rng(seed)
    signal = 0.6 * np.sin(2 * np.pi * (3 + 20 * t) * t) + 0.3 * np.sin(2 * np.pi * 45 * t * t)
    return signal + 0.05 * rng.standard_normal(length)
