"""Models of the portal's own features, one module per feature
(``portal/models/<feature>.py``), re-exported here for Django."""

from .agenda import Event, EventStep  # noqa: F401
from .downloads import ResourceDownloadMonth  # noqa: F401
from .field_reports import FieldReport, FieldReportStep  # noqa: F401
from .funding import Funding, FundingEvent, FundingSession  # noqa: F401
from .hosting import DataCentre  # noqa: F401
from .interconnection import (  # noqa: F401
    InterconnectionRequest,
    InterconnectionSite,
    InterconnectionStep,
)
from .maturity import MaturityAnswer, MaturityContact  # noqa: F401
from .resources import Resource, ResourceEvent, ResourceFile, ResourceVersion  # noqa: F401
from .search import SearchEntry  # noqa: F401
from .subscriptions import Delivery, Subscription  # noqa: F401
from .watch import WatchItem, WatchItemStep, WatchRule  # noqa: F401
