//! One opportunity (商机): its form (customer, title, product, value, expected close, owner,
//! source, forecast category), MAN with the combination's code and recommended strategy, the
//! checklist of the current stage's gate, stage moves through the gate dialog, and what
//! happened: stage history with dates and days in each stage, slipped close dates, overrides.
//! A deal two synced devices changed at once is settled here, in the clash dialog of a save.

use super::{strategy, Book, MoveDialog, Moves};
use crate::domain::funnel::form::{validate, OpportunityDraft, OpportunityField};
use crate::domain::funnel::gates::{is_met, CriterionCheck};
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::query::customer_matches;
use crate::domain::funnel::stage::{is_slip, slips};
use crate::domain::merge::Mergeable;
use crate::domain::model::{ForecastCategory, FunnelStage, Id, LeadSource, Opportunity};
use crate::domain::money::{format_cny, format_int};
use crate::i18n::{args, Tr};
use crate::state::opportunities::{self, FunnelBook};
use crate::state::route::Route;
use crate::state::sync;
use crate::state::{browser, use_app, AppState, Clashed, Decision, Entity, Key, Revised, Revision, Saved, StoreError};
use crate::ui::fields::{enum_select, SelectField};
use crate::ui::kit::{
    one_per_clash, record_clash, ChangedElsewhere, ClashRow, ConflictBanners, DraftKept, FieldError, Loader, Made,
    RecordLoader, TextInput, TextKind, Wording, Write,
};
use crate::ui::labels::criterion_name;
use crate::ui::problems::order as problem_text;
use crate::ui::{format, labels};
use leptos::prelude::*;
use std::rc::Rc;

/// What the form opens with: the stored opportunity with its revision (when editing) and the
/// draft — the one kept from an earlier save that could not be made, if any.
#[derive(Clone)]
struct Loaded {
    opened: Option<Revised<Opportunity>>,
    draft: OpportunityDraft,
    kept: bool,
}

async fn load(app: AppState, id: Option<Id>) -> Result<Option<Loaded>, StoreError> {
    let opened = match id {
        Some(id) => match opportunities::opened(app, id).await? {
            Some(opened) => Some(opened),
            None => return Ok(None),
        },
        None => None,
    };
    if let Some(kept) = opportunities::kept_draft(app, id) {
        return Ok(Some(Loaded { opened: kept.opened, draft: kept.draft, kept: true }));
    }
    let draft = match &opened {
        Some(opened) => OpportunityDraft::of(&opened.record),
        None => OpportunityDraft::new(None, app.current_user.get_untracked()),
    };
    Ok(Some(Loaded { opened, draft, kept: false }))
}

#[component]
pub fn OpportunityPage(id: Option<Id>) -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load(app, id)
    });
    view! {
        <section class="page opportunity" data-testid="opportunity-page">
            <RecordLoader resource=loaded missing=Signal::derive(move || app.tr().opportunity_not_found().to_owned()) let:loaded>
                <Editor id loaded />
            </RecordLoader>
        </section>
    }
}

/// The form's state, which outlives the body drawn again after every write (another tab's
/// too): the draft, whether it was just saved, and its save.
#[derive(Clone, Copy)]
struct FormState {
    draft: RwSignal<OpportunityDraft>,
    saved: RwSignal<bool>,
    write: Write<OpportunityDraft>,
}

