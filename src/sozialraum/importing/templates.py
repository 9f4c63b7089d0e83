"""Download templates: one example table per import kind, with the column names the importer knows."""

from __future__ import annotations

import pandas as pd

from sozialraum.importing.runner import ImportKind

TEMPLATES: dict[ImportKind, pd.DataFrame] = {
    ImportKind.OBSERVATIONS: pd.DataFrame(
        {
            "Gebiet": ["0101", "0102", "0103"],
            "Kennzahl": ["sgb2_rate", "sgb2_rate", "inobhutnahmen"],
            "Jahr": ["2025", "2025", "31.12.2025"],
            "Wert": ["", "", "x"],
            "Zähler": ["1.250", "980", ""],
            "Nenner": ["10.000", "8.400", ""],
            "Kennzeichen": ["", "vorläufig", ""],
        }
    ),
    ImportKind.INDICATORS: pd.DataFrame(
        {
            "Schlüssel": ["sgb2_rate"],
            "Name": ["SGB-II-Quote"],
            "Kurzname": ["SGB-II-Quote"],
            "Einheit": ["%"],
            "Thema": ["Arbeit und Existenzsicherung"],
            "Definition": ["Anteil der Leistungsberechtigten nach SGB II an den Einwohnern unter 65 Jahren."],
            "Quelle": ["Bundesagentur für Arbeit, Statistik"],
            "Polarität": ["-1"],
            "Art": ["Anteil"],
            "Zähler": ["Leistungsberechtigte SGB II"],
            "Nenner": ["Einwohner unter 65 Jahren"],
            "Nachkommastellen": ["1"],
        }
    ),
    ImportKind.BUDGET: pd.DataFrame(
        {
            "Gebiet": ["0101", "0101", ""],
            "Jahr": ["2025", "2025", "2025"],
            "Produkt": ["36.3", "36.3", "36.3"],
            "Produktname": ["Hilfen zur Erziehung", "Hilfen zur Erziehung", "Hilfen zur Erziehung"],
            "Hilfeart": ["ambulant", "stationär", "sonstige"],
            "Träger": ["Jugendhilfe Beispiel e.V.", "", ""],
            "Ansatz": ["1.200.000", "2.500.000", "150.000"],
            "Ist": ["1.254.300,50", "2.410.000", "148.200"],
            "Fälle": ["85", "38", ""],
        }
    ),
    ImportKind.GOALS: pd.DataFrame(
        {
            "Leitziel": ["Kinderarmut wirksam begegnen"],
            "Wirkungsziel": ["Kinderarmut im Sozialraum 0101 senken"],
            "Kennzahl": ["child_poverty"],
            "Gebiet": ["0101"],
            "Basisjahr": ["2020"],
            "Basiswert": ["32,5"],
            "Zieljahr": ["2028"],
            "Zielwert": ["27,0"],
            "Richtung": ["sinken"],
            "Verantwortlich": ["Jugendamt"],
            "Produkte": ["36.3, 36.2"],
            "Notizen": [""],
        }
    ),
}

TEMPLATE_HINTS: dict[ImportKind, str] = {
    ImportKind.OBSERVATIONS: "Langes Format: eine Zeile je Gebiet, Kennzahl und Jahr. Anteile mit Zähler und Nenner "
    "angeben, dann rechnet die Anwendung den Wert selbst. ».« oder »x« = geheimgehalten, leer oder »-« = kein Wert.",
    ImportKind.INDICATORS: "Ein Eintrag je Kennzahl. Polarität: +1 höher ist besser, -1 höher ist schlechter, "
    "0 ohne Wertung. Art: Anzahl, Anteil, Quote, Mittelwert, Betrag oder Index.",
    ImportKind.BUDGET: "Eine Zeile je Gebiet, Jahr, Produkt, Hilfeart (und Träger). Gebiet leer = zentral "
    "veranschlagt. Hilfeart: ambulant, teilstationär, stationär, präventiv, sonstige.",
    ImportKind.GOALS: "Ein Wirkungsziel je Zeile; Gebiet leer = Gesamtstadt. Richtung leer = folgt der Polarität.",
}
