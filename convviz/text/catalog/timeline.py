"""The timeline view of a dilated causal stack (convviz.lessons.timeline): axis, row and trace labels."""

EN: dict[str, str] = {
    "timeline.input": "input",
    "timeline.layer": "layer {index} · d={dilation}",
    "timeline.time": "time step",
    "timeline.nodes": "elements",
    "timeline.edges": "connections",
    "timeline.cone_nodes": "elements the last output depends on",
    "timeline.cone_edges": "connections feeding the last output",
    "timeline.rf": "receptive field of the last output: {size} time steps",
}

ZH: dict[str, str] = {
    "timeline.input": "输入",
    "timeline.layer": "第 {index} 层 · d={dilation}",
    "timeline.time": "时间步",
    "timeline.nodes": "元素",
    "timeline.edges": "连接",
    "timeline.cone_nodes": "最后一个输出所依赖的元素",
    "timeline.cone_edges": "通向最后一个输出的连接",
    "timeline.rf": "最后一个输出的感受野：{size} 个时间步",
}
