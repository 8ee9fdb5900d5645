"""Messages of the grouped convolution page."""

EN: dict[str, str] = {
    "nav.grouped": "Grouped convolution",
    "home.blurb.grouped": "what groups connects to what, why it divides weights and MACs, channel shuffle",
    "gc.title": "Grouped convolution",
    "gc.caption": "Split the channels into groups and convolve each group on its own.",
    "gc.intro": (
        "With `groups = g` the C_in input channels are split into g consecutive blocks of C_in/g, and the C_out "
        "filters into g blocks of C_out/g. Filter block j reads input block j only, then the g outputs are "
        "concatenated. Each filter therefore has C_in/g · k_H · k_W weights instead of C_in · k_H · k_W: "
        "**weights and MACs are divided by g**. The bias — one value per output channel — does not divide. "
        "`groups = 1` is the standard convolution; `groups = in_channels` is the depthwise convolution."
    ),
    "gc.example": "The article's example",
    "gc.example.button": "64 → 64, 3×3, groups 4",
    "gc.ctl.in_channels": "in_channels (C_in)",
    "gc.ctl.out_channels": "out_channels (C_out)",
    "gc.ctl.kernel_size": "kernel_size (padding k // 2)",
    "gc.ctl.size": "Height = width",
    "gc.ctl.bias": "bias",
    "gc.ctl.groups": "groups",
    "gc.ctl.groups.help": "Every value that divides both in_channels and out_channels: {valid}. "
                          "1 is the standard convolution; {depthwise}.",
    "gc.ctl.groups.depthwise": "{c} (= in_channels) is the depthwise convolution",
    "gc.ctl.groups.no_depthwise": "groups = in_channels is not possible because it does not divide out_channels",
    "gc.ctl.groups.reset": "groups={old} does not divide both channel counts, so it was set to {new}.",
    "gc.res.output_shape": "Output shape",
    "gc.res.weight_shape": "Weight shape",
    "gc.res.params": "Parameters",
    "gc.res.macs": "MACs",
    "gc.res.vs_standard": "{value} with groups = 1",
    "gc.res.macs.help": "Multiply–accumulates over the whole batch, bias excluded. FLOPs = 2 × MACs.",
    "gc.confirm": (
        "PyTorch agrees: `{module}` ran on **{device}** and returned `{shape}`; its parameters sum to "
        "**{params}** elements (standard layer: **{std_params}**) and `FlopCounterMode` counts **{flops}** FLOPs "
        "= 2 × {macs} MACs."
    ),
    "gc.mismatch": "PyTorch gave {torch} but the library computed {ours}: please report this.",
    "gc.formulas": "Why it divides — with your numbers",
    "gc.formulas.explain": (
        "Weights: the standard layer's {std_weights} divided by g = {g} is {weights}; then the bias adds "
        "{bias}, undivided: **{std_params} → {params}** parameters, {ratio} of the standard layer "
        "(exactly 1/{g} = {exact} without bias). MACs divide exactly: {std_macs} / {g} = {macs}."
    ),
    "gc.figures": "What connects to what",
    "gc.figures.explain": (
        "Left: each input channel is wired to the filters of its group; each filter makes one output channel. "
        "Right: the same as a C_out × C_in matrix — a coloured cell is a k×k kernel that exists, a blank one a "
        "weight the grouped layer does not have. With g groups only 1/g of the matrix is filled: the block "
        "diagonal. Colours: Okabe–Ito (readable with colour-vision deficiencies), one per group."
    ),
    "gc.figures.repeat": "Colours repeat every 8 groups.",
    "gc.figures.subsampled": "Drawn: the first {in_drawn} of {in_channels} input and {out_drawn} of {out_channels} "
                             "output channels (a diagram stays readable up to {limit}).",
    "gc.fig.inputs": "input channels",
    "gc.fig.filters": "filters",
    "gc.fig.outputs": "output channels",
    "gc.fig.group": "group",
    "gc.fig.channel": "channel",
    "gc.fig.filter": "filter",
    "gc.fig.in": "input channel",
    "gc.fig.out": "output channel (filter)",
    "gc.fig.weights": "weights",
    "gc.shuffle": "Channel shuffle (ShuffleNet)",
    "gc.shuffle.explain": (
        "Stack two grouped layers ({c} → {c} channels, groups = {g}) and each group of the second layer reads "
        "only what the same group of the first layer made: information never crosses groups. ShuffleNet "
        "(Zhang et al. 2018) shuffles the channels in between — reshape to (g, C/g), transpose, flatten — so "
        "that every group of the second layer gets channels from several groups of the first."
    ),
    "gc.shuffle.toggle": "Shuffle the channels between the two layers",
    "gc.shuffle.none": "With groups = 1 there is only one group: nothing to shuffle. Choose more groups above.",
    "gc.shuffle.result": (
        "**Without** the shuffle, group 0 of the second layer sees input group(s) **{off}** of the first; "
        "**with** it, groups **{on}** ({count} of {g})."
    ),
    "gc.shuffle.limit": "Each group of the second layer has C/g = {per} input channels, so it can reach at most "
                        "{per} of the {g} groups.",
    "gc.shuffle.torch": "The reshape/transpose shuffle equals PyTorch's `nn.ChannelShuffle({g})` on a test tensor: "
                        "**{ok}**.",
    "gc.shuffle.wiring": "wiring",
    "gc.shuffle.seen": "channels each group receives",
    "gc.shuffle.before": "layer 1 outputs",
    "gc.shuffle.after": "layer 2 inputs",
    "gc.shuffle.rows": "layer 2 group",
    "gc.shuffle.cols": "layer 1 group",
    "gc.shuffle.channels": "channels",
    "gc.shuffle.no_wiring": "The wiring is drawn up to {limit} channels; the matrix shows all {c}.",
    "gc.yes": "yes",
    "gc.no": "no",
    "gc.explorer_hint": "Open this layer (with its input) in the explorer for the output-size formula, memory and a "
                        "runnable snippet.",
}

