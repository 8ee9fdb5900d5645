"""The layer contract: ConvSpec and PoolSpec (PyTorch's rules and arithmetic), their errors, the receptive
field of a stack, the inverse problem (which layer gives this output) and the article's presets.
"""
