"""Vietnamese text helpers: accent folding for search, name sort keys, name splitting.

Pure Python (no Django), so models, importers and the demo generator share one definition and
both databases sort and search alike: the sort key and the folded text are stored columns.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "SORT_KEY_MAX_LENGTH",
    "fold",
    "format_count",
    "invisible_character",
    "name_sort_key",
    "nfc",
    "repair_text",
    "search_words",
    "split_full_name",
]

#: Stored sort keys are CharField(max_length=255).
SORT_KEY_MAX_LENGTH = 255

# Letters that NFKD does not decompose into an ASCII base letter plus marks.
# đ is the Vietnamese one; ð/Ð (Icelandic eth) is a common mis-keyed Đ in legacy data.
_FOLD_SPECIAL = {
    "đ": "d",
    "ð": "d",
    "ø": "o",
    "ł": "l",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ı": "i",
}


def fold(text: str) -> str:
    """Lowercase ASCII form of ``text`` for accent-insensitive search.

    Removes tones and the marks of ă â ê ô ơ ư, maps đ/Đ to d, collapses whitespace.
    ``fold("Nguyễn Thị Đức") == "nguyen thi duc"``. Non-Latin letters are dropped; other
    non-ASCII characters (dashes, symbols, exotic spaces) become spaces. Idempotent.
    """
    # NFKD first so compatibility forms (full-width letters, ligatures) reach their base
    # letters; casefold after it (ℌ -> H -> h), then decompose again what casefold composed.
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    out: list[str] = []
    for ch in text:
        if ch < "\x80":
            out.append(ch if ch.isprintable() or ch.isspace() else " ")
            continue
        special = _FOLD_SPECIAL.get(ch)
        if special is not None:
            out.append(special)
            continue
        category = unicodedata.category(ch)
        if category.startswith("M"):  # combining marks: tones, breve, circumflex, horn
            continue
        if category == "Cf":  # zero-width and direction marks: inside a word, not between
            continue
        if category.startswith("L"):  # a letter with no ASCII form: drop it
            continue
        out.append(" ")  # punctuation, symbols, non-ASCII spaces separate words
    return " ".join("".join(out).split())


# --- what may be stored: composed letters, nothing invisible ---------------------------------

# Characters a person cannot see or type on purpose: C0/C1 controls (tab and line breaks
# aside), every format character of Unicode (Cf: soft hyphen, zero-width space/joiners, the
# byte-order mark, bidirectional marks, embeddings, overrides and isolates, tag characters),
# line/paragraph separators, variation selectors, the combining grapheme joiner, Hangul and
# Khmer fillers, and lone surrogates (which PostgreSQL cannot even store).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd"
    "\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def invisible_character(text: str) -> str | None:
    """The first character of ``text`` that cannot be seen (zero-width, BOM, soft hyphen,
    bidirectional control, control character ...), or None when there is none.

    Such a character makes two equal-looking names differ (a duplicate the search does not
    find, a CCCD check that misses) and can reorder what a page shows; records refuse them.
    """
    found = _INVISIBLE.search(text)
    return found.group() if found else None


def nfc(text: str) -> str:
    """``text`` with composed letters (Unicode NFC): "ễ" typed as e + circumflex + tilde, as
    some keyboards and PDFs give it, becomes the one character that looks the same, so equal
    names are equal strings. Cheap when the text is already composed (the usual case)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def repair_text(text: str) -> str:
    """``text`` as records store it now: composed (NFC), its invisible characters dropped.
    For rows saved before those rules (data migrations); new input is refused instead."""
    return nfc(_INVISIBLE.sub("", text))


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def search_words(text: str) -> list[str]:
    """The words search stores and matches: runs of a-z and 0-9 in the folded text.

    ``search_words("Nguyễn Văn Hai (Tư)") == ["nguyen", "van", "hai", "tu"]``. Punctuation
    separates words as spaces do, so a stored word is exactly what PostgreSQL's text search
    parser sees as one token, and a query word matches the same rows on both databases.
    """
    return [w for w in _NOT_WORD.split(fold(text)) if w]


