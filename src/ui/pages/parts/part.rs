//! A part's page (#/parts/<id>): its demand history with the forecast and its range as an inline
//! SVG chart, the stock-policy numbers against the days-of-cover band, each driver's
//! contribution, the method chosen with every candidate's holdout error, and the forecast month
//! by month.

use super::list::{cover_text, part_name, status_key, with_book};
use crate::domain::date::Month;
use crate::domain::model::Id;
use crate::domain::money::{format_int, format_significant};
use crate::domain::parts::forecast::Method;
use crate::domain::parts::plan::MonthPlan;
use crate::domain::parts::select::change_against_blend;
use crate::i18n::{args, Tr};
use crate::state::parts::{PartDetail, PartRow, PartsBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn PartPage(id: Id) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page wide" data-testid="part-detail">
            <a class="back-link" href=Route::Parts.href()>{move || format!("← {}", app.tr().part_back())}</a>
            {with_book(app, move |book| match book.detail(id) {
                None => view! { <p class="empty-state" data-testid="part-not-found">{app.tr().part_not_found()}</p> }.into_any(),
                Some(detail) => view! { <Detail book id detail=Rc::new(detail) /> }.into_any(),
            })}
        </section>
    }
}

/// Each candidate's rolling-holdout error (root mean squared, in units, to three significant
/// digits) and how far it lies from the blend's, the chosen one and the one pulling it marked;
/// nothing when the history was too short for a holdout.
fn holdout_table(
    tr: Tr,
    errors: &[(Method, f64)],
    chosen: Option<Method>,
    toward: Option<Method>,
) -> Option<impl IntoView> {
    let has_blend = errors.iter().any(|(m, _)| *m == Method::Blend);
    (!errors.is_empty()).then(|| {
        let rows = errors
            .iter()
            .map(|&(m, squared)| {
                let class = if Some(m) == chosen { Some("chosen") } else { (Some(m) == toward).then_some("toward") };
                let change = match change_against_blend(errors, m) {
                    _ if m == Method::Blend => "—".to_owned(),
                    Some(change) => signed_percent(change),
                    None => String::new(),
                };
                view! {
                    <tr data-testid="holdout-error" data-method=m.as_str() class=class>
                        <td>{labels::method(tr, m)}</td>
                        <td class="num">{format_significant(squared.sqrt(), 3)}</td>
                        {has_blend.then(|| view! { <td class="num" data-testid="holdout-vs-blend">{change}</td> })}
                    </tr>
                }
            })
            .collect_view();
        let mut headings = vec![heading(tr.part_col_method()), numeric(tr.part_col_holdout_error())];
        if has_blend {
            headings.push(numeric(tr.part_col_vs_blend()));
        }
        view! {
            <p class="small">{tr.part_holdout_title()}</p>
            {data_table("holdout-errors", Some("part-holdout-errors"), headings, rows)}
        }
    })
}

/// A fraction as a percentage with one decimal: `0.023` → `2.3 %`, the sign kept on the
/// number's line.
fn percent(fraction: f64) -> String {
    format!("{:.1}\u{a0}%", fraction * 100.0)
}

/// A fraction as a signed percentage with one decimal: `-0.023` → `-2.3 %`; a change that
/// rounds to nothing is `0.0 %`, without a sign.
fn signed_percent(fraction: f64) -> String {
    match percent(fraction.abs()) {
        zero if zero == percent(0.0) => zero,
        size if fraction < 0.0 => format!("-{size}"),
        size => format!("+{size}"),
    }
}

/// Numbers of units with one decimal.
fn units(value: f64) -> String {
    format!("{value:.1}")
}

