"""Write ``notebooks/`` anew: the seed case's lessons rendered from the templates and the
seed's own text, then run so that the cells nbval checks keep their outputs.

    python tests/tools/render_notebooks.py

``tests/unit/test_render.py`` fails when ``notebooks/`` and the rendering part ways.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lessons.skills import load_seed_case
from lessons.unit import notebook_text, render_unit

sys.path.insert(0, str(Path(__file__).parent))
from refresh_notebook import refresh

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def main() -> None:
    for name, notebook in render_unit(load_seed_case()).items():
        path = NOTEBOOKS / name
        path.write_text(notebook_text(notebook), encoding="utf-8")
        refresh(path)


if __name__ == "__main__":
    main()
