"""What the funding guide offers the site: its section, its followable list, aides
to search, personal data, and sections of organisation and orientation pages."""


def register() -> None:
    pass
