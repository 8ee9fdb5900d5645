"""convviz.text.units.format_bytes around its unit boundaries: plain digits (no scientific notation), exact to the
digits shown, and the next unit once the shown value would reach 1024."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.text.units import format_bytes

UNITS = ["B", "KiB", "MiB", "GiB", "TiB"]
KIB, MIB = 1024, 1024 ** 2


def read(text: str) -> tuple[Decimal, int, str]:
    """The shown number, its unit's power of 1024, and the digits as written."""
    number, unit = text.split(" ")
    return Decimal(number), UNITS.index(unit), number


def check(n: int) -> str:
    text = format_bytes(n)
    value, power, digits = read(text)
    assert "e" not in digits.lower(), text
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    exact = Decimal(n) / Decimal(1024) ** power
    assert abs(value - exact) <= Decimal("0.5") * Decimal(10) ** -decimals, (n, text)  # exact to the digits shown
    if power == 0:
        assert value == n and n < KIB
    else:
        assert 1 <= value < 1024 or UNITS[power] == "TiB", (n, text)
        assert value < 100 or decimals == 0, (n, text)  # whole units from 100 on
    return text


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 B"), (1023, "1023 B"), (KIB, "1.00 KiB"), (1536, "1.50 KiB"),
    (99 * KIB, "99.00 KiB"), (102_394, "99.99 KiB"), (102_395, "100 KiB"),  # 99.995… KiB rounds to 100
    (999 * KIB, "999 KiB"), (1_023_488, "1000 KiB"),  # 999.5 KiB, where ".3g" wrote "1e+03 KiB"
    (1000 * KIB, "1000 KiB"), (1020 * KIB, "1020 KiB"),  # ".3g" wrote "1.02e+03 KiB"
    (1023 * KIB, "1023 KiB"), (1_048_063, "1023 KiB"),  # 1023.499… KiB
    (1_048_064, "1.00 MiB"), (MIB - 1, "1.00 MiB"), (MIB, "1.00 MiB"),  # 1023.5 KiB and up would show 1024 KiB
    (1000 * MIB, "1000 MiB"), (1024 ** 3 - 1, "1.00 GiB"), (3 * 1024 ** 3, "3.00 GiB"),
    (3 * 1024 ** 5, "3072 TiB"),  # the last unit grows past 1024, still in plain digits
])
def test_boundaries(n, expected):
    assert check(n) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=1024 ** 4 * 2000))
def test_any_size_reads_back_exactly(n):
    check(n)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=3), st.integers(min_value=99 * 1024, max_value=1024 * 1024))
def test_near_every_boundary(power, scaled):
    """Values from 99 to 1024 of KiB, MiB and GiB, where the decimals stop and the unit changes."""
    check(scaled * 1024 ** (power - 1))
