"""Quiz library: reproducible question sets, checkers that accept the right answer in every accepted notation
and reject near misses, and right answers equal to PyTorch's own values (the real modules)."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec, PoolSpec
from convviz.lessons.quiz import (
    KINDS,
    LEVELS,
    answer_text,
    check,
    make_quiz,
    parse_int_answer,
    parse_int_list,
    parse_shape_answer,
    solution,
)
from convviz.text.i18n import LANGUAGES, t

SEEDS = range(0, 60)


def all_questions():
    return [q for seed in SEEDS for level in LEVELS for q in make_quiz(seed, level)]


QUESTIONS = all_questions()


def test_same_seed_same_questions_and_different_seeds_differ():
    assert make_quiz(7, "hard") == make_quiz(7, "hard")
    assert make_quiz(7, "hard") != make_quiz(8, "hard")
    assert make_quiz(7, "easy") != make_quiz(7, "hard")
    assert [q.kind for q in make_quiz(3, "medium")] == list(KINDS)


@pytest.mark.parametrize(("text", "value"), [
    ("8320", 8320), ("8,320", 8320), (" 8,320 ", 8320), ("8 320", 8320), ("8_320", 8320), ("8，320", 8320),
    ("１２３", 123), ("58,003,456", 58003456), ("58，003，456", 58003456), ("0", 0),
])
def test_integers_with_or_without_separators(text, value):
    assert parse_int_answer(text) == value


@pytest.mark.parametrize("text", ["", "8,32", "83,20", "8,320,0", "8.320", "8e3", "-5", "8,320 1", "abc",
                                  "8,320_000", "{0}"])
def test_malformed_integers_are_refused(text):
    assert parse_int_answer(text) is None


@pytest.mark.parametrize("text", ["(1, 128, 32, 32)", "(1,128,32,32)", " ( 1 , 128 ,32, 32 ) ", "1, 128, 32, 32",
                                  "[1, 128, 32, 32]", "torch.Size([1, 128, 32, 32])", "1×128×32×32",
                                  "（1，128，32，32）", "1 128 32 32"])
def test_shapes_in_any_spacing(text):
    assert parse_shape_answer(text) == (1, 128, 32, 32)


def test_lists_of_groups():
    assert parse_int_list("4, 1, 2") == (1, 2, 4)
    assert parse_int_list("1、2、4") == (1, 2, 4)
    assert parse_int_list("1 2 4") == (1, 2, 4)
    assert parse_int_list("one") is None


def near_misses(question):
    answer = question.answer
    if question.kind == "output_shape":
        for i in range(len(answer)):
            for delta in (-1, 1):
                changed = list(answer)
                changed[i] += delta
                yield str(tuple(changed))
        yield str(answer[:-1])
    elif question.kind == "groups":
        yield ", ".join(map(str, answer[:-1])) or "2"
        yield ", ".join(map(str, (*answer, answer[-1] + 1)))
    else:
        for delta in (-1, 1, answer, -answer + 1):
            if answer + delta >= 0:
                yield str(answer + delta)
        yield f"{answer:,}"[:-1]


def accepted_notations(question):
    text = answer_text(question)
    yield text
    if question.kind in ("params", "macs", "receptive_field"):
        yield str(question.answer)
        yield text.replace(",", "，")
    if question.kind == "output_shape":
        yield text.replace(" ", "")
        yield "  " + text.replace(", ", " ,  ") + " "


def test_checkers_accept_the_answer_and_reject_near_misses():
    for question in QUESTIONS:
        for text in accepted_notations(question):
            assert check(question, text).correct, (question, text)
        for text in near_misses(question):
            assert not check(question, text).correct, (question, text)
        assert not check(question, "").correct


def test_every_solution_renders_in_both_languages_and_ends_with_the_answer():
    for question in QUESTIONS[:90]:
        steps = solution(question)
        for lang in LANGUAGES:
            lines = [t(key, lang, **params) for key, params in steps]
        last = lines[-1]
        assert answer_text(question) in last, (question, last)


def test_typical_slips_are_named():
    q = next(q for q in QUESTIONS if q.kind == "params" and q.layers[0].bias)
    assert check(q, str(q.layers[0].weight_count())).mistake == "no_bias"
    q = next(q for q in QUESTIONS if q.kind == "macs")
    assert check(q, str(2 * q.answer)).mistake == "flops"


def module_and_input(question):
    spec = question.layers[0]
    return spec.to_module(), torch.zeros(question.input_shape, device="meta")


def test_right_answers_equal_pytorch():
    for question in QUESTIONS:
        if question.kind == "output_shape":
            with torch.device("meta"):
                module = question.layers[0].to_module()
                y = module(torch.empty(question.input_shape))
            assert tuple(y.shape) == question.answer
        elif question.kind == "params":
            assert sum(p.numel() for p in question.layers[0].to_module().parameters()) == question.answer
        elif question.kind == "macs":
            with torch.device("meta"):
                module = question.layers[0].to_module()
                x = torch.empty(question.input_shape)
            with FlopCounterMode(display=False) as counter, torch.no_grad():
                module(x)
            assert counter.get_total_flops() == 2 * question.answer
        elif question.kind == "groups":
            spec = question.layers[0]
            accepted = []
            for groups in range(1, max(spec.in_channels, spec.out_channels) + 1):
                try:
                    torch.nn.Conv2d(spec.in_channels, spec.out_channels, 1, groups=groups, device="meta")
                    accepted.append(groups)
                except ValueError:
                    pass
            assert tuple(accepted) == question.answer


def torch_layer(layer):
    if isinstance(layer, PoolSpec):  # max pooling's gradient reaches only the argmax: same geometry, averaged
        return torch.nn.AvgPool2d(layer.kernel_size if isinstance(layer.kernel_size, int) else layer.kernel_size[0])
    conv = layer.to_module()
    with torch.no_grad():
        conv.weight.fill_(1.0)
        conv.bias.zero_()
    return conv


@pytest.mark.parametrize("level", LEVELS)
def test_receptive_field_answers_equal_autograd(level):
    """The span of input pixels whose gradient reaches one output pixel (holes included) is the answer."""
    for seed in range(12):
        question = make_quiz(seed, level)[KINDS.index("receptive_field")]
        size = question.answer * 2 + 16
        model = torch.nn.Sequential(*(torch_layer(layer) for layer in question.layers)).double()
        x = torch.rand(1, 1, size, size, dtype=torch.float64, requires_grad=True)
        y = model(x)
        centre = y.shape[-1] // 2
        y[0, 0, centre, centre].backward()
        cols = torch.nonzero(x.grad[0, 0].abs().sum(0)).flatten()
        assert int(cols.max() - cols.min()) + 1 == question.answer, question


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 999_999), st.sampled_from(LEVELS))
def test_any_seed_gives_answerable_questions(seed, level):
    for question in make_quiz(seed, level):
        assert check(question, answer_text(question)).correct
        if question.kind in ("params", "macs"):
            assert question.answer == (question.layers[0].param_count() if question.kind == "params"
                                       else question.layers[0].macs(question.input_shape))
        assert math.prod(question.input_shape or (1,)) < 10**8
        assert isinstance(question.layers[0], (ConvSpec, PoolSpec))
