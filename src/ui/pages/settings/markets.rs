//! Settings → Market types: which market type each province is judged by (seed 000 gives
//! examples for one product; 山东 or 河南 stay the dealer's judgement). The built-in table is the
//! default and a province set back to it keeps nothing; a customer set apart on its own form
//! keeps its type whatever this table says. The form saves from the revision it opened: another
//! window's change to other provinces merges in, one to the same province asks which to keep.

use crate::domain::model::{Id, User};
use crate::domain::region::{MarketType, MarketTypes, MarketTypesError, PROVINCES};
use crate::i18n::{args, Locale, Tr};
use crate::state::{browser, customers, use_app, users, Clashed, Decision, Revised, Revision, Saved};
use crate::ui::errors::error_text;
use crate::ui::kit::{record_clash, ChangedElsewhere, ClashRow, Made, Write};
use crate::ui::labels::{self, province_name};
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn MarketTypeSettings() -> impl IntoView {
    let app = use_app();
    let stored = LocalResource::new(move || {
        let open = app.workspace_open();
        async move {
            if open {
                Some(customers::opened_markets(app).await)
            } else {
                None
            }
        }
    });
    move || {
        match stored.get().flatten() {
        None => None,
        Some(Err(error)) => Some(
            view! { <p class="error-text" role="alert">{app.tr().market_types_failed(args::MarketTypesFailed { error: error_text(app.tr(), &error) })}</p> }
                .into_any(),
        ),
        Some(Ok(opened)) => Some(view! { <MarketTypeForm opened /> }.into_any()),
    }
    }
}

/// The table as stored now with the people who may have stored it, read again on every write.
type Current = LocalResource<(Option<Revised<MarketTypes>>, Rc<Vec<User>>)>;

fn made_by(tr: Tr, current: Current, revision: Option<Revision>) -> Made {
    let people = current.get().map(|(_, people)| people).unwrap_or_default();
    let name = |id: Id| people.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default();
    Made::of(tr, revision, name)
}

/// Each province two saves set differently: its name, the stored type and mine.
fn clash_rows(tr: Tr, locale: Locale, current: Current, clashed: &Clashed<MarketTypes>) -> Vec<ClashRow> {
    let by = made_by(tr, current, clashed.stored.revision);
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
fn MarketTypeForm(opened: Revised<MarketTypes>) -> impl IntoView {
    let app = use_app();
    let table = RwSignal::new(opened.record.clone());
    // What the next save starts from: as opened, then as stored after each save, a clash the
    // user settled, or a change made elsewhere while the form was untouched.
    let base = RwSignal::new(opened);
    let clash = RwSignal::new_local(None::<Rc<Clashed<MarketTypes>>>);
    let message = RwSignal::new(None::<(bool, String)>);
    let submitted = RwSignal::new(false);
    let write = Write::new(move |mine: MarketTypes| async move {
        let tr = app.tr_untracked();
        let opened = base.get_untracked();
        match customers::save_markets(app, &opened, &mine).await {
            Ok(Saved::Stored { .. }) => {
                let stored = customers::opened_markets(app).await?;
                table.set(stored.record.clone());
                base.set(stored);
                submitted.set(false);
                message.set(Some((true, tr.market_types_saved().to_owned())));
                Ok(())
            }
            Ok(Saved::Clashed(clashed)) => {
                clash.set(Some(Rc::from(clashed)));
                Ok(())
            }
            Err(error) => {
                message.set(Some((
                    false,
                    tr.market_types_failed(args::MarketTypesFailed { error: error_text(tr, &error) }),
                )));
                Err(error)
            }
        }
    });
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let resolved = clashed.resolve(&decisions);
        base.set(clashed.stored.clone());
        table.set(resolved.clone());
        clash.set(None);
        write.start(resolved);
    });
    let current: Current = app.watch(move || async move {
        let stored = customers::opened_markets(app).await.ok();
        (stored, Rc::new(users::list(app).await.unwrap_or_default()))
    });
    Effect::new(move |_| {
        let Some((Some(now), _)) = current.get() else { return };
        let untouched = base.with_untracked(|b| table.with_untracked(|t| *t == b.record));
        if untouched && clash.with_untracked(Option::is_none) {
            table.set(now.record.clone());
            base.set(now);
        }
    });
    let changed_elsewhere = Signal::derive_local(move || {
        let (now, _) = current.get()?;
        let revision = now?.revision.filter(|r| !browser::drawn_here(r.rev.tag))?;
        base.with(|b| b.revision != Some(revision)).then(|| {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, current, Some(revision));
            tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
        })
    });
    let dialog = record_clash(
        clash,
        move |tr, clashed| clash_rows(tr, app.locale.get_untracked(), current, clashed),
        move |tr, revision| made_by(tr, current, revision),
        write.pending().into(),
        decide,
    );
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
                                let picked = MarketType::parse(&event_target_value(&e));
                                message.set(None);
                                if let Some(market) = picked {
                                    table.update(|t| t.set(code, market));
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
    let reset = move |_| {
        message.set(None);
        table.set(MarketTypes::default());
    };
    view! {
        <ChangedElsewhere message=changed_elsewhere />
        {dialog}
        <section class="card" data-testid="market-type-settings" inert=move || clash.with(Option::is_some)>
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
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice ok" } else { "error-text" } role=if ok { "status" } else { "alert" } data-testid="market-types-message">{text}</p>
            })}
        </section>
    }
}
