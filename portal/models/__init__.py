"""Models of the portal's own features, one module per feature
(``portal/models/<feature>.py``), re-exported here for Django."""

from .funding import Funding, FundingEvent, FundingSession  # noqa: F401
