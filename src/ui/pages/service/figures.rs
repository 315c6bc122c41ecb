//! The desk's figures: the totals over every ticket, and a table broken down by engineer, by the
//! customer's region or by the month the call came in — each with its SLA met rate, first-time
//! fixes, visits per job, working time to resolve, callbacks and satisfaction.

use super::working_time;
use crate::domain::money::format_int;
use crate::domain::region;
use crate::domain::service::figures::{engineers, figures, figures_by, Breakdown, Figures, Share};
use crate::i18n::Tr;
use crate::state::service::ServiceBook;
use crate::state::{browser, use_app};
use crate::ui::fields::SelectField;
use crate::ui::kit::table::{columns, mark, table};
use crate::ui::{format, labels};
use leptos::prelude::*;
use std::rc::Rc;

fn percent(share: Share) -> String {
    share.percent().map_or_else(|| "–".to_owned(), |p| format!("{p:.0} %"))
}

fn mean_visits(figures: &Figures) -> String {
    figures.visits.value().map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

fn resolve_time(tr: Tr, figures: &Figures) -> String {
    figures.resolve_minutes.value().map_or_else(|| "–".to_owned(), |m| working_time(tr, m.round() as i64))
}

/// The totals as tiles, each saying what it counts.
fn totals(tr: Tr, all: &Figures) -> impl IntoView {
    let tile = |key: &'static str, value: String, label: &'static str| {
        view! {
            <div class="tile" data-testid=format!("figure-{key}")>
                <span class="tile-value" data-testid="figure-value">{value}</span>
                <span class="tile-label">{label}</span>
            </div>
        }
    };
    view! {
        <div class="tiles">
            {tile("open", format_int(i64::from(all.open)), tr.figure_open())}
            {tile("sla", percent(all.sla_met), tr.figure_sla_met())}
            {tile("first-time-fix", percent(all.first_time_fix), tr.figure_first_time_fix())}
            {tile("visits", mean_visits(all), tr.figure_visits())}
            {tile("resolve", resolve_time(tr, all), tr.figure_resolve())}
            {tile("callback", percent(all.called_back), tr.figure_callback())}
            {tile("csat", percent(all.satisfied), tr.figure_csat())}
        </div>
    }
}

#[component]
pub(super) fn FiguresView(book: StoredValue<Rc<ServiceBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let breakdown = RwSignal::new(Breakdown::Engineer);
    // Worked out once: another breakdown only adds them up differently.
    let (facts, facts_ms) = book.with_value(|b| b.facts(browser::now_ms()));
    let facts = StoredValue::new_local(facts);
    let view = move || {
        let tr = app.tr();
        let by = breakdown.get();
        let started = browser::now_precise_ms();
        book.with_value(|b| facts.with_value(|facts| {
            let all = figures(facts);
            // Each group's name and figures, in the breakdown's order.
            let rows: Vec<(String, Figures)> = match by {
                Breakdown::Engineer => figures_by(&b.tickets, facts, engineers)
                    .into_iter()
                    .map(|(id, f)| (b.user_name(id).map(str::to_owned).unwrap_or_else(|| format!("#{id}")), f))
                    .collect(),
                Breakdown::Region => {
                    figures_by(&b.tickets, facts, |t| Some(b.province_of(t)))
                        .into_iter()
                        .map(|(code, f)| {
                            let name = region::province(code).map_or_else(
                                || tr.figure_no_region().to_owned(),
                                |p| labels::province_name(tr.0, p).to_owned(),
                            );
                            (name, f)
                        })
                        .collect()
                }
                Breakdown::Month => {
                    figures_by(&b.tickets, facts, |t| t.opened.map(|d| d.month_of()))
                        .into_iter()
                        .rev()
                        .map(|(month, f)| (format::month(tr, month), f))
                        .collect()
                }
            };
            let c = columns::<&(String, Figures)>();
            let columns = [
                c.text(tr.figure_group(), |(name, _)| name.clone()).row_heading(),
                c.number(tr.figure_tickets(), |(_, f)| format_int(i64::from(f.tickets))),
                c.number(tr.figure_open(), |(_, f)| format_int(i64::from(f.open))),
                c.number(tr.figure_sla_met(), |(_, f)| percent(f.sla_met)),
                c.number(tr.figure_first_time_fix(), |(_, f)| percent(f.first_time_fix)),
                c.number(tr.figure_visits(), |(_, f)| mean_visits(f)),
                c.number(tr.figure_resolve(), move |(_, f)| resolve_time(tr, f)),
                c.number(tr.figure_callback(), |(_, f)| percent(f.called_back)),
                c.number(tr.figure_csat(), |(_, f)| percent(f.satisfied)),
            ];
            let table = table("figures-table", Some("figures-table"), &columns, rows.iter(), |_| mark("figure-row"));
            let compute_ms = browser::now_precise_ms() - started;
            view! {
                <div data-testid="figures" data-facts-ms=format!("{facts_ms:.1}") data-compute-ms=format!("{compute_ms:.1}")>
                    {totals(tr, &all)}
                    {table}
                </div>
            }
        }))
    };
    view! {
        <div class="list-toolbar filters">
            <SelectField
                test_id="figures-by"
                label=|t| t.figure_breakdown()
                options=Signal::derive(move || {
                    let tr = app.tr();
                    Breakdown::ALL.iter().map(|b| (b.as_str().to_owned(), labels::breakdown(tr, *b).to_owned())).collect()
                })
                current=Signal::derive(move || breakdown.get().as_str().to_owned())
                pick=Callback::new(move |value: String| breakdown.set(Breakdown::parse(&value).unwrap_or(Breakdown::Engineer)))
                empty=None
            />
        </div>
        <p class="muted small">{move || app.tr().figure_hint()}</p>
        {view}
    }
}
