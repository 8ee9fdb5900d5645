"""English and Simplified Chinese messages: one catalogue per language, the same keys in both.

``t("explorer.title", "zh")`` looks a message up; ``{name}`` fields are filled from keyword arguments.
``error_text(err, lang)`` renders a :class:`~convviz.layer.errors.ConvSpecError` from its ``code`` and ``params``
(key ``error.<code>``), falling back to the English sentence of the exception for an unknown code.
Chinese terms follow standard usage: 逐点卷积 (pointwise), 深度卷积 (depthwise), 空洞卷积/膨胀卷积
(dilated), 分组卷积 (grouped), 深度可分离卷积 (depthwise-separable), 感受野 (receptive field).
"""

from __future__ import annotations

import importlib
import pkgutil

from convviz.layer.errors import ConvSpecError
from convviz.text import catalog

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

CATALOGS: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}


def _load_catalogues() -> None:
    """Merge every module of ``convviz.text.catalog`` (each defines ``EN`` and ``ZH``); a key defined twice is an
    error. A page adds its messages as a module of its own there."""
    for info in pkgutil.iter_modules(catalog.__path__):
        module = importlib.import_module(f"{catalog.__name__}.{info.name}")
        for lang, messages in (("en", module.EN), ("zh", module.ZH)):
            clash = CATALOGS[lang].keys() & messages.keys()
            if clash:
                raise RuntimeError(f"catalogue keys defined twice ({info.name}): {sorted(clash)}")
            CATALOGS[lang].update(messages)


_load_catalogues()


def normalise_language(value: object) -> str:
    """``'zh'``, ``'zh-CN'`` or ``'ZH'`` → ``'zh'``; anything unknown → the default language ``'en'``."""
    if isinstance(value, str):
        code = value.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **params: object) -> str:
    """The message ``key`` in ``lang``, with ``{field}`` placeholders filled from ``params``.

    Raises KeyError for a key missing from the catalogue (a test keeps both catalogues complete).
    """
    text = CATALOGS[normalise_language(lang)][key]
    return text.format(**params) if params else text


def error_text(error: ConvSpecError, lang: str) -> str:
    """One sentence explaining ``error`` in ``lang``, from its ``code`` and ``params``."""
    key = f"error.{error.code}"
    catalog = CATALOGS[normalise_language(lang)]
    if key in catalog:
        try:
            return catalog[key].format(**error.params)
        except (KeyError, IndexError):
            pass
    return str(error)


class Translator:
    """``tr = Translator('zh'); tr('nav.home')`` — :func:`t` bound to one language."""

    def __init__(self, lang: str) -> None:
        self.lang = normalise_language(lang)

    def __call__(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    def error(self, error: ConvSpecError) -> str:
        return error_text(error, self.lang)
