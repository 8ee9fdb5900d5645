"""Readable numbers: thousands separators and binary byte units (KiB, MiB, GiB)."""

from __future__ import annotations

_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")


def format_int(n: int) -> str:
    """``8320 -> '8,320'``."""
    return f"{n:,}"


def format_bytes(n: int) -> str:
    """Bytes in binary units with three significant digits: ``1536 -> '1.50 KiB'``, ``4 -> '4 B'``."""
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in _BINARY_UNITS[1:]:
        value /= 1024
        if value < 1024 or unit == _BINARY_UNITS[-1]:
            return f"{value:.3g} {unit}" if value >= 100 else f"{value:.2f} {unit}"
    raise AssertionError("unreachable")


def format_shape(shape: tuple[int, ...]) -> str:
    """PyTorch's tuple notation: ``(1, 128, 32, 32)``; a 1-tuple keeps its comma: ``(5,)``."""
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(s) for s in shape) + ")"
