"""The one exception type of convviz.

Every invalid combination raises :class:`ConvSpecError`. ``str(err)`` is one English sentence naming the
rule and a fix; ``err.code`` (stable, short) and ``err.params`` (plain values) let a user interface render
the same message from its own catalogue in another language (see :mod:`convviz.text.i18n`).
"""

from __future__ import annotations

from typing import Any


class ConvSpecError(ValueError):
    """An invalid layer, input or run request.

    Parameters
    ----------
    code : str
        Stable machine-readable name of the broken rule, e.g. ``"groups_divide"``.
    message : str
        One English sentence with the user's values and a fix.
    **params
        The values the message was built from (ints, strings), for translated messages.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class MemoryLimitError(ConvSpecError):
    """A run would allocate more memory (or compute) than the engine allows."""
