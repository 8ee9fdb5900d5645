"""PyTorch at run time: building and running a layer within memory and MAC limits, timing it with
``torch.utils.benchmark``, and counting its parameters, MACs and FLOPs the way torch and the usual counters do.
"""
