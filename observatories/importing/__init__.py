"""The one import pipeline every dataset goes through (see ``pipeline.import_file``)."""
