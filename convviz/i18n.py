"""English and Simplified Chinese messages: one catalogue per language, the same keys in both.

``t("explorer.title", "zh")`` looks a message up; ``{name}`` fields are filled from keyword arguments.
``error_text(err, lang)`` renders a :class:`~convviz.errors.ConvSpecError` from its ``code`` and ``params``
(key ``error.<code>``), falling back to the English sentence of the exception for an unknown code.
Chinese terms follow standard usage: 逐点卷积 (pointwise), 深度卷积 (depthwise), 空洞卷积/膨胀卷积
(dilated), 分组卷积 (grouped), 深度可分离卷积 (depthwise-separable), 感受野 (receptive field).
"""

from __future__ import annotations

from convviz.errors import ConvSpecError

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

EN: dict[str, str] = {
    # ---- app-wide ----
    "app.name": "convviz",
    "app.tagline": "See what a convolution does — run it in PyTorch, with every number worked out.",
    "nav.heading": "Pages",
    "nav.home": "Home",
    "nav.explorer": "Convolution explorer",
    "lang.label": "Language",
    # ---- home ----
    "home.intro": (
        "Pick kernel size, stride, padding, dilation, groups and channels; convviz runs that exact "
        "convolution with PyTorch on this machine and shows the output shape, the formula with your "
        "numbers, the parameter count, the compute and the memory."
    ),
    "home.start": "Open the convolution explorer",
    "home.topics": "The four convolutions of the source article",
    "home.topic.pointwise": "**1×1 (pointwise) convolution** — mixes channels at every pixel; changes the "
                            "channel count (e.g. 500×500×100 → 500×500×20).",
    "home.topic.dilated": "**Dilated (atrous) convolution** — spreads the kernel's taps apart: a larger "
                          "receptive field for the same number of weights.",
    "home.topic.grouped": "**Grouped convolution** — splits the channels into groups that are convolved "
                          "separately: fewer weights and MACs.",
    "home.topic.separable": "**Depthwise-separable convolution** — a depthwise convolution (one filter per "
                            "channel) followed by a 1×1 pointwise one.",
    "home.presets_hint": "Each has a one-click preset in the explorer that reproduces the article's numbers.",
    "home.runtime": "PyTorch {torch} · devices here: {devices}",
    # ---- explorer: controls ----
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
    "ctl.pointwise": "Then a 1×1 pointwise conv",
    "ctl.pointwise.help": "Follow this layer with a 1×1 pointwise convolution: with groups = in_channels the pair "
                          "is a depthwise-separable convolution (Howard et al. 2017).",
    "ctl.pointwise_out": "Pointwise out_channels",
    "device.no_gpu": "No GPU found on this machine: the layer runs on the CPU.",
    # ---- explorer: results ----
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
        "convention of torch.utils.flop_counter. torchinfo and ptflops add one MAC per output element "
        "for the bias ({with_bias} MACs here)."
    ),
    "res.memory.heading": "Memory (float32)",
    "res.memory.input": "Input activations",
    "res.memory.output": "Output activations",
    "res.memory.weights": "Weights + bias",
    "res.memory.explain": "{elements} elements × 4 bytes = {bytes} bytes",
    "res.code.heading": "PyTorch code",
    "res.code.caption": "Paste it into Python: it builds the layer, checks the shape and prints the parameter count.",
    "res.pointwise.heading": "Then the 1×1 pointwise convolution",
    "res.pair.total": "Together: {first} + {second} = **{total}** parameters, {macs} MACs.",
    "res.pair.standard": (
        "One standard convolution with the same input, output and kernel, `{module}`, needs **{params}** "
        "parameters and {macs} MACs: the pair uses {ratio} of its parameters."
    ),
    # ---- errors (key: error.<code>) ----
    "error.prefix": "Cannot run this layer: ",
    "error.tuple_length": "{name}={value} has {length} values but the layer is {spatial_dims}-D; give one value "
                          "per dimension or a single number.",
    "error.not_integer": "{name}={value} must be a whole number.",
    "error.not_bool": "{name}={value} must be true or false.",
    "error.positive": "{name}={value} must be at least 1 (PyTorch refuses zero and negative sizes); use 1 or more.",
    "error.spatial_dims": "spatial_dims={value} is not supported; use 1, 2 or 3.",
    "error.padding_mode": "padding_mode={value} is unknown; use one of {choices}.",
    "error.padding_string": "padding={value} is unknown; use a number, 'same' or 'valid'.",
    "error.padding_negative": "padding={value} must not be negative; use 0 or more.",
    "error.groups_divide": "groups={groups} must divide both in_channels={in_channels} and "
                           "out_channels={out_channels}; valid groups: {valid}.",
    "error.same_stride": "padding='same' needs stride=1, but stride={stride} (PyTorch refuses 'same' for strided "
                         "convolutions); use stride=1, or an explicit padding={padding}.",
    "error.input_rank": "The input shape {shape} must be (N, C_in, {dims}); add the batch dimension N.",
    "error.input_positive": "The input shape {shape} has a size below 1; every size must be at least 1.",
    "error.input_channels": "The input has {got} channels but in_channels={in_channels}; make them equal.",
    "error.reflect_padding": "Reflect padding {padding} on {dim}={size} is too large: it must be smaller than the "
                             "dimension it pads; use padding at most {largest_valid}, or padding_mode 'replicate'.",
    "error.circular_padding": "Circular padding {padding} on {dim}={size} wraps around more than once; use padding "
                              "at most {size}.",
    "error.kernel_too_large": "The dilated kernel spans {k_eff} on {dim} but the padded input is only {padded} "
                              "({size} + padding {before} + {after}), so the output would be empty; use an input "
                              "of at least {smallest} on {dim}, more padding, or a smaller kernel_size or dilation.",
    "error.memory_limit": "This run needs {needed}, above the limit of {limit}; use a smaller input, fewer channels "
                          "or a smaller batch.",
    "error.compute_limit": "This run needs {needed} MACs, above the limit of {limit}; use a smaller input, fewer "
                           "channels or a smaller kernel.",
    "error.device_unavailable": "Device {device} is not available here; use one of {choices}.",
    "error.pool_kind": "Pooling kind {value} is unknown; use 'max' or 'avg'.",
    "error.pool_avg_dilation": "Average pooling has no dilation in PyTorch; use dilation 1 or max pooling.",
    "error.pool_padding": "Pooling padding {padding} must be between 0 and half the kernel span ({half}).",
    "error.rf_empty": "The layer stack is empty; add at least one layer.",
    "error.rf_layer": "Layer {index} is not a convolution or pooling layer.",
    "error.rf_transposed": "Layer {index} is a transposed convolution, which has no receptive field in this "
                           "sense; remove it from the stack.",
    "error.rf_dims": "Layer {index} is {got}-D but the stack is {dims}-D; use the same dimensionality throughout.",
}

