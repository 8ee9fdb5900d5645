"""Messages of the speed lab page (pages/7_speed_lab.py)."""

EN: dict[str, str] = {
    "nav.speed_lab": "Speed lab",
    "home.blurb.speed_lab": "standard, grouped, depthwise-separable and 1×1 layers timed on the server: FLOP "
                            "ratio beside measured time ratio",
    "speed.title": "Speed lab",
    "speed.caption": "Fewer FLOPs do not always mean proportionally less time: run the real layers on the server "
                     "and see both.",
    "speed.intro": (
        "Four ways to turn C_in channels into C_out channels on the same input: a **standard** k×k convolution, a "
        "**grouped** one (`groups=g`), a **depthwise-separable** pair (depthwise k×k, then pointwise 1×1) and a "
        "**pointwise** 1×1 alone. Their FLOPs follow from the shapes. Their time does not: a depthwise layer "
        "does little arithmetic per byte it reads, grouped and depthwise kernels are often less optimised than "
        "dense ones, and for small layers the fixed cost of each call can dominate. So the lab measures."
    ),
    "speed.presets": "Examples",
    "speed.preset.article": "Article: 64 → 128 on 32×32",
    "speed.preset.large": "256 → 256 on 56×56",
    "speed.ctl.in_channels": "in_channels C_in",
    "speed.ctl.out_channels": "out_channels C_out",
    "speed.ctl.size": "Input size (H = W)",
    "speed.ctl.batch": "Batch size N",
    "speed.ctl.kernel": "kernel_size k (padding k // 2)",
    "speed.ctl.groups": "groups g of the grouped layer",
    "speed.ctl.device": "Device",
    "speed.ctl.dtype": "dtype",
    "speed.ctl.channels_last": "channels_last memory format",
    "speed.ctl.channels_last.help": "Store the input and the weights as NHWC (`torch.channels_last`) instead of "
                                    "NCHW. Shapes and FLOPs do not change; which kernels PyTorch picks, and so "
                                    "the time, can.",
    "speed.ctl.measure": "Measure the four layers",
    "speed.ctl.measure_again": "Measure again",
    "speed.measure.taken": "Measured at {time} UTC ({ago} s ago), kept for this configuration: **Measure again** "
                           "times the layers anew.",
    "speed.measure.noisy": "The spread is wide for {layers} (interquartile range above half the median): the "
                           "timings were unstable, most often because the machine was busy, so these ratios are "
                           "unreliable. Measure again.",
    "speed.kind.standard": "Standard",
    "speed.kind.grouped": "Grouped (g={groups})",
    "speed.kind.separable": "Depthwise + pointwise",
    "speed.kind.pointwise": "Pointwise 1×1",
    "speed.counted.heading": "Counted from the shapes",
    "speed.col.layer": "Layer",
    "speed.counted.shapes": "Every layer maps an input `{input}` to an output `{output}`.",
    "speed.col.params": "Parameters",
    "speed.col.flops": "FLOPs",
    "speed.col.flop_ratio": "FLOP ratio",
    "speed.col.median": "Median (quartiles q1 to q3, passes timed)",
    "speed.median_iqr": "{median} ({q1} to {q3}, {runs})",
    "speed.col.gflops": "GFLOP/s",
    "speed.col.time_ratio": "Time ratio (spread)",
    "speed.counted.note": "FLOPs: 2 per multiply–accumulate, bias not counted (`FlopCounterMode`'s convention). "
                          "Ratios are standard ÷ this layer: above 1 means less work (or less time) than the "
                          "standard layer.",
    "speed.measure.heading": "Measured on the server",
    "speed.measure.hint": "Times each layer on **{device}** with `torch.utils.benchmark`, at least {each} each "
                          "(`min_run_time`) after a short warm-up, so a little over {total} for the four; the "
                          "result is kept for this configuration, so coming back does not measure again.",
    "speed.measure.progress": "Measuring the four layers…",
    "speed.measure.conditions": "Measured on **{device}** (torch threads: {threads}), dtype {dtype}, {layout}, under "
                                "`torch.inference_mode()` (no autograd), with `torch.utils.benchmark` "
                                "(CUDA-synchronised on a GPU); times are per forward pass.",
    "speed.layout.nchw": "NCHW (contiguous)",
    "speed.layout.nhwc": "NHWC (`channels_last`)",
    "speed.measure.spread": "Spread: the time ratio's range from the quartiles, q1(standard) ÷ q3(layer) to "
                            "q3(standard) ÷ q1(layer). On a shared machine the same case can vary by several "
                            "times between runs: measure again before trusting a small difference.",
    "speed.measure.summary": "**{layer}**: FLOP ratio {flop_ratio}×, measured time ratio {time_ratio}× (spread "
                             "{low}× – {high}×); {gflops} GFLOP/s against the standard layer's {std_gflops}.",
    "speed.measure.stale": "The last measurement was for another configuration; press the button to measure "
                           "this one.",
    "speed.fig.flops": "FLOP ratio (counted)",
    "speed.fig.time": "Time ratio (measured)",
    "speed.fig.y": "standard ÷ layer (log scale)",
    "speed.why.heading": "Why the two ratios differ",
    "speed.why": (
        "- **Arithmetic intensity.** With stride 1, a standard k×k layer uses each input value (away from the "
        "border) in k²·C_out multiply–accumulates, a depthwise layer in only k² (9 for 3×3). So a depthwise layer "
        "does little arithmetic per byte it reads: it can be limited by memory traffic or by a less optimised "
        "kernel, and it usually reaches far fewer GFLOP/s than a dense layer (the pair's figure mixes it with the "
        "dense 1×1 layer).\n"
        "- **Kernels.** Dense convolutions usually run on heavily optimised library code (oneDNN on the CPU, "
        "cuDNN on NVIDIA GPUs); grouped and depthwise ones often take slower paths, and `channels_last` can change "
        "which path is used. Measure with it off and on: the tensors' sizes and the FLOPs stay the same, so a "
        "large change in time comes from the kernel each layout selects (its algorithm and how it walks memory, "
        "or the layout conversions it adds), not from the amount of data.\n"
        "- **Fixed costs.** Each layer call has an overhead of microseconds; the pair makes two calls and "
        "writes an intermediate tensor. On small inputs this overhead can dominate.\n"
        "- **The machine.** Threads, caches, other programs: the spread shows how much the numbers move."
    ),
    "speed.no_gpu": "No GPU on the server running convviz: the lab runs on the CPU.",
}

