from fcsec.launch import run

raise SystemExit(run())
