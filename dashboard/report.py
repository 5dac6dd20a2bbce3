"""The regional report (« fiche région »): one A4 PDF in French per region, built on the server.

reportlab lays the pages out (pure Python, no browser: text stays text, searchable and small);
the two charts (locator map, felt-versus-measured quadrant) are drawn by the same figure builders
as the dashboard and rendered to PNG by kaleido (dashboard/images.py), so the report looks like the
app. DejaVu Sans is embedded so accents, « », narrow no-break spaces and − print everywhere.

`build_report(model_for(imported), …)` is a browser session's report (callbacks/exports.py): its
imported values are marked under the title, in the domain table (« importé », « Données
importées ») and in the caveats, which name the files they come from.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from functools import lru_cache
from xml.sax.saxutils import escape

from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (CondPageBreak, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer,
                                Table, TableStyle)

from dashboard import comparison_rules as rules
from dashboard import config, theme, views
from dashboard.labels import format_number, french_text, is_missing
from dashboard.model import Model
from dashboard.importing import file_of, imported_in_session, imported_marker
from dashboard.report_tables import (TREND_LEGEND, Sources, _p, domain_table, para, table_data, takeaways,
                                     trend_rows, trends_table)
from dashboard.workshop_figures import place_labels
from dashboard.schema import (DEFAULT_PROFILE, KIND_IMPORTED, KIND_OFFICIAL, KIND_REPORT, NOT_AVAILABLE,
                              PROFILE_LABELS, REGION_CODES)

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
ACCENT = colors.HexColor(theme.ACCENT)
WIDTH = A4[0] - 3 * cm  # text width between 1.5 cm margins


@lru_cache(maxsize=1)
def _fonts() -> None:
    for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf"),
                       ("DejaVu-Oblique", "DejaVuSans-Oblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, f"{FONT_DIR}/{file}"))
    pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold",
                                  italic="DejaVu-Oblique", boldItalic="DejaVu-Bold")


def _styles(compact: bool = False) -> dict[str, ParagraphStyle]:
    """The report's styles; `compact` prints the notes and sources smaller (a page saved)."""
    base = ParagraphStyle("base", fontName="DejaVu", fontSize=9, leading=11.5, alignment=TA_LEFT)
    return {
        "base": base,
        "small": ParagraphStyle("small", base, fontSize=6.6 if compact else 7.2,
                                leading=7.9 if compact else 8.8),
        "cell": ParagraphStyle("cell", base, fontSize=7.6, leading=9.2),
        "title": ParagraphStyle("title", base, fontName="DejaVu-Bold", fontSize=20, leading=24),
        "h2": ParagraphStyle("h2", base, fontName="DejaVu-Bold", fontSize=12.5, leading=15,
                             spaceBefore=8, spaceAfter=4, textColor=ACCENT),
        "key": ParagraphStyle("key", base, fontName="DejaVu-Bold", fontSize=13, leading=16),
        "item": ParagraphStyle("item", base, leftIndent=10, firstLineIndent=-7, spaceAfter=1.5),
        "lead": ParagraphStyle("lead", base, fontSize=10.5, leading=14, borderColor=colors.HexColor(
            theme.SECONDARY), borderWidth=0, leftIndent=8, borderPadding=(2, 2, 2, 6)),
        "warn": ParagraphStyle("warn", base, fontSize=8.5, leading=11, backColor=colors.HexColor("#fff3cd"),
                               borderColor=colors.HexColor(theme.WARNING), borderWidth=0.8,
                               borderPadding=4, spaceBefore=8, spaceAfter=6),
    }


class Chart:
    """A chart rendered once to PNG (kaleido), printed at `width` x `height` cm (or smaller)."""

    def __init__(self, figure: dict, width_cm: float, height_cm: float):
        from dashboard.images import render

        # laid out at 1.3 px per point (chart text of 14 px prints at about 11 pt), drawn at 2.6 px
        w, h = int(width_cm / 2.54 * 72 * 1.3), int(height_cm / 2.54 * 72 * 1.3)
        self.data = render(figure, "png", width=w, height=h, scale=2)
        self.size = (width_cm, height_cm)

    def image(self, shrink: float = 1.0) -> Image:
        """A new flowable each time (a layout pass consumes its flowables)."""
        return Image(io.BytesIO(self.data), width=self.size[0] * shrink * cm,
                     height=self.size[1] * shrink * cm)


def locator_chart(model: Model, region: str) -> Chart:
    from dashboard.workshop_figures import locator_figure

    return Chart(locator_figure(model.bundle.geometry, views.region_names(model), region), 6.5, 6.5)


