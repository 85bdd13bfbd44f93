import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.normalize import (
    canonical_phone,
    canonical_url,
    deobfuscate,
    extract_identifiers,
    identifier_spans,
    link_key,
    normalize,
)


def test_normalize_undoes_superscript_keycap_and_spaced_digits():
    assert "69900012" in normalize("appelez le 6 9 9 ⁰ ⁰ ⁰ 1 2")
    assert "699" in normalize("6️⃣9️⃣9️⃣ 00 12 34")


def test_normalize_keeps_grouped_amounts_and_phone_pairs():
    text = deobfuscate("Salaire 2 500 000 FCFA, appelez le 6 99 00 12 34")
    assert "2 500 000 FCFA" in text
    assert "6 99 00 12 34" in text


def test_normalize_maps_homoglyphs_and_math_letters():
    assert normalize("Віzа оffеrt") == "Biza offert"  # Cyrillic В, і, о, е
    assert normalize("𝐕𝐈𝐒𝐀 𝐆𝐑𝐀𝐓𝐔𝐈𝐓") == "VISA GRATUIT"


def test_normalize_undoes_leet_inside_words_only():
    assert normalize("v1sa et b0urse gr4tuite") == "visa et bourse gratuite"
    assert normalize("jeunes de 18ans, covid19") == "jeunes de 18ans, covid19"


def test_normalize_collapses_repeats_and_spaced_letters():
    assert normalize("URGEEEENT!!!!") == "URGENT!"
    assert normalize("écrivez sur W h a t s A p p") == "écrivez sur WhatsApp"


def test_normalize_removes_zero_width_characters():
    assert normalize("vi\u200bsa gra\u200dtuit") == "visa gratuit"


def test_extract_identifiers_finds_phones_links_money_and_amounts():
    ids = extract_identifiers(
        "Envoyez 25 000 FCFA par Orange Money au +237 6 99 00 12 34 ou wa.me/237699001234, "
        "t.me/bourses_canada, www.jobs-dubai.example.com, @recrut_dubai, salaire $2,500"
    )
    assert ids.phones == ["237699001234"]
    assert ids.whatsapp == ["wa.me/237699001234"]
    assert ids.telegram == ["t.me/bourses_canada"]
    assert "www.jobs-dubai.example.com" in ids.urls
    assert ids.handles == ["@recrut_dubai"]
    assert ids.mobile_money == ["Orange Money"]
    assert "25 000 FCFA" in ids.amounts and "$2,500" in ids.amounts
    assert {"phone:+237699001234", "handle:recrut_dubai", "handle:bourses_canada"} <= ids.keys()


def test_extract_identifiers_reads_obfuscated_phone():
    assert extract_identifiers("WhatsApp: 6 9 9 0 0 1 2 3 4").phones == ["699001234"]


def test_extract_identifiers_does_not_take_amounts_for_phones():
    assert extract_identifiers("Salaire 150 000 000 FCFA par an").phones == []


@given(st.text())
def test_normalize_never_fails_and_is_idempotent_on_random_unicode(text):
    once = normalize(text)
    assert isinstance(once, str)
    assert normalize(once) == normalize(normalize(once))
    extract_identifiers(text)


def test_normalize_spelled_out_phone_numbers():
    assert "08120000" in deobfuscate("Call her: zero eight one two, zero zero zero zero")
    assert "699" in deobfuscate("appelle le six neuf neuf zéro zéro")
    assert deobfuscate("one of the two best") == "one of the two best"


def _keys(text: str) -> set[str]:
    return extract_identifiers(text).keys()


@pytest.mark.parametrize("text", [
    "Recrutement session 2026-2027, places limitées", "Années 2025 2026 et 2026/2027",
    "Départ le 07-12-2026 ou le 2026-12-07", "Rendez-vous le 07.12.2026 à Douala",
    "Salaire 15 000 000 par an", "Frais: 50 000, billet 1 500 000 FCFA", "Prix $ 25000000 net",
    "Bourse de 45 000 000 FCFA", "Salaire 2.500.000 € par an"])
def test_normalize_years_ranges_dates_and_prices_are_not_phones(text):
    assert not any(k.startswith("phone:") for k in _keys(text))


def test_normalize_spans_mark_no_year_range_as_a_phone():
    text = "Session 2026-2027: appelez le 6 99 00 41 27"
    assert [(text[a:b], kind) for a, b, kind in identifier_spans(text)] == [("6 99 00 41 27", "phone")]


def test_normalize_one_number_in_five_spellings_is_one_key():
    spellings = ["wa.me/237699004127", "+237 6 99 00 41 27", "699004127", "00237 699 004 127",
                 "https://api.whatsapp.com/send?phone=237699004127&text=Bonjour"]
    assert [_keys(f"Contact: {s}") for s in spellings] == [{"phone:+237699004127"}] * 5
    assert _keys("wa.me/+237 6 99 00 41 27") == {"phone:+237699004127"}  # deobfuscated first


def test_normalize_phones_of_other_mission_countries_and_explicit_codes():
    assert canonical_phone("0803 123 4567") == "+2348031234567"  # Nigeria, national form
    assert _keys("Dubaï: +971 50 123 4567") == {"phone:+971501234567"}  # any explicit country code
    assert _keys("Qatar 00974 3312 3456") == {"phone:+97433123456"}
    assert canonical_phone("12345678") is None
    assert _keys("699004127 677123456") == {"phone:+237699004127", "phone:+237677123456"}  # side by side


def test_normalize_urls_are_canonical():
    spellings = ["https://www.Jobs-Dubai.com/offre/", "http://jobs-dubai.com/offre?utm_source=fb&utm_medium=x",
                 "jobs-dubai.com/offre?fbclid=IwAR0abc", "WWW.JOBS-DUBAI.COM/offre#postuler"]
    assert [_keys(s) for s in spellings] == [{"url:jobs-dubai.com/offre"}] * 4
    assert canonical_url("https://example.com/Offre?id=7&gclid=1") == "example.com/Offre?id=7"  # path case kept
    assert _keys("https://example.com/a") != _keys("https://example.com/b")


def test_normalize_handles_and_telegram_links_fold_to_one_key():
    assert _keys("@Recruteur_Dubai") == _keys("@RECRUTEUR_DUBAI") == _keys("t.me/recruteur_dubai") == {
        "handle:recruteur_dubai"}
    assert link_key("https://t.me/+AbCdEf123") == "url:t.me/+AbCdEf123"  # an invite keeps its case
    assert link_key("chat.whatsapp.com/Gh5KXyZ") == "url:chat.whatsapp.com/Gh5KXyZ"


def test_normalize_emails_are_keys_and_their_domains_are_not_sites():
    assert _keys("Écrire à Agent.Dubai@Gmail.com") == {"email:agent.dubai@gmail.com"}
