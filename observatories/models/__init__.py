from scoran.lib.text import quarter_label  # re-exported: the import pipeline names editions

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
from .ftth import AreaFtth, AreaFtthZone, CommuneFtth, FtthDeployment, Zone
from .imports import DataSource, ImportReject, ImportRun, ImportUpload
from .operators import Network, WholesaleOffer
from .technologies import AreaTechnologyStats, CommuneTechnologyStats
from .territories import EPCI, Commune, CommuneOutline, Department, Region

__all__ = [
    "EPCI",
    "OPERATORS",
    "AreaFixedStats",
    "AreaFtth",
    "AreaFtthZone",
    "AreaTechnologyStats",
    "Building",
    "BuildingDataset",
    "BuildingEligibility",
    "Commune",
    "CommuneFixedStats",
    "CommuneFtth",
    "CommuneOutline",
    "CommuneTechnologyStats",
    "DataSource",
    "Department",
    "FtthDeployment",
    "ImportReject",
    "ImportRun",
    "ImportUpload",
    "Network",
    "Region",
    "SpeedClass",
    "Street",
    "Technology",
    "WholesaleOffer",
    "Zone",
    "quarter_label",
]
