//! The market view (issue 23): for a product line, a year and a tonnage class, every province's
//! market size, our units (our deliveries), the competitors' units (the machines seen on site),
//! our share against the target and the rule of three and four's verdict in a sentence; the
//! province map coloured by share against the target (a tapped tile filters the table to its
//! province); a market's size typed in a small form, or estimated from a national total
//! (`estimate.rs`); the link to the importer for a file of sizes. `sighting.rs` logs machines
//! seen on site, `sightings.rs` lists them.

mod estimate;
mod map;
mod sighting;
mod sightings;

pub use sighting::SightingEdit;
pub use sightings::Sightings;

use crate::domain::fields::FormError;
use crate::domain::market::form::{MarketDraft, MarketField};
use crate::domain::market::rule::{Standing, Structure};
use crate::domain::market::settings::MarketSettings;
use crate::domain::market::size::{MarketSize, ProductLine, TonnageClass};
use crate::domain::market::view::{self, Filter, ProvinceMarket};
use crate::domain::market::SizeSource;
use crate::domain::region::{self, PROVINCES};
use crate::i18n::{args, Tr};
use crate::state::market::{self, MarketBook};
use crate::state::route::Route;
use crate::state::{browser, use_app};
use crate::ui::fields::SelectField;
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::kit::{FieldError, Loader, NoCurrentUser, SaveFailure, TextInput, TextKind, Write};
use crate::ui::labels::{self, province_name};
use crate::ui::problems;
use estimate::EstimateForm;
use leptos::prelude::*;
use map::{band_label, ProvinceMap};
use std::rc::Rc;

#[component]
pub fn MarketPage() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { market::book(app).await.map(Rc::new) });
    let this_year = browser::today().year();
    let filter = RwSignal::new(Filter { line: ProductLine::Excavator, year: this_year, tonnage: None });
    let picked = RwSignal::new(None::<&'static str>);
    view! {
        <section class="page market-page" data-testid="market">
            <div class="page-head">
                <h1>{move || app.tr().mkt_title()}</h1>
                <a class="button" href=Route::NewSighting.href() data-testid="market-log-sighting">{move || app.tr().mkt_sighting_log()}</a>
                <a class="button secondary" href=Route::Sightings.href() data-testid="market-sightings">{move || app.tr().mkt_sightings_title()}</a>
                <a class="button secondary" href=Route::Import.href() data-testid="market-import">{move || app.tr().mkt_import()}</a>
            </div>
            <p class="muted">{move || app.tr().mkt_hint()}</p>
            <Loader resource=book let:book>
                <MarketBody book filter picked this_year />
            </Loader>
            // Outside the loader, so what is typed and the saved notice outlast the redraw a save causes.
            <SizeForm filter picked />
            <EstimateForm filter book />
        </section>
    }
}

