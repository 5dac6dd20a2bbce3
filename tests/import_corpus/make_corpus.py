"""Write the import corpus: files as people really make them, good and bad.

Run: `.venv/bin/python tests/import_corpus/make_corpus.py` (rewrites good/ and bad/ and their
expected.json). bad/expected.json maps each bad file to a piece of the French message it must
produce; good/expected.json maps each good file to a piece of its one-line summary.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import pathological  # noqa: E402  (hostile and costly workbooks, issue 13)
HEADER = "region;domaine;profil;annee;note;effectif"
SETTINGS = {"trop_gros.csv": {"IMPACT_MAX_UPLOAD_MB": "0.1"}}   # the smallest limit (hardening)


def lines(*rows: str, end: str = "\n") -> str:
    return end.join(rows) + end


def perception(*rows: str) -> bytes:
    return lines(HEADER, *rows).encode("utf-8")


def indicator(meta: dict[str, str], rows: list[str], separator: str = ";") -> str:
    head = [f"{k}{separator}{v}" for k, v in meta.items()]
    return lines(*head, "", f"region{separator}valeur", *rows)


def indicator_years(meta: dict[str, str], rows: list[str]) -> str:
    """An indicator's file of several years: the « annee » column between region and valeur."""
    return lines(*[f"{k};{v}" for k, v in meta.items()], "", "region;annee;valeur", *rows)


META = {"libellé": "Part des jeunes sans diplôme", "domaine": "Éducation", "unité": "%",
        "année": "2022", "source": "Observatoire des partenariats",
        "url": "https://www.lerameau.fr", "plus élevé = plus fragile": "oui"}
VALUES = ["Île-de-France;11,2", "Bretagne;9,8", "Normandie;12,4", "Hauts-de-France;14,9",
          "Corse;13,1", "France métropolitaine;12,0", "Occitanie;nd"]


