"""Messages of the dilated (atrous) convolution page."""

EN: dict[str, str] = {
    "nav.dilated": "Dilated convolution",
    "home.blurb.dilated": "holes in the kernel, the padding that keeps the size, receptive-field growth and "
                          "gridding artefacts",
    "dilated.title": "Dilated (atrous) convolution",
    "dilated.caption": "Spread a kernel's taps (the input positions its weights land on) apart: the same weights see a "
                       "larger region.",
    "dilated.intro": (
        "A dilated convolution places its **k** weights **d** elements apart (`dilation=d` in `nn.Conv2d`); "
        "the **d − 1** elements between two taps are skipped. The kernel then spans "
        "**d·(k − 1) + 1** elements — its *effective kernel size* — while the number of weights and the "
        "multiply–accumulates per output stay those of a k×k kernel. With d = 1 it is an ordinary convolution."
    ),
    "dilated.correction": (
        "**The source article says a dilated convolution keeps the height and width.** That depends on the "
        "padding: with stride 1 it takes padding = d·(k − 1)/2 (or `padding='same'`, uneven when d·(k − 1) is "
        "odd). Its own example has no padding and shrinks 7×7 to 3×3. Its output-size formula also omits the "
        "padding and the floor; PyTorch's is below."
    ),
    "dilated.layer.heading": "One dilated layer",
    "dilated.ctl.size": "Input size (H = W)",
    "dilated.ctl.kernel": "kernel_size k",
    "dilated.ctl.dilation": "dilation d",
    "dilated.ctl.stride": "stride s",
    "dilated.ctl.padding_kind": "Padding",
    "dilated.ctl.padding_kind.number": "number",
    "dilated.ctl.padding_kind.same": "'same'",
    "dilated.ctl.padding": "padding p",
    "dilated.ctl.keep": "Use the padding that keeps the size",
    "dilated.ctl.keep.help": "Sets stride 1 and padding = d·(k − 1)/2, or 'same' when d·(k − 1) is odd.",
    "dilated.ctl.reset": "Article's example",
    "dilated.ctl.out_row": "Output row",
    "dilated.ctl.out_col": "Output column",
    "dilated.res.input": "Input shape",
    "dilated.res.output": "Output shape",
    "dilated.res.k_eff": "Effective kernel",
    "dilated.res.params": "Parameters",
    "dilated.res.params.help": "k·k weights + 1 bias, whatever the dilation",
    "dilated.res.confirm": "PyTorch agrees: `{module}` ran on **{device}** and returned `{shape}`.",
    "dilated.res.mismatch": "PyTorch returned {torch_shape} but the library computed {shape}: please report this.",
    "dilated.formulas.heading": "Effective kernel size and output size (PyTorch's formula)",
    "dilated.keep.heading": "Padding that keeps the size",
    "dilated.keep.yes": "This layer keeps the size: {size}×{size} in, {size}×{size} out.",
    "dilated.keep.no": "This layer does **not** keep the size: {size}×{size} in, {out} out. With stride 1, this "
                       "padding keeps it:",
    "dilated.keep.stride": "With stride {stride}, padding of the usual size makes the output about 1/{stride} of "
                           "the input. Keeping {size}×{size} would need {pad} of padding on each side: {size} "
                           "windows placed {stride} apart reach about {stride} times as far as the input is wide, so "
                           "most of what they read would be padding. With stride 1, this padding keeps it:",
    "dilated.figure.heading": "Where the kernel reads",
    "dilated.figure.caption": "The input (grey border = padding) and the taps that output ({row}, {col}) reads. "
                              "The red × are the holes inside the effective kernel: no weight sits there and no "
                              "multiplication is done (mathematically the same as a k_eff × k_eff kernel with zeros "
                              "in the holes, but those products are never computed or counted).",
    "dilated.fig.input": "input",
    "dilated.fig.padding": "padding",
    "dilated.fig.tap": "tap (a weight)",
    "dilated.fig.hole": "hole (skipped)",
    "dilated.fig.span": "effective kernel",
    "dilated.fig.x": "input column",
    "dilated.fig.y": "input row",
    "dilated.stack.heading": "Stacking dilated layers",
    "dilated.stack.intro": (
        "Stack stride-1 layers and the receptive field grows by d·(k − 1) per layer: "
        "RF = 1 + (k − 1)·Σd. Dilation buys a large receptive field for the weights and compute of small "
        "kernels — but with the same rate d > 1 in every layer, all taps land on the same sub-grid (every d-th "
        "element) and the output never sees the elements in between."
    ),
    "dilated.ctl.rate": "rate of layer {n}",
    "dilated.ctl.preset_222": "2, 2, 2 (one rate)",
    "dilated.ctl.preset_125": "1, 2, 5 (HDC)",
    "dilated.ctl.stack_kernel": "kernel_size of every layer",
    "dilated.ctl.layers": "Layers in the growth chart (the rates repeat)",
    "dilated.growth.heading": "Receptive-field growth",
    "dilated.growth.caption": "From `convviz.receptive_field`: the rates {rates} versus the same number of "
                              "undilated {k}×{k} layers — the same weights and the same MACs.",
    "dilated.growth.dilated": "dilated (rates {rates})",
    "dilated.growth.undilated": "undilated, same cost",
    "dilated.growth.x": "layers",
    "dilated.growth.y": "receptive field (input elements)",
    "dilated.grid.heading": "Gridding artefacts",
    "dilated.grid.caption": "For the centre output after the three layers, the number of paths (one tap per "
                            "layer) from each input element to it; a red × marks an element inside the "
                            "receptive field that no path reaches.",
    "dilated.grid.rf": "Receptive field",
    "dilated.grid.reached": "Elements reached",
    "dilated.grid.holes": "Holes",
    "dilated.grid.has_holes": (
        "Rates {rates} leave **{holes}** of the {total} elements inside the receptive field unreached: no path "
        "leads from them to the output, whatever the weights. Such holes can cause gridding artefacts (Yu, Koltun & "
        "Funkhouser 2017; Wang et al. 2018)."
    ),
    "dilated.grid.cause.common_factor": (
        "**Why: a common factor.** Every rate is a multiple of {g}, so every step of every path is a multiple of "
        "{g}: only elements whose row and column offsets from the centre are multiples of {g} can be reached. "
        "Neighbouring outputs therefore read interleaved sets of inputs that share no element, so their results "
        "need not agree."
    ),
    "dilated.grid.cause.gap": (
        "**Why: a rate jumps too far.** The rates share no common factor, so the holes are not a regular grid: "
        "rate {rate} jumps further than the smaller rates can fill. The smaller rates {smaller} with kernel {k} "
        "reach a solid run of 1 + ({k} − 1)·({terms}) = {run} elements; rate {rate} sets copies of that run "
        "{rate} apart, so the {gap} element(s) just past the run, from each edge of the receptive field (rows "
        "and columns alike), are never reached. Sorted from the smallest, each rate must be at most the run the "
        "smaller ones reach (for kernel 3 and rates rising from 1, this is the HDC condition M₂ ≤ K of "
        "Wang et al. 2018); the order of the layers does not matter."
    ),
    "dilated.grid.cause.gap_first": (
        "**Why: no rate is 1.** The rates share no common factor, so the holes are not a regular grid, but the "
        "smallest rate is {rate}: every non-zero step of every path is at least {rate} elements, so the {gap} "
        "element(s) just inside each edge of the receptive field (rows and columns alike) are never reached. Sorted "
        "from the smallest, each rate must be at most the run the smaller ones reach — 1 element before the first "
        "rate."
    ),
    "dilated.grid.no_holes": (
        "Rates {rates} reach every element of the {size}×{size} receptive field: no holes. Wang et al. (2018, "
        "hybrid dilated convolution, the HDC rule cited by the article) choose rates without a common factor "
        "and small enough that each layer fills the gaps of the one before, such as 1, 2, 5."
    ),
    "dilated.grid.count": "paths",
    "dilated.grid.hole": "hole (no path)",
    "dilated.grid.x": "column offset from the centre",
    "dilated.grid.y": "row offset from the centre",
}

