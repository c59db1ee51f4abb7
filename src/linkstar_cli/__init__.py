"""linkstar: product listings kept as YAML briefs and images in Git, checked and rendered per marketplace."""

__version__ = "0.1.0"
