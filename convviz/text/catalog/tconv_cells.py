"""Messages of the per-cell arithmetic of a transposed layer in the explorer's animation view."""

EN: dict[str, str] = {
    "tconv.arith.zero": "inserted or padding zero (0)",
    "tconv.arith.explain": "A transposed layer computed as a convolution: the products run over the input with "
                           "zeros inserted (stride − 1 between neighbours) and padded, with the kernel flipped — "
                           "the kernel tap column is the weight index used, k − 1 − t.",
}

ZH: dict[str, str] = {
    "tconv.arith.zero": "插入的零或填充的零（0）",
    "tconv.arith.explain": "把转置卷积当作普通卷积来计算：乘积在插入零（相邻元素之间插入 stride − 1 个零）并填充后的"
                           "输入上进行，卷积核翻转——“卷积核位置”一列是实际使用的权重下标 k − 1 − t。",
}
