//! The forecast (销售预测): the open funnel by stage, the band of won value per month (P10–P90
//! with the P50 line) against quota and what was actually won, the configured weighted
//! pipeline beside the calibrated forecast with how deep the history behind it is, stage
//! conversion analytics, and the backtest: pick a past date, see what the forecast would have
//! said with only what was known then, and what happened. Charts are inline SVG.

use super::breakdown::Breakdown;
use super::{Book, ForecastCard};
use crate::domain::date::{Date, Month};
use crate::domain::funnel::backtest::{relative_error, BacktestRow};
use crate::domain::funnel::quota::Period;
use crate::domain::funnel::stage::{closed_on, OPEN_STAGES};
use crate::domain::model::FunnelStage;
use crate::domain::money::{format_cny_compact, format_int, Cny, NumberStyle};
use crate::i18n::{args, Tr};
use crate::state::opportunities::{self, ForecastView};
use crate::state::use_app;
use crate::ui::kit::table::{data_table, heading, Heading};
use crate::ui::kit::Loader;
use crate::ui::{format, labels};
use leptos::prelude::*;
use std::rc::Rc;

/// Past months of actual wins shown before the forecast months.
const PAST_MONTHS: i32 = 6;

#[component]
pub fn ForecastPage() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || opportunities::book(app));
    view! {
        <section class="page wide forecast" data-testid="forecast-page">
            <h1>{move || app.tr().forecast_title()}</h1>
            <Loader resource=book let:book>
                <ForecastBody book=StoredValue::new_local(book) />
            </Loader>
        </section>
    }
}

