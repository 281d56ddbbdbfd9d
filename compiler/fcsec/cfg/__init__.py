"""ctsrvr.cfg: a lossless concrete syntax tree, a read-only view of it, and minimal edits."""
