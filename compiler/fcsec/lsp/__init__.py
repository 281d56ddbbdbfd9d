"""``fcsec lsp``: a language server for ``*.fcsec`` specs over stdio (pygls and lsprotocol).

Each module has one job: ``positions`` (character offsets to LSP positions in UTF-16, UTF-8 or
UTF-32 code units, and text edits), ``documents`` (the open documents), ``cursor`` (what the
cursor is on: a key, a value, a header), ``diagnostics`` (``fcsec check`` as LSP diagnostics),
``hover``, ``completion``, ``navigation`` (definition, references, rename), ``actions``
(formatting and code actions) and ``server`` (the pygls wiring, debounced checks). Everything
reuses the compiler: the spec parser, the schema's key table, the cipher registry, the lint and
the rule catalogue. Only ``server`` and the modules it calls import pygls or lsprotocol, and
nothing of fcsec outside this package imports them (``fcsec[lsp]`` installs them).
"""
