"""Both catalogues have the same keys and placeholders, and every library error renders in both languages."""

import re
import string
from pathlib import Path

import pytest

from convviz import ConvSpec, ConvSpecError, PoolSpec, receptive_field
from convviz.runtime.engine import check_run, run_conv
from convviz.text.i18n import CATALOGS, LANGUAGES, Translator, error_text, normalise_language, t

ROOT = Path(__file__).resolve().parents[3]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_key_exists_in_every_language():
    keys = {lang: set(CATALOGS[lang]) for lang in LANGUAGES}
    for lang in LANGUAGES:
        missing = keys["en"] - keys[lang]
        extra = keys[lang] - keys["en"]
        assert not missing, f"keys missing in {lang}: {sorted(missing)}"
        assert not extra, f"keys only in {lang}: {sorted(extra)}"


def test_placeholders_match_across_languages():
    for key, english in CATALOGS["en"].items():
        assert placeholders(CATALOGS["zh"][key]) == placeholders(english), key


def test_chinese_catalogue_is_translated():
    """Long sentences must not be left in English in the Chinese catalogue."""
    code_only = {"res.weight_shape.help"}  # PyTorch notation, the same in every language
    untranslated = [key for key, text in CATALOGS["zh"].items()
                    if len(text) > 40 and text == CATALOGS["en"][key] and key not in code_only]
    assert untranslated == []


def test_standard_chinese_terms():
    zh = "".join(CATALOGS["zh"].values())
    for term in ("逐点卷积", "深度卷积", "空洞卷积", "分组卷积", "深度可分离卷积"):
        assert term in zh
    # The article's mistake: 逐通道卷积 is not the name of the 1×1 convolution. The term may appear only
    # where a page corrects the article (a key named *correction*), never as a label.
    misuse = [key for key, text in CATALOGS["zh"].items() if "逐通道卷积" in text and "correction" not in key]
    assert misuse == []
    assert "逐点卷积" in CATALOGS["zh"]["nav.pointwise"]


def library_error_codes() -> set[str]:
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "convviz").rglob("*.py"))
    return set(re.findall(r'(?:ConvSpecError|MemoryLimitError)\(\s*"(\w+)"', source))


def test_every_error_code_has_a_message_in_both_languages():
    codes = library_error_codes()
    assert {"groups_divide", "same_stride", "kernel_too_large", "memory_limit"} <= codes
    for lang in LANGUAGES:
        missing = {code for code in codes if f"error.{code}" not in CATALOGS[lang]}
        assert not missing, f"{lang} lacks messages for {sorted(missing)}"


def raise_each():
    yield lambda: ConvSpec(69, 64, 3, groups=4)
    yield lambda: ConvSpec(3, 64, 7, stride=2, padding="same")
    yield lambda: ConvSpec(1, 1, 3, stride=0)
    yield lambda: ConvSpec(1, 1, (3, 3), spatial_dims=1)
    yield lambda: ConvSpec(1, 1, 3, padding=-1)
    yield lambda: ConvSpec(1, 1, 3, padding="full")
    yield lambda: ConvSpec(1, 1, 3, padding_mode="mirror")
    yield lambda: ConvSpec(1, 1, 3, spatial_dims=4)
    yield lambda: ConvSpec(1, 1, 3).output_shape((1, 2, 5, 5))
    yield lambda: ConvSpec(1, 1, 3).output_shape((1, 5, 5))
    yield lambda: ConvSpec(1, 1, 3, padding=9, padding_mode="reflect").output_shape((1, 1, 8, 12))
    yield lambda: ConvSpec(1, 1, 3, padding=9, padding_mode="circular").output_shape((1, 1, 8, 12))
    yield lambda: ConvSpec(1, 1, 3, dilation=3).output_shape((1, 1, 5, 5))
    yield lambda: check_run(ConvSpec(1, 1, 3), (1, 1, 64, 64), memory_limit=1024)
    yield lambda: check_run(ConvSpec(1, 1, 3), (1, 1, 64, 64), mac_limit=10)
    yield lambda: run_conv(ConvSpec(1, 1, 3), (1, 1, 5, 5), device="tpu")
    yield lambda: PoolSpec(2, padding=2)
    yield lambda: PoolSpec(2, kind="avg", dilation=2)
    yield lambda: receptive_field([])
    yield lambda: receptive_field([ConvSpec(1, 1, 3), ConvSpec(1, 1, 3, spatial_dims=1)])


@pytest.mark.parametrize("make_error", list(raise_each()))
def test_real_errors_render_from_the_catalogue(make_error):
    with pytest.raises(ConvSpecError) as caught:
        make_error()
    error = caught.value
    for lang in LANGUAGES:
        template = CATALOGS[lang][f"error.{error.code}"]
        rendered = template.format(**error.params)  # a KeyError here means a placeholder the error lacks
        assert error_text(error, lang) == rendered


def test_chinese_error_is_chinese_and_keeps_the_numbers():
    with pytest.raises(ConvSpecError) as caught:
        ConvSpec(69, 64, 3, groups=4)
    zh = error_text(caught.value, "zh")
    assert "必须同时整除" in zh and "69" in zh and "64" in zh
    assert error_text(caught.value, "en") == str(caught.value) + "."


def test_normalise_language_and_lookup():
    assert normalise_language("zh-CN") == "zh"
    assert normalise_language("ZH") == "zh"
    assert normalise_language("fr") == "en"
    assert normalise_language(None) == "en"
    assert t("nav.explorer", "zh") == "卷积探索器"
    assert Translator("zh")("preset.loaded", name="x") == "已载入：x。"
    with pytest.raises(KeyError):
        t("no.such.key", "en")
