"""The explorer page's views, each a function of the translator and the layer (an ``ExplorerLayer``)."""
