from .buildings import (
    OPERATORS,
    Building,
    BuildingDataset,
    BuildingEligibility,
    SpeedClass,
    Street,
    Technology,
)
from .fixed import AreaFixedStats, CommuneFixedStats
from .ftth import AreaFtth, CommuneFtth, FtthDeployment, Zone
from .imports import DataSource, ImportReject, ImportRun, ImportUpload
from .territories import EPCI, Commune, CommuneOutline, Department, Region

__all__ = [
    "EPCI",
    "OPERATORS",
    "AreaFixedStats",
    "AreaFtth",
    "Building",
    "BuildingDataset",
    "BuildingEligibility",
    "Commune",
    "CommuneFixedStats",
    "CommuneFtth",
    "CommuneOutline",
    "DataSource",
    "Department",
    "FtthDeployment",
    "ImportReject",
    "ImportRun",
    "ImportUpload",
    "Region",
    "SpeedClass",
    "Street",
    "Technology",
    "Zone",
]
