"""The procurement part of the demo: the demo gmina's round, contracts and reports of 2007
(`gmina`, through the services), and the programme's volume for the other gminas (`volume`,
written in bulk)."""

from integra.contracts.demo.gmina import ProcurementSeed, seed_procurement
from integra.contracts.demo.volume import VolumeSeed, seed_volume

__all__ = ["ProcurementSeed", "VolumeSeed", "seed_procurement", "seed_volume"]
