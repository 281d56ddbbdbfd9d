"""``fcsec certs init``: make a development PKI like FairCom's x509 demo and print its spec.

Files and their names: ``fcsec.pki.layout`` (documented in docs/certs.md). Nothing is ever
overwritten: if any file of the PKI exists, the command writes nothing and exits 1. The folder
and client names are printed through ``fcsec.safetext``.
"""

from __future__ import annotations

import argparse

from fcsec.commands.common import EXIT_OK, Context, Usage
from fcsec.safetext import escape, escape_multiline

NAME = "certs"
HELP = "make a development PKI (CA, server and client certificates)"
#: Shown by `fcsec certs --help`.
EXAMPLES = (
    "fcsec certs init pki --hostname db.example.com --client alice",
)


def _hostname(text: str) -> str:
    from fcsec.pki.issue import check_hostname

    try:
        return check_hostname(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _user(text: str) -> str:
    from fcsec.pki.issue import check_user

    try:
        return check_user(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 1 <= days <= 36500:
        raise argparse.ArgumentTypeError("--days must be between 1 and 36500")
    return days


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="certs_action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init", help="write a CA, a server certificate and client certificates"
    )
    init.add_argument("folder", metavar="DIR", help="folder for the files (created if missing)")
    init.add_argument(
        "--hostname",
        action="append",
        required=True,
        type=_hostname,
        metavar="H",
        help="a DNS name or IP address of the server (repeat for more; the first is the CN)",
    )
    init.add_argument(
        "--client",
        action="append",
        default=[],
        type=_user,
        metavar="NAME",
        help='a client certificate with CN = NAME, e.g. "Jon Doe" (repeat for more)',
    )
    init.add_argument(
        "--days", type=_days, default=365, metavar="N", help="validity in days (default 365)"
    )
    init.add_argument(
        "--key-type",
        choices=("ec", "rsa"),
        default="ec",
        help="ec (P-256, the default) or rsa (2048 bits)",
    )


def _check_clients(clients: list[str]) -> tuple[str, ...]:
    from fcsec.pki.layout import client_slug

    seen: dict[str, str] = {}
    for user in clients:
        slug = client_slug(user)
        if slug in seen:
            raise Usage(
                f"fcsec certs init: error: --client {user!r} and --client {seen[slug]!r} "
                f"would both be written as client-{slug}.pem; rename one"
            )
        seen[slug] = user
    return tuple(clients)


def run(args: argparse.Namespace, context: Context) -> int:
    import datetime
    from pathlib import Path

    from fcsec.pki import layout, snippet, store
    from fcsec.pki.issue import KeyType, PkiRequest, issue

    clients = _check_clients(args.client)
    hostnames = tuple(dict.fromkeys(args.hostname))
    folder = Path(args.folder)
    planned = layout.plan(clients)
    # Check before the (slow) key generation, and again when writing.
    store.refuse_existing(folder, args.folder, [file.name for file in planned])
    request = PkiRequest(
        hostnames=hostnames, clients=clients, days=args.days, key_type=KeyType(args.key_type)
    )
    made = dict(issue(request, datetime.datetime.now(datetime.UTC)))
    store.write_new(folder, args.folder, [(file, made[file.name]) for file in planned])
    width = max(len(file.name) for file in planned)
    for file in planned:
        secret = " (mode 0600)" if file.content is layout.Content.PRIVATE_KEY else ""
        print(f"{file.name:<{width}}  {escape(file.purpose)}{secret}")
    print()
    # The folder and the client names are the user's: shown, never obeyed by the terminal.
    print(escape_multiline(snippet.render(args.folder, clients)), end="")
    return EXIT_OK
