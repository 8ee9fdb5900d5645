"""Messages of the 1×1 (pointwise) convolution page."""

EN: dict[str, str] = {
    "nav.pointwise": "1×1 (pointwise) convolution",
    "home.blurb.pointwise": "a linear layer at every pixel: channel mixing, reduction and the bottleneck",
    "pw.title": "1×1 (pointwise) convolution",
    "pw.caption": "A 1×1 convolution mixes the channels of each pixel with one matrix; it never looks at "
                  "neighbouring pixels.",
    "pw.intro": (
        "At every position (h, w) a 1×1 convolution takes the pixel's C_in channel values, multiplies them by "
        "one C_out × C_in matrix W and adds the bias: **y = W·x + b**. The same W is used at every pixel, so the "
        "layer is exactly a fully connected (`nn.Linear`) layer applied to each pixel. It changes the number of "
        "channels (fewer: reduction, more: expansion). With stride 1, as on this page, it keeps height and width; "
        "with stride 2 it reads every second row and column and halves them (rounding up), as ResNet's "
        "projection shortcut does (He et al. 2016)."
    ),
    "pw.correction": (
        "**Two corrections to the source article.** (1) Its Chinese name for this layer means *channel-wise* "
        "convolution, which is the standard name of the *depthwise* convolution; a 1×1 convolution is the "
        "**pointwise** one. (2) It says a 1×1 convolution *adds non-linearity*. It does not: it is linear "
        "(y = W·x + b) and adds nothing to the receptive field. The non-linearity comes from the activation "
        "(e.g. ReLU) placed after it; what the 1×1 layer adds is a cheap place to put one."
    ),
    "pw.examples": "The article's examples",
    "pw.example.small": "64 → 128 on 32×32",
    "pw.example.reduction": "500×500×100 → 20",
    "pw.ctl.in_channels": "in_channels (C_in)",
    "pw.ctl.out_channels": "out_channels (C_out)",
    "pw.ctl.size": "Height = width",
    "pw.ctl.bias": "bias",
    "pw.res.output_shape": "Output shape",
    "pw.res.params": "Parameters",
    "pw.res.macs": "MACs",
    "pw.res.change": "Channels",
    "pw.change.reduction": "reduction to 1/{factor}",
    "pw.change.expansion": "expansion ×{factor}",
    "pw.change.same": "unchanged",
    "pw.res.params.help": "C_out·C_in weights + C_out bias; without bias: {weights}.",
    "pw.res.macs.help": "Multiply–accumulates over the whole batch, bias excluded. FLOPs = 2 × MACs.",
    "pw.confirm": (
        "PyTorch agrees: `{module}` ran on **{device}** and returned `{shape}`; its parameters sum to "
        "**{params}** elements and `FlopCounterMode` counts **{flops}** FLOPs = 2 × {macs} MACs."
    ),
    "pw.mismatch": "PyTorch gave {torch} but the library computed {ours}: please report this.",
    "pw.formulas": "The formulas, with your numbers",
    "pw.formula.explain": "Per pixel, then the parameter count and the multiply–accumulates:",
    "pw.figure": "One pixel through the layer: y = W·x + b",
    "pw.figure.explain": (
        "The row on top is one pixel's input vector x; each of its values lines up with the column of W it "
        "multiplies. Each row of W is one filter, and makes one output channel of y (right). Hover over a cell "
        "for its value. Weights are −1, 0 or 1 and inputs −2…2, so you can redo any output by hand."
    ),
    "pw.figure.x": "x: one input pixel (C_in values)",
    "pw.figure.W": "W: C_out × C_in weights",
    "pw.figure.y": "y",
    "pw.figure.in": "input channel",
    "pw.figure.out": "output channel",
    "pw.figure.value": "value",
    "pw.figure.subsampled": "Drawn: the first {in_drawn} of {in_channels} input and {out_drawn} of {out_channels} "
                            "output channels (a figure stays readable up to {limit}).",
    "pw.figure.check": "PyTorch's output for this pixel equals W·x + b summed by hand: **{ok}**.",
    "pw.yes": "yes",
    "pw.no": "no",
    "pw.linear": "The same thing as a linear layer",
    "pw.linear.explain": (
        "Below, `nn.Conv2d(C_in, C_out, 1)` and `nn.Linear(C_in, C_out)` get the same weights "
        "(`linear.weight = conv.weight.view(C_out, C_in)`) and the same bias; the linear layer runs on the "
        "channels-last tensor `x.permute(0, 2, 3, 1)` of shape (N, H, W, C_in). Random normal inputs and weights."
    ),
    "pw.linear.result": (
        "Convolution output `{conv}`, linear output `{linear}` (channels last). Largest absolute difference "
        "over all outputs: **{diff}**, with outputs as large as about {scale} in absolute value — float32 rounding "
        "only (the two sum the products in different orders)."
    ),
    "pw.linear.code": "The check in code",
    "pw.article": "Both examples of the article",
    "pw.article.col.example": "example",
    "pw.article.col.output": "output",
    "pw.article.col.params": "parameters",
    "pw.article.col.nobias": "without bias",
    "pw.article.small": "`Conv2d(64, 128, 1)` on (1, 64, 32, 32)",
    "pw.article.reduction": "20 filters of 1×1 on a 500×500×100 map",
    "pw.notdo": "What a 1×1 convolution does not do",
    "pw.notdo.rf": (
        "**No larger receptive field.** After a 3×3 layer one output sees a {rf3} patch of the input; add a 1×1 "
        "layer after it and it still sees {rf31} (computed with `convviz.receptive_field`)."
    ),
    "pw.notdo.linear": (
        "**No non-linearity.** Two 1×1 layers in a row are one 1×1 layer (the product of their matrices). "
        "Put an activation such as ReLU between them and they are not: that is where the extra expressive "
        "power comes from."
    ),
    "pw.bottleneck": "The bottleneck: reduce, convolve, expand",
    "pw.bottleneck.explain": (
        "ResNet's bottleneck block (He et al. 2016) puts the expensive k×k convolution between two 1×1 layers: "
        "reduce C channels to a narrower width, convolve there, expand back to C. Compare it with one k×k "
        "convolution C → C (weights without bias; MACs on a 56×56 map)."
    ),
    "pw.ctl.bn_channels": "Channels C",
    "pw.ctl.bn_width": "Bottleneck width",
    "pw.bn.col.layer": "layer",
    "pw.latex.bottleneck": "bottleneck",
    "pw.latex.standard": "standard",
    "pw.bn.col.weights": "weights",
    "pw.bn.col.macs": "MACs (56×56)",
    "pw.bn.total": "**bottleneck total**",
    "pw.bn.standard": "one {k}×{k} convolution {c} → {c}",
    "pw.bn.summary": (
        "The bottleneck has **{bn}** weights against **{std}** for the single layer: **{ratio}** of them "
        "(PyTorch counts {torch_bn} and {torch_std})."
    ),
    "pw.explorer_hint": "Open the layer above (with its input) in the explorer for the output-size formula, memory "
                        "and a runnable snippet.",
}

