"""Lowering of ``[listeners.NAME]``: protocol, port, and the TLS a secure protocol needs.

Ports are 1-65535 and one a listener; a plain protocol has no ``tls``, a secure one needs
``tls.cert``. A listener's cipher policy must be one services.json can hold: the backend says
(``fcsec.backends.services_json.cipher_policy_problem``).
"""

from __future__ import annotations

from fcsec.backends.services_json import cipher_policy_problem
from fcsec.diagnostics import Related, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import DUPLICATE_PORT, PORT_OUT_OF_RANGE, TLS_ON_PLAIN, TLS_WITHOUT_CERT
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Item, Table
from fcsec.spec.lower_context import Lowerer, members, use_span
from fcsec.spec.lower_names import cert_ref, ciphers_or_default, declared_at


def lower_listeners(lowerer: Lowerer) -> tuple[ir.Listener, ...]:
    listeners: list[ir.Listener] = []
    ports: dict[int, tuple[str, Span]] = {}
    protocols = members(ir.Protocol)
    for name, table, span in lowerer.named("listeners"):
        protocol = lowerer.choice(table, "protocol", protocols)
        port = _port(lowerer, table.get("port"), name, ports)
        tls = _tls(lowerer, table.get("tls"), name, protocol, span)
        if protocol is None or port is None:
            continue
        if tls is None and protocol.uses_tls:
            continue
        listeners.append(
            ir.Listener(
                name=name,
                protocol=protocol,
                port=port,
                enabled=bool(lowerer.boolean(table, "enabled", True)),
                description=lowerer.string(table, "description"),
                tls=tls,
                span=span,
            )
        )
    return tuple(listeners)


def _port(
    lowerer: Lowerer, item: Item | None, name: str, ports: dict[int, tuple[str, Span]]
) -> int | None:
    value = None if item is None else item.value
    if not isinstance(value, ast.IntValue):
        return None
    if not 1 <= value.value <= 65535:
        lowerer.problems.append(
            diagnostic(
                PORT_OUT_OF_RANGE,
                f"port {value.value} is outside 1-65535",
                value.span,
                label="not a TCP port",
                hint="pick a port between 1 and 65535",
            )
        )
        return None
    other = ports.get(value.value)
    if other is not None:
        free = next((port for port in range(value.value + 1, 65536) if port not in ports), None)
        lowerer.problems.append(
            diagnostic(
                DUPLICATE_PORT,
                f"port {value.value} is used by two listeners; FairCom needs different ports "
                "for TLS and non-TLS",
                value.span,
                label=f"also used by listeners.{other[0]} (line {other[1].line})",
                hint=f"pick a free port, e.g. {free}" if free else "pick a free port",
                related=(Related(span=other[1], message=f"listeners.{other[0]} uses it"),),
            )
        )
        return value.value
    ports[value.value] = (name, value.span)
    return value.value


def _tls(
    lowerer: Lowerer, tls_item: Item | None, name: str, protocol: ir.Protocol | None, span: Span
) -> ir.Tls | None:
    """The TLS of a listener from its ``tls`` item (None: the listener has none)."""
    if protocol is None:
        return None
    if not protocol.uses_tls:
        if tls_item is not None:
            lowerer.problems.append(
                diagnostic(
                    TLS_ON_PLAIN,
                    f"listener `{name}` uses the plain protocol `{protocol.value}` but has tls "
                    "settings",
                    tls_item.key_span,
                    label="tls on a plain protocol",
                    hint=f'use protocol = "{_secure_twin(protocol)}" on a different port, or '
                    "remove the tls keys",
                )
            )
        return None
    if tls_item is None:
        lowerer.problems.append(
            diagnostic(
                TLS_WITHOUT_CERT,
                f"listener `{name}` uses `{protocol.value}` and needs a certificate",
                span,
                label="tls.cert missing",
                hint='add `tls.cert = "NAME"` naming a [certs.NAME] entry',
            )
        )
        return None
    tls_table = tls_item.value
    if not isinstance(tls_table, Table) or tls_table.get("cert") is None:
        return None  # a tls that is no table, or has no cert: reported by the structure check
    owner = f"listeners.{name}.tls"
    cert = cert_ref(lowerer, tls_table, "cert", owner)
    client_ca = cert_ref(lowerer, tls_table, "client_ca", owner)
    ciphers_item = tls_table.get("ciphers")
    ciphers = ciphers_or_default(lowerer, ciphers_item)
    if ciphers is not None and ciphers_item is not None:  # the default policy is always written
        problem = cipher_policy_problem(
            name, ciphers, use_span(ciphers_item), declared_at(lowerer, ciphers)
        )
        if problem is not None:
            lowerer.problems.append(problem)
            return None
    if cert is None or ciphers is None:
        return None
    return ir.Tls(
        cert=cert,
        client_ca=client_ca,
        ciphers=ciphers,
        client_cert=_client_cert(lowerer, tls_table),
        span=tls_table.span,
    )


def _client_cert(lowerer: Lowerer, tls: Table) -> str | None:
    value = lowerer.string(tls, "client_cert")
    if value is not None and value in lowerer.certs:
        return lowerer.certs[value].file
    return value


def _secure_twin(protocol: ir.Protocol) -> str:
    return {"http": "https", "mqtt": "mqtts", "mqttws": "mqttwss"}.get(protocol.value, "https")