#[component]
fn Detail(book: Rc<PartsBook>, id: Id, detail: Rc<PartDetail>) -> impl IntoView {
    let app = use_app();
    let row: &PartRow = book.row(id).expect("the detail's part has a row");
    let part = row.part.clone();
    let (status, abc, on_hand) = (row.status, row.abc, row.on_hand);
    let policy = book.policy;
    let calibration = book.calibration;
    let (part_count, compute_ms) = (book.rows.len(), book.compute_ms);
    let plan = detail.planned.plan.clone();
    let drivers = detail.planned.drivers.clone();
    let zh = move || app.locale.get() == crate::i18n::Locale::ZhCn;
    let name = {
        let part = part.clone();
        move || part_name(zh(), &part)
    };
    let level = (book.range_level() * 100.0).round() as i64;
    let totals = {
        let sum = |f: fn(&MonthPlan) -> f64| plan.months.iter().map(f).sum::<f64>();
        (sum(|m| m.statistical), sum(|m| m.installed_base_change), sum(|m| m.pipeline), sum(|m| m.forecast))
    };
    let maintenance_change: f64 = plan.months.iter().map(|m| m.maintenance).sum();
    let kits = detail.planned.maintenance.clone();
    let kit_part = !kits.due.is_empty();
    let installed_base_expected: f64 = drivers.installed_base.iter().sum();
    let has_drivers = !drivers.installed_base.is_empty() || !drivers.pipeline.is_empty() || kit_part;
    let first_month = detail.planned.first_month;
    let chart = chart_svg(&detail.history, first_month, &plan.months);
    let months = plan.months.clone();
    let reasons = plan.reasons.clone();
    let p = plan.policy;
    let profile = plan.analysis.profile;
    let xyz = plan.analysis.xyz;
    let method = plan.analysis.method;
    let pull = plan.analysis.pull.as_ref().map(|(pull, _)| *pull);
    let holdout_errors = plan.analysis.holdout_errors.clone();
    let why_errors = holdout_errors.clone();
    // The table shows the seasonal method ahead of the blend, yet it never pulls: the page says why.
    let seasonal_ahead = change_against_blend(&holdout_errors, Method::Seasonal).is_some_and(|c| c < 0.0);
    let blend = book.blend().cloned();
    let learned = blend.is_some();
    // No holdout: the history is too short for any origin.
    let short = holdout_errors.is_empty();
    let blend_months = book.months_to_teach_blend();
    let fits = part.fits_models.join(", ");
    view! {
        <div class="title-row">
            <div>
                <h1 data-testid="part-number">{part.number.clone()}</h1>
                <p class="muted">{name}</p>
            </div>
            <span class=format!("tag status-{}", status_key(status)) data-testid="part-status">
                {move || labels::stock_status(app.tr(), status)}
            </span>
        </div>
        <p class="muted" data-testid="part-supplier-line" data-fits=part.fits_models.join("\n")>
            {move || {
                let tr = app.tr();
                let mut line = tr.part_supplier_line(args::PartSupplierLine {
                    days: part.lead_time_days,
                    pack: part.pack_size.max(1),
                });
                if !part.supplier.is_empty() {
                    line = format!("{} · {line}", tr.part_supplier(args::PartSupplier { supplier: &part.supplier }));
                }
                if !fits.is_empty() {
                    line = format!("{line} · {}", tr.part_fits(args::PartFits { models: &fits }));
                }
                line
            }}
        </p>
        <section class="card">
            <h2>{move || app.tr().part_chart_title()}</h2>
            <figure class="part-chart" data-testid="part-chart">
                <div inner_html=chart role="img" aria-label=move || app.tr().part_chart_label(args::PartChartLabel { level })></div>
                <figcaption class="chart-legend">
                    <span class="legend history">{move || app.tr().part_chart_history()}</span>
                    <span class="legend forecast">{move || app.tr().part_chart_forecast()}</span>
                    <span class="legend range">{move || app.tr().part_chart_range(args::PartChartRange { level })}</span>
                    <span class="legend unknown">{move || app.tr().part_chart_unknown()}</span>
                </figcaption>
            </figure>
        </section>
        <div class="part-cards">
            <section class="card" data-testid="part-policy">
                <h2>{move || app.tr().part_policy_title()}</h2>
                <dl class="figures">
                    <dt>{move || app.tr().parts_on_hand()}</dt>
                    <dd>{format_int(i64::from(on_hand))}</dd>
                    <dt>{move || app.tr().part_safety_stock()}</dt>
                    <dd data-testid="part-safety-stock">{units(p.safety_stock)}</dd>
                    <dt>{move || app.tr().part_col_reorder_point()}</dt>
                    <dd data-testid="part-reorder-point">{format_int(i64::from(p.reorder_point))}</dd>
                    <dt>{move || app.tr().part_col_order_up_to()}</dt>
                    <dd data-testid="part-order-up-to">{format_int(i64::from(p.order_up_to))}</dd>
                    <dt>{move || app.tr().parts_days_cover()}</dt>
                    <dd data-testid="part-days-cover">
                        {move || {
                            let tr = app.tr();
                            format!(
                                "{} ({})",
                                cover_text(tr, p.days_of_cover),
                                tr.part_cover_band(args::PartCoverBand {
                                    min: policy.cover_days_min,
                                    max: policy.cover_days_max,
                                }),
                            )
                        }}
                    </dd>
                    <dt>{move || app.tr().part_order_now()}</dt>
                    <dd data-testid="part-order-now">{format_int(i64::from(p.order_quantity))}</dd>
                </dl>
                <p class="muted small">
                    {move || {
                        let level = format!("{}", (policy.service_level * 1000.0).round() / 10.0);
                        app.tr().part_policy_basis(args::PartPolicyBasis { level, review: 1 })
                    }}
                </p>
                {move || {
                    let tr = app.tr();
                    (!reasons.is_empty()).then(|| {
                        let items = reasons.iter().map(|r| view! { <li>{labels::reorder_reason(tr, *r)}</li> }).collect_view();
                        view! { <ul class="reasons" data-testid="part-reasons">{items}</ul> }
                    })
                }}
            </section>
            <section class="card" data-testid="part-drivers">
                <h2>{move || app.tr().part_drivers_title()}</h2>
                <dl class="figures">
                    <dt>{move || app.tr().part_col_statistical()}</dt>
                    <dd data-testid="driver-statistical">{move || app.tr().part_driver_total(args::PartDriverTotal { value: units(totals.0) })}</dd>
                    <dt>{move || app.tr().part_col_installed()}</dt>
                    <dd data-testid="driver-installed-base">{move || app.tr().part_driver_total(args::PartDriverTotal { value: units(totals.1) })}</dd>
                    <dt>{move || app.tr().part_col_pipeline()}</dt>
                    <dd data-testid="driver-pipeline">{move || app.tr().part_driver_total(args::PartDriverTotal { value: units(totals.2) })}</dd>
                    <dt>{move || app.tr().part_col_maintenance()}</dt>
                    <dd data-testid="driver-maintenance-change">{move || app.tr().part_driver_total(args::PartDriverTotal { value: units(maintenance_change) })}</dd>
                    <dt>{move || app.tr().part_col_forecast()}</dt>
                    <dd><strong>{move || app.tr().part_driver_total(args::PartDriverTotal { value: units(totals.3) })}</strong></dd>
                </dl>
                <p class="muted small">
                    {move || if has_drivers {
                        app.tr().part_installed_base_expected(args::PartInstalledBaseExpected { value: units(installed_base_expected) })
                    } else {
                        app.tr().part_drivers_none().to_owned()
                    }}
                </p>
                {kit_part.then(|| view! {
                    <p data-testid="driver-maintenance">
                        {move || app.tr().part_maintenance_due(args::PartMaintenanceDue {
                            services: format_int(i64::from(kits.services_within_90_days)),
                            units: format_int(i64::from(kits.units_within_90_days)),
                        })}
                    </p>
                })}
            </section>
            <section class="card across" data-testid="part-method">
                <h2>{move || app.tr().part_method_title()}</h2>
                <p data-testid="part-method-name">
                    <strong>
                        {move || {
                            let tr = app.tr();
                            let name = method.map_or(tr.method_none(), |m| labels::method(tr, m));
                            match pull {
                                Some(pull) => tr.part_method_pulled(args::PartMethodPulled {
                                    blend: name,
                                    weight: percent(pull.weight),
                                    method: labels::method(tr, pull.method),
                                }),
                                None => name.to_owned(),
                            }
                        }}
                    </strong>
                </p>
                <p class="muted small" data-testid="part-method-why">
                    {move || {
                        let tr = app.tr();
                        match method {
                            _ if !learned => tr.part_method_why_unlearned(args::PartMethodWhyUnlearned { months: blend_months }),
                            Some(Method::Blend) if short => tr.part_method_why_short().to_owned(),
                            Some(Method::Blend) => match pull {
                                Some(pull) => {
                                    // Only a method with the lower error pulls, so the change is negative.
                                    let lead = change_against_blend(&why_errors, pull.method).map_or(String::new(), |c| percent(-c));
                                    let t = if pull.t.is_finite() { format!("{:.2}", pull.t) } else { "∞".to_owned() };
                                    tr.part_method_why_pulled(args::PartMethodWhyPulled {
                                        method: labels::method(tr, pull.method),
                                        lead,
                                        t,
                                        weight: percent(pull.weight),
                                    })
                                }
                                None => tr.part_method_why_kept().to_owned(),
                            },
                            // A per-part method is chosen only without a learned blend.
                            _ => String::new(),
                        }
                    }}
                </p>
                {seasonal_ahead.then(|| view! {
                    <p class="muted small" data-testid="part-method-seasonal">{move || app.tr().part_method_seasonal_not_counted()}</p>
                })}
                {blend.map(|blend| view! {
                    <p class="small" data-testid="part-blend">
                        {move || {
                            let tr = app.tr();
                            let terms: Vec<String> = blend
                                .windows
                                .iter()
                                .zip(&blend.weights)
                                .map(|(months, weight)| tr.part_blend_term(args::PartBlendTerm {
                                    weight: format!("{weight:.2}"),
                                    months,
                                }))
                                .collect();
                            tr.part_blend_line(args::PartBlendLine {
                                parts: format_int(blend.parts as i64),
                                terms: terms.join(" + "),
                            })
                        }}
                    </p>
                })}
                {move || holdout_table(app.tr(), &holdout_errors, method, pull.map(|p| p.method))}
                <p data-testid="part-class">
                    {move || {
                        let tr = app.tr();
                        let adi = if profile.adi.is_finite() { format!("{:.2}", profile.adi) } else { "∞".to_owned() };
                        tr.part_class_line(args::PartClassLine {
                            adi,
                            cv_squared: format!("{:.2}", profile.cv2),
                            class: labels::demand_class(tr, profile.class),
                            abc: labels::abc_class(tr, abc),
                            xyz: xyz.map_or(tr.xyz_class_none(), |x| labels::xyz_class(tr, x)),
                        })
                    }}
                </p>
                <p class="muted small">
                    {move || app.tr().parts_recompute_note(args::PartsRecomputeNote {
                        count: format_int(part_count as i64),
                        ms: format_int(compute_ms.round() as i64),
                        factor: format!("{calibration:.3}"),
                    })}
                </p>
            </section>
        </div>
        <section class="card">
            <h2>{move || app.tr().part_forecast_title()}</h2>
            {move || forecast_table(app.tr(), first_month, &months)}
        </section>
    }
}

