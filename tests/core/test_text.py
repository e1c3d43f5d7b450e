"""Vietnamese text helpers: accent folding, the name sort key, name splitting."""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coso.core.text import (
    SORT_KEY_MAX_LENGTH,
    fold,
    format_count,
    name_sort_key,
    search_words,
    split_full_name,
)

ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
LATIN_ORDER = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
# none, huyền, hỏi, ngã, sắc, nặng
TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
KEY_CHARS = re.compile(r"[0-9a-z]*")


def with_tone(word: str, tone: int) -> str:
    """Put a tone mark on the first vowel of a toneless word."""
    for i, ch in enumerate(word):
        if fold(ch) in "aeiouy":
            return unicodedata.normalize("NFC", word[: i + 1] + TONE_MARKS[tone] + word[i + 1 :])
    return word


letters = st.sampled_from(LATIN_ORDER)
bare_words = st.lists(letters, min_size=1, max_size=7).map("".join)
tones = st.integers(min_value=0, max_value=5)
toned_words = st.builds(with_tone, bare_words, tones)
names = st.lists(toned_words, min_size=1, max_size=3).map(" ".join)


def given_key(given_name: str) -> str:
    return name_sort_key("Nguyễn", "Văn", given_name)


# --- fold -------------------------------------------------------------------------------


def test_fold_examples():
    assert fold("Nguyễn Thị Đức") == "nguyen thi duc"
    assert fold("Đức") == "duc"
    assert "nguyen thi" in fold("Nguyễn Thị Hoa")
    assert fold("  ĂN   Ân\tƠn\nƯng  ") == "an an on ung"
    assert fold("Phạm Thị Ánh") == fold("PHAM THI ANH")
    assert fold("") == ""


def test_fold_is_the_same_for_composed_and_decomposed_input():
    text = "Nguyễn Thị Hoà Đặng Ước"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "nguyen thi hoa dang uoc"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_output_is_ascii_lowercase_with_single_spaces(text):
    folded = fold(text)
    assert folded.isascii()
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.lower()
    assert folded == " ".join(folded.split())


@given(names)
def test_fold_of_vietnamese_text_keeps_only_plain_letters(text):
    assert re.fullmatch(r"[a-z ]*", fold(text))


# --- name_sort_key ----------------------------------------------------------------------


def test_search_words_examples():
    assert search_words("Nguyễn Văn Hai (Tư)") == ["nguyen", "van", "hai", "tu"]
    assert search_words("  Đặng-Thị.ÁNH, 0917/AB ") == ["dang", "thi", "anh", "0917", "ab"]
    assert search_words(" -- ") == []


@given(st.text())
def test_search_words_are_folded_alphanumeric_runs_and_stable(text):
    words = search_words(text)
    assert all(re.fullmatch(r"[a-z0-9]+", w) for w in words)
    assert search_words(" ".join(words)) == words
    assert words == search_words(fold(text))


def test_given_name_chain():
    chain = ["An", "Ánh", "Ăn", "Ân", "Bình", "Dũng", "Đức"]
    keys = [given_key(n) for n in chain]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_given_name_first_then_family_then_middle():
    assert name_sort_key("Nguyễn", "Văn", "An") < name_sort_key("Lê", "Văn", "Bình")
    assert name_sort_key("Lê", "Văn", "An") < name_sort_key("Nguyễn", "Văn", "An")
    assert name_sort_key("Lê", "Thị", "An") < name_sort_key("Lê", "Văn", "An")
    # the given name decides even when the family name would order the other way
    assert name_sort_key("Vũ", "", "Ân") > name_sort_key("Trần", "Minh", "An")


def test_letters_before_tones_and_tone_order():
    # tone order: none, huyền, hỏi, ngã, sắc, nặng
    toned = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    keys = [given_key(n) for n in toned]
    assert keys == sorted(keys) and len(set(keys)) == 6
    # letters of the whole word first: "Ạn" (nặng) before "Anh" (no tone)
    assert given_key("Ạn") < given_key("Anh")
    assert given_key("Ánh") < given_key("Ăn")


