"""Library errors, one per ``ConvSpecError.code`` (key ``error.<code>``), with the same params."""

EN: dict[str, str] = {
    "error.prefix": "Cannot run this layer: ",
    "error.tuple_length": "{name}={value} has {length} values but the layer is {spatial_dims}-D; give one value "
                          "per dimension or a single number.",
    "error.not_integer": "{name}={value} must be a whole number.",
    "error.not_bool": "{name}={value} must be true or false.",
    "error.not_transposed": "This view is for transposed convolutions; switch Transposed on.",
    "error.positive": "{name}={value} must be at least 1 (PyTorch refuses almost every zero or negative value here, "
                      "and the one it accepts, in_channels=0, leaves nothing to compute); use 1 or more.",
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
    "error.kernel_too_large": "The kernel (dilation included) spans {k_eff} on {dim} but the padded input is only "
                              "{padded} ({size} + padding {before} + {after}), so the output would be empty; use an "
                              "input of at least {smallest} on {dim}, more padding, or a smaller kernel_size or "
                              "dilation.",
    "error.memory_limit": "This run needs {needed}, above the limit of {limit}; use a smaller input, fewer channels "
                          "or a smaller batch.",
    "error.compute_limit": "This run needs {needed} MACs, above the limit of {limit}; use a smaller input, fewer "
                           "channels or a smaller kernel.",
    "error.server_busy": "{runs} runs are already in progress on this server and none finished within {seconds} s; "
                         "try again in a moment.",
    "error.device_memory": "The device ran out of memory for this run; use a smaller input, fewer channels or a "
                           "smaller batch, or try again when the server is less busy.",
    "error.device_unavailable": "Device {device} is not available here; use one of {choices}.",
    "error.pool_kind": "Pooling kind {value} is unknown; use 'max' or 'avg'.",
    "error.pool_avg_dilation": "Average pooling has no dilation in PyTorch; use dilation 1 or max pooling.",
    "error.pool_padding": "Pooling padding {padding} must be between 0 and half the kernel size ({half}).",
    "error.pool_too_large": "The pooling window spans {k_eff} on {dim} but the padded input is only {padded} "
                            "({size} + padding {before} + {after}), so the pooling output would be empty; use an "
                            "input of at least {smallest} on {dim}, or a smaller pooling kernel_size or dilation.",
    "error.pool_avg3d_input": "3-D average pooling in PyTorch needs the input (before padding) to be at least the "
                              "kernel size, but {dim}={size} is smaller than {kernel}; use an input of at least "
                              "{smallest} on {dim} or a smaller kernel.",
    "error.rf_empty": "The layer stack is empty; add at least one layer.",
    "error.rf_layer": "Layer {index} is not a convolution or pooling layer.",
    "error.rf_transposed": "Layer {index} is a transposed convolution, which has no receptive field in this "
                           "sense; remove it from the stack.",
    "error.rf_dims": "Layer {index} is {got}-D but the stack is {dims}-D; use the same dimensionality throughout.",
    "error.output_index": "Output index {index} is outside the output of size {size}; use 0 … size − 1.",
    "error.dtype": "dtype {value} is not supported here; use one of {choices}.",
    "error.channel_range": "Output channel {channel} does not exist; use 0 … {last}.",
    "error.cell_range": "Output position {index} is outside the output {shape}; use 0 … n − 1 per dimension.",
    "error.animation_dims": "The animation draws 1-D and 2-D layers, not {dims}-D; set spatial_dims to 1 or 2.",
    "error.volume_dims": "The depth-slice view is for 3-D layers, not {dims}-D; set the spatial dimensions to 3-D.",
    "error.volume_transposed": "The depth-slice view draws forward 3-D convolutions; switch Transposed off to see "
                               "the kernel's footprint.",
    "error.output_padding_negative": "output_padding={value} must not be negative (PyTorch refuses it); use 0 or more.",
    "error.output_padding_forward": "output_padding={value} exists only for transposed convolutions; switch to "
                                    "transposed or set output_padding to 0.",
    "error.transposed_padding_mode": "padding_mode={value} is not supported for transposed convolutions (PyTorch "
                                     "supports only 'zeros' there); use padding_mode 'zeros'.",
    "error.transposed_padding_string": "padding={value} is not supported for transposed convolutions (PyTorch takes "
                                       "only numbers there); give the padding as a number.",
    "error.output_padding_too_large": "output_padding={output_padding} on {dim} must be smaller than the larger "
                                      "of stride={stride} and dilation={dilation} (PyTorch refuses it otherwise); "
                                      "use output_padding at most {largest} on {dim}, or a larger stride.",
    "error.transposed_empty": "The transposed convolution's output on {dim} would be {out}, so the padding crops "
                              "everything; use padding at most {largest_padding} on {dim}, or an input of at "
                              "least {smallest} on {dim}.",
    "error.causal_dims": "This app's causal option is for 1-D layers (a sequence in time), but this layer is "
                         "{spatial_dims}-D; use a 1-D layer or turn causal off.",
    "error.causal_transposed": "A causal convolution is a forward convolution, not a transposed one; turn one "
                               "of the two off.",
    "error.causal_padding": "A causal convolution pads dilation·(k − 1) on the left by itself, so padding={value} "
                            "cannot be added; use padding 0.",
    "error.causal_padding_mode": "A causal convolution pads with zeros, so padding_mode={value} does not apply; "
                                 "use padding_mode 'zeros'.",
    "error.inversion_impossible": "No transposed convolution with stride={stride} and dilation={dilation} returns "
                                  "{dim}={size}: it would need output_padding={output_padding}, but "
                                  "output_padding must be smaller than the larger of the stride and the dilation; "
                                  "use symmetric padding in the forward layer, or pad or crop the output by hand.",
    "error.inversion_transposed": "This layer is already transposed; shape inversion starts from a forward "
                                  "convolution.",
    "error.timeline_causal": "Layer {index} is not a causal 1-D convolution; the timeline shows causal stacks only.",
    "error.timeline_length": "The timeline length {length} must be between 1 and {largest} time steps.",
    "error.stack_cell_missing": "{column} is empty; enter a whole number.",
    "error.stack_cell_integer": "{column}={value} is not a whole number; enter one.",
    "error.stack_cell_range": "{column}={value} is out of range; use 0 … {largest}.",
    "error.stack_padding": "padding={value} is unknown; use a whole number, 'same' or 'causal'.",
    "error.stack_type": "Layer type {value} is unknown; use conv, max-pool or avg-pool.",
    "error.stack_pool_padding": "Pooling takes a whole-number padding, not {value}.",
    "error.stack_ceil_conv": "ceil_mode exists for pooling layers only (nn.Conv2d has none); untick it on this "
                             "convolution row.",
    "error.stack_too_long": "The stack has {count} layers; use at most {largest}.",
    "error.erf_channels": "channels={value} must be between 1 and {largest}.",
    "error.erf_initialisations": "The number of initialisations ({value}) must be between 1 and {largest}.",
    "error.erf_input": "The input {size} is too large for the effective receptive field; use at most {largest} "
                       "elements.",
    "error.image_empty": "The file `{name}` is empty; choose an image file.",
    "error.image_bytes": "The file `{name}` has {size} bytes, more than the limit of {largest}; use a smaller image.",
    "error.image_unreadable": "The file `{name}` is not an image that can be read; use a PNG, JPEG or WebP file.",
    "error.image_format": "{format} images are not accepted; use PNG, JPEG or WebP.",
    "error.image_pixels": "The image `{name}` has {pixels} pixels, more than the limit of {largest}; use a smaller "
                          "image.",
    "error.image_truncated": "The image `{name}` is truncated or corrupt; save it again or use another file.",
}

