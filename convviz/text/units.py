"""The one number formatter: every number convviz shows as text is written by a function of this module.

>>> format_int(8320), format_int(8320, latex=True), format_number(-0.5), format_shape((1, 128, 32, 32))
('8,320', '8{,}320', '-0.5', '(1, 128, 32, 32)')
>>> format_dim_values((3, 3)), format_dim_values((3, 5)), format_bytes(1536), format_seconds(0.0846)
('3', '(3, 5)', '1.50 KiB', '84.6 ms')

Counts (parameters, MACs, elements, bytes) carry thousands separators; values drawn in cells are short; shapes
read as PyTorch prints them. Units: binary byte units (KiB = 1024 B), SI seconds.
"""

from __future__ import annotations

_BINARY_UNITS = ("B", "KiB", "MiB", "GiB", "TiB")
_SECOND_UNITS = (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6))


def format_int(n: int, *, latex: bool = False) -> str:
    """An integer with thousands separators; ``latex=True`` writes each separator as ``{,}`` so that LaTeX
    (``st.latex``) sets it as a separator, not as punctuation followed by a space.

    >>> format_int(8320)
    '8,320'
    >>> format_int(36864, latex=True)
    '36{,}864'
    """
    text = f"{n:,}"
    return text.replace(",", "{,}") if latex else text


def format_number(value: float, *, digits: int = 3) -> str:
    """A value drawn in a cell or written in a sum: an integral value as an integer (no separators, no ``.0``),
    any other with ``digits`` significant digits (``digits=6`` is Python's ``f"{value:g}"``).

    >>> format_number(2.0), format_number(-3), format_number(0.123456), format_number(0.123456, digits=6)
    ('2', '-3', '0.123', '0.123456')
    """
    return str(int(value)) if float(value).is_integer() else f"{value:.{digits}g}"


def format_shape(shape: tuple[int, ...]) -> str:
    """A shape in PyTorch's tuple notation; a 1-tuple keeps its comma.

    >>> format_shape((1, 128, 32, 32)), format_shape((5,))
    ('(1, 128, 32, 32)', '(5,)')
    """
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(s) for s in shape) + ")"


def format_dim_values(values: tuple[int, ...]) -> str:
    """A per-dimension value (``kernel_size``, ``stride``, …) as an error message writes it: one number when every
    dimension has the same, else the tuple (a link writes it as ``3x5``: :func:`convviz.links.format_per_dim`).

    >>> format_dim_values((3, 3)), format_dim_values((3, 5)), format_dim_values((7,))
    ('3', '(3, 5)', '7')
    """
    return str(values[0]) if len(set(values)) == 1 else str(values)


def format_bytes(n: int) -> str:
    """Bytes in binary units (1 KiB = 1024 B); below 1 KiB the exact count. Below 100 of a unit two decimals
    (``1.50 KiB``, ``12.34 KiB``), from 100 whole units (``123 KiB``, ``1000 KiB``, ``1023 KiB``), never
    scientific notation; a value that would round to 1024 is written in the next unit (``1.00 MiB``).
    The shown digits are the value rounded to them.

    >>> format_bytes(4), format_bytes(1536), format_bytes(3 * 1024 ** 3)
    ('4 B', '1.50 KiB', '3.00 GiB')
    >>> format_bytes(1000 * 1024), format_bytes(1023 * 1024), format_bytes(1024 ** 2 - 1)
    ('1000 KiB', '1023 KiB', '1.00 MiB')
    """
    if n < 1024:
        return f"{n} B"
    value = float(n)
    for unit in _BINARY_UNITS[1:]:
        value /= 1024
        text = f"{value:.2f}"
        if float(text) >= 100:
            text = f"{value:.0f}"
        if float(text) < 1024 or unit == _BINARY_UNITS[-1]:
            return f"{text} {unit}"
    raise AssertionError("unreachable")


def format_seconds(seconds: float) -> str:
    """A duration with three significant digits in s, ms, µs or ns.

    >>> format_seconds(0.000417), format_seconds(0.0846), format_seconds(2.5), format_seconds(3e-9)
    ('417 µs', '84.6 ms', '2.5 s', '3 ns')
    """
    for unit, scale in _SECOND_UNITS:
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"
