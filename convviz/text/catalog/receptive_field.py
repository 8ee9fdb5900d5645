"""The receptive-field lab (pages/6_receptive_field.py): stack editor, per-layer table, figures, images, ERF."""

EN: dict[str, str] = {
    "nav.receptive_field": "Receptive-field lab",
    "home.blurb.receptive_field": "stack layers and watch one output's receptive field grow on a photo: size, jump "
                                  "and start per layer, gridding holes, and the effective receptive field",
    "rf.title": "Receptive-field lab",
    "rf.caption": "What one output element can see — and what it actually looks at.",
    "rf.intro": (
        "The **receptive field** of an output element is the region of the input it depends on. Stack layers and "
        "it grows: each layer adds (effective kernel − 1) × jump, where the **jump** is the product of the strides "
        "before it. **Start** is the input index where the region of output 0 begins — negative where it reaches "
        "into the padding. Edit the stack below, or load a classic network."
    ),
    "rf.presets": "Classic stacks",
    "rf.preset.vgg": "VGG 3×3",
    "rf.preset.resnet": "ResNet-18 up to conv3_x",
    "rf.preset.mobilenet": "MobileNet",
    "rf.preset.wavenet": "WaveNet (1-D)",
    "rf.preset.tcn": "TCN (1-D)",
    "rf.preset.patchgan": "PatchGAN 70×70",
    "rf.preset.hdc_125": "HDC rates 1, 2, 5",
    "rf.preset.hdc_222": "rates 2, 2, 2",
    "rf.preset.vgg.note": "VGG-16's first three blocks: 3×3 convolutions and 2×2 max-pools; the receptive field "
                          "ends at 44×44.",
    "rf.preset.resnet.note": "ResNet-18 from its input up to conv3_x (He et al. 2016): the stem alone — a 7×7/2 "
                             "convolution and a 3×3/2 max-pool — has receptive field 11×11 and jump 4; conv2_x adds "
                             "four 3×3 convolutions, conv3_x four more (the first with stride 2): 99×99.",
    "rf.preset.mobilenet.note": "Depthwise 3×3 + pointwise 1×1 blocks: the same receptive field as 3×3 "
                                "convolutions — the 1×1 adds none.",
    "rf.preset.wavenet.note": "A kernel-2 causal input convolution, then one dilation stack with rates 1, 2, 4 … "
                              "512: 1 + 1 + (1 + 2 + … + 512) = 1,025 samples. WaveNet repeats such a stack several "
                              "times (van den Oord et al. 2016: 1 … 512, 1 … 512, 1 … 512), and each repetition "
                              "widens the receptive field further.",
    "rf.preset.tcn.note": "Kernel 3, dilations 1 … 32, two causal convolutions per block: 1 + 2·2·63 = 253 steps.",
    "rf.preset.patchgan.note": "pix2pix's discriminator: kernel 4, padding 1, strides 2, 2, 2, 1, 1 — each output "
                               "judges a 70×70 patch.",
    "rf.preset.hdc_125.note": "Hybrid dilation rates 1, 2, 5 (Wang et al. 2018): 17×17 with no holes.",
    "rf.preset.hdc_222.note": "Three layers with rate 2: the receptive field spans {size}, but along both rows "
                              "and columns only every other element is read — {read} of its {span} input elements: "
                              "the sub-grid behind gridding artefacts.",
    "rf.preset_loaded": "Loaded: {name}.",
    "rf.stack.heading": "The stack",
    "rf.ctl.dims": "Dimensions",
    "rf.ctl.dims.1": "1-D (signal)",
    "rf.ctl.dims.2": "2-D (image)",
    "rf.ctl.size.1": "Input length",
    "rf.ctl.size.2": "Input size (square)",
    "rf.ctl.size.help": "Output sizes come from chaining each layer's output_shape on this input.",
    "rf.ctl.in_channels": "Input channels",
    "rf.col.type": "type",
    "rf.col.type.help": "conv, max-pool or avg-pool",
    "rf.col.kernel_size": "kernel_size",
    "rf.col.stride": "stride",
    "rf.col.padding": "padding",
    "rf.col.padding.help": "A whole number, 'same' (stride 1), or 'causal' (1-D: pads dilation·(k − 1) on the left)",
    "rf.col.dilation": "dilation",
    "rf.col.groups": "groups",
    "rf.col.channels": "channels",
    "rf.col.channels.help": "out_channels of a convolution; pooling keeps the channel count",
    "rf.col.ceil_mode": "ceil_mode",
    "rf.col.ceil_mode.help": "Pooling only: round the output size up (PyTorch's ceil_mode), keeping a last partial "
                             "window; the receptive field stays the same",
    "rf.stack.hint": "Edit any cell, add rows at the bottom, select rows and delete them. Channels and groups "
                     "change the parameters, not the receptive field.",
    "rf.row_error": "Row {row}: {message}",
    "rf.layer_error": "Layer {layer}: {message}",
    "rf.image_error": "Cannot use this image: {message}",
    "rf.erf_error": "Cannot compute the effective receptive field: {message}",
    "rf.res.size": "Receptive field",
    "rf.res.size.help": "Span, in input elements, of the region one output element depends on (holes included).",
    "rf.res.jump": "Jump",
    "rf.res.jump.help": "Distance in the input between neighbouring outputs of the last layer: the product of its "
                        "stride and the strides of all layers before it.",
    "rf.res.start": "Start",
    "rf.res.start.help": "Input index where the region of output 0 begins; negative means it reaches into padding.",
    "rf.res.output": "Output shape",
    "rf.table.heading": "**Layer by layer** (cumulative from the input)",
    "rf.tcol.layer": "layer",
    "rf.tcol.what": "layer settings",
    "rf.tcol.output": "output",
    "rf.tcol.size": "RF size",
    "rf.tcol.jump": "jump",
    "rf.tcol.start": "start",
    "rf.tcol.params": "parameters",
    "rf.tcol.note": "note",
    "rf.note.larger": "RF > input",
    "rf.note.larger_gain": "RF > input; border outputs still reach new input",
    "rf.note.centre": "centre output reads the whole input",
    "rf.note.centre_gain": "centre output reads the whole input; border outputs still reach new input",
    "rf.note.all_new": "every output now reads the whole input",
    "rf.note.all_old": "every output already read the whole input: no new input",
    "rf.reach.larger": "From layer {first} on, the theoretical receptive field is larger than the {input} input. "
                       "That is normal — torchvision's ResNet-50 has 427×427 on 224×224 images — and it does not "
                       "make a layer useless: an output near the border keeps reaching new input until its "
                       "receptive field is up to about twice the input (with 'same'-style padding, output 0's "
                       "receptive field is centred on input element 0, so half of it lies in the padding). Here "
                       "output ({output}) reads input {before} before layer {layer} and {after} after it.",
    "rf.reach.saturated": "Layers {layers}: every output already reads the whole input, so these layers add no new "
                          "input to any output (they still transform the features).",
    "rf.reach.erf": "How much of its receptive field an output actually relies on is another matter: see the "
                    "**effective receptive field** under “One output element” below.",
    "rf.formula.caption": "For layer l with kernel_size k, stride s, dilation d and padding p on its left or top; "
                          "jump_(l−1) is the jump *before* the layer (1 on the input), which is why each layer's "
                          "growth is multiplied by the strides of the layers before it. Starting from size = 1, "
                          "jump = 1, start = 0 on the input (Araujo, Norris & Sim, Distill 2019).",
    "rf.holes": "Gridding: {count} input elements inside the {size} receptive field have no path to the output "
                "(red in the coverage view).",
    "rf.input.heading": "On the input",
    "rf.input.sample": "Sample image",
    "rf.sample.grace_hopper": "Grace Hopper (photo)",
    "rf.sample.checkerboard": "Checkerboard",
    "rf.sample.rings": "Rings",
    "rf.input.upload": "Or upload your own",
    "rf.input.upload.help": "PNG, JPEG or WebP, at most {mib} MiB and {mp} million pixels; centre-cropped to a "
                            "square and resized to the input size.",
    "rf.input.fallback": "Showing the sample image instead.",
    "rf.ctl.rf_row": "Output row",
    "rf.ctl.rf_col": "Output column",
    "rf.ctl.rf_t": "Output time step",
    "rf.cell": "Output element ({index}) depends on input {span} — {size} elements.",
    "rf.fig.layer": "layer",
    "rf.fig.input": "input",
    "rf.fig.rf": "receptive field",
    "rf.fig.coverage": "paths (log scale)",
    "rf.fig.erf": "effective receptive field",
    "rf.fig.erf_box": "95 % of the total gradient",
    "rf.fig.cell": "output element",
    "rf.fig.play": "▶",
    "rf.fig.pause": "❚❚",
    "rf.fig.signal": "signal",
    "rf.fig.time": "time step",
    "rf.fig.jump": "jump",
    "rf.fig.start": "start",
    "rf.growth.heading": "Growing layer by layer",
    "rf.growth.caption": "Press ▶ or drag the slider: after each layer, the box is the receptive field of the "
                         "element nearest the chosen output, shaded by the number of paths (log scale); red cells "
                         "inside the box are holes no path reaches. Grey is padding.",
    "rf.view.heading": "One output element",
    "rf.view": "Show on the input",
    "rf.view.coverage": "coverage",
    "rf.view.erf": "effective receptive field",
    "rf.view.none": "box only",
    "rf.erf.settings": "Effective receptive field",
    "rf.erf.explain": (
        "Luo et al. (2016): give the network random weights, set the gradient to 1 at the chosen output and "
        "back-propagate; average |∂y/∂x| over several initialisations. It is zero outside the theoretical "
        "receptive field and concentrated near its centre.\n\n"
        "Their main finding, for stacks with random (or uniform) weights: the effective receptive field is roughly "
        "Gaussian, and its width grows like √n with the number of layers n while the theoretical size grows like "
        "n — so only a shrinking fraction of the theoretical receptive field really matters as the stack gets "
        "deeper. They also observed that training widens it."
    ),
    "rf.erf.inits": "Random initialisations",
    "rf.erf.channels": "Channels per layer",
    "rf.erf.relu": "ReLU between layers",
    "rf.erf.compute": "Compute the effective receptive field",
    "rf.erf.progress": "Initialisation {done} of {total}",
    "rf.erf.result": "**Effective receptive field:** 95 % of the total gradient lies in a centred {side} window, "
                     "{share} of the theoretical {size} per side ({area} of its area), averaged over {inits} "
                     "initialisations.",
    "rf.erf.press": "Press “Compute the effective receptive field” to see it for this element and these settings.",
    "rf.zoom": "Zoom to the receptive field",
    "rf.legend.coverage": "Red box: theoretical receptive field. Blue: number of paths to the output (log scale; "
                          "darker = more). Red cells: holes. Click any point of the image to pick the output "
                          "element whose receptive field is centred there.",
    "rf.legend.erf": "Red box: theoretical receptive field. Orange: effective receptive field (mean |∂y/∂x|, "
                     "normalised); dashed: the centred window holding 95 % of it. Click to pick another element.",
    "rf.legend.none": "Red box: theoretical receptive field of the chosen output element. Click to pick another.",
    "rf.legend.signal": "Red band: the receptive field of the chosen output on the signal; blue bars: paths per "
                        "sample (log scale); orange: the effective receptive field once computed. Click near the "
                        "bottom of the band to pick another output.",
    "rf.timeline.heading": "As a timeline",
    "rf.timeline.caption": "Every connection of the causal stack over time; red: the ones that feed the last output.",
}

