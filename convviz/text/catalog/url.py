"""Shareable links and presentation mode: what the link validator changed, the copy-link control, the switch.

Raw link values appear only inside inline code (`{value}`), where Markdown is not interpreted.
"""

EN: dict[str, str] = {
    "url.notice.malformed": "The link's `{name}={value}` is not valid (expected e.g. `{expected}`); the default "
                            "is used.",
    "url.notice.clamped": "The link's `{name}={value}` is outside {low}–{high}; `{used}` is used.",
    "url.notice.dims": "The link's `{name}={value}` has {count} values but the layer is {dims}-D; give one value "
                       "per dimension or a single number. The default is used.",
    "url.notice.choice": "The link's `{name}={value}` is not one of {choices}; the default is used.",
    "url.notice.groups": "The link's groups={groups} does not divide both in_channels={in_channels} and "
                         "out_channels={out_channels} (valid groups: {valid}); groups=1 is used.",
    "url.notice.groups_used": "The link's groups={groups} does not divide both in_channels={in_channels} and "
                              "out_channels={out_channels} (valid: {valid}); groups={used} is used.",
    "url.notice.groups_default": "The page's own groups={groups} does not divide both of the link's "
                                 "in_channels={in_channels} and out_channels={out_channels} (valid: {valid}); "
                                 "groups={used} is used.",
    "url.notice.choice_one": "The link's `{name}={value}` is not available here (only {choices}); {choices} is "
                             "used.",
    "url.notice.dtype_cpu": "The link's dtype `{dtype}` is not measured on the CPU (half-precision convolutions "
                            "are often slow on a CPU); `{used}` is used.",
    "url.notice.same_stride": "The link asks for padding='same' with stride={stride}, which PyTorch refuses; "
                              "padding 0 is used.",
    "url.notice.lang": "The link's language `{value}` is not available ({choices}); English is used.",
    "url.notice.count": "The link's `{name}={value}` has {count} values; give {expected} (or one for all). The "
                        "default is used.",
    "url.notice.stack_long": "The link's stack has {count} layers; the first {largest} are used.",
    "url.notice.stack_layer": "The link's `stack={value}` is not used: its layer {number}, `{layer}`, is not a "
                              "layer. A layer is a type letter (`c` conv, `m` max-pool, `a` avg-pool), the kernel "
                              "size, then optional `s` stride, `p` padding, `d` dilation, `g` groups, `o` output "
                              "channels, e.g. `{expected}`. The default stack is shown.",
    "url.notice.stack_clamped": "The link's stack has values out of range (`{values}`); they are clamped: "
                                "`{used}`.",
    "snippet.heading": "Copy as PyTorch",
    "snippet.stack_heading": "Copy the stack as PyTorch",
    "snippet.help": "Runs as is (copy button at the top right) and asserts the shapes shown here.",
    "url.copy_link": "Link to this view",
    "url.copy_link.help": "Copy this link (button at the right of the box) to open the same view on another "
                          "computer, in the same language and mode.",
    "present.label": "Presentation mode",
    "present.help": "Larger text and figures for a projector; captions and hints hidden. Kept in the link.",
}

ZH: dict[str, str] = {
    "url.notice.malformed": "链接中的 `{name}={value}` 无效（应类似 `{expected}`），已改用默认值。",
    "url.notice.clamped": "链接中的 `{name}={value}` 超出 {low}–{high} 的范围，已改用 `{used}`。",
    "url.notice.dims": "链接中的 `{name}={value}` 有 {count} 个值，但这一层是 {dims} 维的；请每个维度给一个值，"
                       "或只给一个数。已改用默认值。",
    "url.notice.choice": "链接中的 `{name}={value}` 不在可选值 {choices} 之中，已改用默认值。",
    "url.notice.groups": "链接中的 groups={groups} 不能同时整除 in_channels={in_channels} 和 "
                         "out_channels={out_channels}（可用的 groups：{valid}），已改用 groups=1。",
    "url.notice.groups_used": "链接中的 groups={groups} 不能同时整除 in_channels={in_channels} 和 "
                              "out_channels={out_channels}（可用值：{valid}），已改用 groups={used}。",
    "url.notice.groups_default": "页面默认的 groups={groups} 不能同时整除链接中的 in_channels={in_channels} 和 "
                                 "out_channels={out_channels}（可用值：{valid}），已改用 groups={used}。",
    "url.notice.choice_one": "链接中的 `{name}={value}` 在这里不可用（只有 {choices}），已改用 {choices}。",
    "url.notice.dtype_cpu": "链接中的 dtype `{dtype}` 不在 CPU 上测量（半精度卷积在 CPU 上往往很慢），"
                            "已改用 `{used}`。",
    "url.notice.same_stride": "链接要求 padding='same' 且 stride={stride}，PyTorch 不允许这种组合，已改用填充 0。",
    "url.notice.lang": "链接中的语言 `{value}` 不可用（可选 {choices}），已改用英文。",
    "url.notice.count": "链接中的 `{name}={value}` 有 {count} 个值；请给 {expected} 个（或给一个值用于全部），"
                        "已改用默认值。",
    "url.notice.stack_long": "链接中的层堆叠有 {count} 层，只使用前 {largest} 层。",
    "url.notice.stack_layer": "链接中的层堆叠 `stack={value}` 未被采用：其中第 {number} 层 `{layer}` 不是有效的层。"
                              "一层由类型字母（`c` 卷积、`m` 最大池化、`a` 平均池化）、卷积核大小，以及可选的 "
                              "`s` 步幅、`p` 填充、`d` 膨胀、`g` 分组、`o` 输出通道组成，例如 `{expected}`。"
                              "现显示默认的层堆叠。",
    "url.notice.stack_clamped": "链接中的层堆叠有超出范围的值（`{values}`），已截到范围内：`{used}`。",
    "snippet.heading": "复制为 PyTorch 代码",
    "snippet.stack_heading": "把整个层堆叠复制为 PyTorch 代码",
    "snippet.help": "可直接运行（右上角有复制按钮），并断言这里显示的形状。",
    "url.copy_link": "本视图的链接",
    "url.copy_link.help": "复制这个链接（框右侧的按钮），即可在另一台电脑上以相同的语言和模式打开同一视图。",
    "present.label": "演示模式",
    "present.help": "放大文字和图表，适合投影；隐藏说明文字和提示。该设置保存在链接中。",
}
