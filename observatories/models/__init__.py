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
from .mobile import (
    AnfrWeek,
    AreaCoverage,
    AreaSites,
    AreaStations,
    AreaTargeted,
    CommuneCoverage,
    CommuneStations,
    Generation,
    MobileSite,
    Operator,
    TargetedSite,
)
from .open_data import AreaOpenData, CollectivityOpenData
from .operators import Network, WholesaleOffer
from .technologies import AreaTechnologyStats, CommuneTechnologyStats
from .territories import EPCI, Commune, CommuneOutline, Department, Region

__all__ = [
    "EPCI",
    "OPERATORS",
    "AnfrWeek",
    "AreaCoverage",
    "AreaFixedStats",
    "AreaFtth",
    "AreaFtthZone",
    "AreaOpenData",
    "AreaSites",
    "AreaStations",
    "AreaTargeted",
    "AreaTechnologyStats",
    "Building",
    "BuildingDataset",
    "BuildingEligibility",
    "CollectivityOpenData",
    "Commune",
    "CommuneCoverage",
    "CommuneFixedStats",
    "CommuneFtth",
    "CommuneOutline",
    "CommuneStations",
    "CommuneTechnologyStats",
    "DataSource",
    "Department",
    "FtthDeployment",
    "Generation",
    "ImportReject",
    "ImportRun",
    "ImportUpload",
    "MobileSite",
    "Network",
    "Operator",
    "Region",
    "SpeedClass",
    "Street",
    "TargetedSite",
    "Technology",
    "WholesaleOffer",
    "Zone",
    "quarter_label",
]
