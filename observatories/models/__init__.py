from .territories import EPCI, Commune, CommuneOutline, Department, Region

__all__ = ["EPCI", "Commune", "CommuneOutline", "Department", "Region"]