def xlsx(rows: list[list], sheet: str = "perception", formula_cell: str | None = None,
         first_sheet: str | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    if first_sheet:
        book.active.title = first_sheet
        book.active.append(["Notice : les données sont dans la feuille suivante."])
        data = book.create_sheet(sheet)
    else:
        data = book.active
        data.title = sheet
    for row in rows:
        data.append(row)
    if formula_cell:
        data[formula_cell] = "=4+2"
    book.properties.created = book.properties.modified = datetime(2024, 1, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "des notes")
    return buffer.getvalue()


def ods() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def large_but_valid() -> list[str]:
    """About 0,12 Mo of distinct valid rows: refused only for its size (over 0,1 Mo)."""
    domains = ("emploi", "sante", "logement", "culture", "sport", "mobilite", "securite")
    return [f"{region};{domain};{profile};{year};6,5;100" for region in ("53", "11", "24")
            for domain in domains for profile in ("citoyens", "elus", "entreprises", "associations")
            for year in range(2000, 2050)][:3500]


def bad_files() -> dict[str, tuple[bytes, str]]:
    """name -> (content, piece of the expected message)."""
    many = [f"Bretagne;Emploi;citoyens;{1990 + i};{11 + i};" for i in range(60)]
    return {
        "region_inconnue.csv": (perception("Bretagn;Emploi;citoyens;2023;6,4;850"),
                                "région « Bretagn » inconnue"),
        "ancienne_region_rhone_alpes.csv": (perception("Rhône-Alpes;Emploi;citoyens;2023;6,4;"),
                                            "partie de la région Auvergne-Rhône-Alpes (84)"),
        "ancienne_region_picardie.csv": (perception("PICARDIE;Santé;élus;2023;5;").replace(
            b"\n", b"\r\n"), "partie de la région Hauts-de-France (32)"),
        "region_code_inconnu.csv": (perception("99;Emploi;citoyens;2023;6,4;"), "région « 99 » inconnue"),
        "domaine_inconnu.csv": (perception("53;Santé publique;citoyens;2023;6,4;"),
                                "domaine « Santé publique » inconnu"),
        "profil_inconnu.csv": (perception("53;Emploi;maires;2023;6,4;"), "profil « maires » inconnu"),
        "note_trop_haute.csv": (perception("53;Emploi;citoyens;2023;12;"), "hors de l'échelle"),
        "note_negative.csv": (perception("53;Emploi;citoyens;2023;-0,5;"), "hors de l'échelle"),
        "note_texte.csv": (perception("53;Emploi;citoyens;2023;bonne;"), "« bonne » n'est pas une note"),
        "note_manquante.csv": (perception("53;Emploi;citoyens;2023;;120"), "note manquante"),
        "effectif_zero.csv": (perception("53;Emploi;citoyens;2023;6;0"), "effectif « 0 » invalide"),
        "effectif_decimal.csv": (perception("53;Emploi;citoyens;2023;6;12,5"), "effectif « 12,5 » invalide"),
        "effectif_negatif.csv": (perception("53;Emploi;citoyens;2023;6;-5"), "effectif « -5 » invalide"),
        "annee_invalide.csv": (perception("53;Emploi;citoyens;23;6;"), "année « 23 » invalide"),
        "doublon.csv": (perception("53;Emploi;citoyens;2023;6;", "53;Emploi;citoyens;2023;7;"),
                        "ligne 3 : doublon de la ligne 2"),
        "doublon_nom_et_code.csv": (perception("Bretagne;Santé;élus;2023;6;", "53;sante;Élus;2023;7;"),
                                    "doublon de la ligne 2"),
        "colonne_note_absente.csv": (b"region;domaine;profil;annee;effectif\n53;Emploi;citoyens;2023;12\n",
                                     "colonne obligatoire absente de l'en-tête : note"),
        "colonnes_absentes.csv": (b"domaine;profil;note\nEmploi;citoyens;6\n",
                                  "colonnes obligatoires absentes de l'en-tête : region, annee"),
        "entete_inconnu.csv": (b"code;valeur moyenne\n53;6\n", "en-tête non reconnu"),
        "vide.csv": (b"", "le fichier est vide"),
        "bom_seul.csv": (b"\xef\xbb\xbf\r\n\r\n", "le fichier est vide"),
        "entete_seul.csv": (lines(HEADER).encode(), "aucune ligne de données sous l'en-tête"),
        "trop_gros.csv": (perception(*large_but_valid()),
                          "la taille maximale d'un import est 0,1 Mo (réglage IMPACT_MAX_UPLOAD_MB)"),
        "image.png": (b"\x89PNG\r\n\x1a\n" + bytes(200), "c'est une image PNG"),
        "document.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "c'est un document PDF"),
        "ancien_excel.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "ancien format (.xls)"),
        "archive.zip": (plain_zip(), "c'est une archive ZIP"),
        "classeur.ods": (ods(), "classeur OpenDocument (.ods)"),
        "binaire.csv": (bytes(range(256)) * 4, "données binaires"),
        "classeur_abime.xlsx": (xlsx([["region"]])[:300], "illisible"),
        "formule.csv": (perception("53;Emploi;citoyens;2023;=6+1;"),
                        "ligne 2, colonne E (note) : la cellule contient une formule"),
        "formule.xlsx": (xlsx([HEADER.split(";"), ["53", "Emploi", "citoyens", 2023, None, 100]],
                              formula_cell="E2"), "ligne 2, colonne E (note) : la cellule contient une formule"),
        "guillemet_non_ferme.csv": (perception('53;"Emploi;citoyens;2023;6;'), "le CSV est mal formé"),
        "virgule_sans_guillemets.csv": (b"region,domaine,profil,annee,note,effectif\n53,Emploi,citoyens,2023,6,4,\n",
                                        "7 valeurs pour 6 colonnes"),
        "trop_de_problemes.csv": (perception(*many), "… et 10 autres problèmes"),
        "indicateur_sans_metadonnees.csv": (b"region;valeur\nBretagne;3\n", "métadonnée « libellé » absente"),
        "indicateur_doublon_annee.csv": (indicator_years(META, ["Bretagne;2021;9,8", "Corse;2021;13",
                                                               "53;2021;9,9"]).encode(),
                                         "ligne 12 : doublon de la ligne 10 (la région Bretagne a déjà "
                                         "une valeur pour 2021"),
        "indicateur_sens_invalide.csv": (indicator({**META, "plus élevé = plus fragile": "peut-être"},
                                                   VALUES).encode("cp1252"),
                                         "« peut-être » ne convient pas (attendu : oui ou non)"),
        "indicateur_valeur_texte.csv": (indicator(META, ["Bretagne;beaucoup"]).encode(),
                                        "« beaucoup » n'est pas un nombre"),
        "indicateur_doublon_region.csv": (indicator(META, ["Bretagne;3", "53;4"]).encode(),
                                          "la région Bretagne a déjà une valeur"),
        "indicateur_metadonnee_inconnue.csv": (indicator({**META, "auteur": "moi"}, VALUES).encode(),
                                               "métadonnée « auteur » inconnue"),
        "indicateur_sans_valeur.csv": (indicator(META, ["Bretagne;", "Corse;nd"]).encode(),
                                       "aucune valeur dans le tableau"),
        "indicateur_domaine_inconnu.csv": (indicator({**META, "domaine": "Climat"}, VALUES).encode(),
                                           "domaine « Climat » inconnu"),
        "indicateur_url_invalide.csv": (indicator({**META, "url": "www.insee.fr"}, VALUES).encode(),
                                        "« www.insee.fr » n'est pas une adresse web"),
        "indicateur_annee_absente.csv": (indicator({k: v for k, v in META.items() if k != "année"},
                                                   VALUES).encode(), "métadonnée « année » absente"),
        # issue 13: what crashed, what broke a page, what could pass as an official link
        "indicateur_libelle_formule.csv": (indicator({**META, "libellé": "+cmd"}, VALUES).encode(),
                                           "ligne 1, colonne B : la cellule contient une formule"),
        "indicateur_annee_formule.csv": (indicator({**META, "année": "+cmd"}, VALUES).encode(),
                                         "ligne 4, colonne B : la cellule contient une formule"),
        "indicateur_valeur_enorme.csv": (indicator(META, VALUES[:2] + ["Normandie;1e28"]).encode(),
                                         "dépasse 1 million de milliards"),
        "indicateur_libelle_lien.csv": (
            indicator({**META, "libellé": '<a href="https://x.example">Officiel</a>'}, VALUES).encode(),
            "le texte contient du balisage"),
        "classeur_doctype.xlsx": (pathological.doctype_entity(), "contient une déclaration DOCTYPE"),
        "classeur_coupe.xlsx": (pathological.cut_off(), "n'est pas un XML valide (ligne 1"),
        "classeur_4_8_millions_de_cellules.xlsx": (pathological.many_cells(),
                                                   "plus de 300\u202f000 cellules"),
    }


def good_files() -> dict[str, tuple[bytes, str]]:
    """name -> (content, piece of the expected one-line summary)."""
    excel_fr = lines("Région;Domaine;Profil;Année;Note;Effectif", "Île-de-France;Santé;Élus;2023;5,8;120",
                     "Provence-Alpes-Côte d'Azur;Transition énergétique;citoyens;2023;6,25;1 200",
                     "53;Emploi;entreprises;2023;7;", "Hauts-de-France;Mobilité;associations;2023;4,5;85",
                     end="\r\n")
    latin1 = lines("REGION;DOMAINE;PROFIL;ANNEE;NOTE;EFFECTIF", "Auvergne-Rhône-Alpes;Santé;citoyens;2022;6.1;300",
                   "Corse;Éducation;élus;2022;5.5;40")
    bom = lines("Région,Domaine,Profil,Année,Note,Effectif", 'bretagne,sante,citoyens,2023,"6,4",850',
                "GRAND EST,Niveau de vie,citoyens,2023,5.9,700", "Normandie,logement,citoyens,2023,6,")
    names = lines("Résultats de l'enquête 2023 (titre);;;;;;;", ";;;;;;;", HEADER + ";;",
                  "PROVENCE ALPES COTE D’AZUR;Sécurité;citoyens;2023;6;;;",
                  "auvergne-rhone-alpes;securite;citoyens;2023;5;;;",
                  "Région Bretagne;SÉCURITÉ;citoyen;2023;4;;;", "PACA;Sécurité;élus;2023;3;;;", ";;;;;;;")
    utf16 = lines("region\tdomaine\tprofil\tannee\tnote\teffectif", "Occitanie\tCulture\tcitoyens\t2023\t5,2\t")
    perception_xlsx = xlsx([["Région", "Domaine", "Profil", "Année", "Note", "Effectif"],
                            ["Bretagne", "Emploi", "citoyens", 2023, 6.4, 850],
                            [53, "Santé", "élus", 2023, 5, None],
                            ["Centre-Val de Loire", "Transition énergétique", "entreprises", 2023.0, 7.25, 90]],
                           first_sheet="notice")
    indicator_xlsx = xlsx([[k, v] for k, v in META.items()] + [[], ["Région", "Valeur"]]
                          + [[r.split(";")[0], r.split(";")[1]] for r in VALUES[:5]] + [["11", 12.5]][:0],
                          sheet="indicateur")
    return {
        "excel_fr_cp1252.csv": (excel_fr.encode("cp1252"), "4 lignes (4 régions, 4 domaines"),
        "latin1.csv": (latin1.encode("latin-1"), "2 lignes"),
        "bom_utf8_virgule.csv": (b"\xef\xbb\xbf" + bom.encode("utf-8"), "3 lignes"),
        "noms_de_regions_varies.csv": (names.encode("utf-8"), "4 lignes (3 régions, 1 domaine"),
        "texte_unicode_excel.csv": (b"\xff\xfe" + utf16.encode("utf-16-le"), "1 ligne"),
        "perception.xlsx": (perception_xlsx, "3 lignes (2 régions, 3 domaines"),
        "indicateur_cp1252.csv": (indicator(META, VALUES).encode("cp1252"),
                                  ("indicateur « Part des jeunes sans diplôme » (domaine Éducation, 2022) : "
                                  "5 régions et la France métropolitaine")),
        "indicateur.xlsx": (indicator_xlsx, "indicateur « Part des jeunes sans diplôme »"),
        "indicateur_plusieurs_annees.csv": (
            indicator_years(META, ["Bretagne;2020;10,1", "Bretagne;2021;9,8", "Corse;2021;13,1",
                                   "Bretagne;;9,5", "France métropolitaine;2022;12,0"]).encode("cp1252"),
            "(domaine Éducation, 3 années de 2020 à 2022, valeur courante 2022) : 2 régions"),
    }


def write(folder: str, files: dict[str, tuple[bytes, str]], extra: dict | None = None) -> None:
    target = HERE / folder
    target.mkdir(exist_ok=True)
    for old in target.iterdir():
        if old.name != "expected.json":
            old.unlink()
    expected = {}
    for name, (content, message) in files.items():
        (target / name).write_bytes(content)
        expected[name] = message
    if extra:
        expected["_reglages"] = extra
    (target / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")


if __name__ == "__main__":
    write("bad", bad_files(), SETTINGS)
    write("good", good_files())
    print(f"{len(bad_files())} mauvais fichiers, {len(good_files())} bons fichiers écrits dans {HERE}")
