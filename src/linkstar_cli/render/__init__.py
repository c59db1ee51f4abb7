"""Rendering listing packages: planning, listing text, images, overlays and the manifest."""
