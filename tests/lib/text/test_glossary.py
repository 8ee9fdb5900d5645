"""One term per concept: the catalogues use the glossary's terms (convviz/text/catalog/glossary.py), never a banned
Chinese variant, and none of the phrases that were wrong or misleading in this app."""

import pytest

from convviz.text.catalog import glossary
from convviz.text.i18n import CATALOGS


def test_the_glossary_has_both_languages():
    assert glossary.EN.keys() == glossary.ZH.keys()
    assert set(glossary.ZH_VARIANTS) <= set(glossary.ZH)


@pytest.mark.parametrize("concept", sorted(glossary.ZH_VARIANTS))
def test_no_chinese_variant_of_a_glossary_term(concept):
    found = {(key, variant) for key, text in CATALOGS["zh"].items()
             for variant in glossary.ZH_VARIANTS[concept] if variant in text}
    assert not found, f"use {glossary.ZH[concept]!r} instead: {sorted(found)}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_banned_phrase(lang):
    found = []
    for phrase, prefix, why in glossary.BANNED[lang]:
        for key, text in CATALOGS[lang].items():
            haystack = text.lower() if lang == "en" else text
            if key.startswith(prefix) and not key.startswith("glossary.") and phrase in haystack:
                found.append(f"{key}: {phrase!r} ({why})")
    assert not found, "\n".join(found)


def test_the_checks_see_a_banned_phrase(monkeypatch):
    """The checks above can fail: a catalogue string with a banned phrase or variant is reported."""
    monkeypatch.setitem(CATALOGS["zh"], "probe.text", "每层的跳步")
    with pytest.raises(AssertionError, match="跳距"):
        test_no_chinese_variant_of_a_glossary_term("glossary.jump")
    monkeypatch.setitem(CATALOGS["en"], "dilated.probe", "a Checkerboard of holes")
    with pytest.raises(AssertionError, match="dilated.probe"):
        test_no_banned_phrase("en")