#[component]
fn Editor(id: Option<Id>, loaded: Loaded) -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || opportunities::book(app));
    let Loaded { opened, draft, kept } = loaded;
    let draft = RwSignal::new(draft);
    let saved = RwSignal::new(false);
    let kept = RwSignal::new(kept);
    // What the next save starts from: as opened, then as stored after each save of this form,
    // a clash the user settled, or a change made while the draft was untouched.
    let base = RwSignal::new(opened);
    let clash = RwSignal::new_local(None::<Rc<Clashed<Opportunity>>>);
    let moves = Moves::new();
    let write = Write::new(move |typed: OpportunityDraft| async move {
        let opened = base.get_untracked();
        let outcome = opportunities::save(app, opened.as_ref(), &typed).await;
        match outcome {
            Ok(Saved::Stored { record, .. }) => {
                opportunities::discard_draft(app, id);
                kept.set(false);
                if id.is_none() {
                    app.go(Route::Opportunity(record.id));
                    return Ok(());
                }
                let stored = opportunities::opened(app, record.id).await?;
                draft.set(stored.as_ref().map_or(typed, |s| OpportunityDraft::of(&s.record)));
                base.set(stored);
                saved.set(true);
                Ok(())
            }
            Ok(Saved::Clashed(clashed)) => {
                opportunities::keep_draft(app, id, opened.as_ref(), &typed);
                clash.set(Some(Rc::from(clashed)));
                Ok(())
            }
            Err(error) => {
                opportunities::keep_draft(app, id, opened.as_ref(), &typed);
                app.report(error.clone());
                Err(error)
            }
        }
    });
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let resolved = OpportunityDraft::of(&clashed.resolve(&decisions));
        base.set(Some(clashed.stored.clone()));
        draft.set(resolved.clone());
        clash.set(None);
        write.start(resolved);
    });
    // The opportunity as stored now, read again on every write (another tab's too). An untouched
    // form follows it; a touched one keeps its draft and says another window changed it.
    let current = app.watch(move || async move {
        match id {
            Some(id) => opportunities::opened(app, id).await.ok().flatten(),
            None => None,
        }
    });
    Effect::new(move |_| {
        let Some(now) = current.get().flatten() else { return };
        let untouched = base.with_untracked(|base| {
            base.as_ref().is_some_and(|b| draft.with_untracked(|d| *d == OpportunityDraft::of(&b.record)))
        });
        if untouched && !kept.get_untracked() && clash.with_untracked(Option::is_none) {
            draft.set(OpportunityDraft::of(&now.record));
            base.set(Some(now));
        }
    });
    let changed_elsewhere = Signal::derive_local(move || {
        let now = current.get().flatten()?;
        let revision = now.revision.filter(|r| !browser_written_here(r))?;
        let changed = base.with(|base| base.as_ref().is_some_and(|b| b.revision != now.revision));
        changed.then(|| {
            let tr = app.tr();
            let Made { user, time } = made_by(tr, book, Some(revision));
            tr.record_changed_elsewhere(args::RecordChangedElsewhere { user: &user, time: &time })
        })
    });
    let discard = move |_| {
        opportunities::discard_draft(app, id);
        kept.set(false);
        if let Some(stored) = current.get_untracked().flatten() {
            base.set(Some(stored));
        }
        if let Some(opened) = base.get_untracked() {
            draft.set(OpportunityDraft::of(&opened.record));
        }
    };
    let dialog = record_clash(
        clash,
        move |tr, clashed| clash_rows(tr, book, clashed),
        move |tr, revision| made_by(tr, book, revision),
        write.pending().into(),
        decide,
    );
    let form = FormState { draft, saved, write };
    // Two synced devices' versions of this deal, worded as a save's clash.
    let wording: Wording =
        Rc::new(move |tr, case| Some(one_per_clash(clash_rows(tr, book, &sync::clashed::<Opportunity>(case)?))));
    let conflicts = id.map(|id| {
        view! { <ConflictBanners records=Signal::derive(move || vec![(Entity::Opportunity, Key::Id(id))]) wording /> }
    });
    view! {
        {conflicts}
        <ChangedElsewhere message=changed_elsewhere />
        <DraftKept kept=kept on_discard=Callback::new(discard) />
        {dialog}
        <div inert=move || clash.with(Option::is_some)>
            <Loader resource=book let:book>
                <Body book=StoredValue::new_local(book) id form moves />
            </Loader>
        </div>
        <MoveDialog moves />
    }
}

/// Who made `revision` and when, in words, naming people from `book` once it is read.
fn made_by(tr: Tr, book: LocalResource<Result<Rc<FunnelBook>, StoreError>>, revision: Option<Revision>) -> Made {
    match book.get() {
        Some(Ok(book)) => made_by_in(tr, &book, revision),
        _ => Made::of(tr, revision, |_| String::new()),
    }
}

