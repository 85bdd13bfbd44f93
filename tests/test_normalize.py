from hypothesis import given
from hypothesis import strategies as st

from detector.normalize import deobfuscate, extract_identifiers, normalize


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
    assert {"phone:237699001234", "handle:@recrut_dubai"} <= ids.keys()


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
