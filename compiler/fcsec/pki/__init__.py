"""A development PKI like FairCom's x509 demo: a CA, a server certificate, client certificates.

``layout`` names the files, ``issue`` makes keys and certificates (bytes, no file system),
``store`` writes them without ever overwriting a file, ``snippet`` prints the spec that uses them.
"""