/// Whether this tab made `revision`: its own saves and moves need no banner.
fn browser_written_here(revision: &Revision) -> bool {
    browser::drawn_here(revision.rev.tag)
}

#[component]
fn Body(book: Book, id: Option<Id>, form: FormState, moves: Moves) -> impl IntoView {
    let app = use_app();
    let FormState { draft, saved, write } = form;
    let stored: Option<Opportunity> = id.and_then(|id| book.with_value(|b| b.opportunity(id).cloned()));
    let tried = RwSignal::new(false);
    let problems = Memo::new(move |_| draft.with(validate));
    let error = move |field: OpportunityField| {
        Signal::derive(move || {
            let tr = app.tr();
            problems
                .with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, e)| problem_text(tr, *e)))
                .filter(|_| tried.get())
        })
    };
    let save = move |_| {
        tried.set(true);
        if problems.with_untracked(Vec::is_empty) {
            write.start(draft.get_untracked());
        }
    };
    let owners = Signal::derive(move || {
        book.with_value(|b| b.owners().iter().map(|u| (u.id.to_string(), u.name.clone())).collect())
    });
    let categories = Signal::derive(move || {
        let tr = app.tr();
        ForecastCategory::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), labels::forecast_category(tr, *c).to_owned()))
            .collect()
    });
    let text_input = move |field: OpportunityField,
                           test_id: &'static str,
                           label: fn(Tr) -> &'static str,
                           get: fn(&OpportunityDraft) -> String,
                           set: fn(&mut OpportunityDraft, String)| {
        let value = Signal::derive(move || draft.with(get));
        let input = Callback::new(move |text: String| {
            draft.update(|d| set(d, text));
            saved.set(false);
        });
        let kind = match field {
            OpportunityField::ExpectedClose => TextKind::Date,
            OpportunityField::Value => TextKind::Decimal,
            _ => TextKind::Text,
        };
        view! { <TextInput test_id label kind no_autofill=true value input error=error(field) /> }
    };
    let heading = stored.as_ref().map(|o| o.title.clone());
    let customer_link = stored.as_ref().map(|o| {
        let name = book.with_value(|b| b.company(o.customer_id).to_owned());
        view! { <a href=Route::Customer(o.customer_id).href() data-testid="opportunity-customer">{name}</a> }
    });
    let stage_bar = stored.clone().map(|o| {
        let current = o.stage;
        let buttons = FunnelStage::ALL
            .iter()
            .map(|&stage| {
                let o = o.clone();
                let class = if stage == current { "stage-step current" } else { "stage-step" };
                view! {
                    <button class=class data-testid=format!("move-{}", stage.as_str())
                        disabled=stage == current || !current.is_open()
                        on:click=move |_| book.with_value(|b| moves.try_move(&o, stage, &b.settings))>
                        {move || labels::funnel_stage(app.tr(), stage)}
                    </button>
                }
            })
            .collect_view();
        view! { <div class="stage-bar" data-testid="stage-bar" data-stage=current.as_str()>{buttons}</div> }
    });
    view! {
        <div class="title-row">
            <h1 data-testid="opportunity-title">
                {move || heading.clone().unwrap_or_else(|| app.tr().opportunity_new().to_owned())}
            </h1>
            {customer_link}
        </div>
        {stage_bar}
        {stored.clone().map(|o| view! { <Outcome o /> })}
        <div class="opportunity-grid">
            <section class="card" data-testid="opportunity-form">
                <h2>{move || app.tr().opportunity_details()}</h2>
                <CustomerPicker book draft />
                <FieldError error=error(OpportunityField::Customer) />
                {text_input(OpportunityField::Title, "opportunity-title-input", |t| t.field_opportunity_title(),
                    |d| d.title.clone(), |d, v| d.title = v)}
                {text_input(OpportunityField::Product, "opportunity-product", |t| t.field_product(),
                    |d| d.product.clone(), |d, v| d.product = v)}
                {text_input(OpportunityField::Value, "opportunity-value", |t| t.field_value(),
                    |d| d.value.clone(), |d, v| d.value = v)}
                {text_input(OpportunityField::ExpectedClose, "opportunity-close", |t| t.field_expected_close(),
                    |d| d.expected_close.clone(), |d, v| d.expected_close = v)}
                <SelectField empty=Some(|t| t.not_set()) test_id="opportunity-owner" label=|t| t.field_owner()
                    options=owners
                    current=Signal::derive(move || draft.with(|d| d.owner.map(|c| c.to_string()).unwrap_or_default()))
                    pick=Callback::new(move |v: String| draft.update(|d| d.owner = v.parse().ok())) />
                <FieldError error=error(OpportunityField::Owner) />
                {enum_select(draft, "opportunity-source", |t| t.field_opportunity_source(), LeadSource::ALL, labels::lead_source,
                    |d| d.source, |d, v| d.source = v)}
                <SelectField empty=Some(|t| t.forecast_category_none()) test_id="opportunity-category" label=|t| t.field_forecast_category()
                    options=categories
                    current=Signal::derive(move || draft.with(|d| d.forecast_category.map(|c| c.as_str().to_owned()).unwrap_or_default()))
                    pick=Callback::new(move |v: String| draft.update(|d| d.forecast_category = ForecastCategory::parse(&v))) />
            </section>
            <section class="card" data-testid="man">
                <h2>{move || app.tr().man_title()}</h2>
                <div class="man-checks">
                    {[("money", 0usize), ("authority", 1), ("need", 2)].into_iter().map(|(name, which)| {
                        let get = move |d: &OpportunityDraft| [d.man.money, d.man.authority, d.man.need][which];
                        view! {
                            <label class="check">
                                <input type="checkbox" data-testid=format!("man-{name}")
                                    prop:checked=move || draft.with(get)
                                    on:change=move |e| {
                                        let on = event_target_checked(&e);
                                        draft.update(|d| match which {
                                            0 => d.man.money = on,
                                            1 => d.man.authority = on,
                                            _ => d.man.need = on,
                                        });
                                    } />
                                {move || match which {
                                    0 => app.tr().man_money(),
                                    1 => app.tr().man_authority(),
                                    _ => app.tr().man_need(),
                                }}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="man-combination">
                    <span class="man-code large" data-testid="man-code">{move || ManCombination::of(draft.with(|d| d.man)).code()}</span>
                    <span class="muted">{move || {
                        let tr = app.tr();
                        match ManCombination::of(draft.with(|d| d.man)).met() {
                            3 => tr.man_qualified(),
                            2 => tr.man_conditional(),
                            1 => tr.man_weak(),
                            _ => tr.man_unqualified(),
                        }
                    }}</span>
                </p>
                <p class="man-strategy" data-testid="man-strategy">
                    {move || book.with_value(|b| strategy(app.tr(), &b.settings, draft.with(|d| d.man)))}
                </p>
                // One condition missing is a case with a strategy (seed 003): recorded here as the
                // opportunity's task, it lets the opportunity leave qualification.
                <Show when=move || ManCombination::of(draft.with(|d| d.man)).met() == 2>
                    <label class="check">
                        <input type="checkbox" data-testid="man-strategy-task"
                            prop:checked=move || draft.with(|d| d.strategy_task == ManCombination::of(d.man).code())
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                draft.update(|d| {
                                    d.strategy_task = if on { ManCombination::of(d.man).code().to_owned() } else { String::new() };
                                });
                            } />
                        {move || app.tr().man_strategy_task()}
                    </label>
                    <p class="muted">{move || app.tr().man_strategy_task_hint()}</p>
                </Show>
                <GateChecklist book draft stage=stored.as_ref().map_or(FunnelStage::Identify, |o| o.stage) />
            </section>
        </div>
        <div class="actions">
            <button class="button" data-testid="save-opportunity" disabled=write.pending() on:click=save>{move || app.tr().opportunity_save()}</button>
            <Show when=move || saved.get()>
                <span class="muted" role="status" data-testid="opportunity-saved">{move || app.tr().opportunity_saved()}</span>
            </Show>
            <Show when=move || tried.get() && !problems.with(Vec::is_empty)>
                <span class="field-error" role="alert">{move || app.tr().form_has_problems(args::FormHasProblems { count: problems.with(Vec::len) })}</span>
            </Show>
        </div>
        {stored.map(|o| view! { <History book o /> })}
    }
}

/// Each clashing field of a save as the dialog shows it: named by the form's labels, valued in
/// words, people and customers named from `book`.
fn clash_rows(
    tr: Tr,
    book: LocalResource<Result<Rc<FunnelBook>, StoreError>>,
    clashed: &Clashed<Opportunity>,
) -> Vec<ClashRow> {
    let Some(Ok(book)) = book.get() else { return Vec::new() };
    let by = made_by_in(tr, &book, clashed.stored.revision);
    let rows = clashed.clashes.iter().map(|clash| {
        let (name, stored) = field_words(tr, &book, clash.field, &clashed.stored.record);
        let (_, mine) = field_words(tr, &book, clash.field, &clashed.mine);
        let is_text = Opportunity::is_text(clash.field);
        let typed = is_text.then(|| text_of(clash.field, &clashed.mine));
        ClashRow { name, stored, mine, by: by.clone(), typed }
    });
    rows.collect()
}

/// [`made_by`] with the book already read.
fn made_by_in(tr: Tr, book: &FunnelBook, revision: Option<Revision>) -> Made {
    Made::of(tr, revision, |user| book.user_name(user).to_owned())
}

/// The text of text field `field` of `o`.
fn text_of(field: &str, o: &Opportunity) -> String {
    match field {
        "title" => o.title.clone(),
        "product" => o.product.clone(),
        "lost_reason" => o.lost_reason.clone(),
        "competitor" => o.competitor.clone(),
        _ => String::new(),
    }
}

/// Field `field` of `o` (as the merge names it): its label and its value, in words.
fn field_words(tr: Tr, book: &FunnelBook, field: &str, o: &Opportunity) -> (String, String) {
    let empty = |text: String| if text.is_empty() { tr.history_empty_value().to_owned() } else { text };
    let yes_no = |met: bool| if met { tr.history_yes() } else { tr.history_no() }.to_owned();
    let (label, value) = match field {
        "customer_id" => (tr.field_company(), book.company(o.customer_id).to_owned()),
        "value" => (tr.field_value(), format_cny(o.value)),
        "owner" => (tr.field_owner(), book.user_name(o.owner).to_owned()),
        "source" => (tr.field_opportunity_source(), labels::lead_source(tr, o.source).to_owned()),
        "stage" => (tr.field_stage(), labels::funnel_stage(tr, o.stage).to_owned()),
        "man.money" => (tr.man_money(), yes_no(o.man.money)),
        "man.authority" => (tr.man_authority(), yes_no(o.man.authority)),
        "man.need" => (tr.man_need(), yes_no(o.man.need)),
        "expected_close" => {
            (tr.field_expected_close(), o.expected_close.map(|d| format::date(tr, d)).unwrap_or_default())
        }
        "forecast_category" => (
            tr.field_forecast_category(),
            o.forecast_category.map_or(tr.forecast_category_none(), |c| labels::forecast_category(tr, c)).to_owned(),
        ),
        "title" => (tr.field_opportunity_title(), o.title.clone()),
        "product" => (tr.field_product(), o.product.clone()),
        "lost_reason" => (tr.field_lost_reason(), o.lost_reason.clone()),
        "competitor" => (tr.field_competitor(), o.competitor.clone()),
        other => return (other.to_owned(), String::new()),
    };
    (label.to_owned(), empty(value))
}

/// The criteria to leave the current stage: ticked ones to tick, MAN ones read from MAN.
#[component]
fn GateChecklist(book: Book, draft: RwSignal<OpportunityDraft>, stage: FunnelStage) -> impl IntoView {
    let app = use_app();
    let criteria = book.with_value(|b| b.settings.gates.gate(stage).map(|g| g.criteria.clone()).unwrap_or_default());
    if criteria.is_empty() || !stage.is_open() {
        return ().into_any();
    }
    let items = criteria
        .into_iter()
        .map(|criterion| {
            let ticked = criterion.check == CriterionCheck::Ticked;
            let id = criterion.id.clone();
            let data_id = id.clone();
            let met = {
                let criterion = criterion.clone();
                move || {
                    draft.with(|d| {
                        let probe =
                            Opportunity { criteria_met: d.criteria_met.clone(), man: d.man, ..Opportunity::default() };
                        is_met(&probe, &criterion)
                    })
                }
            };
            view! {
                <label class="check" data-testid="gate-checklist-item" data-id=data_id>
                    <input type="checkbox" disabled=!ticked prop:checked=met
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            let id = id.clone();
                            draft.update(|d| {
                                d.criteria_met.retain(|x| *x != id);
                                if on {
                                    d.criteria_met.push(id);
                                }
                            });
                        } />
                    {move || criterion_name(app.tr(), &criterion.id)}
                </label>
            }
        })
        .collect_view();
    view! {
        <h3>{move || app.tr().gate_checklist_title(args::GateChecklistTitle { stage: labels::funnel_stage(app.tr(), stage) })}</h3>
        <div class="gate-checklist" data-testid="gate-checklist">{items}</div>
    }
    .into_any()
}

/// Won or lost: the result's facts.
#[component]
fn Outcome(o: Opportunity) -> impl IntoView {
    let app = use_app();
    match o.stage {
        FunnelStage::Lost => view! {
            <p class="outcome lost" data-testid="outcome">
                {move || app.tr().opportunity_lost_because(args::OpportunityLostBecause {
                    reason: o.lost_reason.clone(),
                    competitor: o.competitor.clone(),
                })}
            </p>
        }
        .into_any(),
        FunnelStage::Won => {
            view! { <p class="outcome won" data-testid="outcome">{move || app.tr().opportunity_won()}</p> }.into_any()
        }
        _ => ().into_any(),
    }
}

/// Stage history with dates and days in each stage, close date changes (slips marked), and
/// the overrides of unmet gates.
#[component]
fn History(book: Book, o: Opportunity) -> impl IntoView {
    let app = use_app();
    let today = book.with_value(|b| b.today);
    let stages = o
        .history
        .iter()
        .enumerate()
        .map(|(i, change)| {
            let next = o.history.get(i + 1).and_then(|c| c.date);
            let until = if change.stage.is_open() { next.or(Some(today)) } else { None };
            let days = change.date.zip(until).map(|(from, to)| to.days_since(from));
            let (stage, date) = (change.stage, change.date);
            view! {
                <li data-testid="stage-history-entry">
                    <strong>{move || labels::funnel_stage(app.tr(), stage)}</strong>
                    " "
                    <span class="muted">{move || date.map(|d| format::date(app.tr(), d)).unwrap_or_else(|| app.tr().not_recorded().to_owned())}</span>
                    {days.map(|d| view! { " · " <span class="muted">{move || app.tr().funnel_days_in_stage(args::FunnelDaysInStage { days: d })}</span> })}
                </li>
            }
        })
        .collect_view();
    let (slip_count, slip_days) = slips(&o);
    let changes = o
        .close_date_changes
        .iter()
        .map(|c| {
            let c = c.clone();
            let slip = is_slip(&c);
            view! {
                <li data-testid="close-date-change" class:slip=slip>
                    <span class="muted">{move || c.changed.map(|d| format::date(app.tr(), d)).unwrap_or_default()}</span>
                    " "
                    {move || {
                        let tr = app.tr();
                        let show = |d: Option<crate::domain::date::Date>| d.map_or_else(|| tr.not_set().to_owned(), |d| format::date(tr, d));
                        format!("{} → {}", show(c.from), show(c.to))
                    }}
                    {slip.then(|| view! { " " <span class="tag slip-tag">{move || app.tr().funnel_slipped()}</span> })}
                </li>
            }
        })
        .collect_view();
    let overrides = o
        .gate_overrides
        .iter()
        .map(|g| {
            let g = g.clone();
            let by = book.with_value(|b| b.user_name(g.by).to_owned());
            view! {
                <li data-testid="gate-override-entry">
                    {move || {
                        let tr = app.tr();
                        let unmet: Vec<String> = g.unmet.iter().map(|id| criterion_name(tr, id)).collect();
                        tr.funnel_override_text(args::FunnelOverrideText {
                            date: g.date.map(|d| format::date(tr, d)).unwrap_or_default(),
                            by: by.clone(),
                            from: labels::funnel_stage(tr, g.from),
                            to: labels::funnel_stage(tr, g.to),
                            unmet: unmet.join("、"),
                            reason: g.reason.clone(),
                        })
                    }}
                </li>
            }
        })
        .collect_view();
    let has_overrides = !o.gate_overrides.is_empty();
    let has_changes = !o.close_date_changes.is_empty();
    let value = o.value;
    view! {
        <section class="card" data-testid="opportunity-history">
            <h2>{move || app.tr().funnel_stage_history()}</h2>
            <p class="muted">{move || format_cny(value)}</p>
            <ol class="stage-history">{stages}</ol>
            <h3>{move || app.tr().funnel_close_dates()}</h3>
            <p class="muted" data-testid="slip-summary">{move || app.tr().funnel_slips(args::FunnelSlips {
                count: slip_count,
                days: slip_days,
            })}</p>
            {has_changes.then(|| view! { <ul class="close-changes">{changes}</ul> })}
            {has_overrides.then(|| view! {
                <h3>{move || app.tr().funnel_overrides()}</h3>
                <ul class="overrides">{overrides}</ul>
            })}
        </section>
    }
}

/// Customers shown under the search field at once.
const CUSTOMER_MATCHES: usize = 8;

/// The form's customer: a search field listing the customers whose name holds what is typed
/// (a workspace has thousands: no giant select); tapping one picks it, typing again un-picks.
#[component]
fn CustomerPicker(book: Book, draft: RwSignal<OpportunityDraft>) -> impl IntoView {
    let app = use_app();
    let initial = draft.with_untracked(|d| d.customer).map(|id| book.with_value(|b| b.company(id).to_owned()));
    let search = RwSignal::new(initial.unwrap_or_default());
    let choices = move || {
        if draft.with(|d| d.customer.is_some()) {
            return None;
        }
        let tr = app.tr();
        let text = search.get();
        if text.trim().is_empty() {
            return None;
        }
        let (found, total) = book.with_value(|b| {
            let (found, total) = customer_matches(&b.customers_by_name(), &text, CUSTOMER_MATCHES);
            (found.into_iter().map(|(id, name)| (id, name.to_owned())).collect::<Vec<_>>(), total)
        });
        if found.is_empty() {
            return Some(
                view! { <p class="muted" data-testid="customer-none">{tr.opportunity_customer_none()}</p> }.into_any(),
            );
        }
        let more = total - found.len();
        let items = found
            .into_iter()
            .map(|(id, name)| {
                let picked = name.clone();
                view! {
                    <li>
                        <button type="button" class="customer-option" data-testid="customer-option" on:click=move |_| {
                            search.set(picked.clone());
                            draft.update(|d| d.customer = Some(id));
                        }>{name}</button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <ul class="customer-options" role="listbox" data-testid="customer-options">{items}</ul>
            {(more > 0).then(|| view! { <p class="muted">{tr.opportunity_customer_more(args::OpportunityCustomerMore { count: format_int(more as i64) })}</p> })}
        }
        .into_any())
    };
    view! {
        <label class="field customer-picker">
            <span>{move || app.tr().field_company()}</span>
            <input type="search" data-testid="opportunity-customer-search" autocomplete="off"
                placeholder=move || app.tr().opportunity_customer_search()
                prop:value=search
                on:input=move |e| {
                    search.set(event_target_value(&e));
                    draft.update(|d| d.customer = None);
                } />
        </label>
        {choices}
    }
}
