"""Messages of the explorer's depth-slice view of a 3-D convolution (``convviz.animation.volume``)."""

EN: dict[str, str] = {
    "view.depth": "Depth slices",
    "vol.only_3d": "The Depth slices view draws 3-D layers; set the spatial dimensions to 3-D to see it.",
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
    "vol.legend.inserted": "inserted zero",
    "vol.legend.tap_zero": "tap on a zero",
    "vol.legend.done": "output computed",
    "vol.legend.pending": "not computed yet",
    "vol.t.intro": "A transposed 3-D layer is a stride-1 convolution with the flipped kernel over the input with "
                   "**stride − 1 zeros inserted** between its elements in every dimension — whole slices of zeros "
                   "between input depth slices — padded by **dilation·(k − 1) − padding** (a negative amount "
                   "crops), plus output_padding at the end; the kernel is flipped, its input/output channel axes "
                   "swapped within each group, and its dilation kept. Coordinates below are "
                   "positions in that grid: input element i sits at i·stride.",
    "vol.t.summary": "**y[0, {channel}, {d}, {h}, {w}]** reads {k_d} depth slices of the zero-inserted, padded input "
                     "× {k_hw} taps = **{taps}** taps per input channel: {on_input} on input elements, {on_zeros} "
                     "on zeros (inserted or padding). With {channels} input channel(s) in its group that is "
                     "{products} multiplications, {real} of them on input elements.",
    "vol.t.no_holes": "No depth slice is skipped (dilation 1 in depth): the kernel reads grid depths {first} … {last} "
                      "of the zero-inserted input.",
    "vol.t.inserted_slices": "Inserted-zero slices read: {count} (grid d = {depths}); every tap there reads a zero.",
    "vol.t.slice.input": "grid d = {d} ← input depth {source} · weight depth {k}",
    "vol.t.slice.zero": "grid d = {d} (inserted zeros) · weight depth {k}",
    "vol.t.slice.padding": "grid d = {d} (padding) · weight depth {k}",
    "vol.t.slice.taps": "{taps} taps: {input} input, {zeros} zeros",
    "vol.t.depth.caption": "The numbers are the weight depths that read each slice — the kernel is flipped, so they "
                           "count down; · marks a slice dilation skips; pale blue slices are inserted zeros, grey "
                           "ones padding.",
    "vol.anim.heading": "Animation through the volume",
    "error.volume_animation_size": "The 3-D animation draws grids of at most {limit} cells per side, and this "
                                   "layer's smallest grid has {size} on {dim}; use a smaller kernel_size, dilation, "
                                   "stride or padding (the depth slices still show any output element).",
    "vol.anim.intro": "The input's depth slices (padding included) lie side by side as tiles, labelled with their "
                      "depth d; below them, the output's. Each frame lights the taps of one output element — along "
                      "a row, then the next row, then the next depth slice — and marks it in the output.",
    "vol.t.anim.intro": "The tiles are the depth slices of the zero-inserted, padded input (pale blue: inserted "
                        "zeros, grey: padding); the flipped kernel moves over them with stride 1.",
    "vol.anim.tile": "d={d}",
    "vol.anim.thinned": "Too many steps to draw each one: every {every}th step is a frame (the controls above reach "
                        "every output element).",
    "vol.anim.cropped": "The input is too large to draw cell by cell: the animation runs over its first {shown} "
                        "elements of {full}.",
    "vol.anim.panel.input": "Input x[0, {channel}]: {shape}, padded {padded}<br>one tile per depth slice d",
    "vol.anim.panel.input.unpadded": "Input x[0, {channel}]: {shape}, no padding<br>one tile per depth slice d",
    "vol.anim.panel.tinput": "Input x[0, {channel}]: {shape}, {zeros} zero(s) inserted<br>padded (before/after) "
                             "{pads} → {grid}",
    "vol.anim.panel.output": "Output y[0, {channel}]: {shape} · C_out = {channels}<br>one tile per depth slice d",
}

