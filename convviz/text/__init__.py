"""Everything that turns numbers into words: the formulas with the user's numbers, PyTorch snippets, the one
number formatter, and the English/Chinese message catalogues.
"""
