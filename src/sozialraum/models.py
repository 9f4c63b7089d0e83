"""The data model: SQLAlchemy 2.x typed ORM.

Geometry is stored as WKB (EPSG:4326) in a plain binary column, so the same schema runs on SQLite
and on PostgreSQL without PostGIS; spatial work happens in shapely/geopandas, where the areas of a
municipality (tens to a few thousand polygons) fit easily in memory.

Observation periods are reference dates (Stichtage, e.g. 31.12.2025 for a yearly figure, 30.06.2024
for a half-year), so yearly, half-yearly and biennial sources share one column and sort naturally.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class AreaLevel(enum.StrEnum):
    CITY = "city"
    DISTRICT = "district"
    REGION = "region"  # between district and social space, e.g. Berlin's Prognoseräume
    SOCIAL_SPACE = "social_space"
    PLANNING_AREA = "planning_area"


#: Levels from coarse to fine; the order matters for aggregation.
AREA_LEVELS: tuple[AreaLevel, ...] = tuple(AreaLevel)


class ObservationFlag(enum.StrEnum):
    OK = "ok"
    SUPPRESSED = "suppressed"  # statistische Geheimhaltung: value withheld, never zero
    PROVISIONAL = "provisional"
    ESTIMATED = "estimated"
    INVALID = "invalid"  # the source marks the value as not valid (e.g. Berlin MSS: fewer than 300 residents)


class IndicatorKind(enum.StrEnum):
    COUNT = "count"  # persons, cases: summed when aggregated
    SHARE = "share"  # numerator / denominator * 100, in %
    RATE = "rate"  # numerator / denominator * scale (e.g. per 1,000)
    MEAN = "mean"  # numerator / denominator (e.g. case-months per case), scale 1
    AMOUNT = "amount"  # money, summed
    INDEX = "index"  # composite value, not aggregable


class Aggregation(enum.StrEnum):
    SUM = "sum"
    WEIGHTED = "weighted"  # sum(numerator) / sum(denominator) * scale
    NONE = "none"


class AidType(enum.StrEnum):
    AMBULANT = "ambulant"
    TEILSTATIONAER = "teilstationaer"
    STATIONAER = "stationaer"
    PRAEVENTIV = "praeventiv"
    SONSTIGE = "sonstige"


def _enum_check(column: str, enum_cls: type[enum.StrEnum]) -> CheckConstraint:
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    return CheckConstraint(f"{column} IN ({values})", name=f"ck_{column}_valid")


class BoundaryVersion(Base):
    """A Gebietsstand: one consistent set of area boundaries, valid over a date range."""

    __tablename__ = "boundary_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    areas: Mapped[list[Area]] = relationship(back_populates="boundary_version")


class Area(Base):
    __tablename__ = "area"
    __table_args__ = (
        UniqueConstraint("boundary_version_id", "level", "key", name="uq_area_version_level_key"),
        _enum_check("level", AreaLevel),
        Index("ix_area_parent", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    boundary_version_id: Mapped[int] = mapped_column(ForeignKey("boundary_version.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  # official code as text: leading zeros matter
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    area_km2: Mapped[float | None] = mapped_column(Float)
    geometry: Mapped[bytes | None] = mapped_column(LargeBinary)  # WKB, EPSG:4326

    boundary_version: Mapped[BoundaryVersion] = relationship(back_populates="areas")
    parent: Mapped[Area | None] = relationship(remote_side=[id])


class Indicator(Base):
    """The catalogue: every figure shown can explain itself."""

    __tablename__ = "indicator"
    __table_args__ = (
        _enum_check("kind", IndicatorKind),
        _enum_check("aggregation", Aggregation),
        CheckConstraint("polarity IN (-1, 0, 1)", name="ck_polarity_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    unit: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str] = mapped_column(String(80))
    definition: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    polarity: Mapped[int] = mapped_column(Integer, default=0)  # +1 higher is better, -1 worse, 0 neutral
    kind: Mapped[str] = mapped_column(String(20))
    numerator_label: Mapped[str | None] = mapped_column(String(200))
    denominator_label: Mapped[str | None] = mapped_column(String(200))
    scale: Mapped[float] = mapped_column(Float, default=1.0)  # value = numerator / denominator * scale
    aggregation: Mapped[str] = mapped_column(String(20))
    decimals: Mapped[int] = mapped_column(Integer, default=1)
    public: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Observation(Base):
    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("area_id", "indicator_id", "period", name="uq_observation_area_indicator_period"),
        Index("ix_observation_indicator_period", "indicator_id", "period"),
        _enum_check("flag", ObservationFlag),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    flag: Mapped[str] = mapped_column(String(20), default=ObservationFlag.OK.value)


class BudgetProduct(Base):
    """A product of the municipal product budget (kommunaler Produktrahmen), e.g. 36.3 HzE."""

    __tablename__ = "budget_product"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Indicator holding the product's target group (e.g. residents under 21 for youth aid),
    # used for spending per resident of the target group.
    target_group_indicator_key: Mapped[str | None] = mapped_column(String(64))


class BudgetLine(Base):
    __tablename__ = "budget_line"
    __table_args__ = (
        UniqueConstraint("area_id", "year", "product", "aid_type", "provider", name="uq_budget_line"),
        Index("ix_budget_line_year_product", "year", "product"),
        _enum_check("aid_type", AidType),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))  # None: central
    year: Mapped[int] = mapped_column(Integer)
    product: Mapped[str] = mapped_column(ForeignKey("budget_product.code"))
    aid_type: Mapped[str] = mapped_column(String(20))
    provider: Mapped[str | None] = mapped_column(String(200))  # Träger, optional
    planned: Mapped[float | None] = mapped_column(Numeric(16, 2, asdecimal=False))  # Ansatz / Soll
    actual: Mapped[float | None] = mapped_column(Numeric(16, 2, asdecimal=False))  # Ist / Ergebnis
    cases: Mapped[int | None] = mapped_column(Integer)


class Goal(Base):
    """A Wirkungsziel: a measurable outcome goal under a Leitziel."""

    __tablename__ = "goal"
    __table_args__ = (CheckConstraint("direction IN (-1, 1) OR direction IS NULL", name="ck_goal_direction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategic_goal: Mapped[str] = mapped_column(String(300))  # Leitziel
    title: Mapped[str] = mapped_column(String(300))  # Wirkungsziel
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))  # None: city
    baseline_year: Mapped[int] = mapped_column(Integer)
    baseline_value: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    target_value: Mapped[float] = mapped_column(Float)
    # +1: the value should rise, -1: fall; None follows the indicator's polarity.
    direction: Mapped[int | None] = mapped_column(Integer)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    products: Mapped[list[str]] = mapped_column(JSON, default=list)  # linked budget product codes
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())


class ImportLog(Base):
    """Provenance: every import, successful or not."""

    __tablename__ = "import_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(20))  # ok / failed / dry-run
    messages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # True when the import's prior state was recorded in ``import_change`` (imports since migration 0006).
    changes_recorded: Mapped[bool] = mapped_column(default=False, server_default="0")
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)  # set by ``importing.undo``


class ImportChange(Base):
    """One row an import inserted, updated or deleted: its state before (JSON text) and the SHA-256 of its
    state after (NULL where the row did not exist). Enough to restore the database as it was before the
    import, and to notice that the row was changed since."""

    __tablename__ = "import_change"
    __table_args__ = (Index("ix_import_change_row", "table_name", "row_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    log_id: Mapped[int] = mapped_column(ForeignKey("import_log.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    row_key: Mapped[str] = mapped_column(String(200))  # the row's primary key as text
    before: Mapped[str | None] = mapped_column(Text)
    after_digest: Mapped[str | None] = mapped_column(String(64))


class DataVersion(Base):
    """One row whose counter every write raises, so a running app sees changes made elsewhere (CLI)."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class DatasetInfo(Base):
    """Key-value facts about the loaded dataset: its name, source, as-of date, demo or real."""

    __tablename__ = "dataset_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SocialIndex(Base):
    """A stored Sozialindex definition (method in ``analysis.social_index``); editable on its page.

    Thresholds and classes are short ordered lists that are always read and written whole, so they are
    JSON rather than child tables; components get a table because they point into the catalogue.
    """

    __tablename__ = "social_index"
    __table_args__ = (
        CheckConstraint("kind IN ('status', 'dynamics')", name="ck_social_index_kind"),
        CheckConstraint("change_years IS NULL OR change_years >= 1", name="ck_social_index_change_years"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(20))
    min_population: Mapped[float | None] = mapped_column(Float)
    population_indicator_key: Mapped[str | None] = mapped_column(String(64))
    change_years: Mapped[int | None] = mapped_column(Integer)
    thresholds: Mapped[list[float]] = mapped_column(JSON, default=list)  # ascending
    classes: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{"code", "label"}], one more
    output_indicator_key: Mapped[str] = mapped_column(String(64))  # the catalogue indicator holding the values
    # The Stichtage the method applies to (inclusive, NULL = open), see ``IndexDefinition.valid_from``.
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    components: Mapped[list[SocialIndexComponent]] = relationship(
        back_populates="social_index",
        cascade="all, delete-orphan",
        order_by="SocialIndexComponent.position",
    )


