"""The glossary: one standard term per concept in each language, and the wording the catalogues must not use.

``EN``/``ZH`` (keys ``glossary.<concept>``) are the terms every other catalogue uses for these concepts;
``ZH_VARIANTS`` the Chinese variants that must not appear anywhere (a test enforces both tables). ``BANNED`` lists
phrases that were wrong or misleading in this app (each with why), per language, with the catalogue-key prefixes
they are banned under (``""``: every key). Sources for the terms: PyTorch's documentation and the standard Chinese
usage of textbooks (e.g. 《动手学深度学习》); gridding artefacts: Yu, Koltun & Funkhouser 2017; checkerboard
artefacts: Odena, Dumoulin & Olah 2016.
"""

EN = {
    "glossary.receptive_field": "receptive field",
    "glossary.effective_receptive_field": "effective receptive field",
    "glossary.jump": "jump",
    "glossary.kernel": "kernel",
    "glossary.kernel_element": "tap (kernel element)",
    "glossary.stride": "stride",
    "glossary.padding": "padding",
    "glossary.dilation_rate": "dilation rate",
    "glossary.pointwise": "pointwise convolution",
    "glossary.depthwise": "depthwise convolution",
    "glossary.separable": "depthwise-separable convolution",
    "glossary.grouped": "grouped convolution",
    "glossary.dilated": "dilated convolution",
    "glossary.transposed": "transposed convolution",
    "glossary.gridding": "gridding artefacts",
    "glossary.checkerboard": "checkerboard artefacts",
    "glossary.macs": "multiply-accumulates (MACs)",
}
ZH = {
    "glossary.receptive_field": "感受野",
    "glossary.effective_receptive_field": "有效感受野",
    "glossary.jump": "跳距",
    "glossary.kernel": "卷积核",
    "glossary.kernel_element": "采样点",
    "glossary.stride": "步幅",
    "glossary.padding": "填充",
    "glossary.dilation_rate": "膨胀率",
    "glossary.pointwise": "逐点卷积",
    "glossary.depthwise": "深度卷积",
    "glossary.separable": "深度可分离卷积",
    "glossary.grouped": "分组卷积",
    "glossary.dilated": "空洞卷积",
    "glossary.transposed": "转置卷积",
    "glossary.gridding": "网格效应",
    "glossary.checkerboard": "棋盘格伪影",
    "glossary.macs": "乘加次数（MACs）",
}
# Chinese variants of the glossary's terms: never used (the glossary's term instead).
ZH_VARIANTS = {
    "glossary.jump": ("跳步",),
    "glossary.kernel_element": ("抽头",),  # a DSP term
    "glossary.dilation_rate": ("扩张率", "空洞率"),
    "glossary.stride": ("步长",),
    "glossary.transposed": ("反卷积",),  # a transposed convolution does not invert a convolution
    "glossary.receptive_field": ("接受域",),
}
# (phrase, key prefixes it is banned under ("" = all), why). Matched case-insensitively in English.
BANNED = {
    "en": (
        ("unproductive", "", "a receptive field larger than the input is normal; border outputs still gain pixels"),
        ("disjoint sub-grids", "", "only true when the rates share a common factor"),
        ("checkerboard", "dilated.", "dilation causes gridding artefacts; checkerboard is the transposed term"),
        ("no checkerboard", "", "even overlap means no built-in pattern, not artefact-free outputs (Odena 2016)"),
        ("less tuned", "", "often less optimised"),
        ("must be 1-d", "", "this app's causal option is 1-D; causal convolutions are not"),
        ("crops fewer", "", "output_padding rows can receive taps"),
        ("about a second each", "", "the measurement runs about half a second"),
    ),
    "zh": (
        ("95% 的质量", "", "梯度总量"),
        ("放置次数", "", "叠加次数"),
        ("这一对", "", "深度可分离的两层"),
        ("形状告诉我们", "", "按形状计算"),
        ("机器告诉我们", "", "实测结果"),
        ("个元素放一个", "", "相邻两个权重相距 d 个元素（中间跳过 d − 1 个）"),
        ("降维 ×", "", "通道数降为 1/…（降维）"),
        ("棋盘", "dilated.", "空洞卷积的是网格效应；棋盘格伪影是转置卷积的"),
        ("没有棋盘格", "", "没有固有的棋盘格图案"),
    ),
}
