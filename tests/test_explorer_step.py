"""Stepping the explorer's animation without rebuilding it: the re-pointed figure dict equals a full rebuild."""

import json

import plotly.io
import pytest

from convviz import ConvSpec
from convviz.animation.sliding import PreparedFigure, animation_figure, figure_dict, figure_dict_at_step, plan_animation


@pytest.mark.parametrize("spec, shape, second", [
    (ConvSpec(1, 1, 3), (1, 1, 5, 5), None),
    (ConvSpec(4, 4, 3, padding=1, groups=4), (1, 4, 12, 12), ConvSpec(4, 2, 1)),   # two layers, thinned
    (ConvSpec(1, 2, 3, stride=2, padding=2, padding_mode="reflect", spatial_dims=1), (1, 1, 9), None),
])
def test_a_step_equals_a_rebuild(spec, shape, second):
    plan = plan_animation(spec, shape, second, max_frames=40)
    base = figure_dict(plan, lang="zh")
    frozen = json.dumps(base, sort_keys=True)
    for step in sorted({0, 1, len(plan.steps) // 2, len(plan.steps) - 1}):
        fast = json.loads(plotly.io.to_json(PreparedFigure(figure_dict_at_step(base, plan, step)), validate=False))
        assert fast == json.loads(animation_figure(plan, lang="zh", step=step).to_json())
    assert json.dumps(base, sort_keys=True) == frozen          # the cached base is never mutated
    with pytest.raises(IndexError):
        figure_dict_at_step(base, plan, len(plan.steps))