class SocialIndexComponent(Base):
    __tablename__ = "social_index_component"
    __table_args__ = (
        UniqueConstraint("index_id", "indicator_key", name="uq_social_index_component_indicator"),
        CheckConstraint("direction IN (-1, 1)", name="ck_social_index_component_direction"),
        CheckConstraint("weight >= 0", name="ck_social_index_component_weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    index_id: Mapped[int] = mapped_column(ForeignKey("social_index.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    # No cascade: an indicator an index is built from must not vanish from under it.
    indicator_key: Mapped[str] = mapped_column(ForeignKey("indicator.key"))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    direction: Mapped[int] = mapped_column(Integer, default=1)

    social_index: Mapped[SocialIndex] = relationship(back_populates="components")


class Deck(Base):
    """A Sitzungsmappe: an ordered set of slides for a council or committee session."""

    __tablename__ = "deck"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    slides: Mapped[list[DeckSlide]] = relationship(
        back_populates="deck", order_by="DeckSlide.position", cascade="all, delete-orphan", passive_deletes=True
    )


class DeckSlide(Base):
    """One slide: a view kind and that view's settings, so it re-renders from the current data."""

    __tablename__ = "deck_slide"
    __table_args__ = (Index("ix_deck_slide_deck_position", "deck_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("deck.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    # JSON as text, not a JSON column: the settings are read whole and never queried inside.
    params: Mapped[str] = mapped_column(Text, default="{}")
    speaker_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    deck: Mapped[Deck] = relationship(back_populates="slides")
