"""The four tabs of Budget & Wirkung, each a function over its reports: they draw, they compute nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import streamlit as st

from sozialraum.charts.allocation import allocation_difference_figure
from sozialraum.charts.budget_outcome import budget_outcome_figure
from sozialraum.charts.space_budget import aid_type_mix_figure, share_over_years_figure
from sozialraum.formatting import format_euro, format_number
from sozialraum.reports.budget import hilfearten, soll_ist, stationaer, traeger, umsteuerung, verteilung, wirkung
from sozialraum.reports.budget.base import BudgetFrame, BudgetReportError
from sozialraum.reports.source import Source
from sozialraum.ui.budget import click_hint, click_options, report_table
from sozialraum.ui.markup import markdown_literal
from sozialraum.ui.selection import Selection
from sozialraum.ui.view_block import SlideRequest, chart_block

Info = Mapping[str, str]


def _key_figures(figures: tuple[soll_ist.KeyFigure, ...]) -> None:
    for column, figure in zip(st.columns(3) + st.columns(3), figures, strict=False):
        column.metric(
            markdown_literal(figure.label) if figure.label_is_data else figure.label,
            figure.value,
            delta=figure.delta,
            delta_color="red" if figure.delta_bad else "green",
            border=True,
            help=figure.help,
        )


def space_budget_tab(source: Source, frame: BudgetFrame, base_year: int | None, info: Info) -> None:
    """Sozialraumbudget: key figures, Soll/Ist per area, aid-type mix, residential share, Umsteuerung."""
    product, year, suffix = frame.product, frame.year, frame.file_suffix()
    report = soll_ist.build(source, soll_ist.Params(product, year))
    _key_figures(report.figures)
    st.subheader(report.heading)
    if report.gap is not None:
        st.caption(report.gap)
    if report.over_plan_text:
        st.caption(markdown_literal(report.over_plan_text))
    report_table(
        report.table,
        key="space_budget_table",
        stem=f"sozialraumbudget_{suffix}",
        info=info,
        slide=SlideRequest("budget_soll_ist", report.params.to_query(), report.deck_title),
        method=[("Produkt", frame.product_label)],
    )

    st.subheader("Zusammensetzung nach Hilfeart")
    left, right = st.columns(2)
    mix = hilfearten.build(source, hilfearten.Params(product, year))
    with left:
        chart_block(
            aid_type_mix_figure(mix.composition, mix.chart_title),
            key="mix",
            stem=f"hilfearten_{suffix}",
            info=info,
            slide=SlideRequest("budget_hilfearten", mix.params.to_query(), mix.deck_title),
        )
    share = stationaer.build(source, stationaer.Params(product, year, base_year))
    with right:
        chart_block(
            share_over_years_figure(share.trend.shares, share.chart_title, share.trend.moved),
            key="residential_trend",
            stem=f"stationaer_anteil_{product}",
            info=info,
            slide=SlideRequest("budget_stationaer", share.params.to_query(), share.deck_title),
        )
        if share.moved_text:
            st.caption(markdown_literal(share.moved_text))
    if frame.earlier_years:
        shift = umsteuerung.build(source, umsteuerung.Params(product, year, base_year))
        st.markdown(f"**{markdown_literal(shift.heading)}**: Anteile stationärer und präventiver Hilfen am Ist")
        report_table(
            shift.table,
            key="shift_table",
            stem=f"hilfearten_{product}_{shift.base_year}-{year}",
            info=info,
            slide=SlideRequest("budget_umsteuerung", shift.params.to_query(), shift.deck_title),
        )


def provider_tab(source: Source, frame: BudgetFrame, info: Info) -> None:
    """Trägerbudget: per provider, and per provider and area."""
    try:
        report = traeger.build(source, traeger.Params(frame.product, frame.year))
    except BudgetReportError as error:
        st.info(markdown_literal(error))
        return
    st.caption(
        "Trägerbudgets: Budgetzeilen, die einem freien Träger zugeordnet sind, je Träger und Sozialraum. "
        "Zeilen ohne Träger (z. B. stationäre Einzelfallhilfen) sind hier nicht enthalten."
    )
    suffix = frame.file_suffix()
    for view, heading, key, stem in (
        ("traeger", report.provider_heading, "provider_table", f"traegerbudget_{suffix}"),
        ("sozialraum", report.space_heading, "provider_space_table", f"traegerbudget_sozialraum_{suffix}"),
    ):
        st.subheader(heading)
        params = replace(report.params, view=view).to_query()
        slide = SlideRequest("budget_traeger", params, report.deck_titles[view])
        report_table(report.table(view), key=key, stem=stem, info=info, slide=slide)


def _outcome_params(frame: BudgetFrame, base_year: int | None, options: list[str]) -> wirkung.Params:
    """The outcome tab's controls: indicator, spending and outcome as level or change, lag."""
    catalogue = frame.catalogue
    per_label = frame.target_label or "Einwohner"
    # Without an earlier year there is no change to show, only levels.
    modes = ["Veränderung", "Stand"] if frame.earlier_years else ["Stand"]
    controls = st.columns([3, 2, 2, 1])
    preferred = wirkung.default_indicator(catalogue)
    key = controls[0].selectbox(
        "Wirkungskennzahl",
        options,
        index=options.index(preferred),
        format_func=lambda k: f"{catalogue.loc[k, 'name']} ({catalogue.loc[k, 'unit']})",
        key="budget_outcome_indicator",
    )
    spending_mode = controls[1].radio(
        "Mitteleinsatz",
        modes,
        key="budget_spending_mode",
        horizontal=True,
        help=f"Ist je {per_label}: im Jahr {frame.year} (Stand) oder seit dem Vergleichsjahr (Veränderung).",
    )
    outcome_mode = controls[2].radio(
        "Wirkung",
        modes,
        key="budget_outcome_mode",
        horizontal=True,
        help="Wert der Kennzahl im Jahr (Stand) oder seine Veränderung über denselben Zeitraum.",
    )
    lag = controls[3].number_input(
        "Verzögerung (Jahre)",
        min_value=0,
        max_value=5,
        value=0,
        step=1,
        key="budget_lag",
        help="Wirkung n Jahre nach dem Mitteleinsatz messen: Ausgaben im Jahr t gegen Kennzahl im Jahr t + n.",
    )
    changes = (spending_mode == "Veränderung", outcome_mode == "Veränderung")
    return wirkung.Params(frame.product, frame.year, base_year or frame.year, key, int(lag), *changes)


