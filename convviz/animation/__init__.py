"""The sliding window: which input elements one output element reads (1-, 2-, 3-D, transposed included),
the worked arithmetic of a cell, plotly animations of the window and of 3-D depth slices, and GIF/PNG export.
"""
