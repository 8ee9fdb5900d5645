"""AppTest of the quiz page in both languages with a fixed seed: same questions for the same link, right and
wrong answers revealed with the worked solution, a session score, and a bad link that opens with a message."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from convviz.lessons import quiz
from convviz.text.i18n import t

ROOT = Path(__file__).resolve().parents[2]
QUIZ = "pages/8_quiz.py"


def open_quiz(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(QUIZ).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def codes(at: AppTest) -> list[str]:
    return [c.value for c in at.code if not c.value.startswith("/")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fixed_seed_gives_the_same_questions_and_reveals(lang):
    at = open_quiz(lang=lang, seed="7", level="medium")
    questions = quiz.make_quiz(7, "medium")
    assert codes(at) == [quiz.question_code(q) for q in questions]
    assert codes(open_quiz(lang=lang, seed="7", level="medium")) == codes(at)
    assert at.query_params["seed"] in ("7", ["7"]) and at.query_params["level"] in ("medium", ["medium"])
    assert any("seed=7&level=medium" in c.value for c in at.code if c.value.startswith("/quiz"))

    params_q = questions[1]  # each answer box is in a form: its value is sent with the Check click, in one run
    at.text_input(key="quiz_answer_7_medium_1").set_value(f"{params_q.answer:,}".replace(",", "，"))
    at.button(key="quiz_check_7_medium_1").click().run()
    assert [s.value for s in at.success] == [t("quiz.right", lang, answer=f"{params_q.answer:,}".replace(",", "，"))]
    assert any(quiz.answer_text(params_q) in m.value for m in at.markdown)  # worked solution shown

    shape_q = questions[0]
    wrong = tuple(v + 1 for v in shape_q.answer)
    at.text_input(key="quiz_answer_7_medium_0").set_value(str(wrong))
    at.button(key="quiz_check_7_medium_0").click().run()
    assert any(quiz.answer_text(shape_q) in e.value for e in at.error)
    score = next(m.value for m in at.metric if m.label == t("quiz.score", lang))
    assert score == "1 / 2"
    # a second, right try does not change the first-answer score
    at.text_input(key="quiz_answer_7_medium_0").set_value(quiz.answer_text(shape_q))
    at.button(key="quiz_check_7_medium_0").click().run()
    assert next(m.value for m in at.metric if m.label == t("quiz.score", lang)) == "1 / 2"
    assert not at.exception


def test_unreadable_answer_and_bad_link():
    at = open_quiz(seed="abc", level="expert")
    shown = " ".join(w.value for w in at.warning)
    assert "`seed=abc`" in shown and "`level=expert`" in shown
    assert at.segmented_control(key="quiz_level").value == "easy"
    seed = at.number_input(key="quiz_seed").value
    at.text_input(key=f"quiz_answer_{seed}_easy_2").set_value("`**lots**`")
    at.button(key=f"quiz_check_{seed}_easy_2").click().run()
    (error,) = at.error
    assert "`**lots**`" in error.value and "``" not in error.value.replace("`**lots**`", "")
    assert not at.exception


def test_changing_the_level_changes_the_link():
    at = open_quiz(seed="3")
    at.segmented_control(key="quiz_level").set_value("hard").run()
    assert codes(at) == [quiz.question_code(q) for q in quiz.make_quiz(3, "hard")]
    assert at.query_params["level"] in ("hard", ["hard"])


def test_back_to_another_seed_shows_that_quiz(monkeypatch):
    """Back with another seed and level in the address reruns the page with them: the quiz follows them instead of
    writing the current ones back. A plain rerun with an older address keeps the current quiz."""
    import ui.address

    at = open_quiz(lang="en", seed="7", level="easy")
    easy = codes(at)
    at.query_params["seed"] = "8"
    at.run()  # not a history navigation (e.g. a click sent with the address of a run still going)
    assert codes(at) == easy and at.query_params["seed"] in ("7", ["7"])
    monkeypatch.setattr(ui.address, "history_navigation", lambda: True)
    at.query_params["seed"] = "8"
    at.query_params["level"] = "hard"
    at.run()
    assert codes(at) == [quiz.question_code(q) for q in quiz.make_quiz(8, "hard")] != easy
    assert (at.session_state["quiz_seed"], at.session_state["quiz_level"]) == (8, "hard")
    assert not at.exception
