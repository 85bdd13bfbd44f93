"""Campaigns: one template reposted with small changes, and posts sharing a contact, are grouped."""

import json

from commands.main import main
from detector.campaigns import find_campaigns
from tests.conftest import write_jsonl

TEMPLATE = [
    "🔥 URGENT RECRUTEMENT 🔥 Hôtel 5 étoiles à Dubaï recrute 20 serveuses et femmes de ménage. "
    "Salaire 450 000 FCFA, logement et nourriture gratuits, visa et billet offerts. Frais de dossier "
    "35 000 FCFA seulement. Places limitées, écrivez vite au 690 11 22 33",
    "URGENT RECRUTEMENT !! Hôtel 5 étoiles à Dubai recrute 20 serveuses et femmes de ménage. Salaire "
    "450 000 FCFA, logement et nourriture gratuits, visa et billet offerts. Frais de dossier 35 000 FCFA "
    "seulement. Places limitées, écrivez vite au 6 7 7 4 4 5 5 6 6",
    "🔥🔥 URGENT RECRUTEMENT Hôtel 5 étoiles à Dubaï recrute 30 serveuses et femmes de ménage. Salaire "
    "500 000 FCFA, logement et nourriture gratuits, visa et billet offerts. Frais de dossier 35 000 FCFA "
    "seulement. Places limitées, inbox",
]
SAME_CONTACT = "Bourse d'études au Canada entièrement financée, inscription sur wa.me/237655000111 avant vendredi"
CHAIN = "Travail en Pologne, usine de chocolat, contrat 2 ans, appelez le 677 44 55 66"
ALONE = ["Match ce soir au stade Omnisport, allez les Lions !", "Les résultats du BEPC sont disponibles",
         "Joyeux anniversaire maman ❤️", "Réunion des parents d'élèves samedi à 10h",
         "Campus France: la procédure est gratuite, méfiez-vous des intermédiaires"]


def test_campaigns_group_templates_and_shared_contacts():
    texts = TEMPLATE + [SAME_CONTACT, "Dernier rappel: wa.me/237655000111 pour la bourse Erasmus", CHAIN] + ALONE
    ids = [f"p{i}" for i in range(len(texts))]
    links = {x.id: x for x in find_campaigns(ids, texts)}
    template = {links[f"p{i}"].campaign for i in range(3)}
    # p1 carries another number, which p5 (another text) shares: the chain joins them all.
    assert len(template) == 1 and None not in template and links["p5"].campaign in template
    assert links["p3"].campaign == links["p4"].campaign != links["p0"].campaign
    assert links["p3"].links == ["phone:+237655000111"]
    assert any(x.startswith("template:") for x in links["p0"].links)
    assert "phone:+237677445566" in links["p1"].links and "phone:+237677445566" in links["p5"].links
    assert all(links[f"p{i}"].campaign is None and links[f"p{i}"].links == [] for i in range(6, len(texts)))


def test_campaigns_author_handles_link_posts_and_ids_are_stable():
    texts = ["Giveaway de 500 000 FCFA, envoie 5 000 pour les frais", "Je recrute pour le Qatar, inbox"]
    alone = find_campaigns(["a", "b"], texts)
    assert [x.campaign for x in alone] == [None, None]
    linked = find_campaigns(["a", "b"], texts, extra_keys=[["handle:samuel_etoo_fondation"]] * 2)
    assert linked[0].campaign == linked[1].campaign and linked[0].links == ["handle:samuel_etoo_fondation"]
    again = find_campaigns(["a", "b", "z"], [*texts, "autre chose"], extra_keys=[["handle:x"]] * 2 + [[]])
    assert again[0].campaign == linked[0].campaign


def test_campaigns_a_year_range_links_nothing_and_one_number_in_two_spellings_links():
    texts = ["Bourse d'excellence au Canada, session 2026-2027, dossier à déposer à la mairie",
             "Calendrier du championnat de football 2026-2027 publié par la fédération",
             "Hôtel à Dubaï recrute des serveuses, écrivez sur wa.me/237699004127",
             "Travail en usine en Pologne, contrat de 2 ans: appelez le +237 6 99 00 41 27"]
    links = find_campaigns(["a", "b", "c", "d"], texts)
    assert [x.campaign for x in links[:2]] == [None, None]
    assert links[2].campaign == links[3].campaign is not None
    assert links[2].links == links[3].links == ["phone:+237699004127"]


def test_campaigns_cli_writes_one_line_per_post_in_order(tmp_path):
    rows = [{"id": f"r{i}", "text": t} for i, t in enumerate(TEMPLATE + ALONE)] + ['{"broken']
    src = write_jsonl(tmp_path / "posts.jsonl", rows)
    out = tmp_path / "campaigns.jsonl"
    assert main(["campaigns", str(src), "-o", str(out)]) == 1  # 1: a line was rejected
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == [f"r{i}" for i in range(len(TEMPLATE + ALONE))]
    assert all(set(x) == {"id", "campaign", "links"} for x in lines)
    assert len({x["campaign"] for x in lines[:3]}) == 1 and all(x["campaign"] is None for x in lines[3:])
    assert json.loads((tmp_path / "campaigns.jsonl.rejects.jsonl").read_text())["line"] == len(rows)
