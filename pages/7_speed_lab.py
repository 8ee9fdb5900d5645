"""Speed lab: standard, grouped, depthwise-separable and pointwise layers counted and measured on this machine,
the FLOP ratio beside the measured time ratio (with its spread)."""

import time

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import valid_groups
from convviz.lessons.speed_lab import (
    KINDS,
    MEASURE_SECONDS,
    PRESETS,
    SpeedCase,
    chain_flops,
    chain_output_shape,
    chain_params,
    check_case,
    compare,
    measure_case,
    ratio_figure,
)
from convviz.runtime import timing
from convviz.text.snippet import module_expression
from convviz.text.units import format_int, format_seconds, format_shape
from ui.link_schema import SPEED_CPU_DTYPES, speed_lab_groups

tr = ui.setup_page("speed.title")
state = st.session_state
KEEP = "session"
PAGE = "speed_lab"  # the page's URL path and link schema (ui/link_schema.py: bounds, keys, defaults)
# Link names → SpeedCase's fields, in its order.
FIELDS = {"in_channels": "in_channels", "out_channels": "out_channels", "input_size": "size",
          "kernel_size": "kernel_size", "groups": "groups", "batch": "batch"}
DEFAULTS = ui.link_defaults(PAGE)  # PRESETS["article"], float32 on the CPU
values = ui.link_state(PAGE)  # the linked values by link name (values["groups"]), not by widget key
for key, value in DEFAULTS.items():
    state.setdefault(key, value)
ui.sync_page_url(tr, PAGE, DEFAULTS, write=False)  # the lab writes the URL on every run, below


def measure_again() -> None:
    """The next attempt for this session: the cache key changes, so the layers are timed anew (a measurement
    taken while the machine was busy can be replaced)."""
    state["sl_attempt"] = int(state.get("sl_attempt", 0)) + 1


def load(name: str) -> None:
    values.update({link: getattr(PRESETS[name], field) for link, field in FIELDS.items()})


@st.cache_data(max_entries=32, show_spinner=False)
def measured(case: SpeedCase, device: str, dtype: str, channels_last: bool, attempt: int,
             progress_text: str) -> tuple[dict[str, timing.Timing], float]:
    """The four timings for one configuration and ``attempt``, and when they were taken (Unix time, seconds).
    Cached, for every session of this server: a rerun or a return to the page does not measure again, while
    "measure again" asks for the next attempt; the progress bar is made inside, so a cache hit replays it
    finished and emptied."""
    bar = st.progress(0.0, text=progress_text)
    timings = measure_case(case, device=device, dtype=dtype, channels_last=channels_last, min_run_time=MEASURE_SECONDS,
                           progress=lambda fraction: bar.progress(min(1.0, fraction), text=progress_text))
    bar.empty()
    return timings, time.time()


st.title(tr("speed.title"))
st.caption(tr("speed.caption"))
st.markdown(tr("speed.intro"))

