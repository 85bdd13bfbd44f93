"""Campaigns: one template reposted with small changes, and posts sharing a contact, are grouped."""

import json

import pytest

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


def _offer(seed: int, words: int = 45) -> str:
    """A made-up offer of its own vocabulary (seeded): different seeds share no template."""
    import random

    rng = random.Random(seed)
    return " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
                    for _ in range(words))


def test_campaigns_an_aggregator_handle_glues_no_campaigns():
    # Eight campaigns, each: three reposts of its template with its own number, plus one repost by an
    # aggregator page that signs with its handle; the page's handle spreads over eight offers: a hub.
    ids, texts, authors, truth = [], [], [], []
    for c in range(8):
        number = f"6 9{c} 00 41 2{c}"
        for k in range(3):
            ids.append(f"c{c}-{k}"), texts.append(f"{_offer(c)} appelez le {number}"), authors.append(f"agent{c}")
            truth.append(c)
        ids.append(f"c{c}-agg"), texts.append(f"{_offer(c)} {number} Partagé par @JobsAbroad")
        authors.append("jobsabroad"), truth.append(c)
    links = find_campaigns(ids, texts, author_handles=authors)
    by_truth = {}
    for link, c in zip(links, truth, strict=True):
        by_truth.setdefault(c, set()).add(link.campaign)
    assert all(len(found) == 1 and None not in found for found in by_truth.values())
    assert len({next(iter(found)) for found in by_truth.values()}) == 8
    assert not any("handle:jobsabroad" in link.links for link in links)
    # The page's handle weighs nothing; without the hub rule it would be evidence, as a campaign's number is.
    from detector.campaigns import build_graph

    graph, _ = build_graph(texts, author_handles=authors)
    assert graph.key_weight["handle:jobsabroad"] == 0 and graph.key_weight["phone:+237690004120"] == 1
    assert build_graph(texts, author_handles=authors, hub_templates=1000)[0].key_weight["handle:jobsabroad"] > 0


def test_campaigns_one_number_written_many_ways_links_a_campaign_that_rewrites_its_text():
    spellings = ["wa.me/237699004127", "+237 6 99 00 41 27", "699-00-41-27", "00237699004127", "699 004 127"]
    texts = [f"{_offer(100 + k)} {s}" for k, s in enumerate(spellings)]  # five different wordings
    links = find_campaigns([f"p{k}" for k in range(5)], texts, author_handles=[f"acc{k % 2}" for k in range(5)])
    assert len({x.campaign for x in links}) == 1 and links[0].campaign is not None
    assert all("phone:+237699004127" in x.links for x in links)
    # Modularity would split these five posts by account; the constant Potts model keeps them whole.
    by_modularity = find_campaigns([f"p{k}" for k in range(5)], texts, author_handles=[f"acc{k % 2}" for k in range(5)],
                                   resolution=None)
    assert len({x.campaign for x in by_modularity}) == 2


def test_campaigns_a_warning_quoting_a_lure_mentions_its_campaign_and_is_no_member():
    lure = TEMPLATE[0]
    warning = f"⚠️ Attention arnaque ! Ma cousine a reçu ce message : « {lure} » Ne payez rien, signalez-le."
    awareness = ("Sensibilisation : méfiez-vous des faux recruteurs qui promettent un visa gratuit contre des frais "
                 "de dossier, ne payez jamais pour un emploi.")
    texts = [*TEMPLATE, warning, awareness, awareness + " Partagez !"]
    links = find_campaigns([f"p{i}" for i in range(len(texts))], texts)
    campaign = links[0].campaign
    assert campaign is not None and {x.campaign for x in links[:3]} == {campaign}
    assert (links[3].campaign, links[3].links, links[3].mentions) == (None, [], [campaign])
    # A reposted awareness message names no campaign: grouped as any repost, mentioning nothing.
    assert links[4].campaign == links[5].campaign not in (None, campaign) and links[4].mentions == []


def test_campaigns_a_quoted_whatsapp_link_is_its_number_and_names_the_campaign():
    from detector.normalize import extract_identifiers

    assert extract_identifiers("« … écrivez sur wa.me/237699004127» Ne payez rien").keys() == {"phone:+237699004127"}
    texts = [f"{_offer(200)} wa.me/237699004127", f"{_offer(200)} +237 6 99 00 41 27",
             "⚠️ Arnaque ! Ce message circule : « Travail à Doha, tout payé … wa.me/237699004127» Signalez-le."]
    links = find_campaigns(["a", "b", "w"], texts)
    assert links[0].campaign == links[1].campaign is not None and links[2].mentions == [links[0].campaign]


def test_campaigns_short_everyday_lines_alike_link_nothing():
    texts = ["Joyeux anniversaire maman ❤️", "Joyeux anniversaire maman ❤️❤️", "Happy Sunday family, stay blessed."]
    assert [x.campaign for x in find_campaigns(["a", "b", "c"], texts)] == [None, None, None]


def test_campaigns_spread_counts_offers_anchored_by_other_identifiers():
    from detector.campaigns import spread

    keys_of = [{"handle:page", "phone:+1"}, {"handle:page", "phone:+2"}, {"handle:page", "phone:+3"},
               {"handle:page"}, {"phone:+9"}, {"phone:+9"}, {"phone:+9", "phone:+8"}]
    group = list(range(7))  # no template shared
    assert spread("handle:page", [0, 1, 2, 3], keys_of, group, set()) == 3  # three offers, each its number
    assert spread("phone:+9", [4, 5, 6], keys_of, group, set()) == 1  # rewrites around one number
    assert spread("handle:page", [0, 1, 2], keys_of, [0, 0, 0], set()) == 1  # one template: one offer


def test_campaigns_bcubed_scores_known_clusterings():
    from training.evaluate import bcubed

    truth = ["a", "a", "b", "c"]
    assert bcubed(truth, ["x", "x", "y", "z"]) == (1.0, 1.0, 1.0)
    precision, recall, f1 = bcubed(truth, ["x", "y", "z", "w"])  # all singletons
    assert (precision, recall) == (1.0, 0.75) and abs(f1 - 6 / 7) < 1e-12


@pytest.mark.slow
def test_campaigns_stream_is_the_generators_and_is_grouped_at_f1_095(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from training.evaluate import bcubed

    stream = Path("data/streams/campaigns_stream.jsonl")
    subprocess.run([sys.executable, "data/streams/make_campaigns_stream.py", "-o", str(tmp_path / "made.jsonl")],
                   capture_output=True, check=True)
    assert (tmp_path / "made.jsonl").read_bytes() == stream.read_bytes()
    posts = [json.loads(line) for line in stream.read_text(encoding="utf-8").splitlines()]
    links = find_campaigns([p["id"] for p in posts], [p["text"] for p in posts],
                           author_handles=[p["author_handle"] for p in posts])
    _, _, f1 = bcubed([p["true_campaign"] for p in posts], [x.campaign or x.id for x in links])
    assert f1 >= 0.95
    warnings = [(p, x) for p, x in zip(posts, links, strict=True) if p["kind"] == "warning"]
    assert all(x.campaign is None for _, x in warnings)
