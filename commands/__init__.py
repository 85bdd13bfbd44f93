"""The `vigie` commands: the top layer, a thin wrapper over the library, the review store and training.

`commands.main` parses the arguments, dispatches to one module per command and is the error
boundary (a known error is one line on stderr and exit code 2). Each command module has
``add_parser(verbs, settings)`` and ``run(args) -> int``, and imports what it needs only when it runs,
so that ``vigie score --help`` loads no model code.
"""