fn forecast_table(tr: Tr, first: Option<Month>, months: &[MonthPlan]) -> impl IntoView {
    let headings = [
        tr.part_col_month(),
        tr.part_col_statistical(),
        tr.part_col_installed(),
        tr.part_col_pipeline(),
        tr.part_col_maintenance(),
        tr.part_col_forecast(),
        tr.part_col_range(),
        tr.part_col_reorder_point(),
        tr.part_col_order_up_to(),
    ];
    let rows = months
        .iter()
        .enumerate()
        .map(|(h, m)| {
            let month = first.map(|f| (f + h as i32).to_string()).unwrap_or_default();
            view! {
                <tr data-testid="forecast-month">
                    <td>{month}</td>
                    <td>{units(m.statistical)}</td>
                    <td>{units(m.installed_base_change)}</td>
                    <td>{units(m.pipeline)}</td>
                    <td>{units(m.maintenance)}</td>
                    <td><strong>{units(m.forecast)}</strong></td>
                    <td data-testid="forecast-range">{tr.part_range_value(args::PartRangeValue {
                        low: units(m.low),
                        high: units(m.high),
                    })}</td>
                    <td>{format_int(i64::from(m.reorder_point))}</td>
                    <td>{format_int(i64::from(m.order_up_to))}</td>
                </tr>
            }
        })
        .collect_view();
    data_table("numbers", Some("part-forecast"), headings.into_iter().map(heading).collect(), rows)
}

