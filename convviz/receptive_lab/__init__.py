"""The receptive-field lab: stacks of layers (with their compact text form), coverage by path count,
the effective receptive field (Luo et al. 2016), sample images and the lab's figures.

(Not named ``receptive_field``: that name is the public function ``convviz.receptive_field``.)
"""
