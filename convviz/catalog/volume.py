"""Messages of the explorer's depth-slice view of a 3-D convolution (``convviz.volume``)."""

EN: dict[str, str] = {
    "view.depth": "Depth slices",
    "vol.intro": "A 3-D kernel reads a small block of the input: one depth slice per kernel depth, a "
                 "k_H × k_W patch in each. Pick an output element; step through the output's depth with the slider "
                 "(or the arrow keys) and watch which input slices the block moves over.",
    "vol.depth": "Output depth d",
    "vol.depth.help": "Focus the slider and press ← / → to step through the output's depth slices.",
    "vol.row": "Output row h",
    "vol.col": "Output column w",
    "vol.one_depth": "The output has a single depth slice (d = 0).",
    "vol.summary": "**y[0, {channel}, {d}, {h}, {w}]** reads {k_d} input depth slices × {k_hw} taps = **{taps}** "
                   "taps per input channel: {on_input} on input elements, {on_padding} on padding. With "
                   "{channels} input channel(s) in its group that is {products} multiplications.",
    "vol.holes": "Dilation {dilation} in depth skips {count} slice(s) between the kernel depths (d = {depths}): "
                 "the holes of the dilated kernel.",
    "vol.no_holes": "No depth slice is skipped (dilation 1 in depth): the kernel reads input depths {first} … {last}.",
    "vol.padding_slices": "Padding slices read: {count} (d = {depths}); every tap there reads {what}.",
    "vol.padding.zeros": "a zero",
    "vol.padding.copy": "a copy of an input slice (padding_mode {mode})",
    "vol.checked": "Checked against PyTorch: the gradient of this output of the real `{module}` with all weights "
                   "set to 1 counts the same taps on each input element ({total} in all).",
    "vol.differs": "PyTorch's gradient counts different taps than the footprint drawn here: please report this.",
    "vol.see_depth": "For a 3-D layer the Depth slices view takes its place: it steps through the input and "
                     "output depth by depth.",
    "vol.slice.input": "d = {d} · kernel depth {k}",
    "vol.slice.padding": "d = {d} (padding) · kernel depth {k}",
    "vol.slice.copy": "d = {d} (padding, copy of {source}) · kernel depth {k}",
    "vol.slice.taps": "{taps} taps: {input} input, {padding} padding",
    "vol.panel.output": "Output y[0, {channel}, {d}] · {shape}",
    "vol.legend.input": "input element",
    "vol.legend.padding": "padding",
    "vol.legend.tap_input": "tap on an input element",
    "vol.legend.tap_padding": "tap on padding",
    "vol.legend.hole": "skipped (dilation)",
    "vol.legend.selected": "chosen output element",
    "vol.hover.cell": "h = %{y}, w = %{x}: %{customdata}",
    "vol.hover.output": "y[…, {d}, %{{y}}, %{{x}}]",
    "vol.hover.depth": "depth %{x}: %{customdata}",
    "vol.depth.x": "input depth d",
    "vol.depth.caption": "The numbers are the kernel depths that read each slice; · marks a slice dilation skips; "
                         "slices below 0 and from D on are padding.",
    "vol.depth.heading": "Depth slices of the input",
    "vol.slices.heading": "Each slice the kernel reads",
}

ZH: dict[str, str] = {
    "view.depth": "深度切片",
    "vol.intro": "三维卷积核读取输入中的一个小块：每个核深度读取一个深度切片，每个切片中读取 k_H × k_W 的一小片。"
                 "选择一个输出元素；用滑块（或方向键）逐个查看输出的深度切片，观察卷积核读取的输入切片如何移动。",
    "vol.depth": "输出深度 d",
    "vol.depth.help": "让滑块获得焦点后按 ← / → 逐个查看输出的深度切片。",
    "vol.row": "输出行 h",
    "vol.col": "输出列 w",
    "vol.one_depth": "输出只有一个深度切片（d = 0）。",
    "vol.summary": "**y[0, {channel}, {d}, {h}, {w}]** 读取 {k_d} 个输入深度切片 × 每片 {k_hw} 个抽头 = 每个输入通道 "
                   "**{taps}** 个抽头：{on_input} 个落在输入元素上，{on_padding} 个落在填充上。它所在的组有 "
                   "{channels} 个输入通道，共 {products} 次乘法。",
    "vol.holes": "深度方向的膨胀率为 {dilation}，核深度之间跳过 {count} 个切片（d = {depths}）："
                 "这就是膨胀卷积核的空洞。",
    "vol.no_holes": "深度方向没有跳过任何切片（膨胀率为 1）：卷积核读取输入深度 {first} … {last}。",
    "vol.padding_slices": "读取的切片中有 {count} 个是填充（d = {depths}）：那里的每个抽头读取{what}。",
    "vol.padding.zeros": "零",
    "vol.padding.copy": "某个输入切片的副本（padding_mode {mode}）",
    "vol.checked": "已用 PyTorch 核对：把真实的 `{module}` 的权重全部设为 1，这个输出对输入的梯度在每个输入元素上"
                   "数出的抽头数与此相同（共 {total} 个）。",
    "vol.differs": "PyTorch 的梯度数出的抽头与这里画出的覆盖范围不同：请报告这个问题。",
    "vol.see_depth": "三维的层改用“深度切片”视图：逐个深度查看输入和输出。",
    "vol.slice.input": "d = {d} · 核深度 {k}",
    "vol.slice.padding": "d = {d}（填充）· 核深度 {k}",
    "vol.slice.copy": "d = {d}（填充，复制 {source}）· 核深度 {k}",
    "vol.slice.taps": "{taps} 个抽头：输入 {input}，填充 {padding}",
    "vol.panel.output": "输出 y[0, {channel}, {d}] · {shape}",
    "vol.legend.input": "输入元素",
    "vol.legend.padding": "填充",
    "vol.legend.tap_input": "落在输入元素上的抽头",
    "vol.legend.tap_padding": "落在填充上的抽头",
    "vol.legend.hole": "跳过（膨胀）",
    "vol.legend.selected": "所选输出元素",
    "vol.hover.cell": "h = %{y}，w = %{x}：%{customdata}",
    "vol.hover.output": "y[…, {d}, %{{y}}, %{{x}}]",
    "vol.hover.depth": "深度 %{x}：%{customdata}",
    "vol.depth.x": "输入深度 d",
    "vol.depth.caption": "数字是读取该切片的核深度；· 表示因膨胀而跳过的切片；小于 0 和从 D 起的切片是填充。",
    "vol.depth.heading": "输入的深度切片",
    "vol.slices.heading": "卷积核读取的每个切片",
}
