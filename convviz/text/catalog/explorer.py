"""Messages of the convolution explorer page: controls, presets, results."""

EN: dict[str, str] = {
    "explorer.title": "Convolution explorer",
    "explorer.caption": "Set up one convolution layer; PyTorch runs it and every number is worked out below.",
    "explorer.presets": "Worked examples from the source article",
    "explorer.reset": "Classic 5×5 example",
    "preset.pointwise": "1×1: 64 → 128 channels",
    "preset.pointwise_reduction": "1×1: 500×500×100 → 20",
    "preset.dilated": "Dilated: 3×3, dilation 2",
    "preset.grouped": "Grouped: 64 → 64, groups 4",
    "preset.separable": "Depthwise-separable: 64 → 128",
    "preset.separable_picture": "Depthwise-separable: 3-channel 64×64 → 4",
    "preset.loaded": "Loaded: {name}.",
    "explorer.controls": "Layer",
    "explorer.input": "Input",
    "ctl.spatial_dims": "Spatial dimensions",
    "ctl.spatial_dims.option": "{n}-D",
    "ctl.batch": "Batch size N",
    "ctl.in_channels": "in_channels (C_in)",
    "ctl.out_channels": "out_channels (C_out)",
    "ctl.input_size": "Input size",
    "ctl.kernel_size": "kernel_size",
    "ctl.stride": "stride",
    "ctl.padding": "padding",
    "ctl.padding_kind": "Padding",
    "ctl.padding_kind.number": "number",
    "ctl.padding_kind.same": "'same'",
    "ctl.padding_kind.valid": "'valid'",
    "ctl.dilation": "dilation",
    "ctl.groups": "groups",
    "ctl.groups.help": "Only values that divide both in_channels and out_channels are offered: {valid}.",
    "ctl.groups.reset": "groups={old} no longer divides both channel counts, so it was set to 1.",
    "ctl.bias": "bias",
    "ctl.padding_mode": "padding_mode",
    "ctl.device": "Device",
    "ctl.per_dim": "Set each dimension separately",
    "ctl.more": "More: per-dimension sizes, batch, transposed, causal, padding mode, bias, 1×1 after, device",
    "ctl.pointwise": "Then a 1×1 pointwise conv",
    "ctl.pointwise.help": "Follow this layer with a 1×1 pointwise convolution: with groups = in_channels the pair "
                          "is a depthwise-separable convolution (Howard et al. 2017).",
    "ctl.pointwise_out": "Pointwise out_channels",
    "device.no_gpu": "No GPU on the server running convviz: the layer runs on the CPU.",
    "res.output_shape": "Output shape",
    "res.input_shape": "Input shape",
    "res.weight_shape": "Weight shape",
    "res.weight_shape.help": "(out_channels, in_channels/groups, *kernel_size)",
    "res.confirm": "PyTorch agrees: `{module}` ran on **{device}** and returned `{shape}`, the shape computed above.",
    "res.mismatch": "PyTorch returned {torch_shape} but the library computed {shape}: please report this.",
    "res.running": "Running the layer in PyTorch…",
    "res.size.heading": "Output size",
    "res.size.explain": "PyTorch's formula per spatial dimension (floor division), with your numbers:",
    "res.padding_applied": "Padding applied (before, after): {pads}.",
    "res.effective_kernel": "Effective (dilated) kernel size dilation·(k − 1) + 1: {k_eff}.",
    "res.params.heading": "Parameters",
    "res.params.value": "{weights} weights + {bias} bias = **{total}** parameters",
    "res.compute.heading": "Compute",
    "res.macs": "MACs",
    "res.flops": "FLOPs",
    "res.macs_with_bias": "MACs with bias",
    "res.compute.convention": (
        "MACs are multiply–accumulates over the whole batch; FLOPs = 2 × MACs, bias excluded — the "
        "convention of torch.utils.flop_counter. torchinfo and ptflops also count the bias, one MAC per "
        "output element; the table below gives each tool's own number, label and scope (batch or one sample)."
    ),
    "res.memory.heading": "Memory (float32)",
    "res.memory.input": "Input activations",
    "res.memory.output": "Output activations",
    "res.memory.weights": "Weights + bias",
    "res.memory.explain": "{elements} elements × 4 bytes = {bytes} bytes",
    "res.memory.pointwise.keeps": (
        "**This 1×1 convolution keeps the spatial size** ({size_in} in, {size_out} out): a 1×1 convolution keeps "
        "height and width with stride 1 and no padding, as here, so its output activations differ from its "
        "input's only by the channel count."
    ),
    "res.memory.pointwise.changes": (
        "**This 1×1 convolution does not keep the spatial size**: {size_in} in, {size_out} out (stride {stride}, "
        "padding {padding}). A 1×1 convolution keeps height and width only with stride 1 and no padding; with "
        "stride 2 it reads every second row and column — ResNet's projection shortcut is such a layer "
        "(He et al. 2016)."
    ),
    "res.code.heading": "PyTorch code",
    "res.code.caption": "Paste it into Python: it builds the layer, checks the shape and prints the parameter count.",
    "res.pointwise.heading": "Then the 1×1 pointwise convolution",
    "res.pointwise.topic": "1×1 after",
    "res.topic": "Worked out",
    "res.weight_shape.pair": "Weight shape (k×k layer)",
    "res.weight_shape.pair.help": "(out_channels, in_channels/groups, *kernel_size) of the first layer; the 1×1 "
                                  "layer after it has weight {second}.",
    "res.params.pair": "Parameters (both layers)",
    "res.params.pair.help": "{first} in the k×k layer + {second} in the 1×1 layer (weights and bias).",
    "res.macs.pair": "MACs (both layers)",
    "res.macs.pair.help": "{first} in the k×k layer + {second} in the 1×1 layer, bias excluded (FLOPs = 2 × MACs).",
    "res.params.metric.help": "Weights plus bias of this layer (the 1×1 layer after it: see its tab below).",
    "res.macs.metric.help": "Multiply–accumulates over the whole batch, bias excluded (FLOPs = 2 × MACs): "
                            "the Compute tab below works them out.",
    "res.pair.total": "Together: {first} + {second} = **{total}** parameters, {macs} MACs.",
    "res.pair.standard": (
        "One standard convolution with the same input, output and kernel, `{module}`, needs **{params}** "
        "parameters and {macs} MACs: the pair uses {ratio} of its parameters."
    ),
}