@st.fragment
def lab() -> None:
    """Presets, controls, the counted table and the measurement: a change here reruns only this part of the
    page (not the sidebar, the introduction or the explanation below)."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{tr('speed.presets')}:**")
        for name in PRESETS:
            st.button(tr(f"speed.preset.{name}"), key=f"sl_preset_{name}", on_click=load, args=(name,))

    row = st.columns(4)
    row[0].number_input(tr("speed.ctl.in_channels"), step=1, **ui.link_widget(PAGE, "in_channels"), persist_state=KEEP)
    row[1].number_input(tr("speed.ctl.out_channels"), step=1, **ui.link_widget(PAGE, "out_channels"),
                        persist_state=KEEP)
    row[2].number_input(tr("speed.ctl.size"), step=1, **ui.link_widget(PAGE, "input_size"), persist_state=KEEP)
    row[3].number_input(tr("speed.ctl.batch"), step=1, **ui.link_widget(PAGE, "batch"), persist_state=KEEP)
    c_in, c_out = int(values["in_channels"]), int(values["out_channels"])
    options = valid_groups(c_in, c_out)
    if values["groups"] not in options:
        old, values["groups"] = values["groups"], speed_lab_groups(c_in, c_out)
        st.info(tr("gc.ctl.groups.reset", old=old, new=values["groups"]), icon=":material/info:")
    devices = ui.devices()
    if values["device"] not in devices:
        values["device"] = "cpu"
    dtypes = SPEED_CPU_DTYPES if values["device"] == "cpu" else timing.DTYPES
    if values["dtype"] not in dtypes:
        values["dtype"] = "float32"
    row = st.columns(4, vertical_alignment="bottom")
    row[0].slider(tr("speed.ctl.kernel"), **ui.link_widget(PAGE, "kernel_size", as_range=True), persist_state=KEEP)
    row[1].selectbox(tr("speed.ctl.groups"), options, key=ui.link_key(PAGE, "groups"), persist_state=KEEP)
    row[2].selectbox(tr("speed.ctl.device"), **ui.link_widget(PAGE, "device", options=devices), persist_state=KEEP)
    row[3].selectbox(tr("speed.ctl.dtype"), **ui.link_widget(PAGE, "dtype", options=dtypes), persist_state=KEEP)
    st.toggle(tr("speed.ctl.channels_last"), **ui.link_widget(PAGE, "channels_last"),
              help=tr("speed.ctl.channels_last.help"), persist_state=KEEP)
    if devices == ["cpu"]:
        st.caption(tr("speed.no_gpu"))
    ui.write_page_url(tr, PAGE, DEFAULTS, sidebar=False)  # the URL and the copy-link box follow every change

    case = SpeedCase(*(int(values[link]) for link in FIELDS))
    names = {kind: tr(f"speed.kind.{kind}", groups=case.groups) for kind in KINDS}

    # ---- counted: instant, from the shapes ------------------------------------------------------------------------
    st.subheader(tr("speed.counted.heading"))
    try:
        chains = check_case(case)
    except ConvSpecError as error:  # MemoryLimitError included: refused before anything runs
        ui.show_error(tr, error)
        return
    flops = {kind: chain_flops(chains[kind], case.input_shape) for kind in KINDS}
    output_shape = chain_output_shape(chains["standard"], case.input_shape)
    st.markdown(tr("speed.counted.shapes", input=format_shape(case.input_shape), output=format_shape(output_shape)))
    columns = [tr(f"speed.col.{name}") for name in ("layer", "params", "flops", "flop_ratio")]
    st.table([dict(zip(columns, (names[kind], format_int(chain_params(chains[kind])), format_int(flops[kind]),
                                 f"{flops['standard'] / flops[kind]:.3g}×"))) for kind in KINDS], hide_index=True)
    st.code("\n".join(f"# {names[kind]}\n" + " → ".join(module_expression(layer) for layer in chains[kind])
                       for kind in KINDS), language=None, wrap_lines=True)  # labelled in the page's language
    st.caption(tr("speed.counted.note"))

    # ---- measured: behind the button ----------------------------------------------------------------------------
    st.subheader(tr("speed.measure.heading"))
    config = (case, values["device"], values["dtype"], bool(values["channels_last"]))
    shown = state.get("sl_measured") == config
    if not shown:  # one button at a time: "Measure" before the results, "Measure again" under them
        st.button(tr("speed.ctl.measure"), key="sl_measure", type="primary", icon=":material/timer:",
                  on_click=state.__setitem__, args=("sl_measured", config))
    st.caption(tr("speed.measure.hint", device=values["device"], each=format_seconds(MEASURE_SECONDS),
                  total=format_seconds(len(KINDS) * MEASURE_SECONDS)))
    if state.get("sl_measured") not in (None, config):
        st.info(tr("speed.measure.stale"), icon=":material/info:")
    if shown:
        try:
            timings, taken = measured(*config, int(state.get("sl_attempt", 0)), tr("speed.measure.progress"))
        except ConvSpecError as error:
            ui.show_error(tr, error)
            return
        noisy = [names[kind] for kind in KINDS if timings[kind].noisy]
        if noisy:
            separator = "、" if tr.lang == "zh" else ", "
            st.warning(tr("speed.measure.noisy", layers=separator.join(noisy)), icon=":material/warning:")
        with st.container(horizontal=True, vertical_alignment="center"):
            st.button(tr("speed.ctl.measure_again"), key="sl_measure_again", icon=":material/refresh:",
                      on_click=measure_again)
            st.caption(tr("speed.measure.taken", time=time.strftime("%H:%M:%S", time.gmtime(taken)),
                          ago=max(0, round(time.time() - taken))))
        comparisons = compare(timings)
        fmt = format_seconds
        columns = [tr(f"speed.col.{name}") for name in ("layer", "median", "flops", "gflops", "time_ratio")]
        st.table([dict(zip(columns, (
            names[c.kind], tr("speed.median_iqr", median=fmt(timings[c.kind].median_s), q1=fmt(timings[c.kind].q1_s),
                              q3=fmt(timings[c.kind].q3_s), runs=timings[c.kind].runs * timings[c.kind].number_per_run),
            format_int(timings[c.kind].flops), f"{timings[c.kind].gflops_per_s:.3g}",
            f"{c.time.median:.2g}× ({c.time.low:.2g}× – {c.time.high:.2g}×)"))) for c in comparisons],
            hide_index=True)
        labels = {**names, "flops": tr("speed.fig.flops"), "time": tr("speed.fig.time"), "y": tr("speed.fig.y")}
        ui.plotly_chart(ratio_figure(comparisons, labels=labels), key="sl_ratio_chart")
        standard = timings["standard"]
        for c in comparisons[1:]:
            st.markdown(tr("speed.measure.summary", layer=names[c.kind], flop_ratio=f"{c.flop_ratio:.3g}",
                           time_ratio=f"{c.time.median:.2g}", low=f"{c.time.low:.2g}", high=f"{c.time.high:.2g}",
                           gflops=f"{timings[c.kind].gflops_per_s:.3g}", std_gflops=f"{standard.gflops_per_s:.3g}"))
        st.caption(tr("speed.measure.spread"))
        layout = tr("speed.layout.nhwc") if standard.channels_last else tr("speed.layout.nchw")
        st.caption(tr("speed.measure.conditions", device=standard.device, threads=standard.threads,
                      dtype=standard.dtype, layout=layout))


lab()

st.subheader(tr("speed.why.heading"))
st.markdown(tr("speed.why"))
