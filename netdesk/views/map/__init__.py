"""The Map feature: the page, its drawing surface (scene, layers, view) and export."""
