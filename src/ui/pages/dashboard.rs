//! The cockpit (issue 23): the first page answers "how are we doing". One tile per figure a
//! dealer principal runs the business by — won against quota, the quarter's forecast, pipeline
//! coverage, new opportunities and their conversion, the grade mix with the D share, churn risks,
//! overdue follow-ups, parts days of cover, stock and dead stock, the service desk's open tickets,
//! SLA met and CSAT — each judged against its
//! threshold (colour and a word), trended where the data has a previous period, and opening the
//! page it comes from. A tile whose data the workspace lacks is not shown; an empty workspace
//! points to the Demo workspace. The record counts are in Settings → Data.

use crate::domain::cockpit::judge::{CockpitSettings, Judgement, Movement, Rule, Trend, Verdict};
use crate::domain::cockpit::kpi::Coverage;
use crate::domain::grading::grade::Grade;
use crate::domain::interactions::follow_up::Scope;
use crate::domain::money::{format_cny_compact, format_int, Cny, NumberStyle};
use crate::domain::service::figures::ServiceFigures;
use crate::domain::service::figures::{Figures, Share};
use crate::i18n::{args, Tr};
use crate::state::cockpit::{self, CustomerFigures, SalesFigures, Won};
use crate::state::data;
use crate::state::route::Route;
use crate::state::workspace::Workspace;
use crate::state::{browser, interactions, use_app};
use crate::ui::kit::{failed, loading};
use crate::ui::labels;
use leptos::prelude::*;

/// One cockpit tile as drawn.
struct Tile {
    key: &'static str,
    route: Route,
    label: String,
    value: String,
    detail: Option<String>,
    /// `None`: the tile has no threshold set.
    judgement: Option<Judgement>,
    /// Whether the settings give the tile thresholds at all; a count without one shows no state.
    judged: bool,
    trend: Option<(Trend, String)>,
}

fn judgement_words(tr: Tr, judgement: Option<Judgement>) -> (&'static str, &'static str, &'static str) {
    match judgement {
        Some(Judgement::Acceptable) => ("acceptable", "✓", tr.cockpit_acceptable()),
        Some(Judgement::Warning) => ("warning", "!", tr.cockpit_warning()),
        Some(Judgement::Critical) => ("critical", "✕", tr.cockpit_critical()),
        None => ("unjudged", "–", tr.cockpit_no_threshold()),
    }
}

