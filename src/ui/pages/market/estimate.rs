//! Market sizes estimated from a national total for the filters' line, year and class: the total
//! and a share key chosen, the provinces' estimates previewed beside the typed or imported sizes
//! they keep, then written in one transaction.

use super::{market_for, source_label};
use crate::domain::market::estimate::{self, EstimateDraft, EstimateProblem, ShareKey, WeightProblem};
use crate::domain::market::view::Filter;
use crate::domain::money::format_int;
use crate::domain::region;
use crate::i18n::{args, Tr};
use crate::state::market::{self, MarketBook};
use crate::state::{use_app, StoreError};
use crate::ui::kit::table::{data_table, heading, numeric};
use crate::ui::kit::{segments, FieldError, NoCurrentUser, SaveFailure, TextInput, TextKind, Write};
use crate::ui::labels::province_name;
use crate::ui::problems;
use crate::usecases::parts::RecordCounts;
use leptos::prelude::*;
use std::rc::Rc;

fn key_name(tr: Tr, key: ShareKey) -> &'static str {
    match key {
        ShareKey::LastYear => tr.mkt_key_last_year(),
        ShareKey::Sightings => tr.mkt_key_sightings(),
        ShareKey::Typed => tr.mkt_key_typed(),
    }
}

fn problem_text(tr: Tr, problem: EstimateProblem) -> String {
    match problem {
        EstimateProblem::National(error) => problems::form(tr, error),
        EstimateProblem::EmptyKey => tr.mkt_estimate_empty_key().to_owned(),
        EstimateProblem::Weight { line, problem } => {
            let problem = match problem {
                WeightProblem::UnknownProvince => tr.mkt_weight_unknown_province().to_owned(),
                WeightProblem::NotAWeight => tr.mkt_weight_not_a_weight().to_owned(),
                WeightProblem::Duplicate { first_line } => {
                    tr.mkt_weight_duplicate(args::MktWeightDuplicate { first_line })
                }
            };
            tr.mkt_estimate_weight_line(args::MktEstimateWeightLine { line, problem })
        }
    }
}

