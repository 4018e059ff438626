"""The command line (Typer): `app` registers the command modules, each a group of commands.

- `app`: the root command, the registry of command modules, errors to exit codes, `main()`;
- `options`: the options the commands share, the lazily imported core, help examples;
- `read` (show, check, init), `write` (add, remove), `diff`, `export`, `extract`, `links`
  (links, archive).
"""

from ant_timeline.cli.app import app, main

__all__ = ["app", "main"]
