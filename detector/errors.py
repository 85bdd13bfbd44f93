"""Errors Vigie raises at its boundaries: readers, model loading, training data."""


class VigieError(Exception):
    """Base class: the CLI prints the message on one line and exits with code 2."""


class InputError(VigieError, ValueError):
    """An input file or record is not what was expected (names file, line and field)."""


class SchemaError(InputError):
    """A labelled record breaks the corpus schema."""


class ModelError(VigieError, ValueError):
    """A model folder is missing, incomplete, or was altered since it was saved."""
