"""App-wide messages: name, navigation, language switch, home page."""

EN: dict[str, str] = {
    "app.name": "convviz",
    "app.tagline": "See what a convolution does — run it in PyTorch, with every number worked out.",
    "nav.heading": "Pages",
    "nav.home": "Home",
    "nav.explorer": "Convolution explorer",
    "nav.open_in_explorer": "Open this layer in the explorer",
    "lang.label": "Language",
    "home.intro": (
        "Pick kernel size, stride, padding, dilation, groups and channels; convviz runs that exact "
        "convolution with PyTorch on the server and shows the output shape, the formula with your "
        "numbers, the parameter count, the compute and the memory.\n\n"
        "convviz follows an article in Chinese (its title in translation: “Convolution basics: some common "
        "convolutions in CNNs — 1×1, dilated, grouped and depthwise-separable”; the Chinese page gives the original), "
        "cited on later pages as “the source article”: its examples are presets, and its mistakes are corrected "
        "where they occur."
    ),
    "home.blurb.explorer": "one layer of your choice, run in PyTorch, every number worked out",
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
    "home.runtime": "PyTorch {torch} · devices on the server: {devices}",
}

ZH: dict[str, str] = {
    "app.name": "convviz",
    "app.tagline": "看清卷积在做什么——用 PyTorch 真正运行，每个数字都有推导。",
    "nav.heading": "页面",
    "nav.home": "首页",
    "nav.explorer": "卷积探索器",
    "nav.open_in_explorer": "在探索器中打开这一层",
    "lang.label": "语言",
    "home.intro": (
        "选择卷积核大小、步幅、填充、膨胀率、分组数和通道数；convviz 在服务器上用 PyTorch 运行这个卷积，"
        "并展示输出形状、代入你的数值的公式、参数量、计算量和内存。\n\n"
        "convviz 以一篇介绍四种卷积的文章《【卷积基础】CNN中一些常见卷积(1\\*1卷积、膨胀卷积、组卷积、深度可分离卷积)》"
        "为蓝本（后文称“原文”）：其中的例子都做成了预设，错误在相应页面更正。"
    ),
    "home.blurb.explorer": "任选一个卷积层，用 PyTorch 运行，每个数字都有推导",
    "home.topics": "原文介绍的四种卷积",
    "home.topic.pointwise": "**1×1 卷积（逐点卷积）**——在每个像素上混合通道，改变通道数"
                            "（例如 500×500×100 → 500×500×20）。",
    "home.topic.dilated": "**空洞卷积（膨胀卷积）**——把卷积核的采样点拉开：权重数量不变，感受野更大。",
    "home.topic.grouped": "**分组卷积**——把通道分成若干组分别卷积：参数量和乘加次数更少。",
    "home.topic.separable": "**深度可分离卷积**——先做深度卷积（每个通道一个卷积核），再做 1×1 逐点卷积。",
    "home.presets_hint": "每一种在探索器里都有一键预设，能复现原文的数字。",
    "home.runtime": "PyTorch {torch} · 服务器上的可用设备：{devices}",
}
