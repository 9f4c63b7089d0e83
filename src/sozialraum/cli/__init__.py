"""The ``sozialraum`` command line."""
