"""Where each figure of data/ really comes from, and how far the study's table can be trusted.

Read by scripts/build_dataset.py. Three tables, all written by hand from the research files and the
2026-11 audit (../shared/data/README.md, « Audit of the bundled data »):

- SECONDARY: research rows whose cited page is not the primary publication (a press article, a
  paywalled review, a personal copy of an official file): the primary publication becomes the
  source, the page actually read goes to `lu_sur`.
- LICENCE_BY_HOST: the licence of a figure from the host of its primary publication (never a
  blanket constant: a page whose reuse terms are unknown says so).
- REPORT_RELIABILITY: `fiabilite` and its reason for every row of the report's table we keep.
"""

from __future__ import annotations

from urllib.parse import urlparse

LICENCE_OUVERTE = "Licence Ouverte / Open Licence (Etalab)"
LICENCE_HANDIDONNEES = ("Données DREES et Insee sous Licence Ouverte, publiées par HandiDonnées (ANCREAI) : "
                        "conditions de réutilisation du site non précisées, citer la page")
LICENCE_UNKNOWN = "Conditions de réutilisation non précisées par la source (citation)"
LICENCE_EUROSTAT = ("Politique de réutilisation d'Eurostat (décision 2011/833/UE) : réutilisation libre, "
                    "mention « Source : Eurostat » obligatoire")
LICENCE_REPORT = "Citation (droits réservés Le RAMEAU)"

# host of the primary publication -> licence of its figures
LICENCE_BY_HOST = {
    "insee.fr": LICENCE_OUVERTE,
    "drees.solidarites-sante.gouv.fr": LICENCE_OUVERTE,
    "data.gouv.fr": LICENCE_OUVERTE,
    "handidonnees.fr": LICENCE_HANDIDONNEES,
    "ec.europa.eu": LICENCE_EUROSTAT,
}

SSMSI_DATASET = ("https://www.data.gouv.fr/fr/datasets/bases-statistiques-communale-et-departementale-de-"
                 "la-delinquance-enregistree-par-la-police-et-la-gendarmerie-nationales/")
SSMSI_COPY = ("https://github.com/humanWasHere/EPSI_2025-MSPR3-ML/blob/965f1c7ab3c7f9aa40d0f33932d109e8483ad494/"
              "data/original_data/criminalite/donnee-reg-data.gouv-2024-geographie2024-produit-le2025-03-14.csv")

