from .fixed import AreaFixedStats, CommuneFixedStats
from .imports import DataSource, ImportReject, ImportRun
from .territories import EPCI, Commune, CommuneOutline, Department, Region

__all__ = [
    "EPCI",
    "AreaFixedStats",
    "Commune",
    "CommuneFixedStats",
    "CommuneOutline",
    "DataSource",
    "Department",
    "ImportReject",
    "ImportRun",
    "Region",
]
