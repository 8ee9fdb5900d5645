"""Quiz: generated questions (predict, then reveal), the same for everyone with the same seed and level."""

import random

import streamlit as st

import ui
from convviz.lessons import quiz

tr = ui.setup_page("quiz.title")
state = st.session_state
PAGE = "quiz"  # the page's URL path and link schema (ui/link_schema.py: bounds, keys, defaults)
SEED, LEVEL = ui.link_key(PAGE, "seed"), ui.link_key(PAGE, "level")


def random_seed() -> int:
    return random.SystemRandom().randint(*ui.link_bounds(PAGE, "seed"))


state.setdefault(SEED, random_seed())  # a new set of questions each visit, unless a link names one
state.setdefault(LEVEL, ui.link_defaults(PAGE)[LEVEL])
# A link (or the browser's Back/Forward) changes only what it names: the values it starts from are the current ones.
ui.sync_page_url(tr, PAGE, {SEED: state[SEED], LEVEL: state[LEVEL]}, write=False)
state.setdefault("quiz_first", {})  # (seed, level, index) -> first answer right?
state.setdefault("quiz_checked", {})  # (seed, level, index) -> the answer text last checked


def new_questions() -> None:
    state[SEED] = random_seed()


def check_answer(qid: tuple, answer_key: str, question: quiz.Question) -> None:
    text = state.get(answer_key, "")
    state["quiz_checked"][qid] = text
    state["quiz_first"].setdefault(qid, quiz.check(question, text).correct)


st.title(tr("quiz.title"))
st.caption(tr("quiz.caption"))

with st.container(horizontal=True, vertical_alignment="bottom"):
    st.segmented_control(tr("quiz.level"), required=True, **ui.link_widget(PAGE, "level"),
                         format_func=lambda level: tr(f"quiz.level.{level}"))
    st.number_input(tr("quiz.seed"), step=1, **ui.link_widget(PAGE, "seed"), help=tr("quiz.seed.help"), width=200)
    st.button(tr("quiz.new"), key="quiz_new", on_click=new_questions, icon=":material/casino:")
seed, level = int(state[SEED]), state[LEVEL]
ui.write_page_url(tr, PAGE, {SEED: seed, LEVEL: level})

first = state["quiz_first"]
st.metric(tr("quiz.score"), tr("quiz.score.value", right=sum(first.values()), answered=len(first)),
          help=tr("quiz.score.help", total=len(first)))

for index, question in enumerate(quiz.make_quiz(seed, level)):
    qid = (seed, level, index)
    answer_key = f"quiz_answer_{seed}_{level}_{index}"
    with st.container(border=True):
        st.markdown(f"**{tr('quiz.question', n=index + 1)}** · {tr(f'quiz.q.{question.kind}')}")
        st.code(quiz.question_code(question), language="python", wrap_lines=True)
        # A form, so that Enter in the answer box checks the answer, as the Check button does.
        with st.form(f"quiz_form_{seed}_{level}_{index}", border=False), \
                st.container(horizontal=True, vertical_alignment="bottom"):
            st.text_input(tr("quiz.answer"), key=answer_key, placeholder=tr(f"quiz.placeholder.{question.kind}"))
            st.form_submit_button(tr("quiz.check"), key=f"quiz_check_{seed}_{level}_{index}",
                                  on_click=check_answer, args=(qid, answer_key, question))
        if qid not in state["quiz_checked"]:
            continue
        text = state["quiz_checked"][qid]
        result = quiz.check(question, text)
        shown, right = quiz.shown_answer(text), quiz.answer_text(question)
        if result.correct:
            st.success(tr("quiz.right", answer=shown), icon=":material/check_circle:")
        elif result.value is None:
            st.error(tr("quiz.unreadable", answer=shown, right=right,
                        example=tr(f"quiz.placeholder.{question.kind}")), icon=":material/help:")
        else:
            st.error(tr("quiz.wrong", answer=shown, right=right), icon=":material/cancel:")
            if result.mistake:
                st.info(tr(f"quiz.mistake.{result.mistake}"), icon=":material/lightbulb:")
        with st.expander(tr("quiz.solution"), expanded=True):
            for key, params in quiz.solution(question):
                st.markdown(tr(key, **params))