# research source_url (a secondary page) -> the primary publication: source text, url ("" when its
# address was not found), licence. The research url itself becomes `lu_sur`.
SECONDARY = {
    SSMSI_COPY: dict(
        source="SSMSI (ministère de l'Intérieur), Bases statistiques communale, départementale et régionale "
               "de la délinquance enregistrée par la police et la gendarmerie nationales, fichier régional "
               "donnee-reg-data.gouv-2024-geographie2024-produit-le2025-03-14.csv (colonne taux_pour_mille), "
               "data.gouv.fr",
        url=SSMSI_DATASET, licence=LICENCE_OUVERTE),
    "https://www.francebleu.fr/infos/societe/recensement-quels-departements-gagnent-des-habitants-en-centre-"
    "val-de-loire-qui-en-perd-1640786107": dict(
        source="Insee, populations légales 2019 (publiées en décembre 2021) ; adresse de la publication Insee "
               "non relevée, chiffre lu dans un article de France Bleu",
        url="", licence=LICENCE_OUVERTE),
    "https://promotion-sante-idf.fr/sinformer/trouver-ressources/ressources-documentaires/illectronisme-ile-"
    "france-13-million-personnes": dict(
        source="Insee, étude sur l'illectronisme en Île-de-France (données 2019) : « près de 12 % » ; adresse de "
               "la publication Insee non relevée, chiffre lu dans un résumé de Promotion Santé Île-de-France",
        url="", licence=LICENCE_OUVERTE),
    "https://madinin-art.net/aux-antilles-et-a-la-reunion-30-des-personnes-de-15-ans-ou-plus-nutilisent-pas-"
    "internet-ou-ont-des-difficultes-avec-le-numerique": dict(
        source="Insee (A. Branche-Seigeot), illectronisme en 2019 : 16 % en France métropolitaine ; adresse de "
               "la publication Insee non relevée, texte lu sur le site Madinin'Art",
        url="", licence=LICENCE_OUVERTE),
    "https://prescrire.org/sante-et-societe/472-densite-medicale-et-acces-de-proximite-a-un-medecin-"
    "generaliste-en-france": dict(
        source="DREES, densité médicale 2018 ; adresse de la publication DREES non relevée, chiffres lus dans "
               "la revue Prescrire (accès payant)",
        url="", licence=LICENCE_OUVERTE),
    "https://www.corsenetinfos.corsica/Confinement-en-Corse-la-moitie-de-la-population-vit-en-appartement_"
    "a49236.html": dict(
        source="Insee, étude sur les conditions de logement pendant le confinement (avril 2020, recensement "
               "2016) ; adresse de la publication Insee non relevée, chiffres régionaux lus dans un article de "
               "Corse Net Infos",
        url="", licence=LICENCE_OUVERTE),
    "https://www.gazettenormandie.fr/article/les-menages-normands-sont-moins-touches-par-la-pauvrete-qu-"
    "ailleurs": dict(
        source="Insee Analyses Normandie n° 99 (février 2022), données 2018 : 13,5 % des Normands sous le seuil "
               "de pauvreté ; adresse de la publication Insee non relevée, chiffre lu dans un article de "
               "gazettenormandie.fr",
        url="", licence=LICENCE_OUVERTE),
    "https://www.francebleu.fr/infos/societe/les-corses-toujours-accros-a-l-auto-1611682884": dict(
        source="Insee Flash Corse n° 58 (janvier 2021, recensement 2017 : moyen de transport des actifs en "
               "emploi pour aller travailler) ; adresse de la publication Insee non relevée, chiffres régionaux "
               "lus dans un article de France Bleu",
        url="", licence=LICENCE_OUVERTE),
}


def host(url: str) -> str:
    """« https://www.insee.fr./fr/… » -> « www.insee.fr »."""
    return (urlparse(url).hostname or "").rstrip(".")


def licence_of(url: str) -> str:
    """The licence of a figure whose primary publication is at `url` (unknown host: said so)."""
    name = host(url)
    for known, licence in LICENCE_BY_HOST.items():
        if name == known or name.endswith("." + known):
            return licence
    return LICENCE_UNKNOWN


