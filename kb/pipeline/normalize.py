"""Normalization rules: from a cell as the review printed it to the value the knowledge base stores.

Each rule is a pure function of the printed text, tested on its own (tests/pipeline/test_normalize.py).
The review's own errors are not fixed here: they are errata, applied before these rules run
(see ``kb.pipeline.build``). A rule that meets a value it does not know raises ``ValueError`` naming it, so
that nothing is normalized by guess.
"""

import re
from decimal import Decimal, InvalidOperation

# Words that the PDF extraction printed with the wrong capitals, and how the review spells them.
EXTRACTION_CASE = {
    "3d": "3D",
    "ahr": "AhR",
    "aKT": "AKT",
    "BrCa": "BRCA",
    "BrCa1/2": "BRCA1/2",
    "CdK4/6": "CDK4/6",
    "CriSPr": "CRISPR",
    "ctdna": "ctDNA",
    "dMEM/F12": "DMEM/F12",
    "dna": "DNA",
    "EgFr": "EGFR",
    "EPr": "EPR",
    "Er": "ER",
    "ErCC1": "ERCC1",
    "ErK": "ERK",
    "ESr1": "ESR1",
    "gEMMs": "GEMMs",
    "HEr2": "HER2",
    "Her2": "HER2",
    "Hr+": "HR+",
    "inoS": "iNOS",
    "lgK974": "LGK974",
    "MaPK": "MAPK",
    "Mda": "MDA",
    "Mdr": "MDR",
    "Microrna": "MicroRNA",
    "micrornas": "microRNAs",
    "mirnas": "miRNAs",
    "mTor": "mTOR",
    "ParP": "PARP",
    "PdX": "PDX",
    "PiK3Ca": "PIK3CA",
    "rnas": "RNAs",
    "T-47d": "T-47D",
    "T-dM1": "T-DM1",
    "TnBC": "TNBC",
    "TrC105": "TRC105",
}
_CASE_RE = re.compile(
    r"(?<![A-Za-z0-9])("
    + "|".join(re.escape(w) for w in sorted(EXTRACTION_CASE, key=len, reverse=True))
    + r")(?![A-Za-z0-9])"
)
# Headings set in small capitals come out with these letters in upper case inside a word ("AcquIred mutAtIons").
_SMALL_CAPS_RE = re.compile(r"\b[A-Za-z][a-z]*[AIP][A-Za-z]*\b")
# A hyphen at the end of a line after these words is a real hyphen, not a word broken in two.
HYPHENATED_PREFIXES = {"anti", "hormone"}