#[component]
pub fn EstimateForm(
    filter: RwSignal<Filter>,
    book: LocalResource<Result<Rc<MarketBook>, StoreError>>,
) -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(EstimateDraft::default());
    let submitted = RwSignal::new(false);
    let saved = RwSignal::new(None::<RecordCounts>);
    // Checked and planned once per change of the draft, the filters or the stored book: the
    // preview, the button and the notices all read these.
    let checked = Memo::new(move |_| {
        let book = book.get()?.ok()?;
        let markets = book.market_records();
        let checked = draft.with(|d| d.validate(filter.get(), &markets, &book.sighting_records()));
        let planned = checked.as_ref().ok().map(|estimate| estimate::plan(estimate, filter.get(), &markets));
        Some((checked, planned))
    });
    let planned = move || checked.with(|c| c.as_ref().and_then(|(_, planned)| planned.clone()));
    let problems = move || match checked.get() {
        Some((Err(problems), _)) if submitted.get() => problems,
        _ => Vec::new(),
    };
    let national_error = Signal::derive(move || {
        problems().into_iter().find(|p| matches!(p, EstimateProblem::National(_))).map(|p| problem_text(app.tr(), p))
    });
    let weights_error = Signal::derive(move || {
        let tr = app.tr();
        let lines: Vec<String> = problems()
            .into_iter()
            .filter(|p| matches!(p, EstimateProblem::Weight { .. }))
            .map(|p| problem_text(tr, p))
            .collect();
        (!lines.is_empty()).then(|| lines.join(" "))
    });
    let empty_key = Signal::derive(move || {
        problems().contains(&EstimateProblem::EmptyKey).then(|| problem_text(app.tr(), EstimateProblem::EmptyKey))
    });
    let write = Write::new(move |(estimate, filter)| async move {
        saved.set(Some(market::save_estimates(app, estimate, filter).await?));
        submitted.set(false);
        Ok(())
    });
    let to_write = move || planned().map_or(0, |p| p.iter().filter(|p| p.kept.is_none()).count());
    let preview = move || {
        let planned = planned()?;
        let (tr, locale) = (app.tr(), app.locale.get());
        let rows = planned
            .into_iter()
            .map(|p| {
                let name =
                    region::province(&p.province).map_or(p.province.clone(), |r| province_name(locale, r).to_owned());
                let kept = p.kept.map(|(source, units)| {
                    tr.mkt_estimate_kept(args::MktEstimateKept {
                        source: source_label(tr, source),
                        units: format_int(units.into()),
                    })
                });
                view! {
                    <tr data-testid="estimate-row" data-province=p.province.clone()>
                        <th scope="row">{name}</th>
                        <td class="num">{format!("{:.1} %", p.key_share * 100.0)}</td>
                        <td class="num" data-testid="estimate-units">{format_int(p.units.into())}</td>
                        <td data-testid="estimate-kept">{kept.unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(data_table(
            "estimate-data",
            Some("estimate-table"),
            vec![
                heading(tr.field_province()),
                numeric(tr.mkt_estimate_col_key()),
                numeric(tr.mkt_estimate_col_units()),
                heading(tr.mkt_estimate_col_kept()),
            ],
            rows,
        ))
    };
    let save = move |_| {
        submitted.set(true);
        saved.set(None);
        if let Some((Ok(estimate), _)) = checked.get_untracked() {
            write.start((estimate, filter.get_untracked()));
        }
    };
    let edit = move |change: fn(&mut EstimateDraft, String)| {
        Callback::new(move |text: String| {
            saved.set(None);
            draft.update(|d| change(d, text));
        })
    };
    view! {
        <section class="card market-estimate" data-testid="market-estimate">
            <h2>{move || app.tr().mkt_estimate_title()}</h2>
            <p class="muted">{move || market_for(app.tr(), filter.get())}</p>
            <p class="muted">{move || app.tr().mkt_estimate_hint()}</p>
            <NoCurrentUser />
            <TextInput
                test_id="estimate-national"
                label=|tr| tr.mkt_estimate_national()
                kind=TextKind::Whole
                no_autofill=true
                value=Signal::derive(move || draft.with(|d| d.national.clone()))
                input=edit(|d, text| d.national = text)
                error=national_error
            />
            <div class="field">
                <span>{move || app.tr().mkt_estimate_key()}</span>
                <div class="chips" role="group">
                    {segments(draft, "estimate-key", &ShareKey::ALL, ShareKey::as_str, key_name, |d| Some(d.key), |d, key| {
                        if let Some(key) = key {
                            d.key = key;
                        }
                    })}
                </div>
            </div>
            <Show when=move || draft.with(|d| d.key == ShareKey::Typed)>
                <TextInput
                    test_id="estimate-weights"
                    label=|tr| tr.mkt_estimate_weights()
                    kind=TextKind::Long
                    no_autofill=true
                    value=Signal::derive(move || draft.with(|d| d.weights.clone()))
                    input=edit(|d, text| d.weights = text)
                    error=weights_error
                />
            </Show>
            <FieldError error=empty_key />
            {preview}
            {move || saved.get().map(|counts| {
                let text = app.tr().mkt_estimate_saved(args::MktEstimateSaved {
                    created: format_int(counts.created as i64),
                    updated: format_int(counts.updated as i64),
                });
                view! { <p class="notice saved" role="status" data-testid="estimate-saved">{text}</p> }
            })}
            <FieldError error=Signal::derive(move || (planned().is_some() && to_write() == 0).then(|| app.tr().mkt_estimate_all_kept().to_owned())) />
            <SaveFailure failure=write.failure() />
            <div class="actions">
                <button
                    type="button"
                    class="button"
                    data-testid="estimate-save"
                    disabled=move || write.pending().get() || app.current_user.get().is_none() || (planned().is_some() && to_write() == 0)
                    on:click=save
                >
                    {move || match planned() {
                        Some(_) => app.tr().mkt_estimate_save(args::MktEstimateSave { count: format_int(to_write() as i64) }),
                        None => app.tr().mkt_estimate_save_plain().to_owned(),
                    }}
                </button>
            </div>
        </section>
    }
}
