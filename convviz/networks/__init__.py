"""Real networks summarised layer by layer (home of the "Real networks" work; empty for now).
"""