fn tile_view(tr: Tr, tile: Tile) -> impl IntoView {
    let (state, icon, word) = judgement_words(tr, tile.judgement);
    let trend = tile.trend.map(|(trend, previous)| {
        let (class, arrow, verdict) = match trend.verdict {
            Verdict::Better => ("better", "▲", tr.cockpit_trend_better()),
            Verdict::Worse => ("worse", "▼", tr.cockpit_trend_worse()),
            Verdict::Same => ("same", "▶", tr.cockpit_trend_same()),
        };
        let arrow = match trend.movement {
            Movement::Up => "▲",
            Movement::Down => "▼",
            Movement::Flat => arrow,
        };
        view! {
            <span class=format!("tile-trend trend-{class}") data-testid="tile-trend" data-verdict=class>
                <span aria-hidden="true">{arrow}" "</span>{verdict}" · "{previous}
            </span>
        }
    });
    view! {
        <a class=format!("tile cockpit-tile state-{state}") href=tile.route.href()
            data-testid=format!("tile-{}", tile.key) data-state=state>
            <span class="tile-label">{tile.label}</span>
            <span class="tile-value" data-testid="tile-value">{tile.value}</span>
            {tile.detail.map(|d| view! { <span class="tile-detail" data-testid="tile-detail">{d}</span> })}
            {tile.judged.then(|| view! {
                <span class="tile-state" data-testid="tile-state">
                    <span class="state-icon" aria-hidden="true">{icon}</span>" "{word}
                </span>
            })}
            {trend}
        </a>
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn won_tile(tr: Tr, style: NumberStyle, settings: &CockpitSettings, won: &Won, month: bool) -> Tile {
    let money = |c: Cny| format_cny_compact(c, style);
    let share = won.progress.map(|p| p.share);
    let detail = match won.quota {
        Some(quota) => tr.cockpit_of_quota(args::CockpitOfQuota {
            share: share.map(percent).unwrap_or_default(),
            quota: money(quota),
        }),
        None => tr.cockpit_no_quota().to_owned(),
    };
    let previous = if month {
        tr.cockpit_vs_last_month(args::CockpitVsLastMonth { amount: money(won.previous) })
    } else {
        tr.cockpit_vs_last_quarter(args::CockpitVsLastQuarter { amount: money(won.previous) })
    };
    let rule = settings.quota_attainment;
    let trend = rule.trend(Some(won.won.fen() as f64), Some(won.previous.fen() as f64), settings.flat_within);
    Tile {
        key: if month { "won-month" } else { "won-quarter" },
        route: Route::Forecast,
        label: if month { tr.cockpit_won_month() } else { tr.cockpit_won_quarter() }.to_owned(),
        value: money(won.won),
        detail: Some(detail),
        judgement: rule.judge(share),
        judged: true,
        trend: trend.map(|t| (t, previous)),
    }
}

fn sales_tiles(tr: Tr, style: NumberStyle, settings: &CockpitSettings, sales: &SalesFigures) -> Vec<Tile> {
    let money = |c: Cny| format_cny_compact(c, style);
    let mut tiles =
        vec![won_tile(tr, style, settings, &sales.month, true), won_tile(tr, style, settings, &sales.quarter, false)];
    if let Some(band) = sales.forecast {
        let expected = sales.quarter.quota.filter(|q| *q > Cny::ZERO).map(|q| band.p50.fen() as f64 / q.fen() as f64);
        tiles.push(Tile {
            key: "forecast",
            route: Route::Forecast,
            label: tr.cockpit_forecast_quarter().to_owned(),
            value: money(band.p50),
            detail: Some(tr.forecast_range(args::ForecastRange { low: money(band.p10), high: money(band.p90) })),
            judgement: settings.quota_attainment.judge(expected),
            judged: true,
            trend: None,
        });
    }
    let remaining = sales.quarter.progress.map(|p| p.remaining).unwrap_or_default();
    let (value, detail) = match sales.coverage {
        Coverage::NoQuota => (tr.cockpit_no_quota().to_owned(), None),
        Coverage::QuotaMet => (tr.cockpit_quota_met().to_owned(), None),
        Coverage::Times(times) => (
            format!("{times:.1}×"),
            Some(tr.cockpit_coverage_detail(args::CockpitCoverageDetail {
                open: money(sales.open_pipeline),
                remaining: money(remaining),
            })),
        ),
    };
    tiles.push(Tile {
        key: "coverage",
        route: Route::Funnel,
        label: tr.cockpit_coverage().to_owned(),
        value,
        detail,
        judgement: sales.coverage.judge(&settings.pipeline_coverage),
        judged: true,
        trend: None,
    });
    tiles.push(Tile {
        key: "new-opportunities",
        route: Route::Funnel,
        label: tr.cockpit_new_opportunities().to_owned(),
        value: format_int(i64::from(sales.created)),
        detail: sales.conversion.map(|c| tr.cockpit_conversion(args::CockpitConversion { share: percent(c) })),
        judgement: settings.conversion.judge(sales.conversion),
        judged: true,
        trend: None,
    });
    tiles
}

fn customer_tiles(tr: Tr, settings: &CockpitSettings, figures: &CustomerFigures) -> Vec<Tile> {
    let mut tiles = Vec::new();
    if figures.grades.iter().sum::<u32>() > 0 {
        let mix = Grade::ALL
            .iter()
            .map(|&g| {
                format!(
                    "{}\u{a0}{}",
                    labels::grade(tr, g).replace(' ', "\u{a0}"),
                    format_int(i64::from(figures.grades[g.index()]))
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        tiles.push(Tile {
            key: "d-share",
            route: Route::Grades,
            label: tr.cockpit_d_share().to_owned(),
            value: figures.d_share.map(|s| format!("{:.1}%", s * 100.0)).unwrap_or_else(|| "—".into()),
            detail: Some(mix),
            judgement: settings.d_share.judge(figures.d_share),
            judged: true,
            trend: None,
        });
    }
    tiles.push(Tile {
        key: "churn",
        route: Route::Grades,
        label: tr.cockpit_churn().to_owned(),
        value: format_int(figures.churn_risks as i64),
        detail: None,
        judgement: None,
        judged: false,
        trend: None,
    });
    tiles
}

fn stock_tiles(
    tr: Tr,
    style: NumberStyle,
    settings: &CockpitSettings,
    stock: &crate::domain::cockpit::stock::StockFigures,
) -> Vec<Tile> {
    let money = |c: Cny| format_cny_compact(c, style);
    let band = settings.days_of_cover;
    vec![
        Tile {
            key: "days-of-cover",
            route: Route::Parts,
            label: tr.cockpit_days_of_cover().to_owned(),
            value: stock.days_of_cover.map(|d| format_int(d.round() as i64)).unwrap_or_else(|| "—".into()),
            detail: Some(tr.cockpit_cover_band(args::CockpitCoverBand {
                low: format_int(band.low.round() as i64),
                high: format_int(band.high.round() as i64),
            })),
            judgement: band.judge(stock.days_of_cover),
            judged: true,
            trend: None,
        },
        Tile {
            key: "stock-value",
            route: Route::Parts,
            label: tr.cockpit_stock_value().to_owned(),
            value: money(stock.value),
            detail: None,
            judgement: settings.stock_value.judge(Some(stock.value.fen() as f64 / 100.0)),
            judged: true,
            trend: None,
        },
        Tile {
            key: "dead-stock",
            route: Route::Parts,
            label: tr.cockpit_dead_stock().to_owned(),
            value: money(stock.dead_value),
            detail: stock.dead_share.map(|s| tr.cockpit_dead_share(args::CockpitDeadShare { share: percent(s) })),
            judgement: settings.dead_stock_share.judge(stock.dead_share),
            judged: true,
            trend: None,
        },
    ]
}

/// A share as the desk's Figures tab rounds it.
fn share_text(share: Share) -> String {
    share.percent().map_or_else(|| "—".into(), |p| format!("{p:.0}%"))
}

/// Open tickets (a count, shown without a threshold like the churn risks), SLA met and CSAT, each
/// the desk's Figures tab's total, the shares trended by the tickets called in this month
/// against those of last month.
fn service_tiles(tr: Tr, settings: &CockpitSettings, figures: &ServiceFigures) -> Vec<Tile> {
    let fraction = |share: Share| share.percent().map(|p| p / 100.0);
    let share_tile =
        |key, label: &str, rule: Rule, pick: fn(&Figures) -> Share, of: fn(Tr, String, String) -> String| {
            let (all, now, before) = (pick(&figures.all), pick(&figures.this_month), pick(&figures.last_month));
            let previous = tr.cockpit_service_months(args::CockpitServiceMonths {
                now: share_text(now),
                before: share_text(before),
            });
            Tile {
                key,
                route: Route::Service,
                label: label.to_owned(),
                value: share_text(all),
                detail: Some(of(tr, format_int(i64::from(all.part)), format_int(i64::from(all.whole)))),
                judgement: rule.judge(fraction(all)),
                judged: true,
                trend: rule.trend(fraction(now), fraction(before), settings.flat_within).map(|t| (t, previous)),
            }
        };
    vec![
        Tile {
            key: "open-tickets",
            route: Route::Service,
            label: tr.figure_open().to_owned(),
            value: format_int(i64::from(figures.all.open)),
            detail: Some(tr.cockpit_service_calls(args::CockpitServiceCalls {
                now: format_int(i64::from(figures.this_month.tickets)),
                before: format_int(i64::from(figures.last_month.tickets)),
            })),
            judgement: None,
            judged: false,
            trend: None,
        },
        share_tile(
            "sla-met",
            tr.figure_sla_met(),
            settings.sla_met,
            |f| f.sla_met,
            |tr, part, whole| tr.cockpit_service_sla_of(args::CockpitServiceSlaOf { part, whole }),
        ),
        share_tile(
            "csat",
            tr.figure_csat(),
            settings.csat,
            |f| f.satisfied,
            |tr, part, whole| tr.cockpit_service_csat_of(args::CockpitServiceCsatOf { part, whole }),
        ),
    ]
}

#[component]
fn Cockpit() -> impl IntoView {
    let app = use_app();
    let settings = app.watch(move || cockpit::THRESHOLDS.read(app));
    let sales = app.watch(move || cockpit::read_sales(app));
    let customers = app.watch(move || cockpit::read_customers(app));
    let overdue = app.watch(move || {
        let scope = app.current_user.get().map_or(Scope::Everyone, Scope::Person);
        interactions::overdue_count(app, scope, browser::today())
    });
    let stock = app.watch(move || cockpit::read_stock(app));
    let service = app.watch(move || cockpit::read_service(app));
    let tiles = move || {
        let tr = app.tr();
        let style = app.locale.get().number_style();
        let settings = settings.get().and_then(Result::ok)?;
        let mut tiles = Vec::new();
        if let Some(Ok(Some(sales))) = sales.get() {
            tiles.extend(sales_tiles(tr, style, &settings, &sales));
        }
        if let Some(Ok(Some(figures))) = customers.get() {
            tiles.extend(customer_tiles(tr, &settings, &figures));
        }
        if let Some(Ok(count)) = overdue.get() {
            tiles.push(Tile {
                key: "overdue",
                route: Route::FollowUps,
                label: tr.cockpit_overdue().to_owned(),
                value: format_int(count as i64),
                detail: None,
                judgement: None,
                judged: false,
                trend: None,
            });
        }
        if let Some(Ok(Some(figures))) = stock.get() {
            tiles.extend(stock_tiles(tr, style, &settings, &figures));
        }
        if let Some(Ok(Some(figures))) = service.get() {
            tiles.extend(service_tiles(tr, &settings, &figures));
        }
        let all_read = [
            sales.get().is_some(),
            customers.get().is_some(),
            overdue.get().is_some(),
            stock.get().is_some(),
            service.get().is_some(),
        ]
        .iter()
        .all(|read| *read);
        Some(view! {
            <div class="tiles cockpit" data-testid="cockpit" data-ready=all_read.to_string()>
                {tiles.into_iter().map(|t| tile_view(tr, t)).collect_view()}
            </div>
        })
    };
    view! { {tiles} }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let app = use_app();
    // Read for the empty state only: the counts themselves are in Settings → Data.
    let counts = app.watch(move || data::counts(app));
    let body = move || match counts.get().flatten() {
        None => loading(),
        Some(Err(error)) => failed(error),
        Some(Ok(counts)) if counts.total() == 0 => view! {
            <div class="empty-state" data-testid="dashboard-ready">
                <p data-testid="empty-workspace">{move || app.tr().dashboard_empty()}</p>
                <a class="button" href=Route::Settings.href()>{move || app.tr().dashboard_go_to_demo()}</a>
            </div>
        }
        .into_any(),
        Some(Ok(_)) => view! { <div data-testid="dashboard-ready"><Cockpit /></div> }.into_any(),
    };
    view! {
        <section class="page" data-testid="dashboard">
            <h1>{move || app.tr().dashboard_title()}</h1>
            <p class="subtitle">
                {move || match app.workspace.get() {
                    Workspace::Mine => app.tr().dashboard_subtitle_mine(),
                    Workspace::Demo => app.tr().dashboard_subtitle_demo(),
                }}
            </p>
            {body}
        </section>
    }
}
