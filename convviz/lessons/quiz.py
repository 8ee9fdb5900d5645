"""Generated quiz questions (predict, then reveal): output shape, parameter count, MACs, receptive field of a
small stack, valid ``groups`` — at three levels, reproducible from a seed, with answer checkers and worked
solutions built from the library's own arithmetic.

>>> questions = make_quiz(7, "easy")
>>> [q.kind for q in questions]
['output_shape', 'params', 'macs', 'receptive_field', 'groups']
>>> q = questions[1]; check(q, answer_text(q)).correct
True
>>> parse_int_answer("58,003,456"), parse_int_answer("58，003，456"), parse_int_answer("5,80")
(58003456, 58003456, None)

Every right answer comes from one library function (``output_shape``, ``param_count``, ``macs`` — bias
excluded, over the whole batch —, ``receptive_field``, ``valid_groups``); the tests check each against PyTorch.
Formulas: PyTorch docs of ``nn.Conv2d`` ("Shape"); receptive field: Araujo et al., Distill 2019.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Union

from convviz.layer.pool import PoolSpec
from convviz.layer.receptive import receptive_field
from convviz.layer.spec import ConvSpec, valid_groups
from convviz.links import display_value
from convviz.text.snippet import module_expression
from convviz.text.units import format_int, format_shape

LEVELS = ("easy", "medium", "hard")  # the difficulty levels, easiest first
KINDS = ("output_shape", "params", "macs", "receptive_field", "groups")
Answer = Union[int, tuple[int, ...]]
Step = tuple[str, dict]  # a catalogue key (quiz.sol.*) and its params

_SEPARATORS = ",_ '\u2009\u202f\u00a0"  # after NFKC the full-width comma '，' is ','
_INT_RE = re.compile(r"[0-9]{1,3}(?:([,_ '\u2009\u202f\u00a0])[0-9]{3})?(?:\1[0-9]{3})*|[0-9]+")
_LIST_SPLIT = re.compile(r"[\s,;、，；/]+")


@dataclass(frozen=True)
class Question:
    """One question: its ``kind`` (one of :data:`KINDS`), ``level``, the ``layers`` it is about (one layer, or
    a stack for the receptive field), the input ``(N, C_in, *spatial)`` (empty for ``groups``) and the right
    ``answer`` (an int; a shape tuple; for ``groups`` the sorted tuple of valid values)."""

    kind: str
    level: str
    layers: tuple[Union[ConvSpec, PoolSpec], ...]
    input_shape: tuple[int, ...]
    answer: Answer


@dataclass(frozen=True)
class Result:
    """A checked answer: ``correct``; ``value`` as read (None when unreadable); ``mistake``, a catalogue key
    suffix (``quiz.mistake.<mistake>``) naming a typical slip the answer matches, or None."""

    correct: bool
    value: Optional[Answer]
    mistake: Optional[str] = None


# ---- reading answers ---------------------------------------------------------------------------------

def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip()


def parse_int_answer(text: str) -> Optional[int]:
    """A non-negative integer with or without thousands separators (``,`` ``_`` space, thin space, the
    full-width ``，``; one kind of separator, groups of three): ``'8,320'``, ``'8320'``, ``'8 320'`` → 8320;
    None for anything else (``'8,32'``, ``'8.3e3'``)."""
    text = _normalise(text)
    if not _INT_RE.fullmatch(text):
        return None
    return int("".join(ch for ch in text if ch.isdigit()))


def parse_shape_answer(text: str) -> Optional[tuple[int, ...]]:
    """A shape in tuple notation with any spacing: ``'(1, 128, 32, 32)'``, ``'(1,128,32,32)'``,
    ``'1 × 128 × 32 × 32'``, ``'[1, 128, 32, 32]'``, ``torch.Size([1, 128, 32, 32])`` → ``(1, 128, 32, 32)``;
    None when unreadable."""
    text = _normalise(text)
    if text.startswith("torch.Size"):
        text = text[len("torch.Size"):].strip()
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1].strip()
        if text[:1] == "[" and text[-1:] == "]":
            text = text[1:-1].strip()
    parts = [p for p in re.split(r"\s*[,×x*]\s*|\s+", text) if p]
    if not parts or len(parts) > 8 or not all(p.isdigit() and p.isascii() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def parse_int_list(text: str) -> Optional[tuple[int, ...]]:
    """Integers separated by commas, spaces, ``、`` or ``；`` (any order): ``'1, 2, 4'`` → ``(1, 2, 4)``, sorted
    and without repeats; None when unreadable."""
    text = _normalise(text)
    if text[:1] in "([{" and text[-1:] in ")]}":
        text = text[1:-1]
    parts = [p for p in _LIST_SPLIT.split(text) if p]
    if not parts or len(parts) > 64 or not all(p.isdigit() and p.isascii() and len(p) < 10 for p in parts):
        return None
    return tuple(sorted({int(p) for p in parts}))


# ---- generating questions ----------------------------------------------------------------------------

def make_quiz(seed: int, level: str) -> list[Question]:
    """One question of each kind, the same for the same ``seed`` and ``level`` on every machine (a local
    ``random.Random`` seeded with a string; the global generator is not touched). An unknown level reads as
    ``'easy'``."""
    level = level if level in LEVELS else LEVELS[0]
    rng = random.Random(f"convviz-quiz:{int(seed)}:{level}")
    return [_MAKERS[kind](rng, level) for kind in KINDS]


def _layer(rng: random.Random, level: str) -> tuple[ConvSpec, tuple[int, ...]]:
    """A valid layer and input for ``level`` (redrawn until the output is non-empty)."""
    while True:
        if level == "easy":
            k = rng.choice((1, 3, 5))
            size = rng.randint(6, 32)
            cin, cout = rng.choice((1, 3, 8, 16)), rng.choice((4, 8, 16, 32))
            spec = ConvSpec(cin, cout, k, padding=rng.choice((0, k // 2)))
            shape = (1, cin, size, size)
        elif level == "medium":
            k = rng.choice((3, 5, 7))
            cin = rng.choice((3, 8, 16, 32, 64))
            cout = rng.choice((8, 16, 32, 64))
            groups = rng.choice([g for g in valid_groups(cin, cout) if g <= 8])
            spec = ConvSpec(cin, cout, k, stride=rng.choice((1, 2)), padding=rng.randint(0, k // 2),
                            dilation=rng.choice((1, 1, 2)), groups=groups, bias=rng.random() < 0.7)
            size = rng.randint(7, 64)
            shape = (rng.choice((1, 2, 4)), cin, size, size)
        else:
            dims = rng.choice((1, 2, 2, 2, 3))
            kernel = tuple(rng.choice((1, 2, 3, 5, 7)) for _ in range(dims))
            cin = rng.choice((12, 24, 32, 48, 64, 96))
            cout = rng.choice((24, 32, 48, 64, 128))
            groups = rng.choice(valid_groups(cin, cout))
            if rng.random() < 0.2:
                padding: object = "same"
                stride: tuple[int, ...] = (1,) * dims
            else:
                stride = tuple(rng.randint(1, 3) for _ in range(dims))
                padding = tuple(rng.randint(0, 3) for _ in range(dims))
            spec = ConvSpec(cin, cout, kernel, stride=stride, padding=padding,
                            dilation=tuple(rng.randint(1, 3) for _ in range(dims)), groups=groups,
                            bias=rng.random() < 0.5, spatial_dims=dims)
            top = {1: 200, 2: 100, 3: 24}[dims]
            shape = (rng.randint(1, 8), cin, *(rng.randint(8, top) for _ in range(dims)))
        try:
            spec.output_shape(shape)
        except Exception:  # ConvSpecError: an empty output; draw again
            continue
        return spec, shape


def _output_shape(rng: random.Random, level: str) -> Question:
    spec, shape = _layer(rng, level)
    return Question("output_shape", level, (spec,), shape, spec.output_shape(shape))


def _params(rng: random.Random, level: str) -> Question:
    spec, shape = _layer(rng, level)
    if level == "easy":
        spec = ConvSpec(spec.in_channels, spec.out_channels, spec.kernel_size, padding=spec.padding)
    return Question("params", level, (spec,), shape, spec.param_count())


def _macs(rng: random.Random, level: str) -> Question:
    spec, shape = _layer(rng, level)
    return Question("macs", level, (spec,), shape, spec.macs(shape))


def _receptive(rng: random.Random, level: str) -> Question:
    count = {"easy": rng.randint(2, 3), "medium": 3, "hard": rng.randint(3, 4)}[level]
    layers: list[Union[ConvSpec, PoolSpec]] = []
    for index in range(count):
        if level == "easy":
            layers.append(ConvSpec(1, 1, rng.choice((3, 3, 5))))
        elif level == "medium":
            if index == 1 and rng.random() < 0.5:
                layers.append(PoolSpec(2))
            else:
                layers.append(ConvSpec(1, 1, rng.choice((3, 5)), stride=rng.choice((1, 2))))
        else:
            layers.append(ConvSpec(1, 1, rng.choice((2, 3, 5)), stride=rng.choice((1, 1, 2)),
                                   dilation=rng.choice((1, 2, 3))))
    size = receptive_field(layers)[-1].size[0]
    return Question("receptive_field", level, tuple(layers), (), size)


def _groups(rng: random.Random, level: str) -> Question:
    pools = {"easy": (2, 4, 6, 8, 12), "medium": (12, 16, 18, 24, 32, 36), "hard": (36, 48, 60, 72, 96, 120)}
    cin, cout = rng.choice(pools[level]), rng.choice(pools[level])
    spec = ConvSpec(cin, cout, 3)
    return Question("groups", level, (spec,), (), tuple(valid_groups(cin, cout)))


_MAKERS = {"output_shape": _output_shape, "params": _params, "macs": _macs, "receptive_field": _receptive,
           "groups": _groups}


# ---- showing, checking and explaining ----------------------------------------------------------------

def layer_expression(layer: Union[ConvSpec, PoolSpec]) -> str:
    """The PyTorch constructor of a layer: ``nn.Conv2d(…)`` (see :func:`convviz.text.snippet.module_expression`) or
    ``nn.MaxPool2d(2)``."""
    if isinstance(layer, ConvSpec):
        return module_expression(layer)
    name = "MaxPool" if layer.kind == "max" else "AvgPool"
    k = layer.kernel_size if isinstance(layer.kernel_size, int) else layer.kernel_size[0]
    return f"nn.{name}{layer.spatial_dims}d({k})"


def question_code(question: Question) -> str:
    """What the question shows: the layer(s) as PyTorch code, and the input tensor where there is one."""
    if question.kind == "receptive_field":
        return "nn.Sequential(\n" + "".join(f"    {layer_expression(la)},\n" for la in question.layers) + ")"
    if question.kind == "groups":
        spec = question.layers[0]
        return f"nn.Conv2d({spec.in_channels}, {spec.out_channels}, kernel_size=3, groups=?)"
    return f"conv = {layer_expression(question.layers[0])}\nx = torch.randn{format_shape(question.input_shape)}"


def answer_text(question: Question) -> str:
    """The right answer as the page writes it: ``'8,320'``, ``'(1, 128, 32, 32)'``, ``'1, 2, 4'``."""
    if question.kind == "output_shape":
        return format_shape(question.answer)
    if question.kind == "groups":
        return ", ".join(map(str, question.answer))
    return format_int(question.answer)


def check(question: Question, text: str) -> Result:
    """Read ``text`` as the kind of answer ``question`` wants and compare; names a typical slip when the answer
    matches one (``no_bias``, ``flops``, ``with_bias``, ``one_sample``, ``no_padding``, ``no_dilation``,
    ``missing``, ``extra``, ``no_groups``). Never raises."""
    if question.kind == "output_shape":
        value: Optional[Answer] = parse_shape_answer(text)
    elif question.kind == "groups":
        value = parse_int_list(text)
    else:
        value = parse_int_answer(text)
    if value is None:
        return Result(False, None, "unreadable")
    if value == question.answer:
        return Result(True, value)
    return Result(False, value, _mistake(question, value))


def _mistake(question: Question, value: Answer) -> Optional[str]:
    spec = question.layers[0]
    if question.kind == "params" and isinstance(spec, ConvSpec):
        if spec.bias and value == spec.weight_count():
            return "no_bias"
        if spec.groups > 1 and value == spec.weight_count() * spec.groups + spec.bias_count():
            return "no_groups"
    if question.kind == "macs" and isinstance(spec, ConvSpec):
        shape = question.input_shape
        if value == 2 * question.answer:
            return "flops"
        if spec.bias and value == spec.macs(shape, include_bias=True):
            return "with_bias"
        if shape[0] > 1 and value * shape[0] == question.answer:
            return "one_sample"
        if spec.groups > 1 and value == question.answer * spec.groups:
            return "no_groups"
    if question.kind == "output_shape" and isinstance(spec, ConvSpec) and isinstance(value, tuple):
        for mistake, other in (("no_padding", _variant(spec, padding=0)), ("no_dilation", _variant(spec, dilation=1))):
            try:
                if other is not None and other != spec and value == other.output_shape(question.input_shape):
                    return mistake
            except Exception:  # the variant has an empty output
                continue
    if question.kind == "groups" and isinstance(value, tuple):
        right = set(question.answer)
        if set(value) < right:
            return "missing"
        if set(value) > right:
            return "extra"
    return None


def _variant(spec: ConvSpec, **changes: object) -> Optional[ConvSpec]:
    fields = dict(stride=spec.stride, padding=spec.padding, dilation=spec.dilation, groups=spec.groups,
                  bias=spec.bias, spatial_dims=spec.spatial_dims)
    fields.update(changes)
    try:
        return ConvSpec(spec.in_channels, spec.out_channels, spec.kernel_size, **fields)
    except Exception:  # ConvSpecError
        return None


def shown_answer(text: str) -> str:
    """The learner's answer made safe to repeat inside inline code."""
    return display_value(text)


