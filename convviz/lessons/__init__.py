"""One module per lesson: the maths and figures behind a page's explanation (1×1, dilated, grouped,
depthwise-separable, transposed, causal timelines, channels, sweeps, the speed lab, the quiz).
"""
