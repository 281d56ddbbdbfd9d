"""The cipher-suite registry: every suite by IANA and OpenSSL name, and the built-in policies."""
