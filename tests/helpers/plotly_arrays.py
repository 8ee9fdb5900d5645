"""Arrays from a plotly figure dict or its JSON: plotly 7 writes numpy arrays as base64 typed arrays
(``{"dtype": "f8", "bdata": …, "shape": "64, 64"}``), Python lists as lists."""

import base64

import numpy as np


def decode(value) -> np.ndarray:
    """``value`` (a typed-array dict, a numpy array or a list; ``None`` in a list becomes ``nan``) as an array."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return array.reshape([int(n) for n in str(shape).split(",")]) if shape else array
    if isinstance(value, np.ndarray):
        return value
    return np.array(value, dtype=object).astype(np.float64) if _has_none(value) else np.asarray(value)


def _has_none(value) -> bool:
    return value is None or (isinstance(value, (list, tuple)) and any(_has_none(v) for v in value))
