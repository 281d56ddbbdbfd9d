"""Live checks of a running server: TLS versions, suites, certificate chain, client-certificate
requirement (through the ``openssl s_client`` binary), the comparison with a spec, and an
MQTT round trip (through paho-mqtt). See docs/probe.md.
"""
