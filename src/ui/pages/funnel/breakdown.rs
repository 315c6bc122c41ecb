//! The forecast page's breakdown: per owner, region or product, the value won in a month or
//! quarter — already won plus the forecast range from today — against that group's quota, as a
//! table with a small band bar per row. Each dimension is forecast when first shown.

use super::{Book, ForecastCard};
use crate::domain::funnel::deal::Dimension;
use crate::domain::funnel::forecast::{Forecast, SpanForecast};
use crate::domain::funnel::quota::Period;
use crate::domain::money::{format_cny_compact, Cny};
use crate::i18n::{args, Tr};
use crate::state::opportunities::{self, FunnelBook};
use crate::state::use_app;
use crate::ui::labels::{period_label, region_name};
use leptos::prelude::*;
use std::rc::Rc;

/// One row: a group's won value in the period with its forecast range and quota.
struct Row {
    name: String,
    quota: Option<Cny>,
    won: Cny,
    p10: Cny,
    p50: Cny,
    p90: Cny,
}

fn rows(book: &FunnelBook, forecast: &Forecast, dimension: Dimension, period: Period, tr: Tr) -> Vec<Row> {
    let regions = book.sales_regions();
    let products = book.product_keys();
    let locale = tr.0;
    let mut rows: Vec<Row> = forecast
        .groups
        .iter()
        .filter_map(|group| {
            let span: &SpanForecast = group.periods.iter().find(|s| s.period == Some(period))?;
            let key = group.key;
            let (name, quota) = match dimension {
                Dimension::Owner => (book.user_name(key).to_owned(), book.settings.quota_of(Some(key), None, period)),
                Dimension::Region => {
                    let region = regions.get(key as usize).copied().unwrap_or_default();
                    let quota = (!region.is_empty()).then(|| book.settings.quota_of(None, Some(region), period));
                    (region_name(locale, region), quota.flatten())
                }
                Dimension::Product => (products.get(key as usize).copied().unwrap_or_default().to_owned(), None),
            };
            let won = span.won_before_cutoff;
            let band = span.calibrated;
            Some(Row { name, quota, won, p10: won + band.p10, p50: won + band.p50, p90: won + band.p90 })
        })
        .map(|row| if row.name.is_empty() { Row { name: tr.forecast_group_none().to_owned(), ..row } } else { row })
        .collect();
    rows.sort_by(|a, b| b.p50.cmp(&a.p50).then_with(|| a.name.cmp(&b.name)));
    rows
}