ZH: dict[str, str] = {
    "view.depth": "深度切片",
    "vol.only_3d": "“深度切片”视图只绘制三维的层；把空间维度设为 3 维即可查看。",
    "vol.intro": "三维卷积核读取输入中的一个小块：卷积核的每个深度位置读取一个输入深度切片，"
                 "在每个切片中读取 k_H × k_W 的区域。"
                 "选择一个输出元素；用滑块（或方向键）逐个查看输出的深度切片，观察卷积核读取的输入切片如何移动。",
    "vol.depth": "输出深度 d",
    "vol.depth.help": "让滑块获得焦点后按 ← / → 逐个查看输出的深度切片。",
    "vol.row": "输出行 h",
    "vol.col": "输出列 w",
    "vol.one_depth": "输出只有一个深度切片（d = 0）。",
    "vol.summary": "**y[0, {channel}, {d}, {h}, {w}]** 读取 {k_d} 个输入深度切片 × 每片 {k_hw} 个采样点 = 每个输入通道 "
                   "**{taps}** 个采样点：{on_input} 个落在输入元素上，{on_padding} 个落在填充上。它所在的组有 "
                   "{channels} 个输入通道，共 {products} 次乘法。",
    "vol.holes": "深度方向的膨胀率为 {dilation}，核深度之间跳过 {count} 个切片（d = {depths}）："
                 "这就是膨胀后卷积核中的空洞。",
    "vol.no_holes": "深度方向没有跳过任何切片（膨胀率为 1）：卷积核读取输入深度 {first} … {last}。",
    "vol.padding_slices": "读取的切片中有 {count} 个是填充（d = {depths}）：那里的每个采样点读取{what}。",
    "vol.padding.zeros": "零",
    "vol.padding.copy": "某个输入切片的副本（padding_mode {mode}）",
    "vol.checked": "已用 PyTorch 核对：把真实的 `{module}` 的权重全部设为 1，这个输出对输入的梯度在每个输入元素上"
                   "数出的采样点数与此相同（共 {total} 个）。",
    "vol.differs": "PyTorch 的梯度数出的采样点与这里画出的覆盖范围不同：请报告这个问题。",
    "vol.see_depth": "三维的层改用“深度切片”视图：逐个深度查看输入和输出。",
    "vol.slice.input": "d = {d} · 核深度 {k}",
    "vol.slice.padding": "d = {d}（填充）· 核深度 {k}",
    "vol.slice.copy": "d = {d}（填充，复制 {source}）· 核深度 {k}",
    "vol.slice.taps": "{taps} 个采样点：输入 {input}，填充 {padding}",
    "vol.panel.output": "输出 y[0, {channel}, {d}] · {shape}",
    "vol.legend.input": "输入元素",
    "vol.legend.padding": "填充",
    "vol.legend.tap_input": "落在输入元素上的采样点",
    "vol.legend.tap_padding": "落在填充上的采样点",
    "vol.legend.hole": "跳过（膨胀）",
    "vol.legend.selected": "所选输出元素",
    "vol.hover.cell": "h = %{y}，w = %{x}：%{customdata}",
    "vol.hover.output": "y[…, {d}, %{{y}}, %{{x}}]",
    "vol.hover.depth": "深度 %{x}：%{customdata}",
    "vol.depth.x": "输入深度 d",
    "vol.depth.caption": "数字是读取该切片的核深度；· 表示因膨胀而跳过的切片；小于 0 和从 D 起的切片是填充。",
    "vol.depth.heading": "输入的深度切片",
    "vol.slices.heading": "卷积核读取的每个切片",
    "vol.legend.inserted": "插入的零",
    "vol.legend.tap_zero": "落在零上的采样点",
    "vol.legend.done": "已计算的输出",
    "vol.legend.pending": "尚未计算",
    "vol.t.intro": "三维转置卷积等价于：在输入元素之间的每个维度上**插入 stride − 1 个零**（在输入的深度切片之间插入"
                   "整片的零），再填充 **dilation·(k − 1) − padding**（负数表示裁剪），末端再多填充 output_padding，"
                   "然后用翻转、并在每组内交换输入/输出通道维的卷积核（膨胀率不变）做步幅为 1 的卷积。"
                   "下面的坐标是这个网格中的位置：输入元素 i 位于 i·stride。",
    "vol.t.summary": "**y[0, {channel}, {d}, {h}, {w}]** 读取插零并填充后的输入的 {k_d} 个深度切片 × 每片 {k_hw} "
                     "个采样点 = 每个输入通道 **{taps}** 个采样点：{on_input} 个落在输入元素上，{on_zeros} 个落在零上"
                     "（插入的或填充的）。它所在的组有 {channels} 个输入通道，共 {products} 次乘法，其中 {real} "
                     "次乘的是输入元素。",
    "vol.t.no_holes": "深度方向没有跳过任何切片（膨胀率为 1）：卷积核读取插零后输入的网格深度 {first} … {last}。",
    "vol.t.inserted_slices": "读取的切片中有 {count} 个是插入的零切片（网格 d = {depths}）：那里的每个采样点读取零。",
    "vol.t.slice.input": "网格 d = {d} ← 输入深度 {source} · 权重深度 {k}",
    "vol.t.slice.zero": "网格 d = {d}（插入的零）· 权重深度 {k}",
    "vol.t.slice.padding": "网格 d = {d}（填充）· 权重深度 {k}",
    "vol.t.slice.taps": "{taps} 个采样点：输入 {input}，零 {zeros}",
    "vol.t.depth.caption": "数字是读取该切片的权重深度——卷积核是翻转的，所以数字递减；· 表示因膨胀而跳过的切片；"
                           "浅蓝色切片是插入的零，灰色切片是填充。",
    "vol.anim.heading": "在体数据中播放卷积",
    "error.volume_animation_size": "三维动画最多绘制每边 {limit} 个格子的网格，而这个层最小的网格在 {dim} 上有 {size} "
                                   "个格子；请减小 kernel_size、dilation、stride 或 padding（深度切片视图仍可查看任意"
                                   "输出元素）。",
    "vol.anim.intro": "输入的各个深度切片（含填充）并排成小块，标注深度 d；下方是输出的深度切片。每一帧点亮一个输出"
                      "元素读取的采样点——先沿一行，再到下一行，再到下一个深度切片——并在输出中标出该元素。",
    "vol.t.anim.intro": "这些小块是插零并填充后的输入的深度切片（浅蓝：插入的零，灰色：填充）；翻转的卷积核以步幅 1 "
                        "在其上移动。",
    "vol.anim.tile": "d={d}",
    "vol.anim.thinned": "步数太多，无法逐步绘制：每 {every} 步取一帧（上方的控件可以到达每个输出元素）。",
    "vol.anim.cropped": "输入太大，无法逐格绘制：动画在 {full} 的前 {shown} 个元素上运行。",
    "vol.anim.panel.input": "输入 x[0, {channel}]：{shape}，填充后 {padded}<br>每个深度切片 d 一块",
    "vol.anim.panel.input.unpadded": "输入 x[0, {channel}]：{shape}，无填充<br>每个深度切片 d 一块",
    "vol.anim.panel.tinput": "输入 x[0, {channel}]：{shape}，插入 {zeros} 个零<br>填充（前/后）{pads} → {grid}",
    "vol.anim.panel.output": "输出 y[0, {channel}]：{shape} · C_out = {channels}<br>每个深度切片 d 一块",
}