ZH: dict[str, str] = {
    "nav.speed_lab": "速度实验室",
    "home.blurb.speed_lab": "在服务器上计时标准卷积、分组卷积、深度可分离卷积和 1×1 卷积：FLOPs 之比与实测时间之比并列",
    "speed.title": "速度实验室",
    "speed.caption": "FLOPs 少了，时间未必按比例减少：在服务器上运行真实的层，两者都看。",
    "speed.intro": (
        "在同一输入上把 C_in 个通道变成 C_out 个通道的四种方式：**标准** k×k 卷积、**分组卷积**（`groups=g`）、"
        "**深度可分离卷积**（先 k×k 深度卷积，再 1×1 逐点卷积）和单独的 **逐点卷积** 1×1。它们的 FLOPs 由形状决定，"
        "时间却不是：深度卷积每读一个字节只做很少的运算，分组和深度卷积的内核往往不如稠密卷积优化得好，"
        "小层的耗时则可能主要是每次调用的固定开销。所以本页直接测量。"
    ),
    "speed.presets": "示例",
    "speed.preset.article": "原文：32×32 上 64 → 128",
    "speed.preset.large": "56×56 上 256 → 256",
    "speed.ctl.in_channels": "输入通道数 in_channels C_in",
    "speed.ctl.out_channels": "输出通道数 out_channels C_out",
    "speed.ctl.size": "输入尺寸（H = W）",
    "speed.ctl.batch": "批大小 N",
    "speed.ctl.kernel": "卷积核大小 kernel_size k（padding k // 2）",
    "speed.ctl.groups": "分组卷积的组数 groups g",
    "speed.ctl.device": "设备",
    "speed.ctl.dtype": "数据类型 dtype",
    "speed.ctl.channels_last": "channels_last 内存格式",
    "speed.ctl.channels_last.help": "以 NHWC（`torch.channels_last`）而不是 NCHW 存放输入和权重。形状和 FLOPs "
                                    "不变；PyTorch 选用的内核、因而时间，可能改变。",
    "speed.ctl.measure": "测量这四种层",
    "speed.ctl.measure_again": "重新测量",
    "speed.measure.taken": "测量于 UTC {time}（{ago} 秒前），已为这一配置保留；点击**重新测量**会重新计时。",
    "speed.measure.noisy": ("{layers} 的离散度很大（四分位距超过中位数的一半）："
                            "计时不稳定（最常见的原因是机器正忙），这些比值不可靠，请重新测量。"),
    "speed.kind.standard": "标准卷积",
    "speed.kind.grouped": "分组卷积（g={groups}）",
    "speed.kind.separable": "深度卷积 + 逐点卷积",
    "speed.kind.pointwise": "逐点卷积 1×1",
    "speed.counted.heading": "按形状计算",
    "speed.col.layer": "层",
    "speed.counted.shapes": "每种层都把输入 `{input}` 变成输出 `{output}`。",
    "speed.col.params": "参数量",
    "speed.col.flops": "FLOPs",
    "speed.col.flop_ratio": "FLOPs 之比",
    "speed.col.median": "中位数（四分位数 q1 至 q3，计时次数）",
    "speed.median_iqr": "{median}（{q1} 至 {q3}，{runs} 次）",
    "speed.col.gflops": "GFLOP/s",
    "speed.col.time_ratio": "时间之比（范围）",
    "speed.counted.note": "FLOPs：每次乘加计 2，不计偏置（`FlopCounterMode` 的约定）。比值为 标准卷积 ÷ 该层："
                          "大于 1 表示比标准卷积运算更少（或用时更短）。",
    "speed.measure.heading": "实测结果",
    "speed.measure.hint": "在 **{device}** 上用 `torch.utils.benchmark` 对每一层各测至少 {each}（`min_run_time`），"
                          "另有短暂预热，四种层合计略多于 {total}；结果会为这一配置保留，回到本页不会重新测量。",
    "speed.measure.progress": "正在测量四种层……",
    "speed.measure.conditions": "测量条件：**{device}**，{threads} 个线程，数据类型 {dtype}，{layout}，"
                                "在 `torch.inference_mode()` 下（不记录梯度），使用 `torch.utils.benchmark`"
                                "（GPU 上会做 CUDA 同步）；时间为每次前向传播。",
    "speed.layout.nchw": "NCHW（连续）",
    "speed.layout.nhwc": "NHWC（`channels_last`）",
    "speed.measure.spread": "范围：由四分位数给出的时间之比区间，从 q1(标准) ÷ q3(该层) 到 q3(标准) ÷ q1(该层)。"
                            "在共享机器上同一情形的多次测量可相差数倍：差别不大时请再测一次。",
    "speed.measure.summary": "**{layer}**：FLOPs 之比 {flop_ratio}×，实测时间之比 {time_ratio}×"
                             "（范围 {low}× – {high}×）；{gflops} GFLOP/s，标准卷积为 {std_gflops}。",
    "speed.measure.stale": "上一次测量的是另一个配置；请按按钮测量当前配置。",
    "speed.fig.flops": "FLOPs 之比（计算）",
    "speed.fig.time": "时间之比（实测）",
    "speed.fig.y": "标准卷积 ÷ 该层（对数坐标）",
    "speed.why.heading": "两个比值为什么不同",
    "speed.why": (
        "- **算术强度。** 步幅为 1 时，标准 k×k 卷积的每个输入值（不在边界处）参与 k²·C_out 次乘加，"
        "深度卷积只参与 k² 次（3×3 时为 9 次）。所以深度卷积每读一个字节只做很少的算术：它可能受内存带宽限制，"
        "也可能受限于优化得较差的内核，它的 GFLOP/s 通常比稠密卷积低得多（深度可分离两层的数值混合了稠密的 "
        "1×1 卷积）。\n"
        "- **内核。** 稠密卷积通常使用高度优化的库代码（CPU 上是 oneDNN，NVIDIA GPU 上是 cuDNN）；"
        "分组和深度卷积常走较慢的路径，`channels_last` 可能改变所用的路径。请关闭和打开它各测一次："
        "张量大小和 FLOPs 都不变，所以如果时间变化很大，原因在于每种布局所选用的内核"
        "（它的算法、访问内存的方式，或额外做的布局转换），而不在于数据量。\n"
        "- **固定开销。** 每调用一层都有若干微秒的开销；深度可分离卷积调用两层，还要写出中间张量。"
        "输入较小时这部分开销可能占主导。\n"
        "- **机器本身。** 线程、缓存、其他程序：范围显示了数字的波动有多大。"
    ),
    "speed.no_gpu": "运行 convviz 的服务器没有 GPU：本页在 CPU 上运行。",
}