/// Plain column headings.
fn headings(texts: &[&'static str]) -> Vec<Heading> {
    texts.iter().map(|text| heading(text)).collect()
}

fn percent(value: f64) -> String {
    format!("{:.0} %", value * 100.0)
}

#[component]
fn ForecastBody(book: Book) -> impl IntoView {
    let app = use_app();
    let figures: Rc<ForecastView> = Rc::new(book.with_value(|b| opportunities::forecast_view(b)));
    let figures = StoredValue::new_local(figures);
    let (compute_ms, deals, horizon_days) = figures.with_value(|f| (f.compute_ms, f.deals, f.horizon_days));
    let horizon = figures.with_value(|f| f.forecast.horizon);
    let open = figures.with_value(|f| f.forecast.open_deals);
    let style = move || app.locale.get().number_style();
    view! {
        <div data-testid="forecast" data-compute-ms=format!("{compute_ms:.1}") data-deals=deals.to_string()>
            <div class="forecast-summary">
                <div class="tile">
                    <span class="tile-label">{move || app.tr().forecast_calibrated(args::ForecastCalibrated { days: horizon_days })}</span>
                    <span class="tile-value" data-testid="forecast-p50">{move || format_cny_compact(horizon.calibrated.p50, style())}</span>
                    <span class="muted">{move || app.tr().forecast_range(args::ForecastRange {
                        low: format_cny_compact(horizon.calibrated.p10, style()),
                        high: format_cny_compact(horizon.calibrated.p90, style()),
                    })}</span>
                </div>
                <div class="tile">
                    <span class="tile-label">{move || app.tr().forecast_baseline()}</span>
                    <span class="tile-value" data-testid="forecast-baseline">{move || format_cny_compact(horizon.baseline, style())}</span>
                    <span class="muted">{move || app.tr().forecast_baseline_hint()}</span>
                </div>
                <div class="tile">
                    <span class="tile-label">{move || app.tr().forecast_open_deals()}</span>
                    <span class="tile-value">{format_int(open as i64)}</span>
                    <span class="muted" data-testid="forecast-time">{move || app.tr().forecast_compute_time(args::ForecastComputeTime {
                        ms: format!("{compute_ms:.0}"),
                        draws: format_int(opportunities::DRAWS as i64),
                    })}</span>
                </div>
            </div>
            <ForecastCard title=|t| t.forecast_by_month()>
                {move || band_chart(app.tr(), style(), book, figures)}
            </ForecastCard>
            <Breakdown book />
            <ForecastCard title=|t| t.forecast_funnel_by_stage()>
                {move || funnel_chart(app.tr(), style(), book)}
            </ForecastCard>
            <ForecastCard title=|t| t.forecast_history_depth()>
                {move || calibration_table(app.tr(), figures)}
            </ForecastCard>
            <ForecastCard title=|t| t.forecast_conversion()>
                {move || flow_table(app.tr(), figures)}
            </ForecastCard>
            <Backtest book />
        </div>
    }
}

/// One month of the band chart: won (actual so far), and for forecast months the band.
struct MonthPoint {
    month: Month,
    actual: Cny,
    band: Option<(f64, f64, f64, f64)>,
    quota: Option<Cny>,
}

fn band_chart(
    tr: Tr,
    style: NumberStyle,
    book: Book,
    figures: StoredValue<Rc<ForecastView>, LocalStorage>,
) -> impl IntoView {
    let points: Vec<MonthPoint> = book.with_value(|b| {
        let this_month = b.today.month_of();
        let mut won_by_month: std::collections::HashMap<Month, Cny> = std::collections::HashMap::new();
        for o in b.opportunities.iter().filter(|o| o.stage == FunnelStage::Won) {
            if let Some(day) = closed_on(o) {
                *won_by_month.entry(day.month_of()).or_default() += o.value;
            }
        }
        let mut points: Vec<MonthPoint> = (1..=PAST_MONTHS)
            .rev()
            .map(|back| {
                let month = this_month + -back;
                MonthPoint {
                    month,
                    actual: won_by_month.get(&month).copied().unwrap_or_default(),
                    band: None,
                    quota: b.settings.company_quota(Period::Month(month)),
                }
            })
            .collect();
        figures.with_value(|f| {
            for span in &f.forecast.periods {
                let Some(Period::Month(month)) = span.period else { continue };
                let base = span.won_before_cutoff.fen() as f64;
                let c = span.calibrated;
                points.push(MonthPoint {
                    month,
                    actual: span.won_before_cutoff,
                    band: Some((
                        base + c.p10.fen() as f64,
                        base + c.p50.fen() as f64,
                        base + c.p90.fen() as f64,
                        base + span.baseline.fen() as f64,
                    )),
                    quota: b.settings.company_quota(Period::Month(month)),
                });
            }
        });
        points
    });
    let (width, height, left, bottom, top) = (760.0_f64, 300.0_f64, 72.0_f64, 32.0_f64, 12.0_f64);
    let max = points
        .iter()
        .flat_map(|p| {
            [p.actual.fen() as f64, p.quota.map_or(0.0, |q| q.fen() as f64)]
                .into_iter()
                .chain(p.band.map(|(_, _, p90, base)| p90.max(base)))
        })
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    let step = (width - left) / points.len().max(1) as f64;
    let x = move |i: usize| left + step * (i as f64 + 0.5);
    let y = move |fen: f64| top + (height - top - bottom) * (1.0 - fen / max);
    let ticks = (0..=4)
        .map(|k| {
            let value = max / 1.1 * k as f64 / 4.0;
            let yy = y(value);
            view! {
                <line class="grid" x1=left x2=width y1=yy y2=yy />
                <text class="axis" x=left - 6.0 y=yy + 4.0 text-anchor="end">
                    {format_cny_compact(Cny(value as i64), style)}
                </text>
            }
        })
        .collect_view();
    let bars = points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.actual.fen() > 0)
        .map(|(i, p)| {
            let h = y(0.0) - y(p.actual.fen() as f64);
            view! { <rect class="bar-actual" data-testid="forecast-actual" x=x(i) - step * 0.3 width=step * 0.6 y=y(0.0) - h height=h /> }
        })
        .collect_view();
    let forecast: Vec<(usize, (f64, f64, f64, f64))> =
        points.iter().enumerate().filter_map(|(i, p)| p.band.map(|b| (i, b))).collect();
    let band_points: String = forecast
        .iter()
        .map(|(i, b)| format!("{:.1},{:.1}", x(*i), y(b.2)))
        .chain(forecast.iter().rev().map(|(i, b)| format!("{:.1},{:.1}", x(*i), y(b.0))))
        .collect::<Vec<_>>()
        .join(" ");
    let line = |pick: fn(&(f64, f64, f64, f64)) -> f64| {
        forecast.iter().map(|(i, b)| format!("{:.1},{:.1}", x(*i), y(pick(b)))).collect::<Vec<_>>().join(" ")
    };
    let p50 = line(|b| b.1);
    let baseline = line(|b| b.3);
    let quotas = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.quota.map(|q| (i, q)))
        .map(|(i, q)| {
            let yy = y(q.fen() as f64);
            view! { <line class="quota-line" data-testid="forecast-quota" x1=x(i) - step * 0.45 x2=x(i) + step * 0.45 y1=yy y2=yy /> }
        })
        .collect_view();
    let labels_x = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            view! {
                <text class="axis" x=x(i) y=height - 10.0 text-anchor="middle">
                    {tr.forecast_month_label(args::ForecastMonthLabel {
                        month: p.month.month(),
                        year: p.month.year() % 100,
                    })}
                </text>
            }
        })
        .collect_view();
    let dots =
        forecast.iter().map(|(i, b)| view! { <circle class="p50-dot" cx=x(*i) cy=y(b.1) r="3.5" /> }).collect_view();
    let rows = points
        .iter()
        .map(|p| {
            let money = |c: Cny| format_cny_compact(c, style);
            let band = p.band.map(|(p10, p50, p90, base)| {
                (money(Cny(p10 as i64)), money(Cny(p50 as i64)), money(Cny(p90 as i64)), money(Cny(base as i64)))
            });
            let (p10, p50, p90, base) = band.unwrap_or_default();
            view! {
                <tr data-testid="forecast-month-row">
                    <td>{tr.forecast_month_label(args::ForecastMonthLabel {
                        month: p.month.month(),
                        year: p.month.year() % 100,
                    })}</td>
                    <td>{p.quota.map(money).unwrap_or_default()}</td>
                    <td>{money(p.actual)}</td>
                    <td>{base}</td>
                    <td>{p10}</td>
                    <td><strong>{p50}</strong></td>
                    <td>{p90}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <svg class="chart band-chart" data-testid="forecast-chart" viewBox=format!("0 0 {width} {height}") role="img"
            aria-label=tr.forecast_by_month()>
            {ticks}
            {bars}
            <polygon class="band" data-testid="forecast-band" points=band_points />
            <polyline class="baseline-line" data-testid="forecast-baseline-line" points=baseline />
            <polyline class="p50-line" data-testid="forecast-p50-line" points=p50 />
            {dots}
            {quotas}
            {labels_x}
        </svg>
        <ul class="legend">
            <li><span class="swatch actual"></span>{tr.forecast_legend_actual()}</li>
            <li><span class="swatch band"></span>{tr.forecast_legend_band()}</li>
            <li><span class="swatch p50"></span>{tr.forecast_legend_p50()}</li>
            <li><span class="swatch baseline"></span>{tr.forecast_legend_baseline()}</li>
            <li><span class="swatch quota"></span>{tr.forecast_legend_quota()}</li>
        </ul>
        {data_table("numbers", None, headings(&[tr.forecast_month(), tr.forecast_quota(), tr.forecast_won(),
            tr.forecast_baseline_short(), "P10", "P50", "P90"]), rows)}
    }
}

fn funnel_chart(tr: Tr, style: NumberStyle, book: Book) -> impl IntoView {
    let stages: Vec<(FunnelStage, usize, Cny)> = book.with_value(|b| {
        OPEN_STAGES
            .iter()
            .map(|&stage| {
                let open = b.opportunities.iter().filter(|o| o.stage == stage);
                let (count, value) = open.fold((0, Cny::default()), |(n, v), o| (n + 1, v + o.value));
                (stage, count, value)
            })
            .collect()
    });
    let most = stages.iter().map(|s| s.2.fen()).max().unwrap_or(0).max(1) as f64;
    let (width, row) = (760.0_f64, 46.0_f64);
    let bars = stages
        .iter()
        .enumerate()
        .map(|(i, (stage, count, value))| {
            let w = (width * 0.95 * value.fen() as f64 / most).max(4.0);
            let yy = i as f64 * row + 4.0;
            view! {
                <rect class=format!("funnel-bar stage-{}", stage.as_str()) data-testid="funnel-bar" x=(width - w) / 2.0 y=yy width=w height=row - 8.0 rx="4" />
                <text class="funnel-label" x=width / 2.0 y=yy + row / 2.0 + 1.0 text-anchor="middle">
                    {format!("{} · {} · {}", labels::funnel_stage(tr, *stage), format_int(*count as i64), format_cny_compact(*value, style))}
                </text>
            }
        })
        .collect_view();
    view! {
        <svg class="chart funnel-chart" data-testid="funnel-chart" viewBox=format!("0 0 {width} {}", row * stages.len() as f64 + 8.0)
            role="img" aria-label=tr.forecast_funnel_by_stage()>
            {bars}
        </svg>
    }
}

fn calibration_table(tr: Tr, figures: StoredValue<Rc<ForecastView>, LocalStorage>) -> impl IntoView {
    figures.with_value(|f| {
        let cal = &f.forecast.calibration;
        let rows = cal
            .stages
            .iter()
            .map(|s| {
                let depth = if s.history_weight < 0.5 { tr.forecast_depth_thin() } else { tr.forecast_depth_solid() };
                view! {
                    <tr data-testid="calibration-row">
                        <td>{labels::funnel_stage(tr, s.stage)}</td>
                        <td>{percent(s.configured)}</td>
                        <td>{s.learned_win_rate.map(percent).unwrap_or_else(|| "—".into())}</td>
                        <td><strong>{percent(s.blended_win_rate)}</strong></td>
                        <td>{format_int(s.results as i64)}</td>
                        <td>{percent(s.history_weight)} " " <span class="muted">{depth}</span></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p class="muted">{tr.forecast_depth_hint(args::ForecastDepthHint {
                months: cal.spread_months,
                rate: format!("{:.1}", cal.new_deals_per_day),
            })}</p>
            {data_table("numbers", Some("calibration-table"), headings(&[tr.field_stage(), tr.forecast_configured(),
                tr.forecast_learned(), tr.forecast_blended(), tr.forecast_closed_deals(), tr.forecast_history_weight()]), rows)}
        }
    })
}

fn flow_table(tr: Tr, figures: StoredValue<Rc<ForecastView>, LocalStorage>) -> impl IntoView {
    figures.with_value(|f| {
        let rows = f
            .flow
            .iter()
            .map(|s| {
                let stalled_class = if s.stalled > 0 { "warn" } else { "" };
                view! {
                    <tr data-testid="flow-row">
                        <td>{labels::funnel_stage(tr, s.stage)}</td>
                        <td>{format_int(s.entered as i64)}</td>
                        <td>{format_int(s.advanced as i64)}</td>
                        <td>{format_int(s.lost as i64)}</td>
                        <td>{format_int(s.open as i64)}</td>
                        <td>{s.conversion.map(percent).unwrap_or_else(|| "—".into())}</td>
                        <td>{s.win_rate.map(percent).unwrap_or_else(|| "—".into())}</td>
                        <td>{s.median_days.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                        <td class=stalled_class>{format_int(s.stalled as i64)}
                            {s.stall_days.map(|d| view! { " " <span class="muted">{tr.forecast_stall_after(args::ForecastStallAfter { days: d })}</span> })}</td>
                    </tr>
                }
            })
            .collect_view();
        let columns = [
            tr.field_stage(),
            tr.flow_entered(),
            tr.flow_advanced(),
            tr.flow_lost(),
            tr.flow_open(),
            tr.flow_conversion(),
            tr.flow_win_rate(),
            tr.flow_median_days(),
            tr.flow_stalled(),
        ];
        data_table("numbers", Some("flow-table"), headings(&columns), rows)
    })
}

/// Pick a past date: the forecast with only what was known then, against what happened.
#[component]
fn Backtest(book: Book) -> impl IntoView {
    let app = use_app();
    let today = book.with_value(|b| b.today);
    let cutoff = RwSignal::new(today.add_days(-90).to_string());
    let horizon = RwSignal::new(90u32);
    let result = RwSignal::new(None::<BacktestRow>);
    let run = move |_| {
        let Ok(day) = Date::parse(cutoff.get_untracked().trim()) else { return };
        if day >= today {
            return;
        }
        let row = book.with_value(|b| opportunities::backtest_on(b, day, horizon.get_untracked()));
        result.set(Some(row));
    };
    let style = move || app.locale.get().number_style();
    let shown = move || {
        result.get().map(|row| {
            let tr = app.tr();
            let money = |c: Cny| format_cny_compact(c, style());
            let error = |c: Cny| relative_error(c, row.actual).map_or_else(|| "—".into(), |e| format!("{:+.0} %", e * 100.0));
            let band = row.calibrated;
            let inside = row.inside_band();
            view! {
                <p class="muted">{tr.backtest_known(args::BacktestKnown {
                    date: format::date(tr, row.cutoff),
                    results: format_int(row.known_results as i64),
                    open: format_int(row.open_deals as i64),
                    value: money(row.open_pipeline),
                })}</p>
                <table class="data-table numbers" data-testid="backtest-result">
                    <thead><tr><th></th><th>{tr.backtest_forecast()}</th><th>{tr.backtest_error()}</th></tr></thead>
                    <tbody>
                        <tr><td>{tr.forecast_baseline()}</td><td>{money(row.baseline)}</td><td>{error(row.baseline)}</td></tr>
                        <tr><td>{tr.backtest_calibrated()}</td><td data-testid="backtest-p50">{money(band.p50)} " "
                            <span class="muted">{tr.forecast_range(args::ForecastRange {
                                low: money(band.p10),
                                high: money(band.p90),
                            })}</span></td><td>{error(band.p50)}</td></tr>
                        <tr><td><strong>{tr.backtest_actual(args::BacktestActual { days: row.horizon_days })}</strong></td><td data-testid="backtest-actual"><strong>{money(row.actual)}</strong></td><td></td></tr>
                    </tbody>
                </table>
                <p data-testid="backtest-inside" class=if inside { "ok-text" } else { "warn-text" }>
                    {if inside { tr.backtest_inside() } else { tr.backtest_outside() }}
                </p>
            }
        })
    };
    view! {
        <ForecastCard test_id="backtest" title=|t| t.backtest_title() hint=|t| t.backtest_hint()>
            <div class="filter-grid">
                <label class="field">
                    <span>{move || app.tr().backtest_cutoff()}</span>
                    <input type="date" data-testid="backtest-date" prop:value=cutoff max=today.add_days(-1).to_string()
                        on:input=move |e| cutoff.set(event_target_value(&e)) />
                </label>
                <label class="field">
                    <span>{move || app.tr().backtest_horizon()}</span>
                    <select data-testid="backtest-horizon" on:change=move |e| horizon.set(event_target_value(&e).parse().unwrap_or(90))>
                        {[30u32, 60, 90].into_iter().map(|d| view! {
                            <option value=d.to_string() prop:selected=move || horizon.get() == d>{move || app.tr().backtest_days(args::BacktestDays { days: d })}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="actions">
                <button class="button" data-testid="backtest-run" on:click=run>{move || app.tr().backtest_run()}</button>
            </div>
            {shown}
        </ForecastCard>
    }
}
