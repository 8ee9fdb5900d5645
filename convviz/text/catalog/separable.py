"""Messages of the depthwise-separable convolution page."""

EN: dict[str, str] = {
    "nav.separable": "Depthwise-separable convolution",
    "home.blurb.separable": "standard vs depthwise + pointwise: parameters, MACs, the 1/C_out + 1/k² ratio, and "
                            "measured speed",
    "separable.title": "Depthwise-separable convolution",
    "separable.caption": "Split one k×k convolution into a depthwise step and a 1×1 pointwise step "
                         "(MobileNets, Howard et al. 2017).",
    "separable.intro": (
        "A standard k×k convolution mixes space and channels at once: each of its C_out filters reads all "
        "C_in channels. The depthwise-separable version does it in two steps: a **depthwise** convolution "
        "(`groups=in_channels`: one k×k filter per input channel, no channel mixing), then a **pointwise** 1×1 "
        "convolution that mixes the channels at every pixel. Same input and output shapes, far fewer weights "
        "and MACs.\n\n"
        "**But it is not the same layer.** With no activation between the two steps (as here, and as in "
        "Xception), the pair *is* one standard convolution, whose kernel is W[o, i] = P[o, i] · D[i] (P: the 1×1 "
        "weights, D[i]: the k×k filter of input channel i, depth multiplier 1). On each input channel every "
        "output channel's filter is a multiple of the same D[i] (rank 1 per input channel), so the pair can "
        "express only a subset of the standard layers. That restriction is the price of the savings: MobileNets "
        "(Howard et al. 2017, Table 4) lose about 1 point of ImageNet accuracy against the same network with "
        "standard convolutions, for about 1/9 of the Mult-Adds. Xception (Chollet 2017) instead keeps the parameter "
        "budget: with about as many parameters as Inception V3 (22.9 M vs 23.6 M) it slightly beats it on ImageNet "
        "(79.0 % vs 78.2 % top-1), which the paper credits to a more efficient use of the parameters, not to more "
        "capacity."
    ),
    "separable.correction": (
        "**On the source article's terms:** it calls the 1×1 step 逐通道卷积 (\"channel-wise\"); the standard "
        "Chinese term for the 1×1 pointwise step is 逐点卷积, while 逐通道/深度卷积 is the depthwise step. "
        "And its picture of a 64×64 image giving 32×32 maps needs, with its 3×3 kernel, stride 2 and padding 1, "
        "which it does not say (preset below)."
    ),
    "separable.ctl.in_channels": "in_channels C_in",
    "separable.ctl.out_channels": "out_channels C_out",
    "separable.ctl.kernel": "kernel_size k (padding k // 2)",
    "separable.ctl.size": "Input size (H = W)",
    "separable.ctl.batch": "Batch size N",
    "separable.ctl.stride": "stride",
    "separable.ctl.multiplier": "Depth multiplier m",
    "separable.ctl.multiplier.help": "The depthwise step makes m output channels per input channel: "
                                     "out_channels = m × in_channels, groups = in_channels. This is Keras's "
                                     "`depth_multiplier` (SeparableConv2D), not MobileNets' width multiplier α "
                                     "(Howard et al. 2017, §3.3), which thins every layer's input and output "
                                     "channels.",
    "separable.ctl.bias": "bias",
    "separable.ctl.preset_article": "Article: 64 → 128 on 32×32",
    "separable.ctl.preset_picture": "Article's picture: 3 → 4 on 64×64, stride 2",
    "separable.layers.heading": "The two ways",
    "separable.part.standard": "Standard",
    "separable.part.depthwise": "Depthwise",
    "separable.part.pointwise": "Pointwise (1×1)",
    "separable.part.separable": "Depthwise + pointwise",
    "separable.res.output": "Output shape",
    "separable.res.params": "Parameters",
    "separable.res.macs": "MACs",
    "separable.res.total": (
        "Depthwise + pointwise: **{dw}** + **{pw}** = **{total}** parameters and **{macs}** MACs, against "
        "**{std}** parameters and **{std_macs}** MACs for the standard layer: **{share}** of its parameters; "
        "the standard layer needs **{factor}×** the MACs."
    ),
    "separable.res.confirm": "PyTorch agrees: {modules} returned `{shape}` on **{device}**.",
    "separable.res.mismatch": "PyTorch returned {torch_shape} but the library computed {shape}: please report this.",
    "separable.formula.heading": "Why it saves: the formulas with your numbers",
    "separable.formula.explain": (
        "Weights without bias; m = the depth multiplier (Keras's `depth_multiplier`, not MobileNets' width "
        "multiplier α). With m = 1 the ratio is 1/C_out + 1/k², the one MobileNets derives for Mult-Adds "
        "(Howard et al. 2017, §3.1). The weights and the MACs give the same ratio here, since both paths "
        "produce the same H_out × W_out positions."
    ),
    "separable.check.weights": (
        "Checked against PyTorch's modules: `weight.numel()` gives {dw} + {pw} = **{sep}** and **{std}**, and "
        "{sep} / {std} = {ratio} {verdict} the formula."
    ),
    "separable.check.equal": "equals",
    "separable.check.differs": "does **not** equal",
    "separable.check.bias": (
        "With bias, `sum(p.numel())` is {sep} / {std} = **{ratio}**: the biases ({bias_sep} for the pair, "
        "{bias_std} for the standard layer) are why the formula holds only for the weights."
    ),
    "separable.check.no_bias": "Without bias, `sum(p.numel())` equals the weights above.",
    "separable.figure.heading": "Parameters and MACs of each part",
    "separable.measure.heading": "Fewer FLOPs, but how much faster?",
    "separable.measure.explain": (
        "The FLOP ratio says how much less arithmetic the pair does; the time it takes is another matter. "
        "With stride 1, a standard convolution uses each input element (away from the border) in k²·C_out "
        "multiply–accumulates, a depthwise one in only k²·m. So a depthwise layer does little arithmetic per "
        "byte it reads: it can be limited by memory traffic or by a less optimised kernel, and it often runs far "
        "below the machine's peak FLOP/s; the pair also writes and reads an extra intermediate tensor. The "
        "standard convolution usually runs on highly optimised library kernels. So the measured speed-up is often "
        "well below the FLOP ratio, but not always: when C_out is larger than k² (as in most real layers), most of "
        "the pair's FLOPs are in its 1×1 layer, a plain matrix multiply. It varies with the device, the memory "
        "layout, the threads and the machine's load: measure it, do not infer it from FLOPs."
    ),
    "separable.ctl.device": "Device",
    "separable.ctl.measure": "Measure both",
    "separable.measure.hint": "Times the standard layer and the pair on **{device}** with `torch.utils.benchmark`, "
                              "at least {each} each (`min_run_time`) after a short warm-up, so a little over "
                              "{total} in all; the result is kept for this configuration.",
    "separable.measure.progress": "Measuring the standard layer and the depthwise + pointwise pair…",
    "separable.measure.median": "median {median} (quartiles {q1} to {q3}), {runs} runs",
    "separable.measure.flops": "FLOPs (FlopCounterMode)",
    "separable.measure.time": "Time per forward pass",
    "separable.measure.gflops": "{gflops} GFLOP/s",
    "separable.measure.flop_ratio": "FLOP ratio",
    "separable.measure.time_ratio": "Measured time ratio",
    "separable.measure.summary": (
        "The standard layer does **{flop_ratio}×** the FLOPs of the pair and took **{time_ratio}×** its time "
        "here (from the quartiles: {low}× to {high}×)."
    ),
    "separable.measure.below": (
        "Less than the FLOP ratio: the pair ran at {pair_gflops} GFLOP/s against {std_gflops} for the standard "
        "layer. Its depthwise step does little arithmetic per byte and often runs on a less optimised kernel; "
        "this measurement alone cannot tell which of the two held it back (the speed lab's `channels_last` "
        "switch changes the memory layout, not the bytes or the FLOPs)."
    ),
    "separable.measure.overlap": (
        "The spread of this run ({low}× – {high}×) includes the FLOP ratio, so it cannot tell the two apart "
        "(standard {std_gflops} GFLOP/s, pair {pair_gflops}); measure again on a quieter machine."
    ),
    "separable.measure.above": (
        "More than the FLOP ratio this time: the pair ran at {pair_gflops} GFLOP/s, more FLOP/s than the "
        "standard layer's {std_gflops}. That can be real: when C_out is larger than k², most of the pair's FLOPs "
        "are in its 1×1 layer, a plain matrix multiply on highly optimised code, while the standard layer's kernel "
        "may be less efficient at this size. A busy machine can also cause it (a multi-threaded convolution stalls "
        "when another process holds a core): measure again and compare the spread."
    ),
    "separable.measure.conditions": (
        "Device **{device}** (torch CPU threads: {threads}), dtype {dtype}, under `torch.inference_mode()`, timed with "
        "`torch.utils.benchmark.Timer.blocked_autorange` (which synchronises a GPU); FLOPs = 2 × MACs, bias "
        "not counted. Timings on a shared machine vary between runs."
    ),
    "separable.fig.flops": "FLOP ratio",
    "separable.fig.time": "time ratio (measured)",
    "separable.fig.y": "standard ÷ depthwise-separable",
    "separable.fig.params": "Parameters",
    "separable.fig.macs": "MACs",
}