# Rows of the study's own table (Le RAMEAU 2020) kept as indicators: aligned rows whose label
# and domain are clear enough. Left out: profile rows (garbled population, areas, density),
# « Revenu d'achat » (no unit, almost constant), the repeated « Coût de la culture » label.
REPORT_ROWS = {
    13: dict(id="rapport2020_chomage_t1", domain="emploi", label="Taux de chômage (1er trimestre 2019)",
             unit="%", year=2019, fragile=True,
             caveat="Transcription du tableau du rapport ; concordant avec l'Insee (T1 2019)."),
    14: dict(id="rapport2020_evolution_entreprises", domain="developpement_economique",
             label="Évolution du nombre d'entreprises (2019-2024)", unit="%", year=2019, fragile=False,
             caveat="Projection du rapport (période 2019-2024) ; une baisse est lue comme une fragilité."),
    16: dict(id="rapport2020_taux_logement", domain="logement", label="« Taux de logement » (libellé du rapport)",
             unit="%", year=2019, fragile=True,
             caveat="Libellé ambigu dans le rapport (valeurs proches d'un taux de pauvreté) ; unité et sens supposés."),
    17: dict(id="rapport2020_handicap", domain="handicap", label="Indicateur handicap (libellé du rapport)",
             unit="valeur du rapport", year=2019, fragile=True,
             caveat="Unité non imprimée dans le rapport ; sens supposé (plus élevé = plus fragile)."),
    18: dict(id="rapport2020_vieillissement", domain="vieillissement",
             label="Vieillissement / intergénérationnel (libellé du rapport)", unit="valeur du rapport",
             year=2019, fragile=True,
             caveat="Unité non imprimée dans le rapport ; sens supposé (plus élevé = plus fragile)."),
    19: dict(id="rapport2020_numerique_2016", domain="numerique", label="Accès au numérique (rapport, 2016)",
             unit="valeur du rapport", year=2016, fragile=True,
             caveat="Unité non imprimée dans le rapport ; sens supposé (plus élevé = plus fragile)."),
    25: dict(id="rapport2020_numerique_2017", domain="numerique", label="Accès au numérique (rapport, 2017)",
             unit="valeur du rapport", year=2017, fragile=True,
             caveat="Unité non imprimée dans le rapport ; sens supposé (plus élevé = plus fragile)."),
    26: dict(id="rapport2020_co2", domain="environnement", label="Émissions de CO2 par habitant",
             unit="t CO2 par habitant", year=2019, fragile=True,
             caveat="Chiffre du rapport (code source « COMISS OW Previs.1 »), non rapproché d'une série officielle."),
}


# Reliability of the rows of the report's table that we keep. Figures quoted in the reasons are
# recomputed from data/ by tests/data/test_reliability.py (Spearman on the 13 regions).
CONFIRMED, PLAUSIBLE, DOUBTFUL = "confirmée", "plausible", "douteuse"
REPORT_RELIABILITY = {
    "rapport2020_chomage_t1": (DOUBTFUL, (
        "Chiffres conformes à l'Insee (1er trimestre 2019, à 0,1 point près) mais doublon du taux de chômage "
        "officiel 2019 (corrélation de rang 0,99) : dans l'indice emploi, le chômage compterait deux fois.")),
    "rapport2020_evolution_entreprises": (DOUBTFUL, (
        "Projection du rapport pour 2019-2024, pas une observation de 2019 ; sa valeur France (−2,2 %) est "
        "plus basse que celle de 10 régions sur 13.")),
    "rapport2020_taux_logement": (DOUBTFUL, (
        "Libellé ambigu ; les valeurs suivent le taux de pauvreté 2018 (corrélation de rang 0,84) et non une "
        "mesure du logement : la pauvreté serait comptée une seconde fois.")),
    "rapport2020_handicap": (PLAUSIBLE, (
        "Unité non imprimée ; pas de contradiction interne (la valeur France, 0,54, est la moyenne des 13 "
        "régions), mais aucune série officielle ne la reproduit (corrélation de rang 0,29 avec le taux de "
        "bénéficiaires PCH/ACTP des 20-59 ans 2021) : ni confirmée ni contredite.")),
    "rapport2020_vieillissement": (DOUBTFUL, (
        "Contredit la série officielle (corrélation de rang 0,18 avec la part des 75 ans ou plus en 2018 ; "
        "la Nouvelle-Aquitaine, région la plus âgée, est parmi les plus basses) ; sa valeur France (9,5) "
        "dépasse celle de 10 régions sur 13.")),
    "rapport2020_numerique_2016": (DOUBTFUL, (
        "Unité non imprimée ; les valeurs suivent le taux de pauvreté 2018 (corrélation de rang 0,93) plutôt "
        "qu'un accès au numérique : la pauvreté serait comptée une seconde fois.")),
    "rapport2020_numerique_2017": (DOUBTFUL, (
        "Unité non imprimée ; sans lien avec la série officielle du haut débit (Eurostat 2018, corrélation "
        "de rang −0,21) ; sa valeur France (0,67) est plus basse que celle de 8 régions sur 13.")),
    "rapport2020_co2": (DOUBTFUL, (
        "Série incohérente : la valeur France (5,55 t par habitant) est plus basse que celle de 12 régions "
        "sur 13, toutes au-dessus de 7 ; non rapprochée d'une série officielle.")),
}


