//! Settings → Market types: which market type each province is judged by (seed 000 gives
//! examples for one product; 山东 or 河南 stay the dealer's judgement). The built-in table is the
//! default and a province set back to it keeps nothing; a customer set apart on its own form
//! keeps its type whatever this table says. The form saves from the revision it opened: another
//! window's change to other provinces merges in, one to the same province asks which to keep; a
//! table not saved yet is kept for the tab.

use crate::domain::region::{MarketType, MarketTypes, MarketTypesError, PROVINCES};
use crate::i18n::{args, Locale, Tr};
use crate::state::stored_setting::Opened;
use crate::state::{customers, use_app, Clashed};
use crate::ui::kit::{ClashRow, Made, SettingForm, SettingLoader, SettingWords};
use crate::ui::labels::{self, province_name};
use leptos::prelude::*;

const WORDS: SettingWords = SettingWords {
    saved: |tr| tr.market_types_saved(),
    failed: |tr, error| tr.market_types_failed(args::MarketTypesFailed { error }),
};

#[component]
pub fn MarketTypeSettings() -> impl IntoView {
    let app = use_app();
    view! {
        <SettingLoader load=move || customers::MARKETS.open_form(app) failed=WORDS.failed let:opened>
            <MarketTypeForm opened />
        </SettingLoader>
    }
}

/// Each province two saves set differently: its name, the stored type and mine.
fn clash_rows(tr: Tr, locale: Locale, clashed: &Clashed<MarketTypes>, by: Made) -> Vec<ClashRow> {
    let words = |table: &MarketTypes, code: &str| table.market(code).map(|m| labels::market(tr, m).to_owned());
    let row = |clash: &crate::domain::merge::Clash| {
        let code = clash.item.as_deref().unwrap_or_default();
        let name = PROVINCES.iter().find(|p| p.code == code).map_or(code, |p| province_name(locale, p)).to_owned();
        let (stored, mine) = (words(&clashed.stored.record, code), words(&clashed.mine, code));
        ClashRow {
            name,
            stored: stored.unwrap_or_default(),
            mine: mine.unwrap_or_default(),
            by: by.clone(),
            typed: None,
        }
    };
    clashed.clashes.iter().map(row).collect()
}

/// The problem of the table at province `code`, in words.
fn problem_at(tr: Tr, problems: &[MarketTypesError], code: &str) -> Option<&'static str> {
    problems.iter().find_map(|p| match p {
        MarketTypesError::Duplicate(c) if c == code => Some(tr.market_types_duplicate()),
        _ => None,
    })
}

#[component]
fn MarketTypeForm(opened: Opened<MarketTypes>) -> impl IntoView {
    let app = use_app();
    let form = SettingForm::new(&customers::MARKETS, opened, MarketTypes::clone, &WORDS);
    let SettingForm { draft: table, write, .. } = form;
    let submitted = RwSignal::new(false);
    let problems = Memo::new(move |_| if submitted.get() { table.with(MarketTypes::validate) } else { Vec::new() });
    let rows = move || {
        let (tr, locale) = (app.tr(), app.locale.get());
        PROVINCES
            .iter()
            .map(|province| {
                let code = province.code;
                let test_id = format!("market-type-{code}");
                let error = move || problems.with(|p| problem_at(app.tr(), p, code));
                let options = MarketType::ALL
                    .into_iter()
                    .map(|market| {
                        let name = labels::market(tr, market);
                        let text = if market == province.market {
                            tr.market_types_built_in(args::MarketTypesBuiltIn { market: name })
                        } else {
                            name.to_owned()
                        };
                        let selected = move || table.with(|t| t.market(code) == Some(market));
                        view! { <option value=market.as_str() prop:selected=selected>{text}</option> }
                    })
                    .collect_view();
                view! {
                    <label class="field">
                        <span>{province_name(locale, province)}</span>
                        <select
                            data-testid=test_id.clone()
                            on:change=move |e| {
                                if let Some(market) = MarketType::parse(&event_target_value(&e)) {
                                    form.edit(|t| t.set(code, market));
                                }
                            }
                        >
                            {options}
                        </select>
                        {move || error().map(|text| view! {
                            <span class="field-error" role="alert" data-testid=format!("{test_id}-error")>{text}</span>
                        })}
                    </label>
                }
            })
            .collect_view()
    };
    // Provinces this version does not know (damaged or foreign data) have no row: named here,
    // and dropped by the save.
    let unknown = move || {
        table.with(|t| {
            t.validate()
                .into_iter()
                .filter_map(|p| match p {
                    MarketTypesError::UnknownProvince(code) => Some(code),
                    MarketTypesError::Duplicate(_) => None,
                })
                .collect::<Vec<_>>()
        })
    };
    let save = move |_| {
        submitted.set(true);
        table.update(MarketTypes::drop_unknown);
        let mine = table.get_untracked();
        if mine.validate().is_empty() {
            write.start(mine);
        }
    };
    let reset = move |_| form.edit(|t| *t = MarketTypes::default());
    view! {
        {form.banners_and_dialog(move |tr, clashed, by| clash_rows(tr, app.locale.get_untracked(), clashed, by))}
        <section class="card" data-testid="market-type-settings" inert=move || form.clashing()>
            <h2>{move || app.tr().market_types_title()}</h2>
            <p class="muted">{move || app.tr().market_types_hint()}</p>
            <div class="filter-grid">{rows}</div>
            {move || {
                let codes = unknown();
                (!codes.is_empty()).then(|| view! {
                    <p class="error-text" role="alert" data-testid="market-types-unknown">
                        {app.tr().market_types_unknown(args::MarketTypesUnknown { codes: &codes.join("、") })}
                    </p>
                })
            }}
            <div class="actions">
                <button class="button" data-testid="market-types-save" disabled=write.pending() on:click=save>
                    {move || app.tr().market_types_save()}
                </button>
                <button class="button secondary" data-testid="market-types-reset" on:click=reset>
                    {move || app.tr().market_types_reset()}
                </button>
            </div>
            {form.outcome("market-types-message")}
        </section>
    }
}
