# Copyright: fcsec contributors
# SPDX-License-Identifier: Apache-2.0
"""What the modules of fcsec.faircom share: importing fcsec on the managed host, and turning its
diagnostics into a failure message and plain data.

The modules are thin: the work is fcsec's own Python API (``fcsec.apply``), so a module writes
the config files exactly as ``fcsec compile`` does (one transaction, under the folder's lock).
"""

from __future__ import annotations

import traceback

from ansible.module_utils.basic import missing_required_lib

try:
    import fcsec
except ImportError:
    fcsec = None
    FCSEC_IMPORT_ERROR = traceback.format_exc()
else:
    FCSEC_IMPORT_ERROR = None

try:
    from fcsec import apply as fcsec_apply
except ImportError:
    fcsec_apply = None
    FCSEC_API_ERROR = traceback.format_exc()
else:
    FCSEC_API_ERROR = None


def require_fcsec(module):
    """Fail the task, with a message that says what to do, unless fcsec (with the
    ``fcsec.apply`` API) can be imported by the Python that runs the module."""
    if FCSEC_IMPORT_ERROR is not None:
        module.fail_json(
            msg=missing_required_lib(
                "fcsec",
                reason="by the fcsec.faircom modules; install fcsec on the managed host for the "
                "Python that runs the module (python3 -m pip install with fcsec's wheel or "
                "source folder)",
            ),
            exception=FCSEC_IMPORT_ERROR,
        )
    if FCSEC_API_ERROR is not None:
        version = getattr(fcsec, "__version__", "unknown")
        module.fail_json(
            msg=f"fcsec {version} on this host has no usable fcsec.apply API, which the "
            "fcsec.faircom collection calls; upgrade fcsec on the managed host",
            exception=FCSEC_API_ERROR,
        )


def fail_with_diagnostics(module, failure, **result):
    """Fail the task with fcsec's diagnostics: one line each (severity, rule id,
    file:line:column, message, hint) as the message, and as data in ``diagnostics``."""
    diagnostics = failure.diagnostics
    lines = [fcsec_apply.one_line(item) for item in diagnostics] or [str(failure)]
    module.fail_json(
        msg="\n".join(lines),
        diagnostics=[fcsec_apply.diagnostic_data(item) for item in diagnostics],
        **result,
    )


def fail_with_bug(module, exc):
    """An exception that is not a diagnostic is a bug in fcsec: say so, traceback in
    ``exception`` (shown with -vvv)."""
    module.fail_json(
        msg=f"internal error in fcsec {getattr(fcsec, '__version__', 'unknown')} (a bug in "
        f"fcsec, please report it): {type(exc).__name__}: {exc}",
        exception=traceback.format_exc(),
    )
