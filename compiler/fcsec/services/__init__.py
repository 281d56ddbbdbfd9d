"""services.json: locate the parts fcsec manages by span, replace them, keep every other byte."""