ZH: dict[str, str] = {
    "nav.receptive_field": "感受野实验室",
    "home.blurb.receptive_field": "堆叠网络层，在照片上观察一个输出的感受野如何增长：逐层的大小、跳距和起点，"
                                  "网格效应的空洞，以及有效感受野",
    "rf.title": "感受野实验室",
    "rf.caption": "一个输出元素能“看到”什么，以及它实际关注什么。",
    "rf.intro": (
        "输出元素的**感受野**是它所依赖的输入区域。层层堆叠，感受野随之增长：每一层增加（等效卷积核大小 − 1）× 跳距，"
        "其中**跳距**（jump）是此前各层步幅的乘积。**起点**（start）是输出 0 的感受野在输入中开始的下标——"
        "为负时表示延伸到了填充区域。"
        "在下方编辑层堆叠，或载入一个经典网络。"
    ),
    "rf.presets": "经典堆叠",
    "rf.preset.vgg": "VGG 3×3",
    "rf.preset.resnet": "ResNet-18（至 conv3_x）",
    "rf.preset.mobilenet": "MobileNet",
    "rf.preset.wavenet": "WaveNet（一维）",
    "rf.preset.tcn": "TCN（一维）",
    "rf.preset.patchgan": "PatchGAN 70×70",
    "rf.preset.hdc_125": "HDC 膨胀率 1, 2, 5",
    "rf.preset.hdc_222": "膨胀率 2, 2, 2",
    "rf.preset.vgg.note": "VGG-16 的前三个块：3×3 卷积加 2×2 最大池化；感受野最终为 44×44。",
    "rf.preset.resnet.note": "ResNet-18 从输入到 conv3_x（He 等，2016）：仅起始部分（stem）——一个 7×7/2 卷积和一个 "
                             "3×3/2 最大池化——感受野就是 11×11，跳距为 4；conv2_x 再加四个 3×3 卷积，conv3_x "
                             "再加四个（第一个步幅为 2）：99×99。",
    "rf.preset.mobilenet.note": "深度卷积 3×3 + 逐点卷积 1×1 的块：感受野与 3×3 标准卷积相同——1×1 不增加感受野。",
    "rf.preset.wavenet.note": "一个卷积核为 2 的因果输入卷积，然后是一组膨胀率为 1, 2, 4 … 512 的卷积："
                              "1 + 1 + (1 + 2 + … + 512) = 1,025 个样本（时间步）。WaveNet 会把这样的一组重复多次"
                              "（van den Oord 等，2016：1 … 512, 1 … 512, 1 … 512），每重复一次，感受野就进一步扩大。",
    "rf.preset.tcn.note": "卷积核 3，膨胀率 1 … 32，每块两个因果卷积：1 + 2·2·63 = 253 个时间步。",
    "rf.preset.patchgan.note": "pix2pix 的判别器：卷积核 4，填充 1，步幅 2, 2, 2, 1, 1——"
                               "每个输出对一个 70×70 的图像块给出真假判断。",
    "rf.preset.hdc_125.note": "混合膨胀率 1, 2, 5（Wang 等，2018）：17×17，没有空洞。",
    "rf.preset.hdc_222.note": "三层膨胀率都是 2：感受野跨度为 {size}，但其中只有隔行且隔列的元素会被读到——"
                              "{span} 个输入元素中只读到 {read} 个：这正是造成网格效应的子网格。",
    "rf.preset_loaded": "已载入：{name}。",
    "rf.stack.heading": "层堆叠",
    "rf.ctl.dims": "维度",
    "rf.ctl.dims.1": "一维（信号）",
    "rf.ctl.dims.2": "二维（图像）",
    "rf.ctl.size.1": "输入长度",
    "rf.ctl.size.2": "输入尺寸（正方形）",
    "rf.ctl.size.help": "各层的输出尺寸：在这个输入上逐层调用 output_shape 算出。",
    "rf.ctl.in_channels": "输入通道数",
    "rf.col.type": "类型",
    "rf.col.type.help": "conv（卷积）、max-pool（最大池化）或 avg-pool（平均池化）",
    "rf.col.kernel_size": "卷积核 kernel_size",
    "rf.col.stride": "步幅 stride",
    "rf.col.padding": "填充 padding",
    "rf.col.padding.help": "整数、'same'（步幅 1）或 'causal'（一维：在左侧填充 dilation·(k − 1)）",
    "rf.col.dilation": "膨胀率 dilation",
    "rf.col.groups": "分组 groups",
    "rf.col.channels": "通道 channels",
    "rf.col.channels.help": "卷积的 out_channels；池化层保持通道数不变",
    "rf.col.ceil_mode": "向上取整 ceil_mode",
    "rf.col.ceil_mode.help": "仅用于池化：输出尺寸向上取整（PyTorch 的 ceil_mode），保留最后一个不完整的窗口；"
                             "感受野不变",
    "rf.stack.hint": "可编辑任意单元格，在底部添加行，选中行后删除。通道数和分组数改变参数量，不改变感受野。",
    "rf.row_error": "第 {row} 行：{message}",
    "rf.layer_error": "第 {layer} 层：{message}",
    "rf.image_error": "无法使用这张图像：{message}",
    "rf.erf_error": "无法计算有效感受野：{message}",
    "rf.res.size": "感受野",
    "rf.res.size.help": "一个输出元素所依赖的输入区域的跨度（以输入元素计，包括空洞）。",
    "rf.res.jump": "跳距",
    "rf.res.jump.help": "最后一层相邻两个输出在输入上的间距：该层及其之前所有层步幅的乘积。",
    "rf.res.start": "起点",
    "rf.res.start.help": "输出 0 的感受野在输入中开始的下标；为负表示延伸到了填充区域。",
    "rf.res.output": "输出形状",
    "rf.table.heading": "**逐层**（从输入开始累计）",
    "rf.tcol.layer": "层",
    "rf.tcol.what": "层设置",
    "rf.tcol.output": "输出",
    "rf.tcol.size": "感受野大小",
    "rf.tcol.jump": "跳距",
    "rf.tcol.start": "起点",
    "rf.tcol.params": "参数量",
    "rf.tcol.note": "备注",
    "rf.note.larger": "感受野 > 输入",
    "rf.note.larger_gain": "感受野 > 输入；边缘输出仍能读到新的输入",
    "rf.note.centre": "中心输出已读到整个输入",
    "rf.note.centre_gain": "中心输出已读到整个输入；边缘输出仍能读到新的输入",
    "rf.note.all_new": "从这一层起，每个输出都读到整个输入",
    "rf.note.all_old": "每个输出早已读到整个输入：没有新的输入",
    "rf.reach.larger": "从第 {first} 层起，理论感受野大于 {input} 的输入。这很正常——torchvision 的 ResNet-50 "
                       "在 224×224 的图像上感受野为 427×427——而且并不会让这些层白费：靠近边缘的输出仍会读到新的输入，"
                       "直到感受野最多达到输入的大约两倍（采用 'same' 式填充时，输出 0 的感受野以输入元素 0 为中心，"
                       "一半落在填充区域）。在这里，输出 ({output}) 在第 {layer} 层之前读到输入的 {before}，"
                       "之后读到 {after}。",
    "rf.reach.saturated": "第 {layers} 层：每个输出早已读到整个输入，因此这些层不再为任何输出带来新的输入"
                          "（但仍在变换特征）。",
    "rf.reach.erf": "一个输出实际上依赖感受野中的多大部分，是另一回事：见下方“一个输出元素”中的**有效感受野**。",
    "rf.formula.caption": "第 l 层的卷积核大小为 k、步幅为 s、膨胀率为 d、左侧（或上方）填充为 p；jump_(l−1) 是"
                          "该层**之前**的跳距（输入处为 1），所以每层的增长都要乘以它之前各层步幅的乘积。"
                          "从输入处的 size = 1、jump = 1、start = 0 开始（Araujo、Norris 与 Sim，Distill 2019）。",
    "rf.holes": "网格效应：在 {size} 的感受野内，有 {count} 个输入元素没有任何路径通向输出（在覆盖视图中显示为红色）。",
    "rf.input.heading": "在输入上",
    "rf.input.sample": "示例图像",
    "rf.sample.grace_hopper": "Grace Hopper（照片）",
    "rf.sample.checkerboard": "棋盘格",
    "rf.sample.rings": "同心圆环",
    "rf.input.upload": "或上传你自己的图像",
    "rf.input.upload.help": "PNG、JPEG 或 WebP，最大 {mib} MiB、{mp} 百万像素；居中裁剪为正方形并缩放到输入尺寸。",
    "rf.input.fallback": "改为显示示例图像。",
    "rf.ctl.rf_row": "输出行",
    "rf.ctl.rf_col": "输出列",
    "rf.ctl.rf_t": "输出时间步",
    "rf.cell": "输出元素 ({index}) 依赖于输入的 {span} 范围，共 {size} 个元素。",
    "rf.fig.layer": "层",
    "rf.fig.input": "输入",
    "rf.fig.rf": "感受野",
    "rf.fig.coverage": "路径数（对数刻度）",
    "rf.fig.erf": "有效感受野",
    "rf.fig.erf_box": "梯度总量的 95%",
    "rf.fig.cell": "输出元素",
    "rf.fig.play": "▶",
    "rf.fig.pause": "❚❚",
    "rf.fig.signal": "信号",
    "rf.fig.time": "时间步",
    "rf.fig.jump": "跳距",
    "rf.fig.start": "起点",
    "rf.growth.heading": "逐层增长",
    "rf.growth.caption": "按 ▶ 或拖动滑块：每一层之后，方框是离所选输出最近的元素的感受野，"
                         "颜色深浅表示路径数（对数刻度）；"
                         "方框内的红色格子是没有任何路径到达的空洞。灰色是填充区域。",
    "rf.view.heading": "一个输出元素",
    "rf.view": "在输入上显示",
    "rf.view.coverage": "覆盖",
    "rf.view.erf": "有效感受野",
    "rf.view.none": "只显示方框",
    "rf.erf.settings": "有效感受野",
    "rf.erf.explain": (
        "Luo 等（2016）：随机初始化网络权重，在所选输出处把梯度设为 1 并反向传播，对多次随机初始化的 |∂y/∂x| 取平均。"
        "它在理论感受野之外为零，并集中在感受野中心附近。\n\n"
        "他们的主要发现（针对随机或均匀权重的堆叠）：有效感受野大致呈高斯分布，其宽度随层数 n 按 √n 增长，"
        "而理论感受野按 n 增长——因此网络越深，理论感受野中真正起作用的比例越小。他们还观察到，训练会使它变宽。"
    ),
    "rf.erf.inits": "随机初始化次数",
    "rf.erf.channels": "每层通道数",
    "rf.erf.relu": "层间加 ReLU",
    "rf.erf.compute": "计算有效感受野",
    "rf.erf.progress": "正在进行第 {done} 次初始化（共 {total} 次）",
    "rf.erf.result": "**有效感受野**：梯度总量的 95% 落在居中的 {side} 窗口内，每边是理论感受野 {size} 的 {share}"
                     "（面积的 {area}），为 {inits} 次初始化的平均结果。",
    "rf.erf.press": "点击“计算有效感受野”，查看这个元素在当前设置下的有效感受野。",
    "rf.zoom": "放大到感受野",
    "rf.legend.coverage": "红框：理论感受野。蓝色：通向输出的路径数（对数刻度，越深越多）。红色格子：空洞。"
                          "点击图像上任意位置，选中感受野中心在该处的输出元素。",
    "rf.legend.erf": "红框：理论感受野。橙色：有效感受野（|∂y/∂x| 的平均值，已归一化）；"
                     "虚线：包含其总量 95% 的居中窗口。点击可选择其他元素。",
    "rf.legend.none": "红框：所选输出元素的理论感受野。点击可选择其他元素。",
    "rf.legend.signal": "红色区域：所选输出在信号上的感受野；蓝色柱：每个输入样本（时间步）的路径数（对数刻度）；"
                        "橙色：计算后的有效感受野。点击区域底部附近可选择其他输出。",
    "rf.timeline.heading": "时间线视图",
    "rf.timeline.caption": "因果卷积堆叠在各时间步之间的全部连接；红色：通向最后一个输出的连接。",
}