# --- Vietnamese sort key -----------------------------------------------------------------

# Vietnamese alphabet with the foreign letters f j w z slotted in Latin order.
_ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip

# Two-character codes, all digits, so the key sorts the same under any collation that orders
# ASCII digits by value (SQLite BINARY, PostgreSQL "C" and ICU/glibc locales alike).
_TERMINATOR = "00"  # end of a name component: shorter names sort first (An < Anh)
_WORD_BREAK = "01"  # between words of one component: "An Bình" < "Anh"
_DIGIT_CODES = {str(i): f"{i + 2:02d}" for i in range(10)}  # 02..11
_LETTER_CODES = {letter: f"{i + 12:02d}" for i, letter in enumerate(_ALPHABET)}  # 12..44

# Combining marks after NFD.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_VARIANTS = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# Tone order: none (0), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SPECIAL_LETTERS = {"đ": "đ", "ð": "đ", "ø": "o", "ł": "l", "ı": "i"}
_WORD_SEPARATORS = frozenset(" -\u2010\u2011\u2012\u2013\u2014_/.,")


def component_key(text: str) -> str:
    """Letter codes, a terminator, then one tone digit per word.

    Letters of the whole component are compared before any tone; tone digits follow only
    when every letter is equal, and then the number of words is equal too.
    """
    decomposed = unicodedata.normalize("NFD", text.casefold())
    words: list[tuple[list[str], str]] = []  # (letter codes, tone digit)
    codes: list[str] = []
    tone = "0"

    def end_word() -> None:
        nonlocal codes, tone
        if codes:
            words.append((codes, tone))
        codes, tone = [], "0"

    i, n = 0, len(decomposed)
    while i < n:
        ch = decomposed[i]
        i += 1
        marks = []
        while i < n and unicodedata.combining(decomposed[i]):
            marks.append(decomposed[i])
            i += 1
        if ch.isspace() or ch in _WORD_SEPARATORS:
            end_word()
            continue
        letter = _SPECIAL_LETTERS.get(ch, ch)
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif (letter, mark) in _VARIANTS:
                letter = _VARIANTS[letter, mark]
        code = _LETTER_CODES.get(letter) or _DIGIT_CODES.get(letter)
        if code is None and letter.isalpha() and not letter.isascii():
            # A Latin letter with a foreign precomposed form NFD kept whole: use its base.
            base = fold(letter)
            code = _LETTER_CODES.get(base[:1]) if base else None
        if code is not None:
            codes.append(code)
        # anything else (apostrophes in H'Hen, symbols, non-Latin letters) is dropped
    end_word()
    letters = _WORD_BREAK.join("".join(word_codes) for word_codes, _ in words)
    return letters + _TERMINATOR + "".join(word_tone for _, word_tone in words)


def name_sort_key(family: str, middle: str, given: str) -> str:
    """Key whose plain (byte) order is Vietnamese name order.

    Given name first, then family name, then middle name; within each, the Vietnamese
    alphabet (a ă â b c d đ e ê g …) for the letters, and tones (none, huyền, hỏi, ngã, sắc,
    nặng) only where the letters are equal. Case-insensitive. The key holds only ASCII digits,
    so it sorts identically in SQLite and PostgreSQL whatever the collation, and is at most
    ``SORT_KEY_MAX_LENGTH`` characters (names too long for that are compared on the prefix).
    """
    key = component_key(given or "") + component_key(family or "") + component_key(middle or "")
    return key[:SORT_KEY_MAX_LENGTH]


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Split a Vietnamese full name into (family, middle, given).

    ``"Nguyễn Thị Minh Khai"`` -> ``("Nguyễn", "Thị Minh", "Khai")``; one word is the given
    name; two words are family and given name.
    """
    words = full_name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def format_count(n: int) -> str:
    """A count as Vietnamese writes it, with dots between thousands: ``format_count(18921)
    == "18.921"`` (for command output; pages use Django's localization)."""
    return f"{n:,}".replace(",", ".")