def test_alphabet_order_of_single_letters():
    keys = [given_key(letter) for letter in LATIN_ORDER]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_shorter_word_and_word_boundaries_sort_first():
    assert given_key("An") < given_key("An Bình") < given_key("Anh")
    assert name_sort_key("", "", "Hà") < name_sort_key("", "", "Hà Anh")


def test_punctuation_is_ignored_and_digits_sort_before_letters():
    assert given_key("H'Hen") == given_key("HHen")
    assert given_key("Anh 2") < given_key("Anh A")


def test_legacy_eth_is_read_as_d_stroke():
    assert given_key("\u00d0ức") == given_key("Đức")


@given(st.text(), st.text(), st.text())
def test_sort_key_is_ascii_digits_and_letters_only_and_bounded(family, middle, given_name):
    key = name_sort_key(family, middle, given_name)
    assert KEY_CHARS.fullmatch(key)
    assert len(key) <= SORT_KEY_MAX_LENGTH


@given(names, names, names)
def test_sort_key_is_case_and_normalization_insensitive(family, middle, given_name):
    key = name_sort_key(family, middle, given_name)
    assert name_sort_key(family.upper(), middle.upper(), given_name.upper()) == key
    assert name_sort_key(family.title(), middle.lower(), given_name.swapcase()) == key
    nfd = [unicodedata.normalize("NFD", s) for s in (family, middle, given_name)]
    assert name_sort_key(*nfd) == key


@given(bare_words, bare_words, tones, tones)
def test_tones_only_break_ties_between_equal_letters(a, b, tone_a, tone_b):
    key_a, key_b = given_key(with_tone(a, tone_a)), given_key(with_tone(b, tone_b))
    if a != b:
        # the order is that of the words without tones
        assert (key_a < key_b) == (given_key(a) < given_key(b))
    elif with_tone(a, tone_a) != with_tone(b, tone_b):
        assert (key_a < key_b) == (tone_a < tone_b)


@given(bare_words, bare_words)
def test_toneless_words_follow_the_vietnamese_alphabet(a, b):
    def alphabet_tuple(word):
        return [LATIN_ORDER.index(ch) for ch in word]

    assert (given_key(a) < given_key(b)) == (alphabet_tuple(a) < alphabet_tuple(b))


@given(names, names)
def test_given_name_decides_before_family_name(given_a, given_b):
    if given_key(given_a) != given_key(given_b):
        forward = name_sort_key("An", "", given_a) < name_sort_key("Ý", "", given_b)
        backward = name_sort_key("Ý", "", given_a) < name_sort_key("An", "", given_b)
        assert forward == backward


def test_very_long_names_are_truncated_safely():
    key = name_sort_key("Nguyễn " * 40, "Thị " * 40, "Hoa " * 40)
    assert len(key) == SORT_KEY_MAX_LENGTH
    assert KEY_CHARS.fullmatch(key)


# --- split_full_name --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "parts"),
    [
        ("Nguyễn Thị Minh Khai", ("Nguyễn", "Thị Minh", "Khai")),
        ("Lê Văn Bình", ("Lê", "Văn", "Bình")),
        ("Trần Đức", ("Trần", "", "Đức")),
        ("Đức", ("", "", "Đức")),
        ("  Phạm   Thị  Ánh ", ("Phạm", "Thị", "Ánh")),
        ("", ("", "", "")),
        ("   ", ("", "", "")),
        ("Tôn Nữ Thị Hoàng Lan", ("Tôn", "Nữ Thị Hoàng", "Lan")),
    ],
)
def test_split_full_name(full_name, parts):
    assert split_full_name(full_name) == parts


@given(st.lists(toned_words, min_size=1, max_size=5))
def test_split_full_name_round_trips(words):
    family, middle, given_name = split_full_name(" ".join(words))
    assert " ".join(p for p in (family, middle, given_name) if p) == " ".join(words)
    assert given_name == words[-1]


def test_format_count_uses_dots_between_thousands():
    assert [format_count(n) for n in (0, 999, 1000, 18921, 5865132)] == [
        "0",
        "999",
        "1.000",
        "18.921",
        "5.865.132",
    ]