#[component]
pub fn Breakdown(book: Book) -> impl IntoView {
    let app = use_app();
    let dimension = RwSignal::new(Dimension::Owner);
    // Forecast per dimension once asked for: each is a full forecast with its groups.
    let cache = StoredValue::new_local(Vec::<(Dimension, Rc<Forecast>)>::new());
    let forecast_of = move |d: Dimension| -> Rc<Forecast> {
        if let Some(found) = cache.with_value(|c| c.iter().find(|(k, _)| *k == d).map(|(_, f)| f.clone())) {
            return found;
        }
        let computed = Rc::new(book.with_value(|b| opportunities::breakdown(b, d)));
        cache.update_value(|c| c.push((d, computed.clone())));
        computed
    };
    let periods: Vec<Period> = forecast_of(Dimension::Owner).periods.iter().filter_map(|s| s.period).collect();
    let first = periods.iter().copied().find(|p| matches!(p, Period::Quarter { .. })).or(periods.first().copied());
    let period = RwSignal::new(first);
    let periods = StoredValue::new(periods);
    let style = move || app.locale.get().number_style();

    let tabs = [
        (Dimension::Owner, "owner", Tr::forecast_by_owner as fn(Tr) -> &'static str),
        (Dimension::Region, "region", Tr::forecast_by_region),
        (Dimension::Product, "product", Tr::forecast_by_product),
    ]
    .into_iter()
    .map(|(d, key, label)| {
        view! {
            <button class=move || if dimension.get() == d { "button small" } else { "button secondary small" }
                data-testid=format!("breakdown-{key}") aria-pressed=move || (dimension.get() == d).to_string()
                on:click=move |_| dimension.set(d)>
                {move || label(app.tr())}
            </button>
        }
    })
    .collect_view();
    let table = move || {
        let tr = app.tr();
        let d = dimension.get();
        let p = period.get()?;
        let forecast = forecast_of(d);
        let rows = book.with_value(|b| rows(b, &forecast, d, p, tr));
        let most = rows.iter().map(|r| r.p90.max(r.quota.unwrap_or_default()).fen()).max().unwrap_or(0).max(1) as f64;
        let money = move |c: Cny| format_cny_compact(c, style());
        let (width, height) = (160.0_f64, 18.0_f64);
        let x = move |c: Cny| 2.0 + (width - 4.0) * c.fen() as f64 / most;
        let items = rows
            .iter()
            .map(|r| {
                let attained = r
                    .quota
                    .filter(|q| q.fen() > 0)
                    .map(|q| format!("{:.0} %", r.p50.fen() as f64 * 100.0 / q.fen() as f64))
                    .unwrap_or_else(|| "—".into());
                let quota_mark = r.quota.map(|q| {
                    let qx = x(q);
                    view! { <line class="quota-mark" x1=qx x2=qx y1="1" y2=height - 1.0 /> }
                });
                view! {
                    <tr data-testid="breakdown-row">
                        <td>{r.name.clone()}</td>
                        <td class="num" data-testid="breakdown-quota">{r.quota.map(money).unwrap_or_else(|| "—".into())}</td>
                        <td class="num">{money(r.won)}</td>
                        <td class="num">{money(r.p10)}</td>
                        <td class="num"><strong data-testid="breakdown-p50">{money(r.p50)}</strong></td>
                        <td class="num">{money(r.p90)}</td>
                        <td>
                            <svg class="band-bar" viewBox=format!("0 0 {width} {height}") role="img"
                                aria-label=tr.forecast_range(args::ForecastRange {
                                    low: money(r.p10),
                                    high: money(r.p90),
                                })>
                                <line class="track" x1="2" x2=width - 2.0 y1=height / 2.0 y2=height / 2.0 />
                                <rect class="band" x=x(r.p10) width=(x(r.p90) - x(r.p10)).max(2.0) y="4" height=height - 8.0 rx="2" />
                                <line class="p50-mark" x1=x(r.p50) x2=x(r.p50) y1="2" y2=height - 2.0 />
                                {quota_mark}
                            </svg>
                        </td>
                        <td class="num" data-testid="breakdown-attainment">{attained}</td>
                    </tr>
                }
            })
            .collect_view();
        let group = match d {
            Dimension::Owner => tr.field_owner(),
            Dimension::Region => tr.forecast_region(),
            Dimension::Product => tr.field_product(),
        };
        Some(view! {
            <div class="table-scroll">
                <table class="data-table breakdown" data-testid="breakdown-table" data-dimension=format!("{d:?}").to_lowercase()>
                    <thead><tr>
                        <th>{group}</th><th class="num">{tr.forecast_quota()}</th><th class="num">{tr.forecast_won()}</th>
                        <th class="num">"P10"</th><th class="num">"P50"</th><th class="num">"P90"</th><th>{tr.forecast_band_column()}</th>
                        <th class="num">{tr.forecast_attainment()}</th>
                    </tr></thead>
                    <tbody>{items}</tbody>
                </table>
            </div>
        })
    };
    view! {
        <ForecastCard test_id="forecast-breakdown" title=|t| t.forecast_breakdown() hint=|t| t.forecast_breakdown_hint()>
            <div class="breakdown-controls">
                <div class="tabs" role="group">{tabs}</div>
                <label class="field">
                    <span>{move || app.tr().quota_period()}</span>
                    <select data-testid="breakdown-period" on:change=move |e| {
                        let index: Option<usize> = event_target_value(&e).parse().ok();
                        period.set(index.and_then(|i| periods.with_value(|all| all.get(i).copied())));
                    }>
                        {move || {
                            let tr = app.tr();
                            let current = period.get();
                            periods.with_value(|all| all.iter().enumerate().map(|(i, &p)| view! {
                                <option value=i.to_string() prop:selected=Some(p) == current>{period_label(tr, p)}</option>
                            }).collect_view())
                        }}
                    </select>
                </label>
            </div>
            {table}
        </ForecastCard>
    }
}
