"""Rates for the programmes' tests: the NBP archives of the data folder, or a small ECB file."""

from __future__ import annotations

import pytest

from integra.core.actors import SystemActor
from integra.programmes.services import import_exchange_rates

EUR = {"EUR"}


@pytest.fixture
def nbp_2008_2010(data_dir):
    folder = data_dir / "nbp/archive-xls"
    paths = [folder / f"archiwum_tab_a_{year}.xls" for year in (2008, 2009, 2010)]
    import_exchange_rates(actor=SystemActor("test"), paths=paths, currencies=EUR)
    return paths


@pytest.fixture
def write_ecb(tmp_path):
    """write_ecb(rows) → an ECB CSV (date,pln_per_eur,source) of the rows."""

    def write(rows):
        path = tmp_path / "ecb.csv"
        path.write_text("date,pln_per_eur,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return path

    return write
