"""The TLS scope a command names in a spec: a listener that uses TLS, or the database block.

``fcsec probe --listener`` and ``fcsec export sslyze`` look a listener up here; a name the spec
does not have, or a listener without TLS, is FCS712 with the spec's TLS listeners as the hint.
"""

from __future__ import annotations

from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import NO_SUCH_TLS_SCOPE


def no_such_scope(message: str, hint: str) -> DiagnosticError:
    """FCS712: the spec has no TLS scope of that name."""
    return DiagnosticError([diagnostic(NO_SUCH_TLS_SCOPE, message, None, hint=hint)])


def tls_listener(spec: ir.Spec, name: str) -> ir.Listener:
    """The listener ``name`` of the spec, which must use TLS; raise FCS712 otherwise."""
    by_name = {listener.name: listener for listener in spec.listeners}
    listener = by_name.get(name)
    with_tls = sorted(item.name for item in spec.listeners if item.tls is not None)
    hint = f"TLS listeners in the spec: {', '.join(with_tls) or 'none'}"
    if listener is None:
        raise no_such_scope(f"the spec has no listener `{name}`", hint)
    if listener.tls is None:
        raise no_such_scope(
            f"listener `{name}` does not use TLS (protocol {listener.protocol.value})", hint
        )
    return listener
