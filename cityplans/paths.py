"""Where the project's files live.

Paths are anchored at the repository root (the folder holding ``data/``),
found from the package's location when it is installed in editable mode, or
from the environment variable ``CITYPLANS_ROOT``, else the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["FIGURES_DIR", "NOTEBOOKS_DIR", "PROCESSED_DIR", "PROJ_ROOT", "RAW_DIR"]


def _find_root() -> Path:
    env = os.environ.get("CITYPLANS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[1]
    if (here / "data" / "raw").is_dir():
        return here
    return Path.cwd()


PROJ_ROOT = _find_root()
RAW_DIR = PROJ_ROOT / "data" / "raw"
PROCESSED_DIR = PROJ_ROOT / "data" / "processed"
FIGURES_DIR = PROJ_ROOT / "figures"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