def solution(question: Question) -> list[Step]:
    """The worked solution with the question's numbers: catalogue keys ``quiz.sol.*`` and their params (each
    formula already written out with the numbers, in PyTorch's notation)."""
    spec = question.layers[0]
    shape = question.input_shape
    if question.kind == "output_shape":
        steps: list[Step] = []
        for name, size, (before, after), d, k, s, out in zip(
                spec.dim_names, shape[2:], spec.padding_amounts(shape), spec.dilation, spec.kernel_size,
                spec.stride, question.answer[2:]):
            steps.append(("quiz.sol.out_dim", {"dim": name, "formula": (
                f"⌊({size} + {before} + {after} − {d}·({k} − 1) − 1) / {s}⌋ + 1 = {out}")}))
        steps.append(("quiz.sol.shape", {"n": shape[0], "c_out": spec.out_channels,
                                         "shape": format_shape(question.answer)}))
        return steps
    if question.kind == "params":
        kernel = " · ".join(map(str, spec.kernel_size))
        return [
            ("quiz.sol.weights", {"formula": f"{spec.out_channels} · {spec.in_channels}/{spec.groups} · {kernel} = "
                                             f"{format_int(spec.weight_count())}"}),
            ("quiz.sol.bias", {"bias": format_int(spec.bias_count())}),
            ("quiz.sol.params", {"formula": f"{format_int(spec.weight_count())} + {format_int(spec.bias_count())} = "
                                            f"{format_int(question.answer)}"}),
        ]
    if question.kind == "macs":
        out = spec.output_shape(shape)
        outputs = math.prod(out)
        per = (spec.in_channels // spec.groups) * math.prod(spec.kernel_size)
        kernel = " · ".join(map(str, spec.kernel_size))
        return [
            ("quiz.sol.out_shape", {"shape": format_shape(out)}),
            ("quiz.sol.outputs", {"formula": " · ".join(map(str, out)) + f" = {format_int(outputs)}"}),
            ("quiz.sol.per_output", {"formula": f"{spec.in_channels}/{spec.groups} · {kernel} = {format_int(per)}"}),
            ("quiz.sol.macs", {"formula": f"{format_int(outputs)} · {format_int(per)} = {format_int(question.answer)}",
                               "flops": format_int(2 * question.answer)}),
        ]
    if question.kind == "receptive_field":
        steps = [("quiz.sol.rf_start", {})]
        size, jump = 1, 1
        for index, (layer, record) in enumerate(zip(question.layers, receptive_field(question.layers)), 1):
            k_eff, stride = layer.effective_kernel_size[0], record.jump[0] // jump
            steps.append(("quiz.sol.rf_layer", {
                "index": index, "layer": layer_expression(layer),
                "size": f"{size} + ({k_eff} − 1) · {jump} = {record.size[0]}",
                "jump": f"{jump} · {stride} = {record.jump[0]}"}))
            size, jump = record.size[0], record.jump[0]
        steps.append(("quiz.sol.rf_total", {"size": size}))
        return steps
    gcd = math.gcd(spec.in_channels, spec.out_channels)
    return [("quiz.sol.groups", {"c_in": spec.in_channels, "c_out": spec.out_channels, "gcd": gcd,
                                 "valid": answer_text(question)})]