# Series added from the 2026-11 research tables. Key: (research indicator label, year).
# `source` is the catalogue's line for a series read in one publication per region; each value keeps
# its own source in objective_values.csv.
SERIES_2026 = {
    ("Licences sportives (fédérations unisports) pour 1 000 habitants", "2022"): dict(
        id="licences_sportives_2022", domain="sport", label="Licences sportives pour 1 000 habitants",
        definition="Licences annuelles délivrées en 2022 par les fédérations unisports agréées (olympiques et "
                   "non olympiques), rapportées à la population",
        unit="licences pour 1 000 habitants", fragile=False,
        source="Insee et Injep, publications régionales d'avril 2024 (Insee Analyses et Insee Flash, une par "
               "région ; la source de chaque valeur est donnée avec elle)",
        caveat="Pays de la Loire : valeur non trouvée (l'Insee la classe 3e, entre 169 et 177). France "
               "métropolitaine : 158,5 selon l'Insee Flash Normandie (d'autres fiches citent 157 « en France »)."),
    ("Taux de pauvreté monétaire (seuil 60 % du niveau de vie médian métropolitain)", "2020"): dict(
        id="taux_pauvrete_2020", domain="pauvrete_exclusion",
        label="Taux de pauvreté monétaire (seuil à 60 % du niveau de vie médian)",
        definition="Part des personnes des ménages fiscaux dont le niveau de vie est inférieur à 60 % de la "
                   "médiane métropolitaine (1 120 € par mois en 2020), Filosofi 2020",
        unit="% de la population", fragile=True,
        source="Insee, panoramas régionaux de la pauvreté (octobre 2023, Filosofi 2020 ; la source de chaque "
               "valeur est donnée avec elle)",
        caveat="Année distincte du taux 2018 : jamais mêlée à lui dans un score. Île-de-France et Normandie : "
               "valeur non trouvée. Huit valeurs lues dans la presse ou sur un site relais citant l'Insee "
               "(colonne « lu sur »)."),
}

# Eurostat NUTS 2 tables (former regions) brought to the 13 regions. Key: (research label, year).
EUROSTAT_URL = "https://ec.europa.eu/eurostat/databrowser/view/{table}/default/table"
EUROSTAT_COMPILATION = "https://github.com/andrea-ballatore/open-geo-data-education"
SERIES_EUROSTAT = {
    ("Espérance de vie à la naissance (ensemble)", "2018"): dict(
        id="esperance_vie_2018", domain="sante", label="Espérance de vie à la naissance",
        definition="Espérance de vie à la naissance, femmes et hommes ensemble, en 2018 (Eurostat, régions "
                   "NUTS 2)",
        unit="années", fragile=False,
        caveat="Sept régions et la France métropolitaine : moyenne de leurs anciennes régions pondérée par la "
               "population (colonne « méthode »), approximation proche du chiffre que calculerait l'Insee."),
    ("Ménages disposant du haut débit parmi les ménages ayant accès à internet", "2018"): dict(
        id="haut_debit_2018", domain="numerique",
        label="Ménages disposant du haut débit parmi les ménages ayant accès à internet",
        definition="Part des ménages ayant accès à internet qui disposent d'une connexion à haut débit, en "
                   "2018 (Eurostat, régions NUTS 2)",
        unit="% des ménages ayant internet", fragile=False,
        caveat="Estimation tirée d'une enquête (enquête européenne sur l'usage des TIC par les ménages) : "
               "marge d'erreur de quelques points, les petits écarts entre régions ne sont pas significatifs. "
               "Sept régions et la France métropolitaine : moyenne de leurs anciennes régions pondérée par la "
               "population (colonne « méthode »)."),
}
