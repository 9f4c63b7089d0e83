"""The indicator catalogue of Musterstadt: what every figure means and where it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from sozialraum.models import Aggregation, IndicatorKind

POPULATION = "Bevölkerung"
WORK_AND_INCOME = "Arbeit und Existenzsicherung"
CHILDREN_AND_FAMILIES = "Kinder, Jugend und Familie"
EDUCATION = "Bildung"
HEALTH = "Gesundheit"
HOUSING = "Wohnen"
TOPICS: tuple[str, ...] = (POPULATION, WORK_AND_INCOME, CHILDREN_AND_FAMILIES, EDUCATION, HEALTH, HOUSING)

_REGISTER = "Amt für Statistik Musterstadt, Einwohnerregister (fiktiv)"
_JOBCENTER = "Jobcenter Musterstadt, Leistungsstatistik SGB II (fiktiv)"
_EMPLOYMENT_AGENCY = "Agentur für Arbeit Musterstadt, Arbeitsmarktstatistik (fiktiv)"
_SOCIAL_OFFICE = "Sozialamt Musterstadt, Leistungsstatistik SGB XII (fiktiv)"
_YOUTH_OFFICE = "Jugendamt Musterstadt, Fachverfahren Hilfen zur Erziehung (fiktiv)"
_CHILDCARE_PLANNING = "Jugendamt Musterstadt, Kita-Bedarfsplanung (fiktiv)"
_SCHOOL_ENTRY_EXAM = "Gesundheitsamt Musterstadt, Schuleingangsuntersuchung (fiktiv)"
_SCHOOL_STATISTICS = "Schulverwaltungsamt Musterstadt, Schulstatistik (fiktiv)"
_HOUSING_OFFICE = "Amt für Wohnungswesen Musterstadt, Wohnungs- und Gebäudestatistik (fiktiv)"

_SCALE_BY_KIND = {IndicatorKind.COUNT: 1.0, IndicatorKind.SHARE: 100.0, IndicatorKind.MEAN: 1.0}


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    name: str
    short_name: str
    unit: str
    topic: str
    definition: str
    source: str
    polarity: int
    kind: IndicatorKind
    numerator_label: str | None = None
    denominator_label: str | None = None
    #: Only rates need it: shares are per 100, means and counts unscaled.
    rate_scale: float | None = None

    @property
    def scale(self) -> float:
        return self.rate_scale if self.rate_scale is not None else _SCALE_BY_KIND[self.kind]

    @property
    def aggregation(self) -> Aggregation:
        return Aggregation.SUM if self.kind == IndicatorKind.COUNT else Aggregation.WEIGHTED

    @property
    def decimals(self) -> int:
        return 0 if self.kind == IndicatorKind.COUNT else 1


def _count(
    *, key: str, name: str, short_name: str, unit: str, topic: str, definition: str, source: str, polarity: int = 0
) -> IndicatorSpec:
    return IndicatorSpec(
        key, name, short_name, unit, topic, definition, source, polarity, IndicatorKind.COUNT, numerator_label=name
    )


def _share(
    *,
    key: str,
    name: str,
    short_name: str,
    topic: str,
    definition: str,
    source: str,
    polarity: int,
    numerator: str,
    denominator: str,
) -> IndicatorSpec:
    return IndicatorSpec(
        key, name, short_name, "%", topic, definition, source, polarity, IndicatorKind.SHARE, numerator, denominator
    )


INDICATORS: tuple[IndicatorSpec, ...] = (
    # Bevölkerung
    _count(
        key="pop_total",
        name="Einwohnerinnen und Einwohner",
        short_name="Einwohner",
        unit="Personen",
        topic=POPULATION,
        definition="Personen mit Hauptwohnsitz im Gebiet am 31.12.",
        source=_REGISTER,
    ),
    _count(
        key="pop_u21",
        name="Einwohner unter 21 Jahren",
        short_name="Unter 21-Jährige",
        unit="Personen",
        topic=POPULATION,
        definition="Personen unter 21 Jahren mit Hauptwohnsitz im Gebiet am 31.12.; Zielgruppe der Jugendhilfe.",
        source=_REGISTER,
    ),
    _share(
        key="share_u18",
        name="Anteil unter 18-Jähriger",
        short_name="Unter 18-Jährige",
        topic=POPULATION,
        definition="Anteil der Einwohnerinnen und Einwohner unter 18 Jahren an allen Einwohnern.",
        source=_REGISTER,
        polarity=0,
        numerator="Einwohner unter 18 Jahren",
        denominator="Einwohner insgesamt",
    ),
    _share(
        key="share_65plus",
        name="Anteil 65-Jähriger und Älterer",
        short_name="Ab 65-Jährige",
        topic=POPULATION,
        definition="Anteil der Einwohnerinnen und Einwohner ab 65 Jahren an allen Einwohnern.",
        source=_REGISTER,
        polarity=0,
        numerator="Einwohner ab 65 Jahren",
        denominator="Einwohner insgesamt",
    ),
    _share(
        key="share_foreign",
        name="Anteil ausländische Staatsangehörige",
        short_name="Ausländeranteil",
        topic=POPULATION,
        definition="Anteil der Einwohnerinnen und Einwohner ohne deutsche Staatsangehörigkeit an allen Einwohnern.",
        source=_REGISTER,
        polarity=0,
        numerator="Einwohner mit ausländischer Staatsangehörigkeit",
        denominator="Einwohner insgesamt",
    ),
    # Arbeit und Existenzsicherung
    _share(
        key="sgb2_rate",
        name="SGB-II-Quote",
        short_name="SGB-II-Quote",
        topic=WORK_AND_INCOME,
        definition=(
            "Anteil der Personen in Bedarfsgemeinschaften nach dem SGB II (Bürgergeld, früher "
            "Arbeitslosengeld II) an den Einwohnern unter 65 Jahren."
        ),
        source=_JOBCENTER,
        polarity=-1,
        numerator="Personen in SGB-II-Bedarfsgemeinschaften",
        denominator="Einwohner unter 65 Jahren",
    ),
    _share(
        key="unemployment_rate",
        name="Arbeitslosenquote",
        short_name="Arbeitslosenquote",
        topic=WORK_AND_INCOME,
        definition=(
            "Arbeitslose je 100 Erwerbspersonen; die Erwerbspersonen sind kleinräumig aus der Bevölkerung "
            "von 18 bis unter 65 Jahren geschätzt."
        ),
        source=_EMPLOYMENT_AGENCY,
        polarity=-1,
        numerator="Arbeitslose",
        denominator="Erwerbspersonen (geschätzt)",
    ),
    _share(
        key="longterm_unemployed_share",
        name="Anteil Langzeitarbeitsloser",
        short_name="Langzeitarbeitslose",
        topic=WORK_AND_INCOME,
        definition="Anteil der Arbeitslosen, die ein Jahr oder länger arbeitslos sind, an allen Arbeitslosen.",
        source=_EMPLOYMENT_AGENCY,
        polarity=-1,
        numerator="Langzeitarbeitslose",
        denominator="Arbeitslose",
    ),
    _share(
        key="child_poverty",
        name="Kinderarmut",
        short_name="Kinderarmut",
        topic=WORK_AND_INCOME,
        definition=(
            "Anteil der unter 15-Jährigen, die in SGB-II-Bedarfsgemeinschaften leben, an allen unter 15-Jährigen."
        ),
        source=_JOBCENTER,
        polarity=-1,
        numerator="Unter 15-Jährige in SGB-II-Bedarfsgemeinschaften",
        denominator="Einwohner unter 15 Jahren",
    ),
    _share(
        key="elderly_basic_income",
        name="Grundsicherung im Alter",
        short_name="Grundsicherung im Alter",
        topic=WORK_AND_INCOME,
        definition=(
            "Anteil der Empfängerinnen und Empfänger von Grundsicherung im Alter (SGB XII, 4. Kapitel) "
            "an den Einwohnern ab 65 Jahren."
        ),
        source=_SOCIAL_OFFICE,
        polarity=-1,
        numerator="Empfänger von Grundsicherung im Alter",
        denominator="Einwohner ab 65 Jahren",
    ),
    # Kinder, Jugend und Familie
    IndicatorSpec(
        key="hze_rate",
        name="HzE-Quote",
        short_name="HzE-Quote",
        unit="je 1.000",
        topic=CHILDREN_AND_FAMILIES,
        definition=(
            "Junge Menschen mit Hilfen zur Erziehung (§§ 27–35 SGB VIII, laufende und im Jahr beendete "
            "Hilfen) je 1.000 Einwohner unter 21 Jahren."
        ),
        source=_YOUTH_OFFICE,
        polarity=-1,
        kind=IndicatorKind.RATE,
        numerator_label="Junge Menschen mit Hilfen zur Erziehung",
        denominator_label="Einwohner unter 21 Jahren",
        rate_scale=1000.0,
    ),
    _count(
        key="hze_cases_ambulant",
        name="Ambulante Hilfen zur Erziehung",
        short_name="HzE ambulant",
        unit="Fälle",
        topic=CHILDREN_AND_FAMILIES,
        definition="Laufende und im Jahr beendete ambulante Hilfen (z. B. §§ 30, 31 SGB VIII).",
        source=_YOUTH_OFFICE,
    ),
    _count(
        key="hze_cases_teilstationaer",
        name="Teilstationäre Hilfen zur Erziehung",
        short_name="HzE teilstationär",
        unit="Fälle",
        topic=CHILDREN_AND_FAMILIES,
        definition="Laufende und im Jahr beendete Hilfen in Tagesgruppen (§ 32 SGB VIII).",
        source=_YOUTH_OFFICE,
    ),
    _count(
        key="hze_cases_stationaer",
        name="Stationäre Hilfen zur Erziehung",
        short_name="HzE stationär",
        unit="Fälle",
        topic=CHILDREN_AND_FAMILIES,
        definition="Laufende und im Jahr beendete Hilfen in Vollzeitpflege und Heimerziehung (§§ 33, 34 SGB VIII).",
        source=_YOUTH_OFFICE,
    ),
    _share(
        key="residential_share",
        name="Anteil stationärer Hilfen",
        short_name="Stationärer Anteil",
        topic=CHILDREN_AND_FAMILIES,
        definition="Anteil der stationären Hilfen an allen Hilfen zur Erziehung.",
        source=_YOUTH_OFFICE,
        polarity=-1,
        numerator="Stationäre Hilfen zur Erziehung",
        denominator="Hilfen zur Erziehung insgesamt",
    ),
    IndicatorSpec(
        key="hze_avg_duration",
        name="Durchschnittliche Hilfedauer",
        short_name="Hilfedauer",
        unit="Monate",
        topic=CHILDREN_AND_FAMILIES,
        definition="Durchschnittliche Dauer der im Jahr beendeten Hilfen zur Erziehung in Monaten.",
        source=_YOUTH_OFFICE,
        polarity=-1,
        kind=IndicatorKind.MEAN,
        numerator_label="Hilfemonate beendeter Hilfen",
        denominator_label="Beendete Hilfen",
    ),
    _share(
        key="multiple_aid_share",
        name="Mehrfachhilfen",
        short_name="Mehrfachhilfen",
        topic=CHILDREN_AND_FAMILIES,
        definition=(
            "Anteil der Familien mit mehreren parallel laufenden Hilfen an allen Familien mit Hilfen zur Erziehung."
        ),
        source=_YOUTH_OFFICE,
        polarity=-1,
        numerator="Familien mit mehreren parallelen Hilfen",
        denominator="Familien mit Hilfen zur Erziehung",
    ),
    _count(
        key="inobhutnahmen",
        name="Inobhutnahmen",
        short_name="Inobhutnahmen",
        unit="Fälle",
        topic=CHILDREN_AND_FAMILIES,
        definition="Vorläufige Schutzmaßnahmen nach § 42 SGB VIII im Jahr, nach Wohnort des Kindes.",
        source=_YOUTH_OFFICE,
        polarity=-1,
    ),
    IndicatorSpec(
        key="inobhutnahmen_rate",
        name="Inobhutnahmen je 1.000 unter 18-Jährige",
        short_name="Inobhutnahmequote",
        unit="je 1.000",
        topic=CHILDREN_AND_FAMILIES,
        definition="Inobhutnahmen (§ 42 SGB VIII) im Jahr je 1.000 Einwohner unter 18 Jahren.",
        source=_YOUTH_OFFICE,
        polarity=-1,
        kind=IndicatorKind.RATE,
        numerator_label="Inobhutnahmen",
        denominator_label="Einwohner unter 18 Jahren",
        rate_scale=1000.0,
    ),
    _share(
        key="single_parent_share",
        name="Anteil Alleinerziehender",
        short_name="Alleinerziehende",
        topic=CHILDREN_AND_FAMILIES,
        definition="Anteil der Haushalte von Alleinerziehenden an allen Haushalten mit Kindern unter 18 Jahren.",
        source=_REGISTER,
        polarity=0,
        numerator="Alleinerziehenden-Haushalte",
        denominator="Haushalte mit Kindern unter 18 Jahren",
    ),
    # Bildung
    _share(
        key="childcare_u3",
        name="Betreuungsquote unter 3-Jähriger",
        short_name="Betreuung U3",
        topic=EDUCATION,
        definition=(
            "Anteil der Kinder unter 3 Jahren in Kindertageseinrichtungen oder Kindertagespflege an allen "
            "Kindern unter 3 Jahren."
        ),
        source=_CHILDCARE_PLANNING,
        polarity=1,
        numerator="Betreute Kinder unter 3 Jahren",
        denominator="Kinder unter 3 Jahren",
    ),
    _share(
        key="language_support_need",
        name="Sprachförderbedarf bei der Einschulung",
        short_name="Sprachförderbedarf",
        topic=EDUCATION,
        definition=(
            "Anteil der Kinder mit festgestelltem Sprachförderbedarf an allen bei der "
            "Einschulungsuntersuchung untersuchten Kindern."
        ),
        source=_SCHOOL_ENTRY_EXAM,
        polarity=-1,
        numerator="Kinder mit Sprachförderbedarf",
        denominator="Untersuchte Kinder",
    ),
    _share(
        key="school_leavers_without_certificate",
        name="Schulabgänge ohne Abschluss",
        short_name="Ohne Abschluss",
        topic=EDUCATION,
        definition=(
            "Anteil der Schulabgängerinnen und Schulabgänger ohne Ersten Schulabschluss an allen "
            "Schulabgängern, nach Wohnort."
        ),
        source=_SCHOOL_STATISTICS,
        polarity=-1,
        numerator="Schulabgänger ohne Abschluss",
        denominator="Schulabgänger insgesamt",
    ),
    _share(
        key="gymnasium_transition",
        name="Übergangsquote auf das Gymnasium",
        short_name="Übergang Gymnasium",
        topic=EDUCATION,
        definition=(
            "Anteil der Kinder, die nach der 4. Klasse auf ein Gymnasium wechseln, an allen Kindern der "
            "4. Klasse, nach Wohnort."
        ),
        source=_SCHOOL_STATISTICS,
        polarity=1,
        numerator="Übergänge auf das Gymnasium",
        denominator="Schülerinnen und Schüler der 4. Klasse",
    ),
    # Gesundheit
    _share(
        key="overweight_school_entry",
        name="Übergewicht bei der Einschulung",
        short_name="Übergewicht",
        topic=HEALTH,
        definition=(
            "Anteil der übergewichtigen oder adipösen Kinder an allen bei der Einschulungsuntersuchung "
            "untersuchten Kindern."
        ),
        source=_SCHOOL_ENTRY_EXAM,
        polarity=-1,
        numerator="Übergewichtige Kinder",
        denominator="Untersuchte Kinder",
    ),
    _share(
        key="preventive_checkup_u8",
        name="Teilnahme an der U8",
        short_name="U8-Teilnahme",
        topic=HEALTH,
        definition=(
            "Anteil der Kinder mit dokumentierter Früherkennungsuntersuchung U8 an allen Kindern mit "
            "vorgelegtem Vorsorgeheft bei der Einschulungsuntersuchung."
        ),
        source=_SCHOOL_ENTRY_EXAM,
        polarity=1,
        numerator="Kinder mit U8",
        denominator="Kinder mit vorgelegtem Vorsorgeheft",
    ),
    _share(
        key="measles_vaccination",
        name="Masern-Impfquote bei der Einschulung",
        short_name="Masernimpfung",
        topic=HEALTH,
        definition=(
            "Anteil der Kinder mit zwei dokumentierten Masernimpfungen an allen Kindern mit vorgelegtem "
            "Impfausweis bei der Einschulungsuntersuchung."
        ),
        source=_SCHOOL_ENTRY_EXAM,
        polarity=1,
        numerator="Kinder mit zwei Masernimpfungen",
        denominator="Kinder mit vorgelegtem Impfausweis",
    ),
    # Wohnen
    IndicatorSpec(
        key="living_space_per_capita",
        name="Wohnfläche je Einwohner",
        short_name="Wohnfläche",
        unit="m²",
        topic=HOUSING,
        definition="Wohnfläche in Wohnungen in m² je Einwohnerin und Einwohner.",
        source=_HOUSING_OFFICE,
        polarity=1,
        kind=IndicatorKind.MEAN,
        numerator_label="Wohnfläche in m²",
        denominator_label="Einwohner insgesamt",
    ),
    _share(
        key="social_housing_share",
        name="Anteil Sozialwohnungen",
        short_name="Sozialwohnungen",
        topic=HOUSING,
        definition="Anteil der mietpreis- und belegungsgebundenen Wohnungen an allen Wohnungen.",
        source=_HOUSING_OFFICE,
        polarity=0,
        numerator="Sozialwohnungen",
        denominator="Wohnungen insgesamt",
    ),
    IndicatorSpec(
        key="residential_turnover",
        name="Fluktuation",
        short_name="Fluktuation",
        unit="je 100",
        topic=HOUSING,
        definition=(
            "Zuzüge, Fortzüge und Umzüge innerhalb der Stadt über die Gebietsgrenze je 100 Einwohner; "
            "hohe Werte zeigen wenig gewachsene Nachbarschaften."
        ),
        source=_REGISTER,
        polarity=-1,
        kind=IndicatorKind.RATE,
        numerator_label="Zu-, Fort- und Umzüge über die Gebietsgrenze",
        denominator_label="Einwohner insgesamt",
        rate_scale=100.0,
    ),
    _share(
        key="housing_benefit_share",
        name="Anteil Haushalte mit Wohngeld",
        short_name="Wohngeld",
        topic=HOUSING,
        definition="Anteil der Haushalte mit Wohngeld an allen Privathaushalten.",
        source=_HOUSING_OFFICE,
        polarity=-1,
        numerator="Haushalte mit Wohngeld",
        denominator="Privathaushalte",
    ),
)

INDICATORS_BY_KEY: dict[str, IndicatorSpec] = {spec.key: spec for spec in INDICATORS}