ZH: dict[str, str] = {
    "nav.pointwise": "1×1 卷积（逐点卷积）",
    "home.blurb.pointwise": "每个像素上的线性层：通道混合、降维与瓶颈结构",
    "pw.title": "1×1 卷积（逐点卷积）",
    "pw.caption": "1×1 卷积用同一个矩阵混合每个像素的各个通道，从不看相邻像素。",
    "pw.intro": (
        "在每个位置 (h, w)，1×1 卷积取出该像素的 C_in 个通道值，乘以一个 C_out × C_in 的矩阵 W 再加上偏置："
        "**y = W·x + b**。所有像素共用同一个 W，所以这一层恰好等于对每个像素分别应用同一个全连接层（`nn.Linear`）。"
        "它改变通道数（变少为降维，变多为升维）。步幅为 1 时（本页就是如此）高和宽保持不变；步幅为 2 时它隔一行、"
        "隔一列读取，高和宽减半（向上取整），ResNet 的投影捷径就是这样（He 等，2016）。"
    ),
    "pw.correction": (
        "**对原文的两处更正。**（1）原文把它叫作“逐通道卷积”，而逐通道卷积是**深度卷积**（depthwise）的叫法；"
        "1×1 卷积的标准名称是**逐点卷积**（pointwise）。（2）原文说 1×1 卷积“增加非线性”。并非如此：它是线性的"
        "（y = W·x + b），也不扩大感受野。非线性来自它后面的激活函数（如 ReLU）；就非线性而言，1×1 层带来的只是一个"
        "代价很低的位置，可以在它后面再接一个激活函数。"
    ),
    "pw.examples": "原文的例子",
    "pw.example.small": "32×32 上 64 → 128",
    "pw.example.reduction": "500×500×100 → 20",
    "pw.ctl.in_channels": "输入通道数 in_channels (C_in)",
    "pw.ctl.out_channels": "输出通道数 out_channels (C_out)",
    "pw.ctl.size": "高 = 宽",
    "pw.ctl.bias": "偏置 bias",
    "pw.res.output_shape": "输出形状",
    "pw.res.params": "参数量",
    "pw.res.macs": "乘加次数 (MACs)",
    "pw.res.change": "通道",
    "pw.change.reduction": "通道数降为 1/{factor}（降维）",
    "pw.change.expansion": "通道数增为 {factor} 倍（升维）",
    "pw.change.same": "不变",
    "pw.res.params.help": "C_out·C_in 个权重 + C_out 个偏置；不含偏置：{weights}。",
    "pw.res.macs.help": "整个批次的乘加次数，不含偏置。FLOPs = 2 × MACs。",
    "pw.confirm": (
        "PyTorch 验证一致：`{module}` 在 **{device}** 上运行，输出 `{shape}`；参数元素总数为 **{params}**，"
        "`FlopCounterMode` 计得 **{flops}** FLOPs = 2 × {macs} MACs。"
    ),
    "pw.mismatch": "PyTorch 得到 {torch}，而库计算为 {ours}：请报告此问题。",
    "pw.formulas": "公式（代入你的数值）",
    "pw.formula.explain": "先是每个像素的计算，然后是参数量和乘加次数：",
    "pw.figure": "一个像素经过这一层：y = W·x + b",
    "pw.figure.explain": (
        "上方一行是一个像素的输入向量 x，每个值都与它所乘的 W 的那一列对齐。W 的每一行是一个卷积核，"
        "生成 y（右侧）的一个输出通道。把鼠标悬停在格子上可查看数值。权重取 −1、0 或 1，输入取 −2…2，"
        "任何一个输出都可以手算验证。"
    ),
    "pw.figure.x": "x：一个输入像素（C_in 个值）",
    "pw.figure.W": "W：C_out × C_in 个权重",
    "pw.figure.y": "y",
    "pw.figure.in": "输入通道",
    "pw.figure.out": "输出通道",
    "pw.figure.value": "数值",
    "pw.figure.subsampled": "图中只画出前 {in_drawn} 个（共 {in_channels} 个）输入通道和前 {out_drawn} 个"
                            "（共 {out_channels} 个）输出通道（超过 {limit} 个图就看不清了）。",
    "pw.figure.check": "PyTorch 对这个像素的输出与手算的 W·x + b 相等：**{ok}**。",
    "pw.yes": "是",
    "pw.no": "否",
    "pw.linear": "它就是一个线性层",
    "pw.linear.explain": (
        "下面让 `nn.Conv2d(C_in, C_out, 1)` 和 `nn.Linear(C_in, C_out)` 使用相同的权重"
        "（`linear.weight = conv.weight.view(C_out, C_in)`）和相同的偏置；线性层作用在通道在后的张量 "
        "`x.permute(0, 2, 3, 1)` 上，形状为 (N, H, W, C_in)。输入和权重都取标准正态随机数。"
    ),
    "pw.linear.result": (
        "卷积输出 `{conv}`，线性层输出 `{linear}`（通道在后）。所有输出中的最大绝对差：**{diff}**，"
        "而输出的绝对值最大约为 {scale}——只是 float32 的舍入误差（两者对乘积求和的顺序不同）。"
    ),
    "pw.linear.code": "验证代码",
    "pw.article": "原文的两个例子",
    "pw.article.col.example": "例子",
    "pw.article.col.output": "输出",
    "pw.article.col.params": "参数量",
    "pw.article.col.nobias": "不含偏置",
    "pw.article.small": "`Conv2d(64, 128, 1)` 作用于 (1, 64, 32, 32)",
    "pw.article.reduction": "500×500×100 的特征图经过 20 个 1×1 卷积核",
    "pw.notdo": "1×1 卷积不做什么",
    "pw.notdo.rf": (
        "**不扩大感受野。** 经过一个 3×3 层后，一个输出看到输入中 {rf3} 的区域；在它后面再加一个 1×1 层，"
        "仍然只看到 {rf31}（由 `convviz.receptive_field` 计算）。"
    ),
    "pw.notdo.linear": (
        "**不引入非线性。** 连续两个 1×1 层等于一个 1×1 层（两个矩阵的乘积）。在它们之间加上 ReLU 等激活函数"
        "就不再如此：额外的表达能力正来自这里。"
    ),
    "pw.bottleneck": "瓶颈结构：降维、卷积、升维",
    "pw.bottleneck.explain": (
        "ResNet 的瓶颈块（He 等，2016）把代价高的 k×k 卷积夹在两个 1×1 层之间：先把 C 个通道降到较窄的宽度，"
        "在那里做卷积，再升回 C。与一个 C → C 的 k×k 卷积比较（权重不含偏置；MACs 按 56×56 特征图计算）。"
    ),
    "pw.ctl.bn_channels": "通道数 C",
    "pw.ctl.bn_width": "瓶颈宽度",
    "pw.bn.col.layer": "层",
    "pw.latex.bottleneck": "瓶颈结构",
    "pw.latex.standard": "标准卷积",
    "pw.bn.col.weights": "权重",
    "pw.bn.col.macs": "MACs (56×56)",
    "pw.bn.total": "**瓶颈合计**",
    "pw.bn.standard": "一个 {k}×{k} 卷积 {c} → {c}",
    "pw.bn.summary": (
        "瓶颈结构有 **{bn}** 个权重，单层卷积有 **{std}** 个：只占 **{ratio}**"
        "（PyTorch 计得 {torch_bn} 和 {torch_std}）。"
    ),
    "pw.explorer_hint": "在探索器中打开上面这一层（连同输入），查看输出尺寸公式、内存和可运行的代码。",
}
