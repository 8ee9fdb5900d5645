"""Messages of the explorer's transposed and causal parts: switches, overlap heatmap, shape inversion, gather
view of the animation, causal timeline."""

EN: dict[str, str] = {
    "ctl.transposed": "Transposed (ConvTranspose)",
    "ctl.transposed.help": "Make it torch.nn.ConvTranspose: every input element stamps the kernel onto the output, "
                           "stride apart. Padding then crops the output; only padding_mode 'zeros' exists.",
    "ctl.output_padding": "output_padding",
    "ctl.output_padding.help": "Extra rows/columns at the end of the output (smaller than the larger of the "
                               "stride and the dilation). A strided convolution maps several input sizes to the "
                               "same output size; output_padding picks which of them the transposed layer "
                               "returns.",
    "ctl.causal": "Causal (1-D)",
    "ctl.causal.help": "Pad dilation·(k − 1) on the left only, so no output sees the future (WaveNet, TCN). "
                       "The padding control is off while this is on.",
    "ctl.causal.padding_off": "Padding: causal, dilation·(k − 1) on the left, none on the right.",
    "tconv.heading": "Transposed convolution",
    "tconv.explain": "Each input element multiplies the whole kernel and adds the result into the output, "
                     "**{stride}** apart. Then **padding** crops {padding} from both ends, and **output_padding** "
                     "adds {output_padding} element(s) at the end. These are computed like all the others, not "
                     "filled with zeros: they collect the contributions the padding would otherwise have cropped "
                     "there; any beyond what the padding cropped (all of them when padding is 0) receive none and "
                     "hold only the bias. Weight shape **(C_in, C_out/g, \\*k)** = {weight}.",
    "tconv.overlap.heading": "Overlap: how many kernel placements write each output element",
    "tconv.overlap.checker": "The counts are uneven ({low}…{high}) away from the edges: on {dims} the taps' "
                             "offsets t·dilation (t = 0 … k − 1), taken modulo the stride, do not hit every "
                             "remainder equally often, so some outputs receive more contributions than their "
                             "neighbours: the uneven overlap that Odena, Dumoulin & Olah (2016) identify as a cause "
                             "of the checkerboard artefacts of transposed convolutions. The overlap is even in a "
                             "dimension exactly when the stride divides the kernel size and shares no factor with "
                             "the dilation.",
    "tconv.overlap.even": "Away from the edges every output element receives the same number of contributions "
                          "({count}): in every dimension the stride divides the kernel size and shares no factor "
                          "with the dilation. So there is no built-in checkerboard pattern — though trained weights "
                          "can still produce checkerboard artefacts (Odena, Dumoulin & Olah 2016).",
    "tconv.overlap.short": "This input is too short to show it: every output element here is near an edge, "
                           "where fewer placements reach it. A longer input shows the pattern.",
    "tconv.overlap.colorbar": "placements",
    "tconv.overlap.hover": "output (%{y}, %{x}): %{z} placements",
    "tconv.overlap.x": "output index",
    "tconv.inversion.heading": "Undo this shape with a transposed convolution",
    "tconv.inversion.explain": "This layer maps {input} to {output}. The transposed layer **{module}** maps "
                               "{output} back to **{input}** (output_padding {output_padding}).",
    "tconv.inversion.ambiguous": "Inputs {sizes} all give the same output size, which is why the transposed "
                                 "layer needs output_padding (or output_size={size} in its forward call) to pick "
                                 "one.",
    "tconv.inversion.button": "Switch the explorer to this transposed layer",
    "tconv.panel.input": "Input x[0, {channel}] {shape}, {zeros} zero(s) inserted<br>padded (before/after) {pads}"
                         " → {grid}",
    "tconv.panel.output": "Output y[0, {channel}]<br>{shape} · C_out = {channels}",
    "tconv.anim.intro": "A transposed convolution can be computed as a stride-1 convolution, with the kernel "
                        "flipped and its input/output channel axes swapped within each group (the dilation stays), "
                        "over the input with **stride − 1 zeros inserted** "
                        "between its elements, padded by **dilation·(k − 1) − padding** on each side (a negative "
                        "amount crops) plus **output_padding** more at the end. Grey cells hold zeros (inserted or "
                        "padding); press **▶ Play** to watch the output fill in.",
    "tconv.anim.reads": "**Step {step}/{steps}** — {cell} reads {taps} grid cells, {real} of them input elements "
                        "and {zeros} zeros, with the flipped kernel; the value is the real ConvTranspose module's.",
    "tconv.anim.no_pair": "The animation shows the transposed layer; the 1×1 layer after it is in the numbers.",
    "tconv.causal.heading": "Causal convolution over time",
    "tconv.causal.explain": "With stride 1, output t reads inputs t − {span} … t only (with stride s: "
                            "t·s − {span} … t·s); the padding is {left} on the left and none on the right, so no "
                            "output sees the future. The red cone is what the last output depends on.",
}