/// The chart as SVG markup: history bars (a tick for an unknown month), then the forecast line
/// over its range band; the first month of each year labelled. Drawn in a fixed coordinate
/// space the browser scales; colours come from CSS classes, since the CSP forbids inline styles.
fn chart_svg(history: &[Option<u32>], first_forecast: Option<Month>, months: &[MonthPlan]) -> String {
    const WIDTH: f64 = 760.0;
    const HEIGHT: f64 = 240.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 22.0;
    const TOP: f64 = 10.0;
    let count = history.len() + months.len();
    if count == 0 {
        return String::new();
    }
    let peak = history
        .iter()
        .flatten()
        .map(|&q| f64::from(q))
        .chain(months.iter().map(|m| m.high))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    // A round top for the axis: 1, 2 or 5 times a power of ten.
    let magnitude = 10f64.powf(peak.log10().floor());
    let top = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|&t| t >= peak).unwrap_or(peak);
    let plot_h = HEIGHT - BOTTOM - TOP;
    let slot = (WIDTH - LEFT) / count as f64;
    let x = |i: usize| LEFT + i as f64 * slot;
    let y = |v: f64| TOP + plot_h * (1.0 - v / top);
    let mut svg = format!(
        r#"<svg viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">"#
    );
    svg.push_str(&format!(
        r#"<line class="axis" x1="{LEFT}" y1="{b}" x2="{WIDTH}" y2="{b}"/><line class="grid" x1="{LEFT}" y1="{TOP}" x2="{WIDTH}" y2="{TOP}"/><text class="tick" x="{tx}" y="{ty}" text-anchor="end">{top}</text><text class="tick" x="{tx}" y="{b}" text-anchor="end">0</text>"#,
        b = y(0.0),
        tx = LEFT - 4.0,
        ty = TOP + 4.0,
    ));
    let start = first_forecast.map(|f| f + -(history.len() as i32));
    for (i, quantity) in history.iter().enumerate() {
        match quantity {
            Some(q) => {
                let h = plot_h * f64::from(*q) / top;
                svg.push_str(&format!(
                    r#"<rect class="bar" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}"/>"#,
                    x(i) + slot * 0.1,
                    y(0.0) - h,
                    slot * 0.8,
                    h
                ));
            }
            None => svg.push_str(&format!(
                r#"<rect class="unknown" x="{:.2}" y="{:.2}" width="{:.2}" height="4"/>"#,
                x(i) + slot * 0.1,
                y(0.0) - 4.0,
                slot * 0.8
            )),
        }
    }
    if let Some(start) = start {
        for i in 0..count {
            let month = start + i as i32;
            if month.month() == 1 {
                svg.push_str(&format!(
                    r#"<line class="grid" x1="{0:.2}" y1="{TOP}" x2="{0:.2}" y2="{1:.2}"/><text class="tick" x="{2:.2}" y="{3:.2}">{4}</text>"#,
                    x(i),
                    y(0.0),
                    x(i) + 2.0,
                    HEIGHT - 6.0,
                    month.year()
                ));
            }
        }
    }
    if !months.is_empty() {
        let centre = |h: usize| x(history.len() + h) + slot / 2.0;
        let upper: Vec<String> =
            months.iter().enumerate().map(|(h, m)| format!("{:.2},{:.2}", centre(h), y(m.high))).collect();
        let lower: Vec<String> =
            months.iter().enumerate().rev().map(|(h, m)| format!("{:.2},{:.2}", centre(h), y(m.low))).collect();
        svg.push_str(&format!(r#"<polygon class="range" points="{} {}"/>"#, upper.join(" "), lower.join(" ")));
        let line: Vec<String> =
            months.iter().enumerate().map(|(h, m)| format!("{:.2},{:.2}", centre(h), y(m.forecast))).collect();
        svg.push_str(&format!(r#"<polyline class="forecast" points="{}"/>"#, line.join(" ")));
        let divider = x(history.len());
        svg.push_str(&format!(
            r#"<line class="divider" x1="{divider:.2}" y1="{TOP}" x2="{divider:.2}" y2="{:.2}"/>"#,
            y(0.0)
        ));
    }
    svg.push_str("</svg>");
    svg
}
