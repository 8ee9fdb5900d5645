"""Image loading (convviz.receptive_lab.images): samples, conversions, EXIF, and every bad upload refused with a code —
the files are made here."""

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from convviz import ConvSpecError
from convviz.receptive_lab import images
from convviz.text.i18n import error_text


def encode(image, fmt="PNG", **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def refused(data: bytes, name: str = "upload.png") -> ConvSpecError:
    with pytest.raises(ConvSpecError) as caught:
        images.load_image(data, name=name)
    error = caught.value
    for lang in ("en", "zh"):  # a catalogue message in both languages, not the fallback
        assert error_text(error, lang) != str(error)
    return error


def test_samples_load_as_rgb():
    for key in images.SAMPLES:
        rgb = images.load_sample(key)
        assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb.shape[2] == 3
    assert images.load_sample("grace_hopper").shape == (600, 512, 3)


def test_truncated_file():
    data = encode(Image.fromarray(np.random.default_rng(0).integers(0, 255, (120, 120, 3), dtype=np.uint8)))
    assert refused(data[: len(data) // 2]).code == "image_truncated"


def test_text_renamed_png():
    assert refused(b"this is not an image\n" * 20, "notes.png").code == "image_unreadable"


def test_16_bit_png_is_rescaled_not_saturated():
    ramp = np.linspace(0, 65535, 256).astype(np.uint16).reshape(16, 16)
    image = images.load_image(encode(Image.fromarray(ramp)))
    assert image.mode.startswith("I")
    gray = image.rgb[:, :, 0].ravel()
    assert gray[0] == 0 and gray[-1] == 255 and len(np.unique(gray)) > 200
    np.testing.assert_array_equal(image.rgb[:, :, 0], image.rgb[:, :, 2])
    dim = images.load_image(encode(Image.fromarray((ramp // 16).astype(np.uint16))))  # 12-bit data
    assert dim.rgb.max() == 255


def test_palette_gif_frame():
    rgb = np.zeros((12, 12, 3), dtype=np.uint8)
    rgb[:, 6:] = (255, 0, 0)
    frames = [Image.fromarray(rgb).convert("P"), Image.fromarray(rgb[:, ::-1]).convert("P")]
    gif = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert refused(gif, "anim.gif").code == "image_format"  # GIF is not accepted: a message
    frame = Image.open(io.BytesIO(gif))
    frame.seek(1)
    loaded = images.load_image(encode(frame.convert("P")))  # one palette frame as PNG: a correct image
    assert loaded.mode == "P"
    assert tuple(loaded.rgb[0, 0]) == (255, 0, 0) and tuple(loaded.rgb[0, 11]) == (0, 0, 0)  # the 2nd frame


def test_header_claiming_20000_by_16024_pixels():
    header = struct.pack(">IIBBBBB", 20000, 16024, 8, 0, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + png_chunk(b"IEND", b""))
    error = refused(data, "bomb.png")
    assert error.code == "image_pixels" and "320,480,000" in error_text(error, "en")


def test_over_our_limit_but_under_pillows():
    header = struct.pack(">IIBBBBB", 6000, 5000, 8, 0, 0, 0, 0)  # 30 M pixels: Pillow would decode it
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + png_chunk(b"IEND", b""))
    assert images.MAX_PIXELS < Image.MAX_IMAGE_PIXELS
    assert refused(data).code == "image_pixels"


def test_empty_and_too_many_bytes():
    assert refused(b"").code == "image_empty"
    assert refused(b"\0" * (images.MAX_BYTES + 1)).code == "image_bytes"


def test_exif_orientation_is_applied():
    image = Image.fromarray(np.zeros((10, 20, 3), dtype=np.uint8))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    assert images.load_image(encode(image, "JPEG", exif=exif.tobytes())).rgb.shape == (20, 10, 3)


def test_rgba_on_white_grayscale_and_webp():
    rgba = np.zeros((4, 4, 4), dtype=np.uint8)
    rgba[..., 3] = 0  # fully transparent
    assert images.load_image(encode(Image.fromarray(rgba, "RGBA"))).rgb.min() == 255
    gray = images.load_image(encode(Image.fromarray(np.full((5, 7), 80, np.uint8), "L")))
    assert gray.rgb.shape == (5, 7, 3) and gray.rgb.max() == 80
    webp = images.load_image(encode(Image.fromarray(np.full((8, 8, 3), 200, np.uint8)), "WEBP", lossless=True))
    assert webp.format == "WEBP" and webp.rgb.min() == 200


def test_fit_and_signal():
    rgb = images.load_sample("grace_hopper")
    assert images.fit(rgb, (64, 64)).shape == (64, 64, 3)
    assert images.fit(rgb, (30, 90)).shape == (30, 90, 3)
    signal = images.sample_signal(100)
    assert signal.shape == (100,) and np.abs(signal).max() < 1.5
