"""The counter cross-check (convviz.runtime.counters): column labels, bias notes and why the tools differ."""

EN: dict[str, str] = {
    "counters.heading": "What the counters report",
    "counters.tool": "Tool (version whose rule is quoted)",
    "counters.quantity": "Reports (its own label)",
    "counters.value": "Value",
    "counters.bias": "Bias",
    "counters.bias.yes": "bias counted",
    "counters.bias.no": "bias not counted",
    "counters.scope": "Counted over",
    "counters.scope.batch": "the whole batch (N = {n})",
    "counters.scope.sample": "one sample",
    "counters.why": "They count the same products: FLOPs count the multiply and the add of each MAC separately "
                    "(2 × MACs), while fvcore's `flops` and torchinfo's Mult-Adds are MACs; torchinfo and ptflops "
                    "add one operation per output element for the bias; and ptflops reports one sample (it runs "
                    "a batch of one).",
    "counters.why.transposed": "A transposed layer: FlopCounterMode, fvcore, thop and ptflops count on the input "
                               "positions — each input element times the C_out/groups · ∏ kernel_size weights it "
                               "meets, the products made (those that land in the cropped padding included). "
                               "torchinfo multiplies every weight by every output position instead: the MACs of "
                               "the equivalent direct convolution over the zero-stuffed, padded input (Dumoulin & "
                               "Visin 2016), products with the inserted zeros included.",
    "counters.note.fvcore_string_padding": "fvcore shows 0 here: with padding='same' or 'valid' PyTorch runs the "
                                           "operator `aten::_convolution_mode`, which fvcore 0.1.5 does not count "
                                           "(it warns \"Unsupported operator\").",
}

ZH: dict[str, str] = {
    "counters.heading": "各计数工具的结果",
    "counters.tool": "工具（所引规则的版本）",
    "counters.quantity": "报告的量（工具自己的名称）",
    "counters.value": "数值",
    "counters.bias": "偏置",
    "counters.bias.yes": "计入偏置",
    "counters.bias.no": "不计偏置",
    "counters.scope": "计数范围",
    "counters.scope.batch": "整个批次（N = {n}）",
    "counters.scope.sample": "单个样本",
    "counters.why": "它们数的是同样的乘积：FLOPs 把每次乘加中的乘和加分开计数（2 × MACs），而 fvcore 的 `flops` "
                    "和 torchinfo 的 Mult-Adds 都是 MACs；torchinfo 和 ptflops 为偏置在每个输出元素上多算一次运算；"
                    "ptflops 报告的是单个样本的数（它以大小为 1 的批次运行）。",
    "counters.why.transposed": "转置卷积：FlopCounterMode、fvcore、thop 和 ptflops 按输入位置计数——每个输入元素乘以"
                               "它遇到的 C_out/groups · ∏ kernel_size 个权重，即实际做的乘积（落在被裁掉的填充区域里"
                               "的也算）。torchinfo 则把每个权重乘以每个输出位置：即在插零并填充后的输入上做等价直接"
                               "卷积的 MACs（Dumoulin & Visin 2016），与插入的零相乘的也算在内。",
    "counters.note.fvcore_string_padding": "此处 fvcore 显示 0：padding='same' 或 'valid' 时 PyTorch 调用算子 "
                                           "`aten::_convolution_mode`，而 fvcore 0.1.5 不统计它（并警告 "
                                           "\"Unsupported operator\"）。",
}