def quadrant_chart(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> Chart:
    figure, points = views.quadrant(model, region, profile)
    layout = figure["layout"]
    layout["title"]["text"] = ""
    layout["margin"] = {"l": 70, "r": 20, "t": 15, "b": 60}
    # the « illustratif » warning is printed as text under the image (searchable, never clipped)
    layout["annotations"] = [a for a in layout["annotations"] if "bgcolor" not in a]
    for axis in ("xaxis", "yaxis"):
        layout[axis]["title"]["font"] = {"size": 12}
    # labels placed for the printed plot (645 x 387 px less the margins), not the screen's
    place_labels(figure, points, (645 - 90, 387 - 75), 13)
    return Chart(figure, 17.5, 10.5)


def key_figures_table(model: Model, region: str, s: dict) -> Table:
    cells = [[[_p(f["label"], s["small"]), _p(f["value"], s["key"]),
               _p(f"{f['year']} · {_clip(f['source'], 90)}", s["small"])]]
             for f in views.key_figures(model, region)] or [[_p(NOT_AVAILABLE, s["base"])]]
    table = Table(cells, colWidths=[WIDTH - 7 * cm])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.grey),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def caveats(model: Model, region: str, s: dict, profile: str = DEFAULT_PROFILE) -> list:
    points = views.quadrant_points(model, region, profile)
    notes = [
        "Rang « x / n » : 1re = la région la plus fragile des n régions qui ont une valeur. Un "
        f"indicateur mesuré dans moins de {rules.MIN_REGIONS_COMPARABLE} régions sur 13 est une "
        "« comparaison partielle » : il a un rang, mais n'entre pas dans l'indice du domaine et ne "
        "classe jamais la région « parmi les plus fragiles ». L'indice d'un domaine est la moyenne "
        "des mêmes indicateurs comparables pour chaque région classée (écart à la moyenne des "
        "régions) ; « proche de la moyenne » : à moins de "
        f"{format_number(rules.NEUTRAL_BAND, 2)} écart-type de la moyenne.",
        f"Le ressenti est la note de fragilité perçue par les {PROFILE_LABELS[profile].lower()} "
        "(sur 10), standardisée entre les régions pour être comparée à la mesure.",
        f"« {NOT_AVAILABLE} » signale une valeur absente : elle n'est jamais remplacée par zéro.",
    ]
    imported = imported_note(model, region, profile)
    if imported:
        notes.insert(0, imported)
    if views.uses_illustrative(points):
        notes.insert(0, "Perception « illustratif » : les notes de perception par région ne sont pas "
                        "publiques ; celles affichées sont des valeurs fictives de démonstration, pas des "
                        "résultats d'enquête. Les conclusions sur le ressenti sont donc illustratives.")
    kinds = set(model.scores[model.scores["region_code"] == region]["kind"])
    if KIND_REPORT in kinds:
        notes.append("« Rapport Le RAMEAU 2020 (transcription) » : chiffres du rapport de recherche, "
                     "transcrits et non rapprochés d'une série officielle.")
    catalogue = model.bundle.indicators
    for row in catalogue[(catalogue["caveat"] != "") & (catalogue["kind"] != KIND_OFFICIAL)].itertuples():
        if row.id in set(model.scores[model.scores["region_code"] == region]["indicator_id"]):
            notes.append(f"{row.label_fr} : {row.caveat}")
    return [para("• " + escape(n), s["small"]) for n in notes]


