"""The explorer's numbers view: every topic the control offers is drawn by one section and labelled in both
languages (a topic added to one table and not the other would show an empty panel or raise)."""

from convviz.text.i18n import CATALOGS
from ui.explorer.numbers import NUMBER_SECTIONS
from ui.explorer.state import NUMBER_TOPICS, number_topic_label_key


def test_every_topic_has_its_section_in_the_same_order():
    assert tuple(NUMBER_SECTIONS) == NUMBER_TOPICS
    assert all(callable(draw) for draw in NUMBER_SECTIONS.values())


def test_every_topic_has_a_label_in_both_languages():
    for topic in NUMBER_TOPICS:
        key = number_topic_label_key(topic)
        assert CATALOGS["en"][key] and CATALOGS["zh"][key], key
