"""Territories, data sources, import runs and measured facts (built by the observatory issue)."""