ZH: dict[str, str] = {
    "explorer.title": "卷积探索器",
    "explorer.caption": "设置一个卷积层；PyTorch 会实际运行它，下方给出每个数字的推导。",
    "explorer.presets": "原文中的示例",
    "explorer.reset": "经典 5×5 示例",
    "preset.pointwise": "1×1：64 → 128 通道",
    "preset.pointwise_reduction": "1×1：500×500×100 → 20",
    "preset.dilated": "空洞卷积：3×3，膨胀率 2",
    "preset.grouped": "分组卷积：64 → 64，4 组",
    "preset.separable": "深度可分离卷积：64 → 128",
    "preset.separable_picture": "深度可分离卷积：3 通道 64×64 → 4",
    "preset.loaded": "已载入：{name}。",
    "explorer.controls": "卷积层",
    "explorer.input": "输入",
    "ctl.spatial_dims": "空间维度",
    "ctl.spatial_dims.option": "{n} 维",
    "ctl.batch": "批大小 N",
    "ctl.in_channels": "输入通道数 in_channels (C_in)",
    "ctl.out_channels": "输出通道数 out_channels (C_out)",
    "ctl.input_size": "输入尺寸",
    "ctl.kernel_size": "卷积核大小 kernel_size",
    "ctl.stride": "步幅 stride",
    "ctl.padding": "填充 padding",
    "ctl.padding_kind": "填充方式",
    "ctl.padding_kind.number": "数值",
    "ctl.padding_kind.same": "'same'",
    "ctl.padding_kind.valid": "'valid'",
    "ctl.dilation": "膨胀率 dilation",
    "ctl.groups": "分组数 groups",
    "ctl.groups.help": "只列出能同时整除 in_channels 和 out_channels 的值：{valid}。",
    "ctl.groups.reset": "groups={old} 已不能同时整除两个通道数，已改为 1。",
    "ctl.bias": "偏置 bias",
    "ctl.padding_mode": "填充模式 padding_mode",
    "ctl.device": "设备",
    "ctl.per_dim": "分别设置每个维度",
    "ctl.more": "更多：分维度设置、批大小、转置、因果、填充模式、偏置、其后的 1×1、设备",
    "ctl.pointwise": "后接 1×1 逐点卷积",
    "ctl.pointwise.help": "在该层之后接一个 1×1 逐点卷积：当 groups = in_channels 时，这两层就构成深度可分离卷积"
                          "（Howard 等，2017）。",
    "ctl.pointwise_out": "逐点卷积输出通道数",
    "device.no_gpu": "运行 convviz 的服务器没有 GPU：卷积在 CPU 上运行。",
    "res.output_shape": "输出形状",
    "res.input_shape": "输入形状",
    "res.weight_shape": "权重形状",
    "res.weight_shape.help": "(out_channels, in_channels/groups, *kernel_size)",
    "res.confirm": "PyTorch 验证一致：`{module}` 在 **{device}** 上运行，输出 `{shape}`，与上面的计算相同。",
    "res.mismatch": "PyTorch 输出 {torch_shape}，而库计算为 {shape}：请报告此问题。",
    "res.running": "正在用 PyTorch 运行该层…",
    "res.size.heading": "输出尺寸",
    "res.size.explain": "PyTorch 在每个空间维度上的公式（向下取整），代入你的数值：",
    "res.padding_applied": "实际填充（前，后）：{pads}。",
    "res.effective_kernel": "等效（膨胀后）卷积核大小 dilation·(k − 1) + 1：{k_eff}。",
    "res.params.heading": "参数量",
    "res.params.value": "{weights} 个权重 + {bias} 个偏置 = **{total}** 个参数",
    "res.compute.heading": "计算量",
    "res.macs": "乘加次数 (MACs)",
    "res.flops": "浮点运算次数 (FLOPs)",
    "res.macs_with_bias": "含偏置的 MACs",
    "res.compute.convention": (
        "MACs 是整个批次的乘加次数；FLOPs = 2 × MACs，不计偏置——这是 torch.utils.flop_counter 的约定。"
        "torchinfo 和 ptflops 还计入偏置，每个输出元素一次 MAC；"
        "下表给出每个工具自己的数值、名称和统计范围（整个批次或单个样本）。"
    ),
    "res.memory.heading": "内存（float32）",
    "res.memory.input": "输入激活",
    "res.memory.output": "输出激活",
    "res.memory.weights": "权重 + 偏置",
    "res.memory.explain": "{elements} 个元素 × 4 字节 = {bytes} 字节",
    "res.memory.pointwise.keeps": (
        "**这个 1×1 卷积保持空间尺寸**（输入 {size_in}，输出 {size_out}）：1×1 卷积在步幅为 1、不填充时保持高和宽，"
        "这里正是如此，所以输出激活与输入激活只差在通道数上。"
    ),
    "res.memory.pointwise.changes": (
        "**这个 1×1 卷积不保持空间尺寸**：输入 {size_in}，输出 {size_out}（步幅 {stride}，填充 {padding}）。"
        "1×1 卷积只有在步幅为 1、不填充时才保持高和宽；步幅为 2 时它隔一行、隔一列读取——"
        "ResNet 的投影捷径就是这样的层（He 等，2016）。"
    ),
    "res.code.heading": "PyTorch 代码",
    "res.code.caption": "粘贴到 Python 中运行：构建该层、检查输出形状并打印参数量。",
    "res.pointwise.heading": "接着是 1×1 逐点卷积",
    "res.pointwise.topic": "其后的 1×1",
    "res.topic": "推导",
    "res.weight_shape.pair": "权重形状（k×k 层）",
    "res.weight_shape.pair.help": ("第一层的 (out_channels, in_channels/groups, *kernel_size)；"
                                   "其后 1×1 层的权重为 {second}。"),
    "res.params.pair": "参数量（两层合计）",
    "res.params.pair.help": "k×k 层 {first} 个 + 1×1 层 {second} 个（权重与偏置）。",
    "res.macs.pair": "乘加次数（两层合计）",
    "res.macs.pair.help": "k×k 层 {first} 次 + 1×1 层 {second} 次，不计偏置（FLOPs = 2 × MACs）。",
    "res.params.metric.help": "本层的权重加偏置（其后的 1×1 层见下方对应标签页）。",
    "res.macs.metric.help": "整个批次的乘加次数，不计偏置（FLOPs = 2 × MACs）：下方「计算量」标签页给出推导。",
    "res.pair.total": "合计：{first} + {second} = **{total}** 个参数，{macs} 次乘加。",
    "res.pair.standard": (
        "输入、输出和卷积核都相同的一个标准卷积 `{module}` 需要 **{params}** 个参数和 {macs} 次乘加："
        "这两层只用了它 {ratio} 的参数。"
    ),
}
