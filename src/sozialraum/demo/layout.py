"""The fictitious city Musterstadt: its districts, social spaces, planning areas and their story.

Everything here is fixed, independent of the random seed, so documentation and tests can name the
social spaces that reformed their youth aid and the district that overspends. The seed only changes
shapes, numbers and noise.

Musterstadt's story: from 2018 on, four high-need social spaces (``SHIFTING_SOCIAL_SPACES``) moved
money from residential care (stationäre Hilfen) to outpatient and preventive work; their youth-aid
figures improve and their cost per young resident stays flat. Three other high-need spaces
(``STAGNATING_SOCIAL_SPACES``) carried on as before and slowly worsen. The district Hafenviertel
(``OVERSPENDING_DISTRICT``) exceeds its youth-aid budget every year.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RiverBank(enum.StrEnum):
    NORTH = "north"
    SOUTH = "south"


@dataclass(frozen=True)
class SocialSpacePlan:
    key: str
    name: str
    #: Latent deprivation from 0 (affluent) to 1 (most deprived); drives every social indicator.
    need: float
    #: The lead provider (Träger) of outpatient and preventive youth aid in this space.
    provider: str
    planning_area_names: tuple[str, ...]

    def planning_area_keys(self) -> tuple[str, ...]:
        return tuple(f"{self.key}{number:02d}" for number in range(1, len(self.planning_area_names) + 1))


@dataclass(frozen=True)
class DistrictPlan:
    key: str
    name: str
    bank: RiverBank
    social_spaces: tuple[SocialSpacePlan, ...]


CITY_KEY = "00"
CITY_NAME = "Musterstadt"

_ALTSTADT_PROVIDER = "Familienzentrum Altstadt e.V."
_HAFEN_PROVIDER = "Jugendhilfeverbund Hafenviertel gGmbH"
_LINDENFELD_PROVIDER = "Kinder- und Familienhilfe Lindenfeld e.V."
_MUEHLBACH_PROVIDER = "Netzwerk Jugend am Mühlbach e.V."
_WIESENGRUND_PROVIDER = "Sozialwerk Wiesengrund gGmbH"

#: Districts in key order; on each river bank the first district lies west of the second.
# fmt: off
DISTRICTS: tuple[DistrictPlan, ...] = (
    DistrictPlan("01", "Altstadt", RiverBank.NORTH, (
        SocialSpacePlan("0101", "Altstadt-Kern", 0.50, _ALTSTADT_PROVIDER,
                        ("Marktplatz", "Rathausviertel", "Am Stadtgraben")),
        SocialSpacePlan("0102", "Kirchberg", 0.20, _ALTSTADT_PROVIDER,
                        ("Kirchberg-Nord", "Kirchberg-Süd")),
        SocialSpacePlan("0103", "Schlossgarten", 0.12, _ALTSTADT_PROVIDER,
                        ("Schlosspark", "Orangerie", "Am Lindenhof")),
        SocialSpacePlan("0104", "Gerberviertel", 0.78, _ALTSTADT_PROVIDER,
                        ("Gerberstraße", "Färberwiese", "Am Wehr", "Lohgasse")),
    )),
    DistrictPlan("02", "Hafenviertel", RiverBank.NORTH, (
        SocialSpacePlan("0201", "Hafenviertel-West", 0.85, _HAFEN_PROVIDER,
                        ("Alter Hafen", "Kaispeicher", "Zollhaus", "Werftstraße")),
        SocialSpacePlan("0202", "Werftsiedlung", 0.80, _HAFEN_PROVIDER,
                        ("Werftsiedlung-Nord", "Werftsiedlung-Süd", "Am Trockendock")),
        SocialSpacePlan("0203", "Fischerkamp", 0.55, _HAFEN_PROVIDER,
                        ("Fischerkamp", "Netzmacherweg", "Am Deich")),
        SocialSpacePlan("0204", "Leuchtturmviertel", 0.40, _HAFEN_PROVIDER,
                        ("Leuchtturm", "Lotsenhaus")),
    )),
    DistrictPlan("03", "Lindenfeld", RiverBank.SOUTH, (
        SocialSpacePlan("0301", "Lindenfeld-Nord", 0.75, _LINDENFELD_PROVIDER,
                        ("Lindenplatz", "Brunnenhof", "Am Wasserturm", "Gartenstadt-Ost")),
        SocialSpacePlan("0302", "Lindenfeld-Süd", 0.35, _LINDENFELD_PROVIDER,
                        ("Lindenfeld-Süd", "Eichweg", "Am Sportpark")),
        SocialSpacePlan("0303", "Am Mühlbach", 0.82, _MUEHLBACH_PROVIDER,
                        ("Mühlbachaue", "Alte Mühle", "Mühlenweg", "Wiesenhof", "Bachgrund")),
        SocialSpacePlan("0304", "Rosenhöhe", 0.10, _LINDENFELD_PROVIDER,
                        ("Rosenhöhe", "Weinbergweg")),
        SocialSpacePlan("0305", "Birkenhain", 0.22, _MUEHLBACH_PROVIDER,
                        ("Birkenhain-West", "Birkenhain-Ost", "Am Forsthaus")),
    )),
    DistrictPlan("04", "Wiesengrund", RiverBank.SOUTH, (
        SocialSpacePlan("0401", "Wiesengrund-Mitte", 0.70, _WIESENGRUND_PROVIDER,
                        ("Wiesengrund", "Kastanienhof", "Am Bahnhof", "Schmiedeplatz")),
        SocialSpacePlan("0402", "Neue Heide", 0.88, _WIESENGRUND_PROVIDER,
                        ("Neue Heide-Nord", "Neue Heide-Süd", "Heidering")),
        SocialSpacePlan("0403", "Sonnenhang", 0.15, _WIESENGRUND_PROVIDER,
                        ("Sonnenhang", "Obstwiesen", "Am Kiefernwald")),
    )),
)
# fmt: on

#: Umsteuerung from 2018 on: Gerberviertel, Lindenfeld-Nord, Am Mühlbach, Wiesengrund-Mitte.
SHIFTING_SOCIAL_SPACES: tuple[str, ...] = ("0104", "0301", "0303", "0401")
#: High need without a shift, slowly worsening: Hafenviertel-West, Werftsiedlung, Neue Heide.
STAGNATING_SOCIAL_SPACES: tuple[str, ...] = ("0201", "0202", "0402")
#: Hafenviertel: actual youth-aid spending (product 36.3) exceeds the plan by 4–12 % every year.
OVERSPENDING_DISTRICT: str = "02"

#: Observation years; each figure refers to 31 December.
YEARS = range(2014, 2026)
#: The last year before the shift; its effects grow from the following year on until the last year.
SHIFT_BASE_YEAR = 2017


def shift_progress(year: int) -> float:
    """How far the shift has gone in ``year``: 0 up to the base year, rising linearly to 1 in the last year."""
    return min(max((year - SHIFT_BASE_YEAR) / (YEARS[-1] - SHIFT_BASE_YEAR), 0.0), 1.0)


def social_spaces() -> tuple[SocialSpacePlan, ...]:
    """All social spaces in key order."""
    return tuple(space for district in DISTRICTS for space in district.social_spaces)
