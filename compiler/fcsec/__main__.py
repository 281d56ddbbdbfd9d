from fcsec.cli import main

raise SystemExit(main())
