"""Locating the data that ships with linkstar: platform specs, templates, checklists."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """Return the folder of built-in data ``name`` (``platform_specs``, ``templates``).

    In a wheel the folders are package data inside ``linkstar_cli``; in a source
    checkout (an editable install) they are top-level folders of the project.
    """
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"linkstar is installed without its {name} folder")
