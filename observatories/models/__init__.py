from .fixed import AreaFixedStats, CommuneFixedStats
from .imports import DataSource, ImportReject, ImportRun, ImportUpload
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
    "ImportUpload",
    "Region",
]