def imported_values(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> list[tuple[str, str]]:
    """(what, origin) of each imported value the region's report shows: its perception notes
    (of the report's profile) and the imported indicators (each has a row in the domain table, with
    or without a value for this region); origin « Données importées dans cette session
    (fichier « x.csv ») » or « … au démarrage (…) »."""
    out = []
    perception = model.perception[profile]
    mine = perception[(perception["region_code"] == region) & (perception["kind"] == KIND_IMPORTED)]
    for source, rows in mine.groupby("source", sort=False):
        labels = [model.domain_labels.get(d, d) for d in rows["domain_id"]]
        out.append((f"notes de perception ({', '.join(labels)})", str(source)))
    catalogue = model.bundle.indicators
    for row in catalogue[catalogue["kind"] == KIND_IMPORTED].itertuples():  # every one has its table row
        scores = model.indicator_scores(row.id)
        value = scores.by_region.get(region, (None,))[0] if scores else None
        missing = "" if not is_missing(value) else ", sans valeur pour cette région"
        out.append((f"indicateur « {row.label_fr} » ({row.year}{missing})", str(row.caveat).rstrip(".")))
    return out


def imported_note(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> str | None:
    """The caveat that says which values of the report were imported (None when none were)."""
    values = imported_values(model, region, profile)
    if not values:
        return None
    session = imported_in_session(origin for _, origin in values)
    where = "dans cette session" if session else "au démarrage du tableau de bord"
    listed = " ; ".join(f"{what}, {file_of(origin)}" for what, origin in values)
    text = (f"Données importées {where} : cette fiche inclut des valeurs qui ne font pas partie des "
            f"données de référence du tableau de bord : {listed}. Elles sont marquées « importé » "
            "ou « Données importées » dans le tableau des domaines.")
    if session:
        text += (" Le lien permanent ci-dessous ouvre les données de référence : ces valeurs ne sont "
                 "visibles que dans la session du navigateur qui les a importées.")
    return text


def imported_banner(values: list[tuple[str, str]], s: dict) -> list:
    """The warning under the title when the report shows imported values (imported_values())."""
    if not values:
        return []
    return [Spacer(1, 4), _p(f"⚠ {imported_marker(origin for _, origin in values)} : "
                             + " ; ".join(what for what, _ in values)
                             + ". Détail dans « Précautions de lecture ».", s["warn"])]


def file_name(model: Model, region: str, profile: str = DEFAULT_PROFILE) -> str:
    """« fiche-region-53-bretagne.pdf », « …-elus.pdf » for another profile than the citizens',
    « …-donnees-importees.pdf » when it shows imported values."""
    plain = unicodedata.normalize("NFKD", model.region_names[region]).encode("ascii", "ignore").decode()
    name = "".join(c if c.isalnum() else "-" for c in plain.lower()).strip("-")
    return (f"fiche-region-{region}-{name}" + ("" if profile == DEFAULT_PROFILE else f"-{profile}")
            + ("-donnees-importees" if imported_values(model, region, profile) else "") + ".pdf")


def permalink_of(region: str, profile: str, public_url: str | None = None) -> str:
    """The view's address on the deployment: IMPACT_PUBLIC_URL when set, else the address the
    request came to (never a loopback address when the app is served elsewhere)."""
    if public_url is None:
        from flask import has_request_context, request

        public_url = config.public_url(request.host_url if has_request_context() else None)
    query = f"/?region={region}" + ("" if profile == DEFAULT_PROFILE else f"&profil={profile}")
    return public_url.rstrip("/") + query


def _trends(model: Model, region: str, s: dict) -> list:
    """« Évolutions »: the heading, its legend and first two series never apart (no orphan)."""
    rows = trend_rows(model, region, s)
    if not rows:
        return []
    heading = [_p("Évolutions", s["h2"]), _p(TREND_LEGEND, s["small"])]
    return [KeepTogether(heading + [trends_table(rows[:2])]), *([trends_table(rows[2:])] if rows[2:] else [])]


def _keep_with_first_block(heading: Paragraph, table: Table) -> CondPageBreak:
    """A page break before the table's heading when the heading, the header row and the first
    domain's rows would not fit on the page (no heading or row orphaned at the bottom)."""
    table.wrap(WIDTH, A4[1])
    _, tall = heading.wrap(WIDTH, A4[1])
    first = sum(table._rowHeights[:table.first_block])
    return CondPageBreak(tall + heading.style.spaceBefore + heading.style.spaceAfter + first + 4)


class _MeasuredDoc(SimpleDocTemplate):
    """The report's template; records how far down each page's content reaches (share of the
    frame's height), so that build_report can tell a mostly blank page."""

    def afterPage(self):
        frame = self.frame
        self.fills.append((frame._y1 + frame._height - frame._y) / frame._height)


# Layouts tried in turn until no page but the last is under half full and the last is not a
# line or two: (compact: smaller notes and quadrant, quadrant last: after the sources).
VARIANTS = ((False, False), (True, False), (False, True), (True, True))
MIN_FILL, MIN_LAST_FILL = 0.5, 0.15


def _fill_score(fills: list[float]) -> float:
    """>= 1 when no page is mostly blank."""
    inner = min(fills[:-1], default=1.0) / MIN_FILL
    return min(inner, fills[-1] / MIN_LAST_FILL if len(fills) > 1 else 1.0)


def build_report(model: Model, region: str, *, today: date | None = None,
                 public_url: str | None = None, profile: str = DEFAULT_PROFILE) -> bytes:
    """The PDF of one region (one of the 13 codes), its felt side by `profile`'s perception."""
    if region not in REGION_CODES:
        raise KeyError(region)
    if profile not in PROFILE_LABELS:
        raise KeyError(profile)
    _fonts()
    today = today or date.today()
    charts = (locator_chart(model, region), quadrant_chart(model, region, profile))
    context = dict(permalink=permalink_of(region, profile, public_url),
                   generated=format_date(today, "d MMMM y", locale="fr_FR"),
                   rows=table_data(model, region, profile))
    best = None
    for compact, quadrant_last in VARIANTS:
        pdf, fills = _build(model, region, profile, charts, context, compact, quadrant_last)
        if best is None or _fill_score(fills) > best[1]:
            best = (pdf, _fill_score(fills))
        if best[1] >= 1:
            break
    return best[0]


def _build(model: Model, region: str, profile: str, charts: tuple[Chart, Chart], context: dict,
           compact: bool, quadrant_last: bool) -> tuple[bytes, list[float]]:
    """One layout pass: (PDF, how full each page is)."""
    s = _styles(compact)
    name, permalink, generated = model.region_names[region], context["permalink"], context["generated"]
    whose = f"perception des {PROFILE_LABELS[profile].lower()}"
    sources = Sources()
    table = domain_table(model, region, s, sources, profile, context.get("rows"))
    table_heading = _p(f"Les 16 domaines de {name}, du plus au moins fragile", s["h2"])
    illustrative = views.uses_illustrative(views.quadrant_points(model, region, profile))
    quadrant = [KeepTogether([_p(f"Ressenti et mesuré, domaine par domaine ({whose})", s["h2"]),
                              charts[1].image(0.85 if compact else 1.0)]
                             + ([_p("⚠ Exemple fictif : perception « illustratif », valeurs de "
                                    "démonstration, pas des résultats d'enquête (points creux).", s["warn"])]
                                if illustrative else []))]
    story = [
        _p(f"Fiche région : {name}", s["title"]),
        _p(f"Fragilités mesurées et ressenties ({whose}), comparées aux 13 régions métropolitaines · "
           f"IMPACT-Territoires · généré le {generated}", s["small"]),
        *imported_banner(imported_values(model, region, profile), s),
        Spacer(1, 6),
        Table([[charts[0].image(),
                [_p("Chiffres clés", s["h2"]), key_figures_table(model, region, s)]]],
              colWidths=[7 * cm, WIDTH - 7 * cm], style=[("VALIGN", (0, 0), (-1, -1), "TOP")]),
        _p("Ce qu'il faut retenir", s["h2"]),
        *takeaways(model, region, s, profile),
        _keep_with_first_block(table_heading, table), table_heading, table,
        *([] if quadrant_last else quadrant),
        *_trends(model, region, s),
        _p("Précautions de lecture", s["h2"]),
        *caveats(model, region, s, profile),
        _p("Sources", s["h2"]),
        *[para(f"[{n}] {escape(src)}" + (f" — {escape(url)}" if url else ""), s["small"])
          for (src, url), n in sources.items.items()],
        Spacer(1, 6),
        para(f"Lien permanent de la vue : <link href='{escape(permalink)}' color='blue'>"
                  f"{escape(permalink)}</link>", s["base"]),
        *(quadrant if quadrant_last else []),
    ]

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("DejaVu", 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.5 * cm, 1 * cm, french_text(f"IMPACT-Territoires · Fiche {name} · "
                                                        f"généré le {generated}") + f" · {permalink}")
        canvas.drawRightString(A4[0] - 1.5 * cm, 1 * cm, f"page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = _MeasuredDoc(buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                       topMargin=1.3 * cm, bottomMargin=1.6 * cm, title=f"Fiche région : {name}",
                       author="IMPACT-Territoires", subject="Fragilités mesurées et ressenties",
                       lang="fr-FR")
    doc.fills = []
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue(), doc.fills


# -- built in a separate process (the HTTP route /rapport/<code>.pdf) ----------------------------
ISOLATED_TIMEOUT_SECONDS = 120   # ~3 s once warm, 6-11 s for the first (Chromium's start)
NICENESS = 0   # as the server: at 10 it took over 60 s on the loaded machine (load average 10)


def build_isolated(model: Model, region: str, *, today: date, profile: str, public_url: str) -> bytes:
    """build_report in a separate process (`python -m dashboard.report`): 2-7 s
    of pure-Python layout and Chromium that, in a server process, held its interpreter lock and
    starved that process's other requests (the load test's throughput fell from 100 to 24
    requests/s while two reports were built). One such process per server process, started at its
    first report and kept (its imports and Chromium stay warm: a report in ~3 s, as in the server);
    it gets the server's Model itself (pickled on its stdin, 0,4 MB, without the lookups), so it
    reads no data file and prints exactly what the server shows. Only with IMPACT_REPORT_ISOLATION=1
    (gunicorn.conf.py sets it); in-process otherwise, and when that process fails (logged, then
    started again). Its first report costs ~1-2 s more than in-process (its start and imports)."""
    import logging

    if config.setting("IMPACT_REPORT_ISOLATION") == "1":
        try:
            return _BUILDER.build(model, [region, today.isoformat(), profile, public_url])
        except Exception as error:  # noqa: BLE001  (any failure of the child: build here instead)
            logging.getLogger("impact").warning("fiche région %s : processus séparé en échec (%r), "
                                                "construite dans le serveur", region, error)
    return build_report(model, region, today=today, profile=profile, public_url=public_url)


class _Builder:
    """The report process of this server process: one request at a time over its pipes (a
    length-prefixed pickle of the Model once, then one JSON line per report, answered by a
    length-prefixed PDF); killed past ISOLATED_TIMEOUT_SECONDS and started again on next use."""

    def __init__(self):
        import threading

        self._lock = threading.Lock()
        self._process = None
        self._model_id = None

    def build(self, model: Model, arguments: list[str]) -> bytes:
        import json
        import threading

        with self._lock:
            process = self._started(model)
            watchdog = threading.Timer(ISOLATED_TIMEOUT_SECONDS, process.kill)
            watchdog.start()
            try:
                process.stdin.write(json.dumps(arguments).encode("utf-8") + b"\n")
                process.stdin.flush()
                pdf = _read_frame(process.stdout)
            except BaseException:
                self._stop()
                raise
            finally:
                watchdog.cancel()
            if not pdf.startswith(b"%PDF"):
                self._stop()
                raise RuntimeError(pdf[-500:].decode("utf-8", "replace"))
            return pdf

    def _started(self, model: Model):
        import dataclasses
        import os
        import pickle
        import subprocess
        import sys

        if self._process is not None and (self._process.poll() is not None or self._model_id != id(model)
                                          or self._pid != os.getpid()):
            self._stop()
        if self._process is None:
            bare = Model(**{f.name: getattr(model, f.name) for f in dataclasses.fields(model)})
            data = pickle.dumps(bare, pickle.HIGHEST_PROTOCOL)
            self._process = subprocess.Popen([sys.executable, "-m", "dashboard.report"],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, close_fds=True)
            self._model_id, self._pid = id(model), os.getpid()
            self._process.stdin.write(len(data).to_bytes(8, "big") + data)
            self._process.stdin.flush()
        return self._process

    def _stop(self) -> None:
        import os

        process, self._process = self._process, None
        if process is None or getattr(self, "_pid", None) != os.getpid():
            return   # a forked worker never touches its master's process
        try:
            process.kill()
            process.wait(timeout=5)
        except Exception:  # noqa: BLE001
            pass


_BUILDER = _Builder()


def _read_frame(stream) -> bytes:
    size = int.from_bytes(_read_exactly(stream, 8), "big")
    return _read_exactly(stream, size)


def _read_exactly(stream, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("le processus des fiches s'est arrêté")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _main() -> int:
    """The report process: the Model (length-prefixed pickle, only ever from the server process
    that started it) on stdin, then one JSON line [region, day, profile, public address] per
    report, each answered on stdout by the length-prefixed PDF (or an error text). Ends with its
    stdin (its server process gone)."""
    import json
    import os
    import pickle
    import sys
    import traceback

    try:
        os.nice(NICENESS)
    except OSError:
        pass
    import threading

    from dashboard import images

    def warm_renderer():   # Chromium starts and loads plotly.js meanwhile (its own processes)
        try:
            images.render({"data": [], "layout": {}}, "png", width=20, height=20)
        except Exception:  # noqa: BLE001  (the report's own render will say what is wrong)
            pass

    threading.Thread(target=warm_renderer, daemon=True).start()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    model = pickle.loads(_read_frame(stdin)).warm_lookups()   # the server's lookups, made again
    for line in stdin:
        try:
            region, day, profile, public_url = json.loads(line)
            answer = build_report(model, region, today=date.fromisoformat(day), profile=profile,
                                  public_url=public_url)
        except Exception:  # noqa: BLE001  (said to the server, which builds it itself)
            answer = traceback.format_exc().encode("utf-8")
        stdout.write(len(answer).to_bytes(8, "big") + answer)
        stdout.flush()
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_main())
