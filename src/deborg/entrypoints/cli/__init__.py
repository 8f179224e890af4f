"""The ``deborg`` command line for staff."""
