"""Shared fixtures: a small territory tree built through the real importers, and named personas."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from integra.territories import synthetic

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def data_dir() -> Path:
    """The folder of real public files; tests that need it skip, saying why, when it is absent."""
    path = Path(settings.INTEGRA_DATA_DIR)
    if not (path / "terc_2010-01-01.csv").exists():
        pytest.skip(f"real data folder {path} is absent (set INTEGRA_DATA_DIR)")
    return path


@pytest.fixture
def write_file(tmp_path):
    """Write text to a file in the test's folder and return its path."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding=encoding)
        return path

    return write


@pytest.fixture
def small_tree(db, write_file):
    """Two voivodeships (lubelskie 06, łódzkie 10), two powiats each, three gminas per powiat,
    three years of population and square outlines — all loaded by the real import services."""
    from integra.territories import services
    from integra.territories.models import Territory

    shape = synthetic.SyntheticShape()
    services.import_teryt(
        actor="test", path=write_file("terc.csv", "\n".join(synthetic.terc_lines(shape)))
    )
    codes = synthetic.gmina_codes(shape)
    services.import_population(
        actor="test", path=write_file("pop.csv", "\n".join(synthetic.population_lines(codes)))
    )
    import json

    services.import_boundaries(
        actor="test",
        level="gmina",
        path=write_file("gminas.geojson", json.dumps(synthetic.square_boundaries(codes))),
    )
    return {t.teryt: t for t in Territory.objects.all()}


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages are asserted in English (the msgids); pages keep their negotiated
    language, and tests that check the Polish wording activate it themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield
