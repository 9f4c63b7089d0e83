"""The reports of the page Budget & Wirkung and its seven slide kinds: one module per view.

Every module has a ``Params`` (``from_query`` reads the URL's and a stored slide's German keys, ``to_query``
writes them back), a frozen ``...Report`` and ``build(source, params)``. ``base`` loads what all of them share.
"""
