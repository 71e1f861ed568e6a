from pathlib import Path

# A feed as the download hands it to the pipeline (tests/portal/watch/feeds.py RSS).
EXPORT = Path(__file__).parent / "data" / "veille-export.json"
