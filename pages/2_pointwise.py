"""1×1 (pointwise) convolution: a linear layer at every pixel, channel mixing, reduction, the bottleneck."""

import streamlit as st

import ui
from convviz import receptive_field
from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.layer.presets import Preset
from convviz.layer.spec import ConvSpec
from convviz.lessons import pointwise as pw
from convviz.plotting import PreparedFigure, prepare
from convviz.runtime.torch_counts import torch_counts
from convviz.text.snippet import module_expression, pytorch_snippet, stack_snippet
from convviz.text.units import format_int, format_shape

tr = ui.setup_page("pw.title")
state = st.session_state
KEEP = "session"  # the bottleneck's inputs sit in a lazy expander: keep their values while it is closed
RESULTS = "pw_results"  # the keyed fragment a control change reruns (the controls stay as drawn)
EXAMPLES = {"small": (64, 128, 32), "reduction": (100, 20, 500)}  # (C_in, C_out, H = W), from the article
PAGE = "pointwise"  # the page's URL path and link schema (ui/link_schema.py: bounds, keys, defaults)
DEFAULTS = ui.link_defaults(PAGE)
values = ui.link_state(PAGE)  # the linked values by link name (values["in_channels"]), not by widget key
for key, value in DEFAULTS.items():
    state.setdefault(key, value)
ui.sync_page_url(tr, PAGE, DEFAULTS, write=False)  # the results fragment writes the URL on every run


def load_example(name: str) -> None:
    values["in_channels"], values["out_channels"], values["input_size"] = EXAMPLES[name]
    values["bias"] = True


@st.cache_data(max_entries=32, show_spinner=False)
def linear_check(spec: ConvSpec, input_shape: tuple[int, ...]) -> pw.LinearCheck:
    return pw.linear_equivalence(spec, input_shape)


@st.cache_data(max_entries=64, show_spinner=False)
def counts(specs: tuple[ConvSpec, ...], input_shape: tuple[int, ...]):
    return torch_counts(specs, input_shape)


@st.cache_data(max_entries=64, show_spinner=False)
def pixel(spec: ConvSpec) -> pw.PixelMix:
    return pw.pixel_mixing(spec)


@st.cache_resource(max_entries=64, show_spinner=False)
def mixing_chart(spec: ConvSpec, labels: tuple[tuple[str, str], ...]) -> PreparedFigure:
    """The mixing figure, built and validated once per layer and language (shared read-only)."""
    return prepare(pw.mixing_figure(pixel(spec), labels=dict(labels)))


def linear_code(spec: ConvSpec, input_shape: tuple[int, ...]) -> str:
    """The runnable check that the 1×1 convolution equals ``nn.Linear`` on the channels-last tensor."""
    return (
        "import torch\nimport torch.nn as nn\n\n"
        f"conv = {module_expression(spec)}\n"
        f"linear = nn.Linear({spec.in_channels}, {spec.out_channels}, bias={spec.bias})\n"
        "with torch.no_grad():\n"
        f"    linear.weight.copy_(conv.weight.view({spec.out_channels}, {spec.in_channels}))\n"
        + ("    linear.bias.copy_(conv.bias)\n" if spec.bias else "")
        + f"x = torch.randn{input_shape}\n"
        "y_conv = conv(x)                                      # (N, C_out, H, W)\n"
        "y_linear = linear(x.permute(0, 2, 3, 1))              # (N, H, W, C_out)\n"
        "print((y_conv - y_linear.permute(0, 3, 1, 2)).abs().max())\n"
    )


