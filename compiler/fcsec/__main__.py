from fcsec.cli import entry

raise SystemExit(entry())
