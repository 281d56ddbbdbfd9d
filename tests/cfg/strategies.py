"""Hypothesis strategies for ctsrvr.cfg: realistic, nasty trees and texts, and SSL block plans.

``documents()`` builds trees that keep the invariants of ``fcsec.cfg.cst`` (so that
``parse(render(doc)) == doc`` must hold) from pieces seen in real files: aligned values, tabs,
keyword-only lines, values with spaces and ``;``, any keyword case, commented settings, blank lines
holding blanks, active and disabled ``SUBSYSTEM`` blocks whose inner lines look active, LF, CRLF,
CR and mixed endings, a missing final newline, a byte-order mark and undecodable bytes (lone
surrogates, as ``surrogateescape`` delivers them). ``texts()`` adds arbitrary text from a biased
alphabet of the characters and words that matter to the parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from hypothesis import strategies as st

from fcsec.cfg.cst import (
    Blank,
    Block,
    BlockClose,
    BlockOpen,
    BodyLine,
    Comment,
    Document,
    Entry,
    Item,
    Line,
    key_of,
)
from fcsec.cfg.plan import SSL_KEYWORDS, SslBlockPlan
from fcsec.cfg.render import render_content
from fcsec.record import replace

BOM = "\ufeff"
# Characters a line may hold besides blanks: ASCII punctuation the format uses, Latin-1 bytes that
# arrive as lone surrogates, and characters other tools take for line breaks or blanks.
# U+017F and U+0131 upper-case to ASCII S and I: they must not make a keyword.
_ODD = "\udce9\udcff\udc80é\u00a0\x0b\x0c\x1c\x85\u2028\u2029\u017f\u0131\x00"
_WORD_CHARS = "abcXYZ019_-./:=#[]()$*{}" + _ODD
_VALUE_CHARS = _WORD_CHARS + ";  \t"

KEYWORDS = (
    "SERVER_NAME",
    "SERVER_PORT",
    "SQL_PORT",
    "LOCAL_DIRECTORY",
    "PLUGIN",
    "PAGE_SIZE",
    "DAT_MEMORY",
    "COMM_PROTOCOL",
    "TMPNAME_PATH",
    "SETENV",
    "SQL_OPTION",
    "COMPATIBILITY",
    "CONSOLE",
    "FIPS_ENCRYPTION",
    "MINIMUM_LENGTH",
    "volume",
    "maxruntime",
)
VALUES = (
    "FAIRCOMS",
    "10 MB",
    "341 KB",
    "-32000000",
    "cthttpd;./web/libcthttpd.so",
    "DH_JVM_OPTION_STRINGS=-Xms100m;-Xmx300m;-XX:+UseG1GC",
    "faircom inc",
    "EXE [OPTIONS]",
    "F_TCPIP",
    "F_TCPIPV6",
    "FSHAREMM",
    "fsharemm",
    "YES",
    "NO",
    "CN",
    "ctree_ssl.pem",
    "ssl.log",
    "caf\udce9.pem",
    "AES256-SHA256:AES256-GCM-SHA38:DHE-RSA-AES256-SHA256:AES256-GCM-SHA384",
    "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
    "ALL:!aNULL:!eNULL:@STRENGTH",
    "{",
    "}",
    "a ; b",
    "AES128-SHA ; legacy",
    "YES\t;keep it",
    "; only a note",
)
BLOCK_WORDS = (
    "COMM_PROTOCOL SSL",
    "comm_protocol ssl",
    "COMM_PROTOCOL\t SSL",
    "SECURITY PASSWORD",
    "EVENT DISK_FULL_ACTION",
    "",
    "X",
)
SSL_WORDS = ("COMM_PROTOCOL SSL", "comm_protocol ssl", "Comm_Protocol  Ssl", "COMM_PROTOCOL\tSSL")
PROSE = (
    "This is the file name in your server's directory",
    "Page Size",
    "Be sure to deactivate your Shared Memory Protocol above: ;COMM_PROTOCOL FSHAREMM",
    "---- SQL settings ----",
    "r\udce9sum\udce9 en fran\udce7ais",
    "End of File",
)


def _cased(word: str) -> st.SearchStrategy[str]:
    return st.sampled_from((word, word.upper(), word.lower()))


blanks = st.one_of(
    st.sampled_from(("", " ", "\t", "  ", "           ", "\t\t ", " \t")),
    st.text(alphabet=" \t", max_size=5),
)
blanks1 = blanks.filter(bool) | st.just(" ")
words = st.text(alphabet=_WORD_CHARS, min_size=1, max_size=8)
keywords = st.one_of(
    st.sampled_from(KEYWORDS).flatmap(_cased),
    st.sampled_from(SSL_KEYWORDS).flatmap(_cased),
    words,
)
ssl_keywords = st.sampled_from(SSL_KEYWORDS).flatmap(_cased)
values = st.one_of(
    st.sampled_from(VALUES),
    st.text(alphabet=_VALUE_CHARS, max_size=12).map(lambda text: text.strip(" \t")),
)
eols = st.sampled_from(("\n", "\r\n", "\r"))


def _setting_pieces(keyword: str, sep: str, value: str) -> tuple[str, str, str]:
    """Pieces as the parser cuts them: blanks after an empty value are trailing, not a separator."""
    if key_of(keyword) == "SUBSYSTEM" and value.endswith("{"):
        value += "x"
    if not value:
        return keyword, "", ""
    return keyword, sep or " ", value


@st.composite
def entries(draw: st.DrawFn, keyword: st.SearchStrategy[str] = keywords) -> Entry:
    name, sep, value = _setting_pieces(draw(keyword), draw(blanks1), draw(values))
    if name.startswith(";"):
        name = "K" + name
    if name == "}" and not value:
        name = "}}"
    return Entry(
        indent=draw(st.sampled_from(("", "", "\t", "    ")) | blanks),
        keyword=name,
        sep=sep,
        value=value,
        trailing=draw(st.sampled_from(("", "", " ")) | blanks),
    )


@st.composite
def comments(draw: st.DrawFn, keyword: st.SearchStrategy[str] = keywords) -> Comment:
    """Prose (``; text``, ``;Text``), a lone ``;``, or a commented setting (``;KEYWORD value``)."""
    kind = draw(st.sampled_from(("prose", "glued", "setting", "bare")))
    if kind == "bare":
        name, sep, value = "", "", ""
    elif kind == "prose":
        name, sep, value = "", draw(blanks1), draw(st.sampled_from(PROSE) | values.filter(bool))
    else:
        name, sep, value = _setting_pieces(
            draw(keyword if kind == "setting" else words), draw(blanks1), draw(values)
        )
    return Comment(
        indent=draw(st.sampled_from(("", "", "", "\t"))),
        keyword=name,
        sep=sep,
        value=value,
        trailing=draw(st.sampled_from(("", "", " ")) | blanks),
    )


def _blank_lines() -> st.SearchStrategy[Blank]:
    return st.builds(lambda whitespace: Blank(whitespace=whitespace), blanks)


def _shared_memory_lines() -> st.SearchStrategy[Entry | Comment]:
    def build(marker: str, keyword: str, sep: str, value: str, indent: str) -> Entry | Comment:
        if marker:
            return Comment(keyword=keyword, sep=sep, value=value)
        return Entry(indent=indent, keyword=keyword, sep=sep, value=value)

    return st.builds(
        build,
        st.sampled_from(("", ";")),
        _cased("COMM_PROTOCOL"),
        blanks1,
        st.sampled_from(("FSHAREMM", "fsharemm", "F_TCPIP", "F_TCPIPV6")),
        st.sampled_from(("", "", "  ")),
    )


def top_lines() -> st.SearchStrategy[Blank | Comment | Entry]:
    return st.one_of(
        _blank_lines(), comments(), entries(), _shared_memory_lines(), comments(ssl_keywords)
    )


_TOKEN = re.compile(r"[{}]|[^ \t{}]+")


def closes_nothing(line: Line) -> bool:
    """Whether a line may stand in an SSL block without an FCS209/FCS210 refusal.

    A setting whose first or last word is ``}`` and a comment whose first word is ``}`` are
    the hostile shapes ``hostile_ssl_lines`` makes on purpose.
    """
    content = render_content(line)
    if isinstance(line, Entry):
        tokens = _TOKEN.findall(content)
        return "}" not in (tokens[0], tokens[-1])
    if isinstance(line, Comment):
        tokens = _TOKEN.findall(content[len(line.indent) + len(line.marker) :])
        return not tokens or tokens[0] != "}"
    return True


def body_lines(ssl: bool) -> st.SearchStrategy[BodyLine]:
    setting = ssl_keywords if ssl else keywords
    lines: st.SearchStrategy[BodyLine] = st.one_of(
        _blank_lines(),
        comments(),
        comments(setting),
        comments(setting),
        comments(setting).map(_spaced),
        entries(setting),
        entries(keywords),
    )
    return lines.filter(closes_nothing) if ssl else lines


def _spaced(comment: Comment) -> Comment:
    """A commented setting the way fcsec comments out an indented line: ``;\tKEYWORD value``."""
    if not comment.keyword:
        return comment
    return replace(
        comment,
        keyword="",
        sep="\t",
        value=f"{comment.keyword}{comment.sep}{comment.value}".rstrip(" \t"),
    )


@st.composite
def headers(draw: st.DrawFn, ssl: bool) -> BlockOpen:
    marker = draw(st.sampled_from(("", ";")))
    block_words = draw(st.sampled_from(SSL_WORDS if ssl else BLOCK_WORDS))
    if not ssl and block_words == "X":
        block_words = draw(words)
    if not ssl and len(block_words.split()) == 2 and key_of(block_words.split()[1]) == "SSL":
        block_words = "SECURITY PASSWORD"
    return BlockOpen(
        indent=draw(st.sampled_from(("", "", " "))) if not marker else "",
        marker=marker,
        keyword=draw(_cased("SUBSYSTEM")),
        sep=draw(blanks1),
        words=block_words,
        gap=draw(st.sampled_from((" ", "", "\t"))) if block_words else "",
        trailing=draw(st.sampled_from(("", " "))),
    )


@st.composite
def blocks(draw: st.DrawFn, ssl: bool) -> Block:
    close = BlockClose(
        indent=draw(st.sampled_from(("", "", " "))), trailing=draw(st.sampled_from(("", "\t")))
    )
    return Block(
        header=draw(headers(ssl)),
        body=tuple(draw(st.lists(body_lines(ssl), max_size=10))),
        close=close,
    )


@st.composite
def disabled_blocks(draw: st.DrawFn) -> Block:
    """An SSL block disabled the vendor's way: ``;SUBSYSTEM``, every setting commented, bare ``}``.

    Also the shape fcsec leaves after ``enabled = false``: indented settings commented with
    ``;`` in the first column.
    """
    body = draw(
        st.lists(
            st.one_of(
                _blank_lines(),
                comments(),
                comments(ssl_keywords),
                comments(ssl_keywords).map(_spaced),
            ).filter(closes_nothing),
            max_size=10,
        )
    )
    header = replace(draw(headers(ssl=True)), indent="", marker=";")
    return Block(header=header, body=tuple(body), close=BlockClose())


# --- SSL block look-alikes fcsec must refuse (FCS205-FCS211) --------------------------------------

HOSTILE_RULES = ("FCS205", "FCS206", "FCS207", "FCS208", "FCS209", "FCS210", "FCS211")


@st.composite
def hostile_ssl_lines(draw: st.DrawFn) -> tuple[list[str], str]:
    """Lines (without endings) holding an SSL block in a shape fcsec refuses, and the rule."""
    head = draw(_cased("SUBSYSTEM"))
    ssl_words = draw(st.sampled_from(SSL_WORDS))
    sep = draw(blanks1)
    marker = draw(st.sampled_from(("", ";")))
    setting = draw(entries(ssl_keywords))
    inner = render_content(replace(setting, indent="", trailing=""))
    inner = inner.replace("{", "(").replace("}", ")")
    header = f"{marker}{head}{sep}{ssl_words}"
    body = [f"{marker}{inner}"]
    kind = draw(st.sampled_from(HOSTILE_KINDS))
    if kind == "one-line":
        return [f"{header} {{ {inner} }}"], "FCS206"
    if kind == "glued-one-line":
        return [f"{header}{{{inner}}}"], "FCS206"
    if kind == "brace-on-next-line":
        return [header, "{", *body, "}"], "FCS205"
    if kind == "text-after-brace":
        return [f"{header} {{ {inner}", *body, "}"], "FCS207"
    if kind == "blank-after-marker":
        gap = draw(st.sampled_from((" ", "\t", ";", " ;")))
        return [f";{gap}{head}{sep}{ssl_words} {{", *body, "}"], "FCS208"
    if kind == "close-with-text":
        close = draw(st.sampled_from(("} ; end of TLS", "}" + inner, inner + " }", inner + "}")))
        return [f"{header} {{", *body, close], "FCS209"
    if kind == "commented-close":
        close = draw(st.sampled_from((";}", "; }", ";} end")))
        return [f"{header} {{", *body, close, "}"], "FCS210"
    extra = draw(st.sampled_from(("EXTRA", "TLS", "{")))
    return [f"{header} {extra} {{", *body, "}"], "FCS211"


HOSTILE_KINDS = (
    "one-line",
    "glued-one-line",
    "brace-on-next-line",
    "text-after-brace",
    "blank-after-marker",
    "close-with-text",
    "commented-close",
    "extra-words",
)


PROBLEMS = ("stray_close", "nested", "unclosed")


@st.composite
def documents(
    draw: st.DrawFn, *, ssl_blocks: tuple[int, ...] = (0, 1), problems: bool = False
) -> Document:
    """A tree that renders to a realistic file; with ``problems``, one with FCS201-203 in it."""
    items: list[Item] = draw(
        st.lists(st.one_of(top_lines(), top_lines(), blocks(ssl=False)), max_size=20)
    )
    for _ in range(draw(st.sampled_from(ssl_blocks))):
        block = draw(st.one_of(blocks(ssl=True), disabled_blocks()))
        items.insert(draw(st.integers(0, len(items))), block)
    if problems:
        chosen = draw(st.sets(st.sampled_from(PROBLEMS), min_size=1))
        for problem in sorted(chosen, key=PROBLEMS.index):  # "unclosed" last: it ends the file
            _inject(draw, items, problem)
    return _with_line_endings(
        draw,
        Document(bom=draw(st.sampled_from(("", "", BOM))), items=tuple(items)),
    )


def _inject(draw: st.DrawFn, items: list[Item], problem: str) -> None:
    if problem == "stray_close":
        items.insert(draw(st.integers(0, len(items))), BlockClose())
    elif problem == "nested":
        inner = draw(headers(ssl=draw(st.booleans())))
        outer = draw(blocks(ssl=draw(st.booleans())))
        body = list(outer.body)
        body.insert(draw(st.integers(0, len(body))), inner)
        items.insert(draw(st.integers(0, len(items))), replace(outer, body=tuple(body)))
    else:  # an unclosed block swallows the rest of the file, so it comes last
        items.append(replace(draw(blocks(ssl=draw(st.booleans()))), close=None))


def _with_line_endings(draw: st.DrawFn, document: Document) -> Document:
    lines = list(document.lines())
    mode = draw(st.sampled_from(("\n", "\r\n", "\r", "mixed")))
    endings = [draw(eols) if mode == "mixed" else mode for _ in lines]
    for index in range(len(lines) - 1):
        # "\r" then an empty line ending in "\n" would read back as one "\r\n".
        merges = endings[index] == "\r" and endings[index + 1] == "\n"
        if merges and not render_content(lines[index + 1]):
            endings[index] = "\r\n"
    if lines and render_content(lines[-1]) and not draw(st.booleans()):
        endings[-1] = ""
    replacements = iter(endings)
    return map_lines(document, lambda line: replace(line, eol=next(replacements)))


def map_lines(document: Document, change: Callable[[Line], Line]) -> Document:
    """The document with every line replaced by ``change(line)``, in file order."""

    def items() -> Iterator[Item]:
        for item in document.items:
            if isinstance(item, Block):
                header = change(item.header)
                body = tuple(change(line) for line in item.body)
                close = change(item.close) if item.close is not None else None
                assert isinstance(header, BlockOpen)
                assert close is None or isinstance(close, BlockClose)
                assert not any(isinstance(line, BlockClose) for line in body)
                yield Block(header=header, body=body, close=close)  # type: ignore[arg-type]
            else:
                changed = change(item)
                assert not isinstance(changed, BlockOpen)
                yield changed

    return replace(document, items=tuple(items()))


TOKENS = (
    ";",
    ";",
    "{",
    "}",
    " ",
    " ",
    "\t",
    "\r",
    "\n",
    "\n",
    "\r\n",
    "SUBSYSTEM",
    "subsystem",
    "COMM_PROTOCOL",
    "SSL",
    "FSHAREMM",
    "F_TCPIP",
    "SSL_CIPHERS",
    "x509_PATH",
    "YES",
    "a",
    "Z",
    BOM,
    *_ODD,
)
texts = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


plan_values = st.one_of(
    st.sampled_from(VALUES),
    st.text(alphabet=_VALUE_CHARS, min_size=1, max_size=12)
    .map(lambda text: text.strip(" \t"))
    .filter(bool),
).filter(lambda value: not value.endswith("}"))  # FCS212: fcsec refuses to write those


@st.composite
def plans(draw: st.DrawFn) -> SslBlockPlan:
    chosen = draw(st.sets(st.sampled_from(SSL_KEYWORDS)))
    return SslBlockPlan(
        settings=tuple(
            (keyword, draw(plan_values)) for keyword in SSL_KEYWORDS if keyword in chosen
        ),
        enabled=draw(st.booleans()),
        shared_memory=draw(st.sampled_from((None, True, False))),
    )