ZH: dict[str, str] = {
    "nav.grouped": "分组卷积",
    "home.blurb.grouped": "groups 把什么连到什么，为何权重和乘加次数都除以 g，以及通道混洗",
    "gc.title": "分组卷积",
    "gc.caption": "把通道分成若干组，每组各自做卷积。",
    "gc.intro": (
        "设 `groups = g`：C_in 个输入通道被分成 g 个连续的块，每块 C_in/g 个通道；C_out 个卷积核也分成 g 块，"
        "每块 C_out/g 个。第 j 块卷积核只读取第 j 块输入，最后把 g 组输出拼接起来。因此每个卷积核只有 "
        "C_in/g · k_H · k_W 个权重，而不是 C_in · k_H · k_W：**权重和乘加次数都除以 g**。偏置（每个输出通道一个）"
        "不随之减少。`groups = 1` 是标准卷积；`groups = in_channels` 就是深度卷积。"
    ),
    "gc.example": "原文的例子",
    "gc.example.button": "64 → 64，3×3，分 4 组",
    "gc.ctl.in_channels": "输入通道数 in_channels (C_in)",
    "gc.ctl.out_channels": "输出通道数 out_channels (C_out)",
    "gc.ctl.kernel_size": "卷积核大小 kernel_size（填充 k // 2）",
    "gc.ctl.size": "高 = 宽",
    "gc.ctl.bias": "偏置 bias",
    "gc.ctl.groups": "分组数 groups",
    "gc.ctl.groups.help": "所有同时整除 in_channels 和 out_channels 的值：{valid}。1 是标准卷积；{depthwise}。",
    "gc.ctl.groups.depthwise": "{c}（= in_channels）是深度卷积",
    "gc.ctl.groups.no_depthwise": "groups = in_channels 不可用，因为它不能整除 out_channels",
    "gc.ctl.groups.reset": "groups={old} 不能同时整除两个通道数，已改为 {new}。",
    "gc.res.output_shape": "输出形状",
    "gc.res.weight_shape": "权重形状",
    "gc.res.params": "参数量",
    "gc.res.macs": "乘加次数 (MACs)",
    "gc.res.vs_standard": "groups = 1 时为 {value}",
    "gc.res.macs.help": "整个批次的乘加次数，不含偏置。FLOPs = 2 × MACs。",
    "gc.confirm": (
        "PyTorch 验证一致：`{module}` 在 **{device}** 上运行，输出 `{shape}`；参数元素总数为 **{params}**"
        "（标准卷积：**{std_params}**），`FlopCounterMode` 计得 **{flops}** FLOPs = 2 × {macs} MACs。"
    ),
    "gc.mismatch": "PyTorch 得到 {torch}，而库计算为 {ours}：请报告此问题。",
    "gc.formulas": "为什么是除以 g——代入你的数值",
    "gc.formulas.explain": (
        "权重：标准卷积的 {std_weights} 除以 g = {g} 得 {weights}；再加上不被分组减少的 {bias} 个偏置："
        "**{std_params} → {params}** 个参数，是标准卷积的 {ratio}（不含偏置时恰好是 1/{g} = {exact}）。"
        "乘加次数严格地除以 g：{std_macs} / {g} = {macs}。"
    ),
    "gc.figures": "谁和谁相连",
    "gc.figures.explain": (
        "左图：每个输入通道只连到本组的卷积核；每个卷积核生成一个输出通道。右图：同样的连接写成 C_out × C_in "
        "矩阵——有颜色的格子是存在的 k×k 卷积核，空白的是分组卷积没有的权重。分成 g 组时只有 1/g 的格子被填上："
        "块对角矩阵。配色：Okabe–Ito（色觉障碍者也能分辨），每组一种颜色。"
    ),
    "gc.figures.repeat": "每 8 组颜色循环一次。",
    "gc.figures.subsampled": "图中只画出前 {in_drawn} 个（共 {in_channels} 个）输入通道和前 {out_drawn} 个"
                             "（共 {out_channels} 个）输出通道（超过 {limit} 个图就看不清了）。",
    "gc.fig.inputs": "输入通道",
    "gc.fig.filters": "卷积核",
    "gc.fig.outputs": "输出通道",
    "gc.fig.group": "组",
    "gc.fig.channel": "通道",
    "gc.fig.filter": "卷积核",
    "gc.fig.in": "输入通道",
    "gc.fig.out": "输出通道（卷积核）",
    "gc.fig.weights": "个权重",
    "gc.shuffle": "通道混洗（ShuffleNet）",
    "gc.shuffle.explain": (
        "把两个分组卷积层（{c} → {c} 个通道，groups = {g}）叠在一起，第二层的每一组只能读到第一层同一组的输出："
        "信息永远不会跨组流动。ShuffleNet（Zhang 等，2018）在两层之间混洗通道——reshape 成 (g, C/g)、转置、"
        "再展平——让第二层的每一组都能拿到第一层多个组的通道。"
    ),
    "gc.shuffle.toggle": "在两层之间混洗通道",
    "gc.shuffle.none": "groups = 1 时只有一组，无需混洗。请在上面选择更多的组。",
    "gc.shuffle.result": (
        "**不混洗**时，第二层的第 0 组只看到第一层的第 **{off}** 组；**混洗后**看到第 **{on}** 组"
        "（{g} 组中的 {count} 组）。"
    ),
    "gc.shuffle.limit": "第二层每组只有 C/g = {per} 个输入通道，所以最多只能接触 {g} 组中的 {per} 组。",
    "gc.shuffle.torch": "reshape/转置实现的混洗在测试张量上与 PyTorch 的 `nn.ChannelShuffle({g})` 结果相同：**{ok}**。",
    "gc.shuffle.wiring": "连线",
    "gc.shuffle.seen": "每组收到的通道数",
    "gc.shuffle.before": "第 1 层输出",
    "gc.shuffle.after": "第 2 层输入",
    "gc.shuffle.rows": "第 2 层的组",
    "gc.shuffle.cols": "第 1 层的组",
    "gc.shuffle.channels": "个通道",
    "gc.shuffle.no_wiring": "连线图最多画 {limit} 个通道；矩阵显示全部 {c} 个。",
    "gc.yes": "是",
    "gc.no": "否",
    "gc.explorer_hint": "在探索器中打开这一层（连同输入），查看输出尺寸公式、内存和可运行的代码。",
}