def outcome_tab(source: Source, frame: BudgetFrame, base_year: int | None, info: Info, selection: Selection) -> None:
    """Budget und Wirkung: the bubble chart of spending against outcome, its quadrants and table."""
    options = wirkung.outcome_options(frame.catalogue)
    if not options:
        st.info(wirkung.NO_OUTCOME_INDICATOR)
        return
    params = _outcome_params(frame, base_year, options)
    try:
        report = wirkung.build(source, params)
    except wirkung.OutcomeYearsMissingError as error:
        st.warning(f"{markdown_literal(error)} Bitte Vergleichsjahr, Jahr oder Verzögerung anpassen.")
        return
    figure = budget_outcome_figure(
        report.points,
        report.reference,
        report.comparison,
        report.polarity,
        report.axis_titles,
        report.chart_title,
        highlight_key=selection.area_key or None,
    )
    selected = f" Schwarz umrandet: {markdown_literal(selection.area_name)}." if selection.area_key else ""
    st.caption(f"{markdown_literal(report.reference_text)} {click_hint()}{selected}")
    key, suffix = report.params.indicator, frame.file_suffix()
    chart_block(
        figure,
        key="budget_outcome_chart",
        stem=f"budget_wirkung_{key}_{suffix}",
        info=info,
        slide=SlideRequest("budget_wirkung", report.params.to_query(), report.deck_title),
        **click_options("budget_outcome_chart"),
    )
    for label, names in report.quadrants.items():
        st.markdown(f"**{label[0].upper()}{label[1:]}:** {markdown_literal(', '.join(names))}")
    if report.missing:
        st.caption("Ohne Werte und daher nicht dargestellt: " + markdown_literal(", ".join(report.missing)) + ".")
    with st.expander("Werte als Tabelle"):
        report_table(
            report.table,
            key="outcome_table",
            stem=f"budget_wirkung_{key}_{suffix}",
            info=info,
            catalogue=frame.catalogue,
            indicator_keys=[str(key)],
            method=report.method_notes,
        )


