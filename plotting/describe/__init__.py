"""The parts of `plotting.description`, one module per family of artists.

`values` writes numbers, colours and pixel boxes; `names` names artists by role, else by kind and
index; `axes` walks the figure, its axes, axes' ticks and colour bars; `marks` describes lines,
patches, collections, images and error bars; `texts` describes texts, annotations and legends.
"""
