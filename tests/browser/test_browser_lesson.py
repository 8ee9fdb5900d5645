"""End-to-end, the teacher's lesson of issue #7: a list of links, projected in presentation mode on a 1280×720
screen, ending in a quiz that two students (two browser contexts) see identically and answer, in both languages.
Each link's expected numbers come from the library; screenshots of every step go to the screenshot folder."""

from __future__ import annotations

import pytest

from convviz.layer.spec import ConvSpec
from convviz.lessons import quiz
from convviz.text.i18n import t
from convviz.text.units import format_shape

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail) with the reason
    expect = None
else:
    expect.set_options(timeout=30_000)

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PROJECTOR = {"width": 1280, "height": 720}
SEED, LEVEL = 2718, "medium"

# (path, link values, the layer the page must show, its input shape)
LESSON = [
    ("/explorer", {"in_channels": "64", "out_channels": "128", "kernel_size": "1", "input_size": "32"},
     ConvSpec(64, 128, 1), (1, 64, 32, 32)),
    ("/dilated", {"input_size": "7", "kernel_size": "3", "dilation": "2"},
     ConvSpec(1, 1, 3, dilation=2), (1, 1, 7, 7)),
    ("/grouped", {"in_channels": "64", "out_channels": "64", "kernel_size": "3", "groups": "4", "input_size": "32"},
     ConvSpec(64, 64, 3, padding=1, groups=4), (1, 64, 32, 32)),  # the page pads to keep the size
    ("/separable", {"in_channels": "64", "out_channels": "128", "kernel_size": "3", "input_size": "32"},
     ConvSpec(64, 128, 1), (1, 64, 32, 32)),  # the pointwise layer's output is the pair's output
]


def link(path: str, lang: str, values: dict[str, str]) -> str:
    return path + "?" + "&".join(f"{k}={v}" for k, v in {"lang": lang, "present": "true", **values}.items())


def open_link(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]', timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page


def expect_presentation_mode(page) -> None:
    expect(page.locator("html")).to_have_css("font-size", "21px")  # ui.PRESENT_CSS


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_projected_lesson_of_links_ending_in_a_shared_quiz(e2e_browser, app_url, screenshot_dir, lang):
    teacher = e2e_browser.new_context(viewport=PROJECTOR)
    try:
        for step, (path, values, layer, shape) in enumerate(LESSON, start=1):
            page = open_link(teacher, app_url + link(path, lang, values))
            main = page.get_by_test_id("stMain")
            expect(main).to_contain_text(format_shape(layer.output_shape(shape)))
            expect_presentation_mode(page)
            assert page.locator('[data-testid="stException"]').count() == 0, path
            assert not [w for w in page.get_by_test_id("stAlertContentWarning").all_inner_texts()
                        if "link" in w.lower() or "链接" in w], path  # the link needed no repair
            page.screenshot(path=str(screenshot_dir / f"lesson-{lang}-{step}{path.replace('/', '-')}.png"))
            page.close()
    finally:
        teacher.close()

    questions = quiz.make_quiz(SEED, LEVEL)
    quiz_link = app_url + link("/quiz", lang, {"seed": str(SEED), "level": LEVEL})
    students = [e2e_browser.new_context(viewport=PROJECTOR) for _ in range(2)]
    try:
        pages = [open_link(student, quiz_link) for student in students]
        boxes = [page.get_by_test_id("stMain").locator('[data-testid="stCode"]') for page in pages]
        for box in boxes:
            expect(box).to_have_count(len(questions))  # one code box per question (the link is in the sidebar)
        seen = [[text.strip() for text in box.all_inner_texts()] for box in boxes]
        assert seen[0] == seen[1] == [quiz.question_code(q) for q in questions]  # every student: the same quiz
        first = pages[0]
        expect_presentation_mode(first)
        answers = first.get_by_label(t("quiz.answer", lang))
        answers.nth(0).fill(quiz.answer_text(questions[0]))
        first.get_by_role("button", name=t("quiz.check", lang)).nth(0).click()
        right = t("quiz.right", lang, answer=quiz.answer_text(questions[0])).replace("`", "")
        expect(first.get_by_test_id("stMain")).to_contain_text(right)
        answers.nth(1).fill("1" if quiz.answer_text(questions[1]) != "1" else "2")  # a wrong answer
        answers.nth(1).press("Enter")  # Enter checks it, as the button does
        score = first.get_by_test_id("stMetric").filter(has_text=t("quiz.score", lang))
        expect(score).to_contain_text(t("quiz.score.value", lang, right=1, answered=2))
        first.screenshot(path=str(screenshot_dir / f"lesson-{lang}-quiz.png"))
        assert first.locator('[data-testid="stException"]').count() == 0
    finally:
        for student in students:
            student.close()
