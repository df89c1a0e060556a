"""What a stored value may contain, and how data is shown safely (issue 13).

Two halves, each applied at one place:

- **Refused at the door** (the schema's types call these; every stored value passes through the schema):
  `safe_text` (no control, bidi or invisible characters — newline only where the field allows it —, a length
  cap per field, NFC, trimmed), `safe_url` (a real URL parse: https only for links readers follow, no userinfo,
  no spaces or characters a URL cannot hold, a host name, ≤ 512 characters: Discord's limit for a link button),
  `safe_email`, `safe_phone`. Errors are one line, English then French.
- **Shown harmlessly at the way out**: `visible` makes control, bidi and invisible characters visible as
  `\\u001b`-style escapes (valid inside JSON strings too) and turns undecodable bytes (surrogate escapes) into
  U+FFFD; the terminal streams are wrapped with it (`SafeStream`). The Discord side escapes data with
  `app.embeds.md` (built on `discord.utils.escape_markdown`).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO
from urllib.parse import urlsplit

URL_MAX = 512
"""Discord refuses a link button whose URL is longer; no source or regulator page needs more."""

_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Control, format (bidi overrides and isolates, zero-width, soft hyphen …), surrogate, private-use, unassigned
characters, and the line/paragraph separators. Spaces (Zs, e.g. the French no-break spaces) are allowed."""
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def describe_char(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE' (control characters have no name: 'U+001B')."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _bad_char(text: str, multiline: bool) -> str | None:
    probe = text.replace("\n", "") if multiline else text
    if probe.isprintable():
        return None
    for ch in probe:
        if ch == " " or ch.isprintable():
            continue
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return ch
    return None


def char_error(ch: str) -> str:
    if ch in _BIDI:
        return (f"contains a text-direction control ({describe_char(ch)}), which can disguise text "
                f"/ contient un contrôle de direction du texte ({describe_char(ch)}), qui peut déguiser le texte")
    if ch == "\n":
        return "must be one line / doit tenir sur une ligne"
    if unicodedata.category(ch) == "Cc":
        return (f"contains a control character ({describe_char(ch)}) "
                f"/ contient un caractère de contrôle ({describe_char(ch)})")
    return (f"contains an invisible or non-printing character ({describe_char(ch)}) "
            f"/ contient un caractère invisible ou non imprimable ({describe_char(ch)})")


def safe_text(value: str, *, max_len: int, multiline: bool = False) -> str:
    """The stored form of a piece of text (NFC, trimmed), or ValueError saying what is wrong (EN / FR)."""
    bad = _bad_char(value, multiline)
    if bad is not None:
        raise ValueError(char_error(bad))
    text = value.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if not text:
        raise ValueError("cannot be empty / ne peut pas être vide")
    if len(text) > max_len:
        raise ValueError(f"is {len(text):,} characters long; the maximum here is {max_len:,} "
                         f"/ compte {len(text):,} caractères; le maximum ici est {max_len:,}")
    if multiline:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


# A URL as RFC 3986 writes it, ASCII only (an address with accents is percent-encoded), minus the square
# brackets (IPv6 literals are no regulator's address) that a Markdown link is made of.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]*")
_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def safe_url(value: str, *, schemes: tuple[str, ...] = ("https",)) -> str:
    """An absolute web address a reader can be sent to, parsed with `urllib.parse`; ValueError otherwise."""
    if not isinstance(value, str) or not value:
        raise ValueError("a URL is required / une URL est requise")
    if len(value) > URL_MAX:
        raise ValueError(f"the URL is {len(value):,} characters long; the maximum is {URL_MAX} "
                         f"/ l'URL compte {len(value):,} caractères; le maximum est {URL_MAX}")
    if _URL_CHARS.fullmatch(value) is None:
        ch = next(c for c in value if _URL_CHARS.fullmatch(c) is None)
        shown = describe_char(ch) if not ch.isprintable() or ch == " " else repr(ch)
        raise ValueError(f"the URL contains {shown}, which a web address cannot hold unencoded "
                         f"/ l'URL contient {shown}, qu'une adresse Web ne peut pas contenir sans encodage")
    if _PCT.search(value):
        raise ValueError("the URL has a '%' not followed by two hex digits / l'URL a un '%' invalide")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ValueError("not a valid URL / URL invalide") from None
    if parts.scheme.lower() not in schemes or not value.lower().startswith(parts.scheme.lower() + "://"):
        raise ValueError("the URL must start with https:// / l'URL doit commencer par https://")
    if "@" in parts.netloc:
        raise ValueError("the URL must not carry a user name or password (user@host) "
                         "/ l'URL ne doit pas contenir d'identifiant (utilisateur@hôte)")
    host = (parts.hostname or "").rstrip(".")
    labels = host.split(".")
    if (len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or not labels[-1][:1].isalpha()
            or len(host) > 253):
        raise ValueError("the URL has no valid host name (like www.example.org) "
                         "/ l'URL n'a pas de nom d'hôte valide (comme www.exemple.org)")
    if port is not None and not 0 < port < 65536:
        raise ValueError("the URL has an invalid port / l'URL a un port invalide")
    return value


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'+/=?^_{}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,63}$")
_PHONE = re.compile(r"^[0-9A-Za-z +().,;:/\-\u2013]+$")


def safe_email(value: str) -> str:
    text = safe_text(value, max_len=254)
    if not _EMAIL.match(text):
        raise ValueError("not an email address (name@example.org) / n'est pas une adresse courriel (nom@exemple.org)")
    return text


def safe_phone(value: str) -> str:
    text = safe_text(value, max_len=64)
    if not _PHONE.match(text) or sum(c.isdigit() for c in text) < 3:
        raise ValueError("a phone number has digits, spaces and + ( ) - . , ; / only "
                         "/ un numéro de téléphone ne contient que des chiffres, des espaces et + ( ) - . , ; /")
    return text


# ----- the way out ---------------------------------------------------------------------------------------------
# Characters made visible on output: C0 but newline, DEL and C1, every format character (bidi, zero-width, soft
# hyphen, tags …; tests check the list against `unicodedata`), the line/paragraph separators, lone surrogates.
SHOWN_RANGES = (
    "\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_SHOWN = re.compile(f"[{SHOWN_RANGES}]")


def _show(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if 0xD800 <= code <= 0xDFFF:  # a byte that was not UTF-8 (surrogateescape), or a lone surrogate
        return "\ufffd"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` with every control, bidi and invisible character written out (ESC → '\\u001b'); never raises.

    The escapes are also JSON escapes, so a JSON document stays valid (and means the same) after this."""
    if _SHOWN.search(text) is None:
        return text
    return _SHOWN.sub(_show, text)


class SafeStream:
    """A text stream that writes everything through `visible`: the terminal never receives a raw escape
    sequence, a text-direction override or an undecodable byte from the data (or from what was typed)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def safe_terminal() -> Iterator[None]:
    """Wrap stdout and stderr with `SafeStream` (idempotent), and read stdin without dying on invalid UTF-8."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)
    if not isinstance(sys.stderr, SafeStream):
        sys.stderr = SafeStream(sys.stderr)
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        with suppress(ValueError, OSError):  # a closed or replaced stdin
            reconfigure(errors="surrogateescape")
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