def bottleneck() -> None:
    """The bottleneck's inputs, its table, formula and code (drawn only while its expander is open)."""
    st.markdown(tr("pw.bottleneck.explain"))
    bn_cols = st.columns(2)
    bn_cols[0].number_input(tr("pw.ctl.bn_channels"), step=1, **ui.link_widget(PAGE, "bottleneck_channels"),
                            persist_state=KEEP)
    bn_cols[1].number_input(tr("pw.ctl.bn_width"), step=1, **ui.link_widget(PAGE, "bottleneck_width"),
                            persist_state=KEEP)
    try:
        block = pw.bottleneck(int(values["bottleneck_channels"]), int(values["bottleneck_width"]))
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return
    bn_input = (1, block.standard.in_channels, 56, 56)
    rows = [f"| {tr('pw.bn.col.layer')} | {tr('pw.bn.col.weights')} | {tr('pw.bn.col.macs')} |", "|---|--:|--:|"]
    shape = bn_input
    for layer in block.layers:
        rows.append(f"| `{module_expression(layer)}` | {format_int(layer.weight_count())} "
                    f"| {format_int(layer.macs(shape))} |")
        shape = layer.output_shape(shape)
    rows.append(f"| {tr('pw.bn.total')} | **{format_int(block.weights())}** "
                f"| **{format_int(block.macs(bn_input))}** |")
    standard = block.standard
    rows.append(f"| {tr('pw.bn.standard', k=3, c=standard.in_channels)} "
                f"| **{format_int(standard.weight_count())}** | **{format_int(standard.macs(bn_input))}** |")
    torch_bn, torch_std = counts(block.layers, bn_input), counts((block.standard,), bn_input)
    st.markdown("\n".join(rows) + "\n\n"
                + tr("pw.bn.summary", bn=format_int(block.weights()), std=format_int(block.standard.weight_count()),
                     ratio=f"{block.weights() / block.standard.weight_count():.1%}",
                     torch_bn=format_int(torch_bn.weights), torch_std=format_int(torch_std.weights)))
    st.latex(pw.bottleneck_latex(block, lang=tr.lang))
    st.markdown(f"**{tr('snippet.stack_heading')}** · {tr('snippet.help')}")
    st.code(stack_snippet(block.layers, bn_input), language="python")


st.title(tr("pw.title"))
st.caption(tr("pw.caption"))
st.markdown(tr("pw.intro"))
st.info(tr("pw.correction"), icon=":material/lightbulb:")

# Controls: drawn on full runs only. A change reruns only the results fragment (ui.rerun_only); the example
# buttons set the controls themselves, so their callback returns normally and the whole page reruns.
with st.container(horizontal=True, key="pw_examples"):
    st.markdown(f"**{tr('pw.examples')}:**")
    for name in EXAMPLES:
        st.button(tr(f"pw.example.{name}"), key=f"pw_example_{name}", on_click=load_example, args=(name,))
cols = st.columns(4)
only_results = {"on_change": ui.rerun_only, "args": (RESULTS,)}
cols[0].number_input(tr("pw.ctl.in_channels"), step=1, **ui.link_widget(PAGE, "in_channels"), **only_results)
cols[1].number_input(tr("pw.ctl.out_channels"), step=1, **ui.link_widget(PAGE, "out_channels"), **only_results)
cols[2].number_input(tr("pw.ctl.size"), step=1, **ui.link_widget(PAGE, "input_size"), **only_results)
cols[3].checkbox(tr("pw.ctl.bias"), **ui.link_widget(PAGE, "bias"), **only_results)