def join_lines(text: str) -> str:
    """Join a cell's printed lines into one line, mending words the line ends broke.

    "altera-" + "tions" is "alterations"; "HER2-" + "targeted" keeps its hyphen (the letter before
    it is not lower case); "nanoparticle-" + "-based" is "nanoparticle-based".
    """
    lines = [line.strip() for line in text.replace("\u00a0", " ").splitlines() if line.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        if out.endswith("-"):
            last_word = re.split(r"[^A-Za-z]", out[:-1])[-1].lower()
            if line.startswith("-"):
                out += line[1:]
            elif out[-2:-1].islower() and line[:1].islower() and last_word not in HYPHENATED_PREFIXES:
                out = out[:-1] + line
            else:
                out += line
        else:
            out += " " + line
    return re.sub(r"\s{2,}", " ", out)


def restore_case(text: str) -> str:
    """Give back the capitals that the extraction lost ("HEr2" is "HER2", "dna" is "DNA")."""
    return _CASE_RE.sub(lambda m: EXTRACTION_CASE[m.group(1)], text)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def prose(text: str) -> str:
    """A printed paragraph as readable text: lines joined, capitals restored, sentences capitalized."""
    text = restore_case(join_lines(text))
    return _capitalize(re.sub(r"([.?!]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text))


def name(text: str) -> str:
    """A printed name or heading as a record's name ("genetic altera-/tions" is "Genetic alterations")."""
    text = restore_case(join_lines(text))
    text = _SMALL_CAPS_RE.sub(
        lambda m: m.group(0) if m.group(0) in EXTRACTION_CASE.values() else m.group(0).lower(), text
    )
    return _capitalize(text)


def slug(text: str) -> str:
    """The slug of a normalized name: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


#
# MicroRNAs
#


def mirna_name(printed: str) -> str:
    """miRBase's mature name from the printed one: "hsa-mir-200b-3p" is "hsa-miR-200b-3p"."""
    text = join_lines(printed)
    match = re.fullmatch(r"hsa-(mir|miR|let)-([0-9]+[a-z]?(?:-[0-9]+)?(?:-[35]p)?)", text)
    if not match:
        raise ValueError(f"not a human microRNA name: {printed!r}")
    family = "let" if match.group(1) == "let" else "miR"
    return f"hsa-{family}-{match.group(2)}"


DIRECTIONS = {"upregulated": "up", "up-regulated": "up", "downregulated": "down", "down-regulated": "down"}


def direction(printed: str) -> str:
    """ "upregulated" is "up", "downregulated" is "down"."""
    try:
        return DIRECTIONS[join_lines(printed).lower()]
    except KeyError:
        raise ValueError(f"not a direction of expression: {printed!r}") from None


# Words printed in a numeric column where the review gives no number.
NO_VALUE_WORDS = {"unregulated", "na", "n/a", "-", "—", ""}


def fold_change(printed: str) -> Decimal | None:
    """A printed fold change as a number, or None where the review printed a word instead ("unregulated")."""
    text = join_lines(printed).lower()
    if text in NO_VALUE_WORDS:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a fold change: {printed!r}") from None
    if value <= 0:
        raise ValueError(f"a fold change must be positive: {printed!r}")
    return value


#
# Trials
#

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def trial_phase(printed: str) -> str:
    """ClinicalTrials.gov's phase from the printed one: "phase ii" is "phase2", "phase i/ii" is "phase1_2"."""
    text = join_lines(printed).lower().replace(" ", "")
    match = re.fullmatch(r"phase([iv0-9]+)(?:[/-]([iv0-9]+))?", text)
    if not match or match.group(1) not in ROMAN or (match.group(2) and match.group(2) not in ROMAN):
        raise ValueError(f"not a trial phase: {printed!r}")
    first = ROMAN[match.group(1)]
    if match.group(2):
        return f"phase{first}_{ROMAN[match.group(2)]}"
    return f"phase{first}"


TRIAL_STATUSES = {
    "active": "active",
    "active, not recruiting": "active_not_recruiting",
    "recruiting": "recruiting",
    "not yet recruiting": "not_yet_recruiting",
    "enrolling by invitation": "enrolling_by_invitation",
    "completed": "completed",
    "terminated": "terminated",
    "suspended": "suspended",
    "withdrawn": "withdrawn",
}


def trial_status(printed: str) -> str:
    """The recruitment status the source prints, in the registry's words where they are the same; the review's
    "active" stays "active" (it may be "Recruiting" or "Active, not recruiting": it says neither)."""
    try:
        return TRIAL_STATUSES[join_lines(printed).lower()]
    except KeyError:
        raise ValueError(f"not a trial status: {printed!r}") from None


TRIAL_TYPES = {
    "treatment": "treatment",
    "prevention": "prevention",
    "diagnostic": "diagnostic",
    "supportive care": "supportive_care",
    "basic science": "basic_science",
    "other": "other",
}


def trial_type(printed: str) -> str:
    """ClinicalTrials.gov's primary purpose from the printed type: "treat-/ment" is "treatment"."""
    try:
        return TRIAL_TYPES[join_lines(printed).lower()]
    except KeyError:
        raise ValueError(f"not a trial type: {printed!r}") from None


def nct_id(printed: str) -> str:
    """The NCT number from the printed one ("nCT00494234" is "NCT00494234")."""
    text = join_lines(printed).upper()
    if not re.fullmatch(r"NCT[0-9]{8}", text):
        raise ValueError(f"not an NCT number: {printed!r}")
    return text


#
# Compounds
#


def split_compounds(printed: str) -> list[tuple[str, list[str]]]:
    """The compounds a printed cell names, each with the other names printed for it.

    "Palbociclib, ribociclib, abemaciclib" names three compounds; "PARP-inhibitors (olaparib,
    talazoparib)" names the two in brackets (the words before them are their class);
    "T-DM1 (trastuzumab emtansine)" names one compound and gives its other name.
    """
    text = join_lines(printed)
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if match:
        head, inner = match.group(1).strip(), match.group(2)
        members = [part.strip() for part in inner.split(",") if part.strip()]
        if re.search(r"inhibitors?$", head, flags=re.IGNORECASE):
            return [(member, []) for member in members]
        return [(head, members)]
    return [(part.strip(), []) for part in text.split(",") if part.strip()]


def compound_name(printed: str) -> str:
    """A compound's display name: capitals restored, the first letter upper case ("lapatinib" is "Lapatinib")."""
    return _capitalize(restore_case(join_lines(printed)))
