"""Backends: IR to the plans that the services.json and ctsrvr.cfg editors apply."""