ZH: dict[str, str] = {
    "nav.separable": "深度可分离卷积",
    "home.blurb.separable": "标准卷积与深度卷积 + 逐点卷积对比：参数量、乘加次数、1/C_out + 1/k² 比例和实测速度",
    "separable.title": "深度可分离卷积",
    "separable.caption": "把一个 k×k 卷积拆成深度卷积和 1×1 逐点卷积两步（MobileNets，Howard 等，2017）。",
    "separable.intro": (
        "标准 k×k 卷积同时混合空间和通道：C_out 个卷积核中的每一个都读取全部 C_in 个通道。"
        "深度可分离卷积分两步完成：先做**深度卷积**（`groups=in_channels`：每个输入通道一个 k×k 卷积核，"
        "不混合通道），再做 **1×1 逐点卷积**，在每个像素上混合通道。输入和输出形状相同，"
        "权重和乘加次数却少得多。\n\n"
        "**但它不是同一个层**。两步之间没有激活函数时（如本页，也如 Xception），"
        "深度可分离的两层就是一个标准卷积，其卷积核为 W[o, i] = P[o, i] · D[i]（P 为 1×1 权重，D[i] 为输入通道 i "
        "的 k×k 卷积核，深度乘数为 1）。在每个输入通道上，所有输出通道的卷积核都是同一个 D[i] 的倍数"
        "（每个输入通道秩为 1），所以它只能表示标准卷积层的一个子集。这个限制就是节省计算的代价："
        "MobileNets（Howard 等，2017，表 4）与同结构的标准卷积网络相比，ImageNet 准确率约低 1 个百分点，"
        "乘加次数却只有约 1/9。Xception（Chollet，2017）则保持参数规模不变：参数量与 Inception V3 "
        "相近（2290 万对 2360 万），在 ImageNet 上略胜一筹（top-1 79.0% 对 78.2%），"
        "论文认为这来自对参数更有效的利用，而不是更大的容量。"
    ),
    "separable.correction": (
        "**关于原文的术语**：原文把 1×1 这一步称为\u201c逐通道\u201d卷积；它的标准中文术语是**逐点卷积**，"
        "而\u201c逐通道\u201d（深度卷积）指的是 k×k、groups = in_channels 的那一步。"
        "另外，原文中 64×64 的图像得到 32×32 特征图的示意图（对 3×3 卷积核而言）需要步幅 2、填充 1，"
        "原文没有说明（见下方预设）。"
    ),
    "separable.ctl.in_channels": "输入通道数 C_in",
    "separable.ctl.out_channels": "输出通道数 C_out",
    "separable.ctl.kernel": "卷积核大小 k（填充 k // 2）",
    "separable.ctl.size": "输入尺寸（H = W）",
    "separable.ctl.batch": "批大小 N",
    "separable.ctl.stride": "步幅",
    "separable.ctl.multiplier": "深度乘数 m",
    "separable.ctl.multiplier.help": "深度卷积为每个输入通道输出 m 个通道：out_channels = m × in_channels，"
                                     "groups = in_channels。这就是 Keras 的 `depth_multiplier`（SeparableConv2D），"
                                     "不是 MobileNets 的宽度乘数 α（Howard 等，2017，§3.3）；后者按同一比例减少"
                                     "每一层的输入和输出通道数。",
    "separable.ctl.bias": "偏置 bias",
    "separable.ctl.preset_article": "原文：32×32 上 64 → 128",
    "separable.ctl.preset_picture": "原文示意图：64×64 上 3 → 4，步幅 2",
    "separable.layers.heading": "两种做法",
    "separable.part.standard": "标准卷积",
    "separable.part.depthwise": "深度卷积",
    "separable.part.pointwise": "逐点卷积（1×1）",
    "separable.part.separable": "深度卷积 + 逐点卷积",
    "separable.res.output": "输出形状",
    "separable.res.params": "参数量",
    "separable.res.macs": "乘加次数（MACs）",
    "separable.res.total": (
        "深度卷积 + 逐点卷积：**{dw}** + **{pw}** = **{total}** 个参数、**{macs}** 次乘加；"
        "标准卷积为 **{std}** 个参数、**{std_macs}** 次乘加。参数量是标准卷积的 **{share}**，"
        "标准卷积的乘加次数是它的 **{factor}** 倍。"
    ),
    "separable.res.confirm": "PyTorch 验证一致：{modules} 在 **{device}** 上返回 `{shape}`。",
    "separable.res.mismatch": "PyTorch 返回 {torch_shape}，但库计算的是 {shape}：请报告这个问题。",
    "separable.formula.heading": "为什么省：代入你的数值的公式",
    "separable.formula.explain": (
        "不含偏置的权重数；m 为深度乘数（Keras 的 `depth_multiplier`，不是 MobileNets 的宽度乘数 α）。"
        "m = 1 时比例为 1/C_out + 1/k²，即 MobileNets 对乘加次数（Mult-Adds）推出的比例（Howard 等，2017，§3.1）。"
        "这里权重数和乘加次数的比例相同，因为两种做法输出同样多的 H_out × W_out 个位置。"
    ),
    "separable.check.weights": (
        "用 PyTorch 的模块核对：`weight.numel()` 给出 {dw} + {pw} = **{sep}** 和 **{std}**，"
        "{sep} / {std} = {ratio}，{verdict}公式的结果。"
    ),
    "separable.check.equal": "等于",
    "separable.check.differs": "**不**等于",
    "separable.check.bias": (
        "含偏置时，`sum(p.numel())` 为 {sep} / {std} = **{ratio}**：偏置（深度可分离的两层共 {bias_sep} 个，"
        "标准卷积 {bias_std} 个）正是公式只对权重成立的原因。"
    ),
    "separable.check.no_bias": "不含偏置时，`sum(p.numel())` 与上面的权重数相同。",
    "separable.figure.heading": "各部分的参数量和乘加次数",
    "separable.measure.heading": "FLOPs 少了，但快了多少？",
    "separable.measure.explain": (
        "FLOP 比例说明深度可分离的两层少做了多少算术；实际耗时却是另一回事。步幅为 1 时，标准卷积的每个输入元素"
        "（不在边界处）参与 k²·C_out 次乘加，深度卷积只参与 k²·m 次。所以深度卷积每读一个字节只做很少的算术："
        "它可能受内存带宽限制，也可能受限于优化得较差的内核，常常远远达不到机器的峰值 FLOP/s；"
        "两层之间还要多写、多读一个中间张量。标准卷积通常运行在高度优化的库内核上。因此实测加速常常远小于 "
        "FLOP 比例，但并非总是如此：当 C_out 大于 k²（实际网络中大多如此）时，两层的 FLOPs 大部分属于 1×1 卷积，"
        "也就是一次普通的矩阵乘法。"
        "它还随设备、内存布局、线程数和机器负载而变化：要实际测量，不能由 FLOPs 推断。"
    ),
    "separable.ctl.device": "设备",
    "separable.ctl.measure": "测量两者",
    "separable.measure.hint": "在 **{device}** 上用 `torch.utils.benchmark` 对标准卷积和深度可分离的两层各测至少 "
                              "{each}（`min_run_time`），另有短暂预热，合计略多于 {total}；结果会为这一配置保留。",
    "separable.measure.progress": "正在测量标准卷积和深度卷积 + 逐点卷积……",
    "separable.measure.median": "中位数 {median}（四分位数 {q1} 至 {q3}），共 {runs} 次",
    "separable.measure.flops": "FLOPs（FlopCounterMode）",
    "separable.measure.time": "每次前向传播的时间",
    "separable.measure.gflops": "{gflops} GFLOP/s",
    "separable.measure.flop_ratio": "FLOP 比例",
    "separable.measure.time_ratio": "实测时间比例",
    "separable.measure.summary": (
        "标准卷积的 FLOPs 是深度可分离两层的 **{flop_ratio}** 倍，而在这里实测的耗时是它的 **{time_ratio}** 倍"
        "（按四分位数：{low}× 到 {high}×）。"
    ),
    "separable.measure.below": (
        "小于 FLOP 比例：深度可分离的两层跑到 {pair_gflops} GFLOP/s，标准卷积为 {std_gflops} GFLOP/s。"
        "其中的深度卷积每读一个字节只做很少的算术，所用的内核也往往优化得较差；单凭这次测量分不出是哪一个拖慢了它"
        "（速度实验室的 `channels_last` 开关改变内存布局，但不改变字节数和 FLOPs）。"
    ),
    "separable.measure.overlap": (
        "这次测量的范围（{low}× – {high}×）包含了 FLOP 比例，因此无法区分两者（标准卷积 {std_gflops} GFLOP/s，"
        "深度可分离的两层 {pair_gflops}）；请在较空闲的机器上再测一次。"
    ),
    "separable.measure.above": (
        "这次大于 FLOP 比例：深度可分离的两层跑到 {pair_gflops} GFLOP/s，高于标准卷积的 {std_gflops}。"
        "这可能是真实的：当 C_out 大于 k² 时，两层的 FLOPs 大部分属于 1×1 卷积，即在高度优化的代码上运行的"
        "普通矩阵乘法，"
        "而标准卷积的内核在这个尺寸上可能效率较低。机器繁忙也可能造成这种结果（另一个进程占用一个核心会让"
        "多线程卷积停顿）：请再测一次并比较波动范围。"
    ),
    "separable.measure.conditions": (
        "设备 **{device}**，{threads} 个 CPU 线程，数据类型 {dtype}，在 `torch.inference_mode()` 下，用 "
        "`torch.utils.benchmark.Timer.blocked_autorange` 计时（在 GPU 上会自动同步）；FLOPs = 2 × 乘加次数，"
        "不计偏置。共享机器上的计时在不同运行之间会有波动。"
    ),
    "separable.fig.flops": "FLOP 比例",
    "separable.fig.time": "时间比例（实测）",
    "separable.fig.y": "标准卷积 ÷ 深度可分离卷积",
    "separable.fig.params": "参数量",
    "separable.fig.macs": "乘加次数",
}