ZH: dict[str, str] = {
    "ctl.transposed": "转置卷积（ConvTranspose）",
    "ctl.transposed.help": "改为 torch.nn.ConvTranspose：每个输入元素把整个卷积核按步幅间隔叠加到输出上。"
                           "此时 padding 从输出两端裁掉元素；只支持 padding_mode 'zeros'。",
    "ctl.output_padding": "output_padding（输出填充）",
    "ctl.output_padding.help": "在输出末端额外增加的行/列（须小于步幅与膨胀率中较大的那个）。带步幅的卷积会把几种"
                               "输入尺寸映射为同一输出尺寸，它决定转置层还原成哪一种。",
    "ctl.causal": "因果卷积（一维）",
    "ctl.causal.help": "只在左侧填充 dilation·(k − 1)，使任何输出都看不到未来（WaveNet、TCN）。开启时填充控件停用。",
    "ctl.causal.padding_off": "填充：因果，左侧 dilation·(k − 1)，右侧为 0。",
    "tconv.heading": "转置卷积",
    "tconv.explain": "每个输入元素乘以整个卷积核，把结果加到输出上，间隔 **{stride}**。然后 **padding** 从两端各"
                     "裁掉 {padding}，**output_padding** 在末端增加 {output_padding} 个输出元素。它们和其他输出一样"
                     "计算，并非补零：得到的是本来会被末端 padding 裁掉的那些贡献；超出 padding 所裁部分的元素"
                     "（padding 为 0 时是全部）得不到贡献，只剩偏置。权重形状 **(C_in, C_out/g, \\*k)** = {weight}。",
    "tconv.overlap.heading": "重叠：每个输出元素叠加了多少次卷积核",
    "tconv.overlap.checker": "远离边缘处计数不均匀（{low}…{high}）：在 {dims} 上，各采样点的偏移 t·dilation"
                             "（t = 0 … k − 1）对步幅取余后，并非每个余数都出现同样多次，于是有些输出比相邻元素得到更多"
                             "贡献；Odena、Dumoulin 与 Olah（2016）指出，这种不均匀的重叠是转置卷积产生棋盘格伪影的"
                             "一个原因。某一维上的重叠均匀，当且仅当步幅整除卷积核尺寸、且与膨胀率互质。",
    "tconv.overlap.even": "远离边缘处每个输出元素得到的贡献次数相同（{count}）：每一维上步幅都整除卷积核尺寸，且与"
                          "膨胀率互质。因此没有固有的棋盘格图案——不过训练得到的权重仍可能产生棋盘格伪影"
                          "（Odena、Dumoulin 与 Olah，2016）。",
    "tconv.overlap.short": "这个输入太短，看不到这一规律：这里每个输出元素都靠近边缘，叠加到它上面的次数更少。"
                           "输入更长时就能看到。",
    "tconv.overlap.colorbar": "叠加次数",
    "tconv.overlap.hover": "输出 (%{y}, %{x})：叠加 %{z} 次",
    "tconv.overlap.x": "输出索引",
    "tconv.inversion.heading": "用转置卷积还原这个形状",
    "tconv.inversion.explain": "该层把 {input} 变为 {output}。转置层 **{module}** 把 {output} 还原为 **{input}**"
                               "（output_padding {output_padding}）。",
    "tconv.inversion.ambiguous": "输入 {sizes} 都得到相同的输出尺寸，所以转置层需要 output_padding（或在调用时给 "
                                 "output_size={size}）来选定其中一个。",
    "tconv.inversion.button": "把卷积探索器切换到这个转置层",
    "tconv.panel.input": "输入 x[0, {channel}] {shape}，插入 {zeros} 个零<br>填充（前/后）{pads} → {grid}",
    "tconv.panel.output": "输出 y[0, {channel}]<br>{shape} · C_out = {channels}",
    "tconv.anim.intro": "转置卷积可以这样计算：在输入元素之间**插入 stride − 1 个零**，两侧各填充 "
                        "**dilation·(k − 1) − padding**（负数表示裁剪），末端再多填充 **output_padding**，"
                        "然后用翻转、并在每组内交换输入/输出通道维的卷积核（膨胀率不变）做步幅为 1 的卷积。"
                        "灰色格子是零（插入的或填充的）；"
                        "按 **▶ 播放** 观看输出逐格生成。",
    "tconv.anim.reads": "**第 {step}/{steps} 步** —— {cell} 用翻转的卷积核读取 {taps} 个格子，"
                        "其中 {real} 个是输入元素，{zeros} 个是零；数值来自真实的 ConvTranspose 模块。",
    "tconv.anim.no_pair": "动画只展示转置层；其后的 1×1 层见数值视图。",
    "tconv.causal.heading": "随时间展开的因果卷积",
    "tconv.causal.explain": "步幅为 1 时，输出 t 只读取输入 t − {span} … t（步幅为 s 时为 t·s − {span} … t·s）；"
                            "左侧填充 {left}，右侧为 0，因此看不到未来。红色锥形是最后一个输出所依赖的部分。",
}
