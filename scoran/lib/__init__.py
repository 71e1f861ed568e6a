"""The leaf library: generic code every app may use (exports, list pages, GeoJSON,
mail, throttling, spreadsheet widgets, text, registries, Markdown, roles, moderation).

It imports Django, the standard library and third-party packages only, never an app
of the project (``tests/test_architecture.py`` holds the rule), so that any app can
depend on it without a cycle.
"""