ZH: dict[str, str] = {
    "error.prefix": "无法运行该层：",
    "error.tuple_length": "{name}={value} 有 {length} 个值，但该层是 {spatial_dims} 维的；"
                          "请为每个维度给一个值，或只给一个数。",
    "error.not_integer": "{name}={value} 必须是整数。",
    "error.not_bool": "{name}={value} 必须是 true 或 false。",
    "error.not_transposed": "这个视图用于转置卷积；请打开“转置卷积”开关。",
    "error.positive": "{name}={value} 必须至少为 1（这里的 0 和负数 PyTorch 几乎都不接受；它唯一接受的 "
                      "in_channels=0 则没有可计算的内容）；请使用 1 或更大的值。",
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
    "error.kernel_too_large": "卷积核（含膨胀）在 {dim} 上跨越 {k_eff}，但填充后的输入只有 {padded}"
                              "（{size} + 填充 {before} + {after}），输出将为空；请让 {dim} 上的输入至少为 {smallest}，"
                              "或增加填充，或减小 kernel_size 或 dilation。",
    "error.memory_limit": "本次运行需要 {needed}，超过上限 {limit}；请减小输入、通道数或批大小。",
    "error.compute_limit": "本次运行需要 {needed} 次乘加，超过上限 {limit}；请减小输入、通道数或卷积核。",
    "error.server_busy": "服务器上已有 {runs} 个任务正在运行，{seconds} 秒内都没有完成；请稍后再试。",
    "error.device_memory": "设备内存不足，无法完成本次运行；请减小输入、通道数或批大小，或在服务器较空闲时再试。",
    "error.device_unavailable": "服务器上没有设备 {device}；请使用 {choices} 之一。",
    "error.pool_kind": "未知的池化类型 {value}；请使用 'max' 或 'avg'。",
    "error.pool_avg_dilation": "PyTorch 的平均池化没有膨胀率；请使用 dilation 1 或最大池化。",
    "error.pool_padding": "池化的填充 {padding} 必须在 0 到池化窗口大小（kernel_size）的一半（{half}）之间。",
    "error.pool_too_large": "池化窗口在 {dim} 上跨越 {k_eff}，但填充后的输入只有 {padded}"
                            "（{size} + 填充 {before} + {after}），池化输出将为空；"
                            "请让 {dim} 上的输入至少为 {smallest}，或减小池化的 kernel_size 或 dilation。",
    "error.pool_avg3d_input": "PyTorch 的三维平均池化要求（填充前的）输入不小于池化窗口（kernel_size），"
                              "但 {dim}={size} 小于 {kernel}；请让 {dim} 上的输入至少为 {smallest}，或减小池化窗口。",
    "error.rf_empty": "层堆叠为空；请至少添加一层。",
    "error.rf_layer": "第 {index} 层不是卷积层或池化层。",
    "error.rf_transposed": "第 {index} 层是转置卷积，它没有这种意义上的感受野；请把它从堆叠中移除。",
    "error.rf_dims": "第 {index} 层是 {got} 维的，而整个堆叠是 {dims} 维的；请让所有层维度相同。",
    "error.output_index": "输出索引 {index} 超出了大小为 {size} 的输出；请使用 0 … size − 1。",
    "error.dtype": "这里不支持数据类型 {value}；请使用 {choices} 之一。",
    "error.channel_range": "输出通道 {channel} 不存在；请使用 0 … {last}。",
    "error.cell_range": "输出位置 {index} 超出了输出 {shape} 的范围；每个维度请使用 0 … n − 1。",
    "error.animation_dims": "动画只绘制一维和二维的层，不支持 {dims} 维；请把 spatial_dims 设为 1 或 2。",
    "error.volume_dims": "深度切片视图用于三维的层，不支持 {dims} 维；请把空间维度设为 3 维。",
    "error.volume_transposed": "深度切片视图只绘制正向的三维卷积；请关闭“转置卷积”开关以查看卷积核的覆盖范围。",
    "error.output_padding_negative": "output_padding={value} 不能为负数（PyTorch 不接受）；请使用 0 或更大的值。",
    "error.output_padding_forward": "output_padding={value} 只适用于转置卷积；请切换为转置卷积，或把 output_padding "
                                    "设为 0。",
    "error.transposed_padding_mode": "转置卷积不支持 padding_mode={value}（PyTorch 在这里只支持 'zeros'）；"
                                     "请使用 padding_mode 'zeros'。",
    "error.transposed_padding_string": "转置卷积不支持 padding={value}（PyTorch 在这里只接受数值）；请用数值给出填充。",
    "error.output_padding_too_large": "{dim} 上的 output_padding={output_padding} 必须小于 stride={stride} 与 "
                                      "dilation={dilation} 中较大的那个（否则 PyTorch 不接受）；请把 {dim} 上的 "
                                      "output_padding 设为不超过 {largest}，或增大步幅。",
    "error.transposed_empty": "转置卷积在 {dim} 上的输出将为 {out}，填充裁掉了全部输出；请把 {dim} 上的填充设为不超过 "
                              "{largest_padding}，或让 {dim} 上的输入至少为 {smallest}。",
    "error.causal_dims": "本应用的因果选项只用于一维层（时间序列），但该层是 {spatial_dims} 维的；"
                         "请使用一维层或关闭因果。",
    "error.causal_transposed": "因果卷积是正向卷积，不是转置卷积；请关闭两者之一。",
    "error.causal_padding": "因果卷积会自行在左侧填充 dilation·(k − 1)，因此不能再加 padding={value}；"
                            "请使用 padding 0。",
    "error.causal_padding_mode": "因果卷积用零填充，因此 padding_mode={value} 不适用；请使用 padding_mode 'zeros'。",
    "error.inversion_impossible": "没有 stride={stride}、dilation={dilation} 的转置卷积能还原 {dim}={size}："
                                  "它需要 output_padding={output_padding}，但 output_padding 必须小于步幅与膨胀率中"
                                  "较大的那个；请在正向层使用对称填充，或手动填充或裁剪输出。",
    "error.inversion_transposed": "该层已经是转置卷积；形状反推要从一个正向卷积开始。",
    "error.timeline_causal": "第 {index} 层不是一维因果卷积；时间线只显示因果卷积堆叠。",
    "error.timeline_length": "时间线长度 {length} 必须在 1 到 {largest} 个时间步之间。",
    "error.stack_cell_missing": "{column} 为空；请填入一个整数。",
    "error.stack_cell_integer": "{column}={value} 不是整数；请填入整数。",
    "error.stack_cell_range": "{column}={value} 超出范围；请使用 0 … {largest}。",
    "error.stack_padding": "padding={value} 无法识别；请使用整数、'same' 或 'causal'。",
    "error.stack_type": "层类型 {value} 无法识别；请使用 conv、max-pool 或 avg-pool。",
    "error.stack_pool_padding": "池化层的填充必须是整数，不能是 {value}。",
    "error.stack_ceil_conv": "ceil_mode 只适用于池化层（nn.Conv2d 没有这个选项）；请在这一卷积行取消勾选。",
    "error.stack_too_long": "这个堆叠有 {count} 层；最多 {largest} 层。",
    "error.erf_channels": "通道数 channels={value} 必须在 1 到 {largest} 之间。",
    "error.erf_initialisations": "随机初始化次数（{value}）必须在 1 到 {largest} 之间。",
    "error.erf_input": "输入 {size} 太大，无法计算有效感受野；最多 {largest} 个元素。",
    "error.image_empty": "文件 `{name}` 是空的；请选择一个图像文件。",
    "error.image_bytes": "文件 `{name}` 有 {size} 字节，超过上限 {largest}；请使用更小的图像。",
    "error.image_unreadable": "文件 `{name}` 不是可读取的图像；请使用 PNG、JPEG 或 WebP 文件。",
    "error.image_format": "不接受 {format} 格式的图像；请使用 PNG、JPEG 或 WebP。",
    "error.image_pixels": "图像 `{name}` 有 {pixels} 个像素，超过上限 {largest}；请使用更小的图像。",
    "error.image_truncated": "图像 `{name}` 不完整或已损坏；请重新保存或换一个文件。",
}
