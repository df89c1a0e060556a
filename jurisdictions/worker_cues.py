"""How practitioners name themselves: credentials, titles and regulators that mark the worker's side.

"LCSW in California", "RSW in B.C.", "TS au Québec", "assistante sociale en France", "SWE registered",
"registered with Social Care Wales": the place right after a credential or title, or a regulator's
name, is where the worker is registered. "I'm in Toronto for the summer" is where the worker is, which
matters less than the registration: `REGISTRATION_CUES` tell the two apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from jurisdictions.textnorm import compact_key

if TYPE_CHECKING:
    from jurisdictions.schema import Jurisdiction

# Credentials and titles, as compact keys ("LCSW-C" -> "lcswc", "T.S." -> "ts").
CREDENTIALS = frozenset({
    "lcsw", "licsw", "lmsw", "lcswc", "lcswr", "lisw", "liswcp", "lsw", "lgsw", "lbsw", "lcsws", "csw", "acsw",
    "rsw", "msw", "bsw", "sw", "ts", "tsi", "tsp", "swe", "swer", "therapist", "therapeute", "counsellor", "counselor",
    "clinician", "clinicienne", "clinicien", "worker", "workers", "travailleur", "travailleuse", "travailleurs",
    "travailleuses", "assistant", "assistante", "assistants", "assistantes", "psychotherapist", "psychotherapeute",
    "lpc", "lmft", "lpcc", "registrant", "practitioner", "intervenant", "intervenante",
})
# Credentials that are also ordinary words: count only in capitals ("AS en France", not "as in").
UPPER_ONLY = frozenset({"as", "sw", "ts"})
# Words before a place that say "registered there" (stronger than "I'm in", "based in").
REGISTRATION_CUES = frozenset({
    "registered", "registred", "regsitered", "registerd", "licensed", "licenced", "license", "licence", "licenses", "member", "membre",
    "inscrit", "inscrite", "inscrits", "inscrites", "registration", "inscription", "certified", "accredited",
    "ordre", "permis", "permit", "autorise", "autorisee", "with", "avec", "aupres", "registrant", "hold", "holds",
} | CREDENTIALS)
# Words after a place that say "registered there": "SWE registered", "Ontario RSW".
AFTER_REGISTRATION = frozenset({"registered", "registrant", "licensed", "licence", "license", "member", "inscrit",
                                "inscrite", "rsw", "lcsw", "licsw", "lmsw", "msw", "ts", "tsi"})
LOCATION_CUES = frozenset({"im", "iam", "based", "live", "living", "currently", "staying", "je", "suis", "work",
                           "working", "travaille", "habite"})


def is_credential(original: str, key: str) -> bool:
    """A credential or title token; short ones that are words only when written in capitals."""
    if key not in CREDENTIALS and key not in UPPER_ONLY:
        return False
    if key in UPPER_ONLY or len(key) <= 2:
        letters = re.sub(r"[^A-Za-z]", "", original)
        return letters.isupper()
    return True


_PAREN = re.compile(r"\s*\([^)]*\)")


def regulator_labels(jurisdictions: Iterable[Jurisdiction]) -> list[tuple[str, str]]:
    """(code, label) for every regulator's name (EN and FR, with and without its parenthesis or dash part)
    and acronym, plus the short forms practitioners use. Associations and councils are not registrations."""
    jurs = list(jurisdictions)
    out: list[tuple[str, str]] = []
    for jur in jurs:
        for body in jur.regulators:
            if body.role not in ("regulator", "authority"):
                continue
            labels = {body.name.value.en, body.name.value.fr}
            for label in list(labels):
                labels.add(_PAREN.sub("", label).strip())
                labels.add(label.split(" — ")[0].strip())
            if body.acronym is not None:
                labels |= {body.acronym.value.en, body.acronym.value.fr}
            for label in labels:
                key = compact_key(label)
                if len(key) >= 3 and (body.role == "regulator" or len(key) <= 8):
                    out.append((jur.code, label))
    codes = {j.code for j in jurs}
    out += [(code, label) for code, label in EXTRA_REGULATOR_NAMES if code in codes]
    return out


# Names people use that the data spells otherwise (kept here: the data files are edited by others).
EXTRA_REGULATOR_NAMES: tuple[tuple[str, str], ...] = (
    ("GB-ENG", "SWE"), ("GB-WLS", "SCW"), ("GB-WLS", "Gofal Cymdeithasol Cymru"), ("GB-SCT", "SSSC"),
    ("CA-QC", "OTSTCFQ"), ("CA-QC", "Ordre des travailleurs sociaux du Québec"), ("CA-QC", "OTSQ"),
    ("CA-ON", "OCSWSSW"), ("CA-ON", "Ontario College of Social Workers"), ("CA-ON", "OTTSO"),
    ("CA-NS", "NSCSW"), ("CA-NB", "NBASW"), ("CA-NB", "ATTSNB"), ("CA-SK", "SASW"), ("CA-AB", "ACSW"),
    ("CA-BC", "BCCSW"), ("CA-MB", "MCSW"), ("CA-NL", "NLCSW"), ("CA-PE", "PEISWRB"), ("IE", "CORU"),
    ("NZ", "SWRB"), ("GB-NIR", "NISCC"), ("US-CA", "BBS"), ("US-CA", "California Board of Behavioral Sciences"),
    ("US-TX", "Texas State Board of Social Worker Examiners"), ("US-TX", "TSBSWE"), ("US-NY", "NYSED"),
)