#[component]
fn MarketBody(
    book: Rc<MarketBook>,
    filter: RwSignal<Filter>,
    picked: RwSignal<Option<&'static str>>,
    this_year: i32,
) -> impl IntoView {
    let app = use_app();
    let target = book.settings.target_share;
    let years = view::years(&book.market_records(), &book.sighting_records(), &book.deliveries, this_year);
    let book = StoredValue::new_local(book);
    let provinces = Signal::derive_local(move || {
        let filter = filter.get();
        book.with_value(|b| {
            view::provinces(&b.market_records(), &b.sighting_records(), &b.deliveries, filter, &b.settings)
        })
    });
    let line_options = Signal::derive(move || {
        let tr = app.tr();
        ProductLine::ALL
            .iter()
            .map(|l| (l.as_str().to_owned(), labels::market_line(tr, *l).to_owned()))
            .collect::<Vec<_>>()
    });
    let year_options = Signal::derive(move || years.iter().map(|y| (y.to_string(), y.to_string())).collect::<Vec<_>>());
    let tonnage_options = Signal::derive(move || {
        let tr = app.tr();
        TonnageClass::ALL
            .iter()
            .map(|t| (t.as_str().to_owned(), labels::market_tonnage(tr, *t).to_owned()))
            .collect::<Vec<_>>()
    });
    let shown = move || {
        let picked = picked.get();
        provinces.with(|all| {
            all.iter()
                .filter(|p| picked.map_or_else(|| p.has_data(), |code| p.province == code))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="filters market-filters">
            <SelectField
                test_id="market-line"
                label=|tr| tr.mkt_line()
                options=line_options
                current=Signal::derive(move || filter.with(|f| f.line.as_str().to_owned()))
                pick=Callback::new(move |v: String| filter.update(|f| f.line = ProductLine::parse(&v).unwrap_or_default()))
                empty=None
            />
            <SelectField
                test_id="market-year"
                label=|tr| tr.mkt_year()
                options=year_options
                current=Signal::derive(move || filter.with(|f| f.year.to_string()))
                pick=Callback::new(move |v: String| filter.update(|f| f.year = v.parse().unwrap_or(this_year)))
                empty=None
            />
            <SelectField
                test_id="market-tonnage"
                label=|tr| tr.mkt_tonnage()
                options=tonnage_options
                current=Signal::derive(move || filter.with(|f| f.tonnage.map(|t| t.as_str().to_owned()).unwrap_or_default()))
                pick=Callback::new(move |v: String| filter.update(|f| f.tonnage = TonnageClass::parse(&v)))
                empty=Some(|tr: Tr| tr.mkt_tonnage_all())
            />
            <p class="market-target" data-testid="market-target">
                {move || app.tr().mkt_target(args::MktTarget { share: percent(target) })}
            </p>
        </div>
        <div class="market-layout">
            <ProvinceMap markets=provinces picked />
            <div class="market-table">
                <Show when=move || picked.get().is_some()>
                    <button type="button" class="button secondary" data-testid="market-all-provinces" on:click=move |_| picked.set(None)>
                        {move || app.tr().mkt_all_provinces()}
                    </button>
                </Show>
                {move || book.with_value(|b| market_table(app.tr(), shown(), &b.settings))}
            </div>
        </div>
    }
}

/// A share as a whole percentage, `25 %`.
fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

/// A ratio of shares, `4.0×`.
fn times(ratio: f64) -> String {
    format!("{ratio:.1}×")
}

/// The table of `markets`, one row per province.
fn market_table(tr: Tr, markets: Vec<ProvinceMarket>, settings: &MarketSettings) -> AnyView {
    if markets.is_empty() {
        return view! { <p class="empty-state" data-testid="market-empty">{tr.mkt_empty()}</p> }.into_any();
    }
    let rows = markets
        .into_iter()
        .map(|m| {
            let name = region::province(m.province).map(|p| province_name(tr.0, p)).unwrap_or(m.province);
            let size = m.size.map_or_else(
                || tr.mkt_no_size().to_owned(),
                |size| {
                    let units = match size {
                        MarketSize::Typed(units) => units.to_string(),
                        MarketSize::Estimated(units) => format!("≈{units:.0}"),
                    };
                    let source = m.source.map(|s| source_label(tr, s)).unwrap_or_else(|| tr.mkt_source_classes());
                    format!("{units} ({source})")
                },
            );
            let competitors = m
                .competitors
                .iter()
                .map(|c| format!("{} {}", c.brand, c.units))
                .collect::<Vec<_>>()
                .join(crate::ui::format::list_separator(tr.0));
            let share = m.share.share.filter(|_| m.size.is_some());
            let of_target = m.share.of_target.filter(|_| m.size.is_some());
            view! {
                <tr data-testid="market-row" data-province=m.province>
                    <th scope="row">{name}</th>
                    <td class="num" data-testid="market-size">{size}</td>
                    <td class="num" data-testid="market-ours">{m.share.ours}</td>
                    <td data-testid="market-competitors">{competitors}</td>
                    <td class="num" data-testid="market-share">{share.map_or_else(|| "–".to_owned(), percent)}</td>
                    <td class=format!("band band-{}", m.band.as_str()) data-testid="market-vs-target">
                        {of_target.map_or_else(|| band_label(tr, m.band).to_owned(), |r| format!("{} · {}", band_label(tr, m.band), times(r)))}
                    </td>
                    <td data-testid="market-rule">{rule_sentence(tr, &m, settings)}</td>
                </tr>
            }
        })
        .collect_view();
    data_table(
        "market-data",
        Some("market-table"),
        vec![
            heading(tr.field_province()),
            numeric(tr.mkt_col_size()),
            numeric(tr.mkt_col_ours()),
            heading(tr.mkt_col_competitors()),
            numeric(tr.mkt_col_share()),
            heading(tr.mkt_col_vs_target()),
            heading(tr.mkt_col_rule()),
        ],
        rows,
    )
    .into_any()
}

fn source_label(tr: Tr, source: SizeSource) -> &'static str {
    match source {
        SizeSource::Typed => tr.mkt_source_typed(),
        SizeSource::Imported => tr.mkt_source_imported(),
        SizeSource::Estimated => tr.mkt_source_estimated(),
    }
}

/// The rule of three and four's verdict on one market: its structure, then where we stand and
/// what the rule predicts for us.
fn rule_sentence(tr: Tr, market: &ProvinceMarket, settings: &MarketSettings) -> String {
    let rule = &market.rule;
    let structure = match rule.structure {
        Structure::TooFewPlayers { players } => tr.mkt_rule_few(args::MktRuleFew { players }),
        Structure::Stable { leader_to_third } => {
            let limit = times(settings.stable_leader_to_third);
            tr.mkt_rule_stable(args::MktRuleStable { ratio: times(leader_to_third), limit })
        }
        Structure::NotYetStable { leader_to_third } => {
            let limit = times(settings.stable_leader_to_third);
            tr.mkt_rule_unstable(args::MktRuleUnstable { ratio: times(leader_to_third), limit })
        }
    };
    let players = rule.ranking.len();
    let us = match rule.us {
        Standing::Absent => tr.mkt_us_absent().to_owned(),
        Standing::Leader { over_next: None } => tr.mkt_us_alone().to_owned(),
        Standing::Leader { over_next: Some(ratio) } => tr.mkt_us_leader(args::MktUsLeader { ratio: times(ratio) }),
        Standing::Challenger { rank, of_leader } => {
            tr.mkt_us_challenger(args::MktUsChallenger { rank, players, of_leader: percent(of_leader) })
        }
        Standing::BelowViability { rank, of_leader } => {
            let viable = percent(settings.viable_of_leader);
            tr.mkt_us_below(args::MktUsBelow { rank, players, of_leader: percent(of_leader), viable })
        }
    };
    format!("{structure} {us}")
}

/// The market the filters pick, in words: its line, year and class.
fn market_for(tr: Tr, filter: Filter) -> String {
    let class =
        filter.tonnage.map_or_else(|| tr.mkt_tonnage_all().to_owned(), |t| labels::market_tonnage(tr, t).to_owned());
    tr.mkt_size_for(args::MktSizeFor { line: labels::market_line(tr, filter.line), year: filter.year, class })
}

/// A market's size typed for the filters' line, year and class, in a province (the picked one
/// to start with).
#[component]
fn SizeForm(filter: RwSignal<Filter>, picked: RwSignal<Option<&'static str>>) -> impl IntoView {
    let app = use_app();
    let province = RwSignal::new(String::new());
    let units = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(code) = picked.get() {
            province.set(code.to_owned());
        }
    });
    let draft = move || {
        let f = filter.get();
        MarketDraft {
            province: province.get(),
            line: f.line,
            year: f.year.to_string(),
            tonnage: f.tonnage,
            units: units.get(),
        }
    };
    let submitted = RwSignal::new(false);
    let problems = Memo::new(move |_| draft().validate());
    let refused = RwSignal::new(Vec::<(MarketField, FormError)>::new());
    let saved = RwSignal::new(false);
    let write = Write::new(move |typed: MarketDraft| async move {
        match market::save_market(app, typed).await? {
            Ok(_) => {
                saved.set(true);
                units.set(String::new());
                submitted.set(false);
            }
            Err(problems) => refused.set(problems),
        }
        Ok(())
    });
    let error = move |field: MarketField| {
        Signal::derive(move || {
            let found = |list: &[(MarketField, FormError)]| list.iter().find(|(f, _)| *f == field).map(|(_, e)| *e);
            let shown = if submitted.get() { problems.with(|p| found(p)) } else { None };
            shown.or_else(|| refused.with(|r| found(r))).map(|e| problems::form(app.tr(), e))
        })
    };
    let province_options = Signal::derive(move || {
        let locale = app.locale.get();
        PROVINCES.iter().map(|p| (p.code.to_owned(), province_name(locale, p).to_owned())).collect::<Vec<_>>()
    });
    view! {
        <form
            class="card market-size-form"
            novalidate
            data-testid="market-size-form"
            on:submit=move |event| {
                event.prevent_default();
                submitted.set(true);
                saved.set(false);
                refused.set(Vec::new());
                if problems.with_untracked(Vec::is_empty) {
                    write.start(untrack(draft));
                }
            }
        >
            <h2>{move || app.tr().mkt_size_title()}</h2>
            <p class="muted">{move || market_for(app.tr(), filter.get())}</p>
            <NoCurrentUser />
            <div class="capture-row">
                <SelectField
                    test_id="market-size-province"
                    label=|tr| tr.field_province()
                    options=province_options
                    current=Signal::derive(move || province.get())
                    pick=Callback::new(move |code: String| province.set(code))
                    empty=Some(|tr: Tr| tr.mkt_province_pick())
                />
                <TextInput
                    test_id="market-size-units"
                    label=|tr| tr.mkt_size_units()
                    kind=TextKind::Whole
                    no_autofill=true
                    value=Signal::derive(move || units.get())
                    input=Callback::new(move |text: String| { saved.set(false); units.set(text) })
                    error=error(MarketField::Units)
                />
            </div>
            <FieldError error=error(MarketField::Province) />
            <FieldError error=error(MarketField::Year) />
            <Show when=move || saved.get()>
                <p class="notice saved" role="status" data-testid="market-size-saved">{move || app.tr().mkt_size_saved()}</p>
            </Show>
            <SaveFailure failure=write.failure() />
            <div class="actions">
                <button
                    type="submit"
                    class="button"
                    data-testid="market-size-save"
                    disabled=move || write.pending().get() || app.current_user.get().is_none()
                >
                    {move || app.tr().mkt_size_save()}
                </button>
            </div>
        </form>
    }
}