def _allocation_params(frame: BudgetFrame) -> verteilung.Params:
    """The allocation tab's controls, preset with the report's defaults for the product and year."""
    catalogue, choices = frame.catalogue, verteilung.choices(frame)
    defaults = choices.defaults
    settings = st.columns([2, 2, 2])
    total = settings[0].number_input(
        "Gesamtbetrag (€)",
        min_value=0.0,
        value=defaults.total,
        step=10_000.0,
        format="%.2f",
        key="allocation_total",
        help=f"Vorbelegt mit dem Ansatz {frame.year} aller Sozialräume.",
    )
    basis = settings[1].selectbox(
        "Bezugsgruppe",
        choices.basis_options,
        format_func=lambda k: catalogue.loc[k, "name"],
        key="allocation_basis",
    )
    intensity = settings[2].slider(
        "Gewicht des Bedarfs",
        0,
        100,
        defaults.intensity,
        step=5,
        format="%d %%",
        key="allocation_intensity",
        help="Um so viel Prozent steigen die Mittel je Einwohner für eine Standardabweichung über dem Bedarfsmittel.",
    )
    chosen = st.multiselect(
        "Bedarfskennzahlen",
        choices.need_options,
        default=[k for k, _ in defaults.weights or ()],
        format_func=lambda k: catalogue.loc[k, "name"],
        key="allocation_indicators",
        placeholder="Bedarfskennzahlen wählen …",
    )
    weights: list[tuple[str, float]] = []
    if chosen:
        weight_columns = st.columns(min(len(chosen), 4))
        for position, key in enumerate(chosen):
            weight = weight_columns[position % len(weight_columns)].number_input(
                f"Gewicht {markdown_literal(catalogue.loc[key, 'short_name'])}",
                min_value=0.0,
                value=1.0,
                step=0.5,
                key=f"allocation_weight_{key}",
            )
            weights.append((key, float(weight)))
    return verteilung.Params(frame.product, frame.year, float(total), basis, int(intensity), tuple(weights))


def allocation_tab(source: Source, frame: BudgetFrame, info: Info) -> None:
    """Bedarfsorientierte Verteilung: the settings, the sums, the difference chart and the table."""
    st.caption(
        "Verteilt einen Gesamtbetrag nach Formel: Mittel je Einwohner der Bezugsgruppe, erhöht oder gesenkt "
        "nach einem Bedarfswert aus gewählten Kennzahlen (z-standardisiert, Richtung nach Polarität). "
        "Die Beträge sind centgenau und ergeben zusammen genau den Gesamtbetrag."
    )
    params = _allocation_params(frame)
    try:
        report = verteilung.build(source, params)
    except BudgetReportError as error:
        st.warning(markdown_literal(error))
        return
    sums = st.columns(3)
    sums[0].metric("Summe nach Formel", format_number(report.formula_sum, 2) + "\u00a0€", border=True)
    sums[1].metric("Summe bisher (Ansatz)", format_number(report.current_sum, 2) + "\u00a0€", border=True)
    sums[2].metric(
        "Umverteilt",
        format_euro(report.moved_money),
        border=True,
        help="Summe der Mehrbeträge der Sozialräume, die gewinnen.",
    )
    if report.clipped:
        clipped = markdown_literal(", ".join(report.clipped))
        st.caption(f"Bedarfsfaktor auf 0 begrenzt (erhalten nichts): {clipped}.")
    stem = f"mittelverteilung_{frame.file_suffix()}"

    def slide(view: str) -> SlideRequest:
        return SlideRequest("budget_verteilung", replace(report.params, view=view).to_query(), report.deck_title)

    figure = allocation_difference_figure(report.allocation, report.chart_title)
    chart_block(figure, key="allocation_chart", stem=stem, info=info, slide=slide("diagramm"))
    report_table(
        report.table,
        key="allocation_table",
        stem=stem,
        info=info,
        slide=slide("tabelle"),
        catalogue=frame.catalogue,
        indicator_keys=[report.settings.basis_key, *report.settings.indicator_keys],
        method=report.method_notes,
    )