ZH: dict[str, str] = {
    "app.name": "convviz",
    "app.tagline": "看清卷积在做什么——用 PyTorch 真正运行，每个数字都有推导。",
    "nav.heading": "页面",
    "nav.home": "首页",
    "nav.explorer": "卷积探索器",
    "lang.label": "语言",
    "home.intro": (
        "选择卷积核大小、步幅、填充、膨胀率、分组数和通道数；convviz 在本机用 PyTorch 运行这个卷积，"
        "并展示输出形状、代入你的数值的公式、参数量、计算量和内存。"
    ),
    "home.start": "打开卷积探索器",
    "home.topics": "原文介绍的四种卷积",
    "home.topic.pointwise": "**1×1 卷积（逐点卷积）**——在每个像素上混合通道，改变通道数"
                            "（例如 500×500×100 → 500×500×20）。",
    "home.topic.dilated": "**空洞卷积（膨胀卷积）**——把卷积核的采样点拉开：权重数量不变，感受野更大。",
    "home.topic.grouped": "**分组卷积**——把通道分成若干组分别卷积：参数量和乘加次数更少。",
    "home.topic.separable": "**深度可分离卷积**——先做深度卷积（每个通道一个卷积核），再做 1×1 逐点卷积。",
    "home.presets_hint": "每一种在探索器里都有一键预设，能复现原文的数字。",
    "home.runtime": "PyTorch {torch} · 本机可用设备：{devices}",
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
    "ctl.pointwise": "后接 1×1 逐点卷积",
    "ctl.pointwise.help": "在该层之后接一个 1×1 逐点卷积：当 groups = in_channels 时，这一对就是深度可分离卷积"
                          "（Howard 等，2017）。",
    "ctl.pointwise_out": "逐点卷积输出通道数",
    "device.no_gpu": "本机没有 GPU：卷积在 CPU 上运行。",
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
        "torchinfo 和 ptflops 为偏置在每个输出元素上多计一次 MAC（此处为 {with_bias} MACs）。"
    ),
    "res.memory.heading": "内存（float32）",
    "res.memory.input": "输入激活",
    "res.memory.output": "输出激活",
    "res.memory.weights": "权重 + 偏置",
    "res.memory.explain": "{elements} 个元素 × 4 字节 = {bytes}",
    "res.code.heading": "PyTorch 代码",
    "res.code.caption": "粘贴到 Python 中运行：构建该层、检查输出形状并打印参数量。",
    "res.pointwise.heading": "接着是 1×1 逐点卷积",
    "res.pair.total": "合计：{first} + {second} = **{total}** 个参数，{macs} 次乘加。",
    "res.pair.standard": (
        "输入、输出和卷积核都相同的一个标准卷积 `{module}` 需要 **{params}** 个参数和 {macs} 次乘加："
        "这一对卷积只用了它 {ratio} 的参数。"
    ),
    "error.prefix": "无法运行该层：",
    "error.tuple_length": "{name}={value} 有 {length} 个值，但该层是 {spatial_dims} 维的；"
                          "请为每个维度给一个值，或只给一个数。",
    "error.not_integer": "{name}={value} 必须是整数。",
    "error.not_bool": "{name}={value} 必须是 true 或 false。",
    "error.positive": "{name}={value} 必须至少为 1（PyTorch 不接受 0 和负数）；请使用 1 或更大的值。",
    "error.spatial_dims": "不支持 spatial_dims={value}；请使用 1、2 或 3。",
    "error.padding_mode": "未知的 padding_mode={value}；请使用 {choices} 之一。",
    "error.padding_string": "未知的 padding={value}；请使用数值、'same' 或 'valid'。",
    "error.padding_negative": "padding={value} 不能为负数；请使用 0 或更大的值。",
    "error.groups_divide": "groups={groups} 必须同时整除 in_channels={in_channels} 和 out_channels={out_channels}；"
                           "可用的 groups：{valid}。",
    "error.same_stride": "padding='same' 要求 stride=1，但当前 stride={stride}（PyTorch 不支持带步幅的 'same'）；"
                         "请使用 stride=1，或显式设置 padding={padding}。",
    "error.input_rank": "输入形状 {shape} 必须是 (N, C_in, {dims})；请加上批维度 N。",
    "error.input_positive": "输入形状 {shape} 中有小于 1 的尺寸；每个尺寸至少为 1。",
    "error.input_channels": "输入有 {got} 个通道，但 in_channels={in_channels}；请让两者相等。",
    "error.reflect_padding": "在 {dim}={size} 上的反射填充 {padding} 太大：它必须小于被填充的维度；"
                             "请把填充设为不超过 {largest_valid}，或使用 padding_mode 'replicate'。",
    "error.circular_padding": "在 {dim}={size} 上的循环填充 {padding} 会绕回不止一次；请把填充设为不超过 {size}。",
    "error.kernel_too_large": "膨胀后的卷积核在 {dim} 上跨越 {k_eff}，但填充后的输入只有 {padded}"
                              "（{size} + 填充 {before} + {after}），输出将为空；请让 {dim} 上的输入至少为 {smallest}，"
                              "或增加填充，或减小 kernel_size 或 dilation。",
    "error.memory_limit": "本次运行需要 {needed}，超过上限 {limit}；请减小输入、通道数或批大小。",
    "error.compute_limit": "本次运行需要 {needed} 次乘加，超过上限 {limit}；请减小输入、通道数或卷积核。",
    "error.device_unavailable": "本机没有设备 {device}；请使用 {choices} 之一。",
    "error.pool_kind": "未知的池化类型 {value}；请使用 'max' 或 'avg'。",
    "error.pool_avg_dilation": "PyTorch 的平均池化没有膨胀率；请使用 dilation 1 或最大池化。",
    "error.pool_padding": "池化的填充 {padding} 必须在 0 到卷积核跨度的一半（{half}）之间。",
    "error.rf_empty": "层堆叠为空；请至少添加一层。",
    "error.rf_layer": "第 {index} 层不是卷积层或池化层。",
    "error.rf_transposed": "第 {index} 层是转置卷积，它没有这种意义上的感受野；请把它从堆叠中移除。",
    "error.rf_dims": "第 {index} 层是 {got} 维的，而整个堆叠是 {dims} 维的；请让所有层维度相同。",
}

CATALOGS: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}


def normalise_language(value: object) -> str:
    """``'zh'``, ``'zh-CN'`` or ``'ZH'`` → ``'zh'``; anything unknown → the default language ``'en'``."""
    if isinstance(value, str):
        code = value.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **params: object) -> str:
    """The message ``key`` in ``lang``, with ``{field}`` placeholders filled from ``params``.

    Raises KeyError for a key missing from the catalogue (a test keeps both catalogues complete).
    """
    text = CATALOGS[normalise_language(lang)][key]
    return text.format(**params) if params else text


def error_text(error: ConvSpecError, lang: str) -> str:
    """One sentence explaining ``error`` in ``lang``, from its ``code`` and ``params``."""
    key = f"error.{error.code}"
    catalog = CATALOGS[normalise_language(lang)]
    if key in catalog:
        try:
            return catalog[key].format(**error.params)
        except (KeyError, IndexError):
            pass
    return str(error)


class Translator:
    """``tr = Translator('zh'); tr('nav.home')`` — :func:`t` bound to one language."""

    def __init__(self, lang: str) -> None:
        self.lang = normalise_language(lang)

    def __call__(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    def error(self, error: ConvSpecError) -> str:
        return error_text(error, self.lang)