@st.fragment(key=RESULTS)
def pointwise_results() -> None:
    """Everything the controls drive, in one keyed fragment: the copy-link box (so the URL follows every
    change), the numbers PyTorch confirms, the formulas and the mixing figure; the PyTorch code, the linear-layer
    check and the bottleneck (with its own inputs) in lazy expanders, drawn only while open."""
    ui.write_page_url(tr, PAGE, DEFAULTS, sidebar=False)
    try:
        spec = pw.pointwise_spec(int(values["in_channels"]), int(values["out_channels"]), bias=bool(values["bias"]))
        size = int(values["input_size"])
        input_shape = (1, spec.in_channels, size, size)
        output_shape = spec.output_shape(input_shape)
    except ConvSpecError as error:
        ui.show_error(tr, error)
        return

    if spec.out_channels < spec.in_channels:
        change = tr("pw.change.reduction", factor=f"{spec.in_channels / spec.out_channels:.3g}")
    elif spec.out_channels > spec.in_channels:
        change = tr("pw.change.expansion", factor=f"{spec.out_channels / spec.in_channels:.3g}")
    else:
        change = tr("pw.change.same")
    with st.container(horizontal=True, key="pw_metrics"):
        st.metric(tr("pw.res.output_shape"), format_shape(output_shape))
        st.metric(tr("pw.res.params"), format_int(spec.param_count()),
                  help=tr("pw.res.params.help", weights=format_int(spec.weight_count())))
        st.metric(tr("pw.res.macs"), format_int(spec.macs(input_shape)), help=tr("pw.res.macs.help"))
        st.metric(tr("pw.res.change"), f"{spec.in_channels} → {spec.out_channels}", delta=change,
                  delta_color="off", delta_arrow="off")

    runnable = True
    try:
        run = ui.run_summary(spec, input_shape, "cpu")
        measured = counts((spec,), input_shape)
        if run.output_shape == output_shape and measured.params == spec.param_count() \
                and measured.flops == spec.flops(input_shape):
            st.success(tr("pw.confirm", module=module_expression(spec), device=run.device,
                          shape=format_shape(run.output_shape), params=format_int(measured.params),
                          flops=format_int(measured.flops), macs=format_int(spec.macs(input_shape))),
                       icon=":material/check_circle:")
        else:
            st.error(tr("pw.mismatch", torch=(run.output_shape, measured.params, measured.flops),
                        ours=(output_shape, spec.param_count(), spec.flops(input_shape))))
    except MemoryLimitError as error:
        ui.show_error(tr, error)
        runnable = False
    ui.pytorch_code(tr, pytorch_snippet(spec, input_shape), key="pw_code")
    st.caption(tr("pw.explorer_hint"))
    ui.open_in_explorer(tr, Preset("pointwise_page", spec, input_shape), key="pw_open_explorer")

    ui.section(tr("pw.formulas"), tr("pw.formula.explain"))
    st.latex(ui.stacked_latex([pw.pixel_equation_latex(spec), pw.params_latex(spec),
                               pw.macs_latex(spec, input_shape)]))

    mix = pixel(spec)
    labels = tuple((name, tr(f"pw.figure.{name}")) for name in ("x", "W", "y", "in", "out", "value"))
    ui.section(tr("pw.figure"), tr("pw.figure.explain"))
    ui.plotly_chart(mixing_chart(spec, labels), key="pw_mixing")
    check = [tr("pw.figure.check", ok=tr("pw.yes") if mix.y == mix.y_by_hand else tr("pw.no"))]
    if max(spec.in_channels, spec.out_channels) > pw.MAX_DRAWN:
        check.insert(0, tr("pw.figure.subsampled", in_drawn=min(spec.in_channels, pw.MAX_DRAWN),
                           in_channels=spec.in_channels, out_drawn=min(spec.out_channels, pw.MAX_DRAWN),
                           out_channels=spec.out_channels, limit=pw.MAX_DRAWN))
    st.markdown("\n\n".join(check))

    linear = st.expander(tr("pw.linear"), key="pw_linear_open", on_change="rerun", icon=":material/functions:")
    if linear.open:
        with linear:
            linear_text = [tr("pw.linear.explain")]
            if runnable:  # above the engine's limits the error is already shown once, above
                result = linear_check(spec, input_shape)
                linear_text.append(tr("pw.linear.result", conv=format_shape(result.conv_shape),
                                      linear=format_shape(result.linear_shape), diff=f"{result.max_abs_diff:.2g}",
                                      scale=f"{result.max_abs_output:.3g}"))
            st.markdown("\n\n".join([*linear_text, f"**{tr('pw.linear.code')}**"]))
            st.code(linear_code(spec, input_shape), language="python")

    block = st.expander(tr("pw.bottleneck"), key="pw_bottleneck_open", on_change="rerun",
                        icon=":material/compress:")
    if block.open:
        with block:
            bottleneck()


pointwise_results()

# Independent of the controls: drawn on full runs only.
rows = [f"| {tr('pw.article.col.example')} | {tr('pw.article.col.output')} | {tr('pw.article.col.params')} "
        f"| {tr('pw.article.col.nobias')} |", "|---|---|--:|--:|"]
for name, (c_in, c_out, hw) in EXAMPLES.items():
    example = pw.pointwise_spec(c_in, c_out)
    rows.append(f"| {tr(f'pw.article.{name}')} | {format_shape(example.output_shape((1, c_in, hw, hw)))} "
                f"| **{format_int(example.param_count())}** | **{format_int(example.weight_count())}** |")
rf3 = receptive_field([ConvSpec(1, 1, 3)])[-1].size
rf31 = receptive_field([ConvSpec(1, 1, 3), ConvSpec(1, 1, 1)])[-1].size
st.markdown("\n\n".join((f"### {tr('pw.article')}", "\n".join(rows), f"### {tr('pw.notdo')}",
                         tr("pw.notdo.rf", rf3="×".join(map(str, rf3)), rf31="×".join(map(str, rf31))),
                         tr("pw.notdo.linear"))))
