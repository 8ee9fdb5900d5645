"""The counter cross-check (convviz.runtime.counters): column labels, bias notes and why the tools differ."""

EN: dict[str, str] = {
    "counters.heading": "What the counters report",
    "counters.tool": "Tool (version whose rule is quoted)",
    "counters.quantity": "Reports",
    "counters.value": "Value",
    "counters.bias.yes": "bias counted",
    "counters.bias.no": "bias not counted",
    "counters.why": "They count the same products: FLOPs count the multiply and the add of each MAC separately "
                    "(2 × MACs), and torchinfo and ptflops add one operation per output element for the bias.",
}

ZH: dict[str, str] = {
    "counters.heading": "各计数工具的结果",
    "counters.tool": "工具（所引规则的版本）",
    "counters.quantity": "报告的量",
    "counters.value": "数值",
    "counters.bias.yes": "计入偏置",
    "counters.bias.no": "不计偏置",
    "counters.why": "它们数的是同样的乘积：FLOPs 把每次乘加中的乘和加分开计数（2 × MACs），而 torchinfo 和 "
                    "ptflops 为偏置在每个输出元素上多算一次运算。",
}