ZH: dict[str, str] = {
    "nav.dilated": "空洞卷积",
    "home.blurb.dilated": "带空洞的卷积核、保持尺寸的填充、感受野的增长与网格效应",
    "dilated.title": "空洞卷积（膨胀卷积）",
    "dilated.caption": "把卷积核的采样点（各个权重所对应的输入位置）拉开：同样的权重看到更大的区域。",
    "dilated.intro": (
        "空洞卷积的 **k** 个权重中，相邻两个权重相距 **d** 个元素（中间跳过 **d − 1** 个；"
        "`nn.Conv2d` 中的 `dilation=d`）。于是卷积核跨越 **d·(k − 1) + 1** 个元素——即"
        "*等效卷积核大小*——而权重数量和每个输出的乘加次数仍与 k×k 卷积核相同。d = 1 时就是普通卷积。"
    ),
    "dilated.correction": (
        "**原文说空洞卷积能保持特征图的高和宽**。这取决于填充：步幅为 1 时需要 padding = d·(k − 1)/2"
        "（或 `padding='same'`，当 d·(k − 1) 为奇数时两侧填充不相等）。原文自己的例子没有填充，"
        "7×7 变成了 3×3。原文的输出尺寸公式也漏掉了填充和向下取整；PyTorch 的公式见下文。"
    ),
    "dilated.layer.heading": "单个空洞卷积层",
    "dilated.ctl.size": "输入尺寸（H = W）",
    "dilated.ctl.kernel": "卷积核大小 k",
    "dilated.ctl.dilation": "膨胀率 d",
    "dilated.ctl.stride": "步幅 s",
    "dilated.ctl.padding_kind": "填充",
    "dilated.ctl.padding_kind.number": "数值",
    "dilated.ctl.padding_kind.same": "'same'",
    "dilated.ctl.padding": "填充 p",
    "dilated.ctl.keep": "使用保持尺寸的填充",
    "dilated.ctl.keep.help": "设为步幅 1、padding = d·(k − 1)/2；d·(k − 1) 为奇数时设为 'same'。",
    "dilated.ctl.reset": "原文的例子",
    "dilated.ctl.out_row": "输出行",
    "dilated.ctl.out_col": "输出列",
    "dilated.res.input": "输入形状",
    "dilated.res.output": "输出形状",
    "dilated.res.k_eff": "等效卷积核",
    "dilated.res.params": "参数量",
    "dilated.res.params.help": "k·k 个权重 + 1 个偏置，与膨胀率无关",
    "dilated.res.confirm": "PyTorch 验证一致：`{module}` 在 **{device}** 上运行，返回 `{shape}`。",
    "dilated.res.mismatch": "PyTorch 返回 {torch_shape}，但库计算的是 {shape}：请报告这个问题。",
    "dilated.formulas.heading": "等效卷积核大小与输出尺寸（PyTorch 的公式）",
    "dilated.keep.heading": "保持尺寸的填充",
    "dilated.keep.yes": "这一层保持尺寸：输入 {size}×{size}，输出 {size}×{size}。",
    "dilated.keep.no": "这一层**不**保持尺寸：输入 {size}×{size}，输出 {out}。步幅为 1 时，下面的填充能保持尺寸：",
    "dilated.keep.stride": "步幅为 {stride} 时，按通常大小填充，输出约为输入的 1/{stride}。要保持 {size}×{size}，"
                           "每侧需要填充 {pad}：相距 {stride} 的 {size} 个窗口覆盖的范围约为输入宽度的 {stride} 倍，"
                           "读到的大部分是填充。步幅为 1 时，下面的填充能保持尺寸：",
    "dilated.figure.heading": "卷积核读取的位置",
    "dilated.figure.caption": "输入（灰色边框为填充）以及输出 ({row}, {col}) 读取的采样点。"
                              "红色 × 是等效卷积核内部的空洞：这里没有权重，也不做乘法（数学上等同于在空洞处填零的 "
                              "k_eff × k_eff 卷积核，但这些乘积既不计算，也不计入乘加次数）。",
    "dilated.fig.input": "输入",
    "dilated.fig.padding": "填充",
    "dilated.fig.tap": "采样点（一个权重）",
    "dilated.fig.hole": "空洞（被跳过）",
    "dilated.fig.span": "等效卷积核",
    "dilated.fig.x": "输入列",
    "dilated.fig.y": "输入行",
    "dilated.stack.heading": "堆叠空洞卷积层",
    "dilated.stack.intro": (
        "堆叠步幅为 1 的层时，每一层让感受野增加 d·(k − 1)：RF = 1 + (k − 1)·Σd。"
        "空洞卷积用小卷积核的权重和计算量换来大的感受野——但如果每层都用同一个大于 1 的膨胀率 d，"
        "各层的采样点都落在同一个子网格上（每 d 个元素取一个，中间跳过 d − 1 个），输出永远看不到中间的元素。"
    ),
    "dilated.ctl.rate": "第 {n} 层的膨胀率",
    "dilated.ctl.preset_222": "2, 2, 2（单一膨胀率）",
    "dilated.ctl.preset_125": "1, 2, 5（HDC）",
    "dilated.ctl.stack_kernel": "每层的卷积核大小",
    "dilated.ctl.layers": "增长图中的层数（膨胀率循环重复）",
    "dilated.growth.heading": "感受野的增长",
    "dilated.growth.caption": "由 `convviz.receptive_field` 计算：膨胀率 {rates} 与同样层数的不膨胀 {k}×{k} "
                              "卷积对比——权重数量和乘加次数都相同。",
    "dilated.growth.dilated": "空洞卷积（膨胀率 {rates}）",
    "dilated.growth.undilated": "不膨胀，代价相同",
    "dilated.growth.x": "层数",
    "dilated.growth.y": "感受野（输入元素）",
    "dilated.grid.heading": "网格效应",
    "dilated.grid.caption": "三层之后中心输出的情况：从每个输入元素到它的路径数（每层取一个采样点）；"
                            "红色 × 标出感受野内没有任何路径到达的元素。",
    "dilated.grid.rf": "感受野",
    "dilated.grid.reached": "被覆盖的元素",
    "dilated.grid.holes": "空洞",
    "dilated.grid.has_holes": (
        "膨胀率 {rates} 使感受野内 {total} 个元素中有 **{holes}** 个无法到达：无论权重取什么值，都没有路径"
        "把它们连到输出。这样的空洞可能造成网格效应（Yu、Koltun 与 Funkhouser，2017；Wang 等，2018）。"
    ),
    "dilated.grid.cause.common_factor": (
        "**原因：公因子。** 每个膨胀率都是 {g} 的倍数，所以每条路径的每一步都是 {g} 的倍数：只有相对中心的行偏移和"
        "列偏移都是 {g} 的倍数的元素才可能被到达。因此相邻的输出读取的是相互交错、没有任何共同元素的两组输入，"
        "它们的结果未必一致。"
    ),
    "dilated.grid.cause.gap": (
        "**原因：某个膨胀率跨得太远。** 这些膨胀率没有公因子，所以空洞不是规则的网格：膨胀率 {rate} 跨过的距离"
        "超过了较小的膨胀率能填满的范围。较小的膨胀率 {smaller} 配合大小为 {k} 的卷积核，能到达连续的"
        " 1 + ({k} − 1)·({terms}) = {run} 个元素；膨胀率 {rate} 把这一段复制成相距 {rate} 的几份，所以从感受野"
        "每条边数起、紧接在这一段之后的 {gap} 个元素（行和列都一样）永远无法到达。膨胀率从小到大排列后，每个都"
        "不能超过比它小的膨胀率所能到达的连续长度（对大小为 3 的卷积核、从 1 开始递增的膨胀率，这就是 Wang 等"
        "（2018）的 HDC 条件 M₂ ≤ K）；各层的顺序不影响结果。"
    ),
    "dilated.grid.cause.gap_first": (
        "**原因：没有膨胀率为 1 的层。** 这些膨胀率没有公因子，所以空洞不是规则的网格，但最小的膨胀率是 {rate}："
        "每条路径每一步若不为零，至少移动 {rate} 个元素，所以感受野每条边内侧紧挨着的 {gap} 个元素（行和列都一样）"
        "永远无法到达。膨胀率从小到大排列后，每个都不能超过比它小的膨胀率所能到达的连续长度——第一个膨胀率之前只有"
        " 1 个元素。"
    ),
    "dilated.grid.no_holes": (
        "膨胀率 {rates} 覆盖了 {size}×{size} 感受野中的每一个元素：没有空洞。Wang 等人（2018，"
        "混合空洞卷积，即原文引用的 HDC 原则）选取没有公因子、且足够小的膨胀率，使每一层都能填补前一层留下的"
        "空隙，例如 1, 2, 5。"
    ),
    "dilated.grid.count": "路径数",
    "dilated.grid.hole": "空洞（无路径）",
    "dilated.grid.x": "相对中心的列偏移",
    "dilated.grid.y": "相对中心的行偏移",
}
