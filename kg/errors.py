"""One base class for the failures a user should see as a single line (the CLI catches it)."""


class KgError(Exception):
    pass


class NotFound(KgError):
    """A lookup (indicator, project, locality) found nothing, or more than one thing."""
