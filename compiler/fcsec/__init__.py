"""fcsec: compile one declarative TLS spec into FairCom's services.json and ctsrvr.cfg."""

from __future__ import annotations

__version__ = "0.1.0"
