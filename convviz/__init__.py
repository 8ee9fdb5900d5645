"""convviz: the arithmetic of convolution layers, exactly as PyTorch computes it, for teaching.

Importable without streamlit (and without loading torch until a module is built or run).
"""

from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.layer.pool import PoolSpec
from convviz.layer.receptive import ReceptiveField, receptive_field
from convviz.layer.spec import ConvSpec, valid_groups

__all__ = [
    "ConvSpec",
    "ConvSpecError",
    "MemoryLimitError",
    "PoolSpec",
    "ReceptiveField",
    "receptive_field",
    "valid_groups",
]
