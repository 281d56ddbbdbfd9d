"""Exports of a spec's policy for other tools (``fcsec export``)."""
