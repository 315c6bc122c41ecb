//! The sales funnel (销售漏斗): a kanban by stage whose cards are dragged across stages with
//! pointer events (mouse, pen and touch alike: the HTML drag API never fires on touch), each
//! column virtualised so thousands of cards scroll; and the same opportunities as a filtered
//! list. Dropping onto a stage whose gate criteria are unmet opens the gate dialog: tick them,
//! or override with a reason (logged); a loss asks for its reason and competitor.

use crate::domain::date::{Date, Month};
use crate::domain::funnel::gates::CriterionCheck;
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::query::{age_days, query, OpportunityFilter};
use crate::domain::funnel::settings::FunnelSettings;
use crate::domain::funnel::stage::MoveError;
use crate::domain::model::{FunnelStage, Id, Man, Opportunity};
use crate::domain::money::{format_cny_compact, format_int, Cny};
use crate::domain::region;
use crate::i18n::{args, Tr};
use crate::state::opportunities::{self, FunnelBook, MoveDecision};
use crate::state::route::Route;
use crate::state::{use_app, AppState};
use crate::ui::fields::SelectField;
use crate::ui::kit::rows;
use crate::ui::kit::Loader;
use crate::ui::labels::{criterion_name, default_strategy, province_name};
use crate::ui::{format, labels};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Every card has this height (px) plus the gap, so the cards on screen follow from the
/// column's scroll position alone.
const CARD_HEIGHT: f64 = 92.0;
/// Cards rendered beyond each edge of a column.
const OVERSCAN: usize = 4;
/// A pointer that moved less than this (px) tapped the card instead of dragging it.
const DRAG_THRESHOLD: f64 = 8.0;
/// Rows of the list view.
const ROW_HEIGHT: f64 = 64.0;

thread_local! {
    /// The filters, kept while the user opens an opportunity and comes back.
    static FILTER: std::cell::RefCell<OpportunityFilter> = std::cell::RefCell::new(OpportunityFilter::default());
}

/// The strategy shown for `man`: the user's text from Settings, else the default.
pub fn strategy(tr: Tr, settings: &FunnelSettings, man: Man) -> String {
    let combination = ManCombination::of(man);
    settings.strategy(combination).map_or_else(|| default_strategy(tr, combination).to_owned(), str::to_owned)
}

/// A stage move waiting for the user's decision in the gate dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingMove {
    pub id: Id,
    pub title: String,
    pub to: FunnelStage,
    /// The unmet criteria with how each is decided.
    pub unmet: Vec<(String, CriterionCheck)>,
    pub man: Man,
}

/// Tries to move `id` to `to`; a move the gates or a loss hold back opens the dialog instead.
pub fn try_move(
    app: AppState,
    opportunity: &Opportunity,
    to: FunnelStage,
    settings: &FunnelSettings,
    pending: RwSignal<Option<PendingMove>>,
) {
    if opportunity.stage == to || !opportunity.stage.is_open() {
        return;
    }
    let (id, title, man) = (opportunity.id, opportunity.title.clone(), opportunity.man);
    let checks: Vec<(String, CriterionCheck)> =
        settings.gates.gates.iter().flat_map(|g| g.criteria.iter().map(|c| (c.id.clone(), c.check))).collect();
    let open_dialog = move |unmet: Vec<String>| {
        let unmet = unmet
            .into_iter()
            .map(|id| {
                let check = checks.iter().find(|(c, _)| *c == id).map_or(CriterionCheck::Ticked, |(_, k)| *k);
                (id, check)
            })
            .collect();
        pending.set(Some(PendingMove { id, title: title.clone(), to, unmet, man }));
    };
    if to == FunnelStage::Lost {
        open_dialog(Vec::new());
        return;
    }
    spawn_local(async move {
        match opportunities::move_to(app, id, to, &MoveDecision::default()).await {
            Ok(Ok(())) => {}
            Ok(Err(MoveError::Blocked { unmet })) => open_dialog(unmet),
            Ok(Err(_)) => {}
            Err(error) => app.report(error),
        }
    });
}

/// The gate dialog: the unmet criteria to tick (MAN ones set MAN), or an override with a
/// reason; for a loss, its reason and the competitor.
#[component]
pub fn MoveDialog(pending: RwSignal<Option<PendingMove>>) -> impl IntoView {
    let app = use_app();
    let ticked = RwSignal::new(Vec::<String>::new());
    let reason = RwSignal::new(String::new());
    let lost_reason = RwSignal::new(String::new());
    let competitor = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    // Setting the same move again (a second answer from the store) keeps what was ticked.
    let shown = Memo::new(move |_| pending.get());
    Effect::new(move |_| {
        shown.track();
        ticked.set(Vec::new());
        reason.set(String::new());
        lost_reason.set(String::new());
        competitor.set(String::new());
        tried.set(false);
    });
    let all_ticked = move || {
        pending.with(|p| p.as_ref().is_some_and(|p| ticked.with(|t| p.unmet.iter().all(|(id, _)| t.contains(id)))))
    };
    let submit = move |override_: bool| {
        tried.set(true);
        let Some(p) = pending.get_untracked() else { return };
        let lost = p.to == FunnelStage::Lost;
        if lost
            && (lost_reason.with_untracked(|r| r.trim().is_empty())
                || competitor.with_untracked(|c| c.trim().is_empty()))
        {
            return;
        }
        if override_ && reason.with_untracked(|r| r.trim().is_empty()) {
            return;
        }
        if !lost && !override_ && !all_ticked() {
            return;
        }
        let ticks = ticked.get_untracked();
        let mut man = p.man;
        for (id, check) in &p.unmet {
            if ticks.contains(id) {
                match check {
                    CriterionCheck::Money => man.money = true,
                    CriterionCheck::Authority => man.authority = true,
                    CriterionCheck::Need => man.need = true,
                    CriterionCheck::Ticked => {}
                }
            }
        }
        let decision = MoveDecision {
            ticked: p
                .unmet
                .iter()
                .filter(|(id, c)| *c == CriterionCheck::Ticked && ticks.contains(id))
                .map(|(id, _)| id.clone())
                .collect(),
            man: Some(man),
            override_reason: override_.then(|| reason.get_untracked()),
            lost_reason: lost_reason.get_untracked(),
            competitor: competitor.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            match opportunities::move_to(app, p.id, p.to, &decision).await {
                Ok(Ok(())) => pending.set(None),
                // Criteria added in another tab meanwhile: ask again.
                Ok(Err(MoveError::Blocked { unmet })) => pending.update(|p| {
                    if let Some(p) = p {
                        p.unmet = unmet.into_iter().map(|id| (id, CriterionCheck::Ticked)).collect();
                    }
                }),
                Ok(Err(_)) => {}
                Err(error) => app.report(error),
            }
            busy.set(false);
        });
    };
    view! {
        <Show when=move || pending.with(Option::is_some)>
            <div class="dialog-backdrop">
                <div class="dialog card" role="dialog" aria-modal="true" data-testid="gate-dialog">
                    {move || {
                        let tr = app.tr();
                        let Some(p) = shown.get() else { return ().into_any() };
                        let lost = p.to == FunnelStage::Lost;
                        let heading = if lost { tr.move_lost_title().to_owned() } else { tr.move_gate_title(args::MoveGateTitle { stage: labels::funnel_stage(tr, p.to) }) };
                        let criteria = p
                            .unmet
                            .iter()
                            .map(|(id, _)| {
                                let id = id.clone();
                                let checked = id.clone();
                                view! {
                                    <label class="check" data-testid="gate-criterion" data-id=id.clone()>
                                        <input
                                            type="checkbox"
                                            prop:checked=move || ticked.with(|t| t.contains(&checked))
                                            on:change={
                                                let id = id.clone();
                                                move |event| {
                                                    let on = event_target_checked(&event);
                                                    ticked.update(|t| {
                                                        t.retain(|x| *x != id);
                                                        if on {
                                                            t.push(id.clone());
                                                        }
                                                    });
                                                }
                                            }
                                        />
                                        {criterion_name(tr, &id)}
                                    </label>
                                }
                            })
                            .collect_view();
                        view! {
                            <h2>{heading}</h2>
                            <p class="muted">{p.title.clone()}</p>
                            {(!lost).then(|| view! {
                                <p>{tr.move_gate_hint()}</p>
                                <div class="gate-criteria">{criteria}</div>
                                <div class="actions">
                                    <button class="button" data-testid="gate-move" disabled=move || busy.get() || !all_ticked()
                                        on:click=move |_| submit(false)>
                                        {tr.move_confirm()}
                                    </button>
                                </div>
                                <label class="field">
                                    <span>{tr.move_override_reason()}</span>
                                    <input type="text" data-testid="gate-override-reason" prop:value=reason
                                        on:input=move |e| reason.set(event_target_value(&e)) />
                                </label>
                                <Show when=move || tried.get() && reason.with(|r| r.trim().is_empty()) && !all_ticked()>
                                    <p class="field-error" role="alert" data-testid="gate-override-needs">{move || app.tr().move_override_needs_reason()}</p>
                                </Show>
                                <div class="actions">
                                    <button class="button secondary" data-testid="gate-override" disabled=busy
                                        on:click=move |_| submit(true)>
                                        {tr.move_override()}
                                    </button>
                                </div>
                            })}
                            {lost.then(|| view! {
                                <label class="field">
                                    <span>{tr.field_opportunity_lost_reason()}</span>
                                    <input type="text" data-testid="lost-reason" prop:value=lost_reason
                                        on:input=move |e| lost_reason.set(event_target_value(&e)) />
                                </label>
                                <label class="field">
                                    <span>{tr.field_competitor()}</span>
                                    <input type="text" data-testid="lost-competitor" prop:value=competitor
                                        on:input=move |e| competitor.set(event_target_value(&e)) />
                                </label>
                                <Show when=move || tried.get()
                                    && (lost_reason.with(|r| r.trim().is_empty()) || competitor.with(|c| c.trim().is_empty()))>
                                    <p class="field-error" role="alert">{move || app.tr().move_lost_needs()}</p>
                                </Show>
                                <div class="actions">
                                    <button class="button" data-testid="lost-confirm" disabled=busy on:click=move |_| submit(false)>
                                        {tr.move_lost_confirm()}
                                    </button>
                                </div>
                            })}
                            <div class="actions">
                                <button class="button secondary" data-testid="gate-cancel" on:click=move |_| pending.set(None)>
                                    {tr.cancel()}
                                </button>
                            </div>
                        }
                        .into_any()
                    }}
                </div>
            </div>
        </Show>
    }
}

/// Which view of the funnel a page shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Board,
    List,
}

#[component]
pub fn Funnel(view: View) -> impl IntoView {
    let app = use_app();
    let book = LocalResource::new(move || {
        app.track_workspace();
        app.revision.track();
        opportunities::book(app)
    });
    let filter = RwSignal::new(FILTER.with_borrow(Clone::clone));
    // Outlives the board, which is drawn again after every move.
    let pending = RwSignal::new(None::<PendingMove>);
    Effect::new(move |_| {
        let current = filter.get();
        FILTER.set(current);
    });
    let tab = move |target: View, route: Route, test_id: &'static str, label: fn(Tr) -> &'static str| {
        view! {
            <a class="tab" href=route.href() data-testid=test_id aria-current=(view == target).then_some("page")>
                {move || label(app.tr())}
            </a>
        }
    };
    view! {
        <section class="page wide funnel" data-testid="funnel">
            <div class="title-row">
                <h1>{move || app.tr().funnel_title()}</h1>
                <div class="tabs">
                    {tab(View::Board, Route::Funnel, "funnel-board-tab", |t| t.funnel_board())}
                    {tab(View::List, Route::FunnelList, "funnel-list-tab", |t| t.funnel_list())}
                </div>
                <div class="actions">
                    <a class="button secondary" href=Route::Forecast.href()>{move || app.tr().nav_forecast()}</a>
                    <a class="button" data-testid="new-opportunity" href=Route::NewOpportunity.href()>
                        {move || format!("+ {}", app.tr().opportunity_new())}
                    </a>
                </div>
            </div>
            <Loader resource=book let:book>
                {
                    let book = StoredValue::new_local(book);
                    view! {
                        <Filters book filter board=view == View::Board />
                        {match view {
                            View::Board => view! { <Board book filter pending /> }.into_any(),
                            View::List => view! { <List book filter /> }.into_any(),
                        }}
                    }
                    .into_any()
                }
            </Loader>
            <MoveDialog pending />
        </section>
    }
}

#[component]
fn Filters(
    book: StoredValue<Rc<FunnelBook>, LocalStorage>,
    filter: RwSignal<OpportunityFilter>,
    board: bool,
) -> impl IntoView {
    let app = use_app();
    let any = |t: Tr| t.filter_any();
    let owners: Vec<(String, String)> =
        book.with_value(|b| b.owners().iter().map(|u| (u.id.to_string(), u.name.clone())).collect());
    let products: Vec<(String, String)> =
        book.with_value(|b| b.products().iter().map(|p| (p.to_string(), p.to_string())).collect());
    let regions: Vec<String> = book.with_value(|b| b.regions().iter().map(|r| r.to_string()).collect());
    let region_options = Signal::derive(move || {
        let locale = app.locale.get();
        regions
            .iter()
            .map(|code| {
                (code.clone(), region::province(code).map_or(code.as_str(), |p| province_name(locale, p)).to_owned())
            })
            .collect()
    });
    let stages = Signal::derive(move || {
        let tr = app.tr();
        FunnelStage::ALL.iter().map(|s| (s.as_str().to_owned(), labels::funnel_stage(tr, *s).to_owned())).collect()
    });
    let ages = Signal::derive(move || {
        let tr = app.tr();
        [30, 90, 180, 365]
            .iter()
            .map(|d| (d.to_string(), tr.funnel_age_over(args::FunnelAgeOver { days: d })))
            .collect()
    });
    let active = move || {
        filter.with(|f| {
            [
                f.owner.is_some(),
                f.region.is_some(),
                f.product.is_some(),
                f.stage.is_some(),
                f.min_age_days.is_some(),
                f.close_month.is_some(),
            ]
            .iter()
            .filter(|x| **x)
            .count()
        })
    };
    view! {
        <details class="filters" open=filter.with_untracked(|f| *f != OpportunityFilter::default())>
            <summary data-testid="funnel-filters-toggle">
                {move || app.tr().filters_title()}
                <Show when=move || { active() > 0 }>
                    <span class="count-badge">{active}</span>
                </Show>
            </summary>
            <div class="filter-grid">
                <SelectField empty=Some(any) test_id="filter-owner" label=|t| t.field_owner()
                    options=Signal::derive(move || owners.clone())
                    current=Signal::derive(move || filter.with(|f| f.owner.map(|o| o.to_string()).unwrap_or_default()))
                    pick=Callback::new(move |v: String| filter.update(|f| f.owner = v.parse().ok())) />
                <SelectField empty=Some(any) test_id="filter-region" label=|t| t.field_province()
                    options=region_options
                    current=Signal::derive(move || filter.with(|f| f.region.clone().unwrap_or_default()))
                    pick=Callback::new(move |v: String| filter.update(|f| f.region = (!v.is_empty()).then_some(v))) />
                <SelectField empty=Some(any) test_id="filter-product" label=|t| t.field_product()
                    options=Signal::derive(move || products.clone())
                    current=Signal::derive(move || filter.with(|f| f.product.clone().unwrap_or_default()))
                    pick=Callback::new(move |v: String| filter.update(|f| f.product = (!v.is_empty()).then_some(v))) />
                {(!board).then(|| view! {
                    <SelectField empty=Some(any) test_id="filter-stage" label=|t| t.field_stage()
                        options=stages
                        current=Signal::derive(move || filter.with(|f| f.stage.map(|s| s.as_str().to_owned()).unwrap_or_default()))
                        pick=Callback::new(move |v: String| filter.update(|f| f.stage = FunnelStage::parse(&v))) />
                })}
                <SelectField empty=Some(any) test_id="filter-age" label=|t| t.field_age()
                    options=ages
                    current=Signal::derive(move || filter.with(|f| f.min_age_days.map(|d| d.to_string()).unwrap_or_default()))
                    pick=Callback::new(move |v: String| filter.update(|f| f.min_age_days = v.parse().ok())) />
                <label class="field">
                    <span>{move || app.tr().field_close_month()}</span>
                    <input type="month" data-testid="filter-close-month"
                        prop:value=move || filter.with(|f| f.close_month.map(month_value).unwrap_or_default())
                        on:change=move |e| {
                            let v = event_target_value(&e);
                            filter.update(|f| f.close_month = parse_month(&v));
                        } />
                </label>
            </div>
            <div class="actions">
                <button class="button secondary" data-testid="funnel-filters-clear"
                    disabled=move || active() == 0
                    on:click=move |_| filter.set(OpportunityFilter::default())>
                    {move || app.tr().filters_clear()}
                </button>
            </div>
        </details>
    }
}

fn month_value(month: Month) -> String {
    format!("{:04}-{:02}", month.year(), month.month())
}

fn parse_month(text: &str) -> Option<Month> {
    let (year, month) = text.split_once('-')?;
    let (year, month) = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month).then(|| Month::new(year, month))
}

/// The filtered opportunities' positions, in funnel order.
fn matches(book: StoredValue<Rc<FunnelBook>, LocalStorage>, filter: RwSignal<OpportunityFilter>) -> Memo<Vec<usize>> {
    Memo::new(move |_| {
        let filter = filter.get();
        book.with_value(|b| query(&b.opportunities, &filter, |customer| b.province(customer), b.today))
    })
}

/// A card being dragged: which, where the pointer went down and is now, and whether it moved
/// far enough to be a drag.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    id: Id,
    start: (f64, f64),
    at: (f64, f64),
    /// The pointer's offset inside the card, so the ghost stays under the finger.
    grab: (f64, f64),
    width: f64,
    moving: bool,
    over: Option<FunnelStage>,
}

/// The stage column under a point of the viewport.
fn stage_at(x: f64, y: f64) -> Option<FunnelStage> {
    let element = document().element_from_point(x as f32, y as f32)?;
    let column = element.closest("[data-stage]").ok()??;
    FunnelStage::parse(&column.get_attribute("data-stage")?)
}

#[component]
fn Board(
    book: StoredValue<Rc<FunnelBook>, LocalStorage>,
    filter: RwSignal<OpportunityFilter>,
    pending: RwSignal<Option<PendingMove>>,
) -> impl IntoView {
    let app = use_app();
    let matches = matches(book, filter);
    let by_stage = Memo::new(move |_| {
        matches.with(|m| {
            book.with_value(|b| {
                let mut columns: Vec<Vec<usize>> = vec![Vec::new(); FunnelStage::ALL.len()];
                for &i in m {
                    let stage = b.opportunities[i].stage;
                    columns[FunnelStage::ALL.iter().position(|s| *s == stage).unwrap_or(0)].push(i);
                }
                columns
            })
        })
    });
    let drag = RwSignal::new(None::<Drag>);
    let drop_on = move |id: Id, to: FunnelStage| {
        book.with_value(|b| {
            if let Some(o) = b.opportunity(id) {
                try_move(app, o, to, &b.settings, pending);
            }
        })
    };
    let columns = FunnelStage::ALL
        .iter()
        .enumerate()
        .map(|(column, &stage)| {
            let positions = Signal::derive(move || by_stage.with(|c| c[column].clone()));
            view! { <Column book stage positions drag drop_on=Callback::new(move |(id, to)| drop_on(id, to)) /> }
        })
        .collect_view();
    let ghost = move || {
        drag.get().filter(|d| d.moving).map(|d| {
            let title = book.with_value(|b| b.opportunity(d.id).map(|o| o.title.clone()).unwrap_or_default());
            view! {
                <div class="kanban-ghost" data-testid="drag-ghost"
                    style:width=format!("{}px", d.width)
                    style:transform=format!("translate({}px, {}px)", d.at.0 - d.grab.0, d.at.1 - d.grab.1)>
                    {title}
                </div>
            }
        })
    };
    view! {
        <p class="muted funnel-hint">{move || app.tr().funnel_drag_hint()}</p>
        <div class="kanban" data-testid="kanban" data-dragging=move || drag.with(|d| d.is_some_and(|d| d.moving)).to_string()>
            {columns}
        </div>
        {ghost}
    }
}

#[component]
fn Column(
    book: StoredValue<Rc<FunnelBook>, LocalStorage>,
    stage: FunnelStage,
    positions: Signal<Vec<usize>>,
    drag: RwSignal<Option<Drag>>,
    drop_on: Callback<(Id, FunnelStage)>,
) -> impl IntoView {
    let app = use_app();
    let scroll = RwSignal::new(0.0);
    let height = RwSignal::new(640.0);
    let body = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = body.get() {
            height.set(f64::from(el.client_height()).max(CARD_HEIGHT));
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(el) = body.try_get_untracked().flatten() {
            height.set(f64::from(el.client_height()).max(CARD_HEIGHT));
        }
    });
    // Window listeners outlive the view unless removed.
    on_cleanup(move || resize.remove());
    let total =
        move || positions.with(|p| book.with_value(|b| p.iter().map(|&i| b.opportunities[i].value).sum::<Cny>()));
    let visible = move || {
        let count = positions.with(Vec::len);
        let range = rows::on_screen(count, scroll.get(), height.get(), CARD_HEIGHT, OVERSCAN);
        positions.with(|p| range.map(|row| (row, p[row])).collect::<Vec<_>>())
    };
    let over = move || drag.with(|d| d.is_some_and(|d| d.moving && d.over == Some(stage)));
    view! {
        <section class=format!("kanban-column stage-{}", stage.as_str()) data-stage=stage.as_str()
            data-testid="kanban-column" data-drop-target=move || over().to_string()>
            <header class="kanban-head">
                <h2>{move || labels::funnel_stage(app.tr(), stage)}</h2>
                <span class="kanban-count" data-testid="column-count">{move || format_int(positions.with(Vec::len) as i64)}</span>
                <span class="muted kanban-total">{move || format_cny_compact(total(), app.locale.get().number_style())}</span>
            </header>
            <div class="kanban-body" node_ref=body on:scroll=move |e| {
                if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    scroll.set(f64::from(el.scroll_top()));
                }
            }>
                <div class="kanban-spacer" style:height=move || format!("{}px", positions.with(Vec::len) as f64 * CARD_HEIGHT)>
                    <For each=visible key=|(row, i)| (*row, *i) let((row, i))>
                        <Card book index=i row drag drop_on />
                    </For>
                </div>
            </div>
        </section>
    }
}

#[component]
fn Card(
    book: StoredValue<Rc<FunnelBook>, LocalStorage>,
    index: usize,
    row: usize,
    drag: RwSignal<Option<Drag>>,
    drop_on: Callback<(Id, FunnelStage)>,
) -> impl IntoView {
    let app = use_app();
    let (id, title, company, value, close, man, owner, open) = book.with_value(|b| {
        let o = &b.opportunities[index];
        (
            o.id,
            o.title.clone(),
            b.company(o.customer_id).to_owned(),
            o.value,
            o.expected_close,
            ManCombination::of(o.man).code(),
            b.user_name(o.owner).to_owned(),
            o.stage.is_open(),
        )
    });
    let down = move |e: web_sys::PointerEvent| {
        if !open || !e.is_primary() || e.button() > 0 {
            return;
        }
        let Some(card) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let rect = card.get_bounding_client_rect();
        let _ = card.set_pointer_capture(e.pointer_id());
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        drag.set(Some(Drag {
            id,
            start: (x, y),
            at: (x, y),
            grab: (x - rect.left(), y - rect.top()),
            width: rect.width(),
            moving: false,
            over: None,
        }));
    };
    let moved = move |e: web_sys::PointerEvent| {
        let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
        drag.update(|d| {
            if let Some(d) = d.as_mut().filter(|d| d.id == id) {
                d.at = (x, y);
                d.moving |= (x - d.start.0).hypot(y - d.start.1) > DRAG_THRESHOLD;
                if d.moving {
                    d.over = stage_at(x, y);
                }
            }
        });
    };
    let up = move |e: web_sys::PointerEvent| {
        let Some(d) = drag.get_untracked().filter(|d| d.id == id) else { return };
        drag.set(None);
        if d.moving {
            if let Some(to) = stage_at(f64::from(e.client_x()), f64::from(e.client_y())) {
                drop_on.run((id, to));
            }
        } else {
            let _ = window().location().set_hash(&Route::Opportunity(id).href());
        }
    };
    let dragged = move || drag.with(|d| d.is_some_and(|d| d.id == id && d.moving));
    view! {
        <div class="kanban-card" class:dragged=dragged role="button" tabindex="0"
            data-testid="kanban-card" data-id=id.to_string()
            style:top=format!("{}px", row as f64 * CARD_HEIGHT)
            on:pointerdown=down on:pointermove=moved on:pointerup=up
            on:pointercancel=move |_| drag.set(None)
            on:keydown=move |e| {
                if e.key() == "Enter" {
                    let _ = window().location().set_hash(&Route::Opportunity(id).href());
                }
            }>
            <strong class="card-title">{title}</strong>
            <span class="muted card-company">{company}</span>
            <span class="card-meta">
                <span class="card-value">{move || format_cny_compact(value, app.locale.get().number_style())}</span>
                <span class="man-code" title=move || app.tr().man_title()>{man}</span>
                <span class="muted">{move || close.map(|d| format::date(app.tr(), d)).unwrap_or_default()}</span>
            </span>
            <span class="muted card-owner">{owner}</span>
        </div>
    }
}

#[component]
fn List(book: StoredValue<Rc<FunnelBook>, LocalStorage>, filter: RwSignal<OpportunityFilter>) -> impl IntoView {
    let app = use_app();
    let matches = matches(book, filter);
    let list = NodeRef::<leptos::html::Div>::new();
    let (scroll_y, viewport) = rows::window_scroll();
    let total = move || matches.with(|m| book.with_value(|b| m.iter().map(|&i| b.opportunities[i].value).sum::<Cny>()));
    let visible = move || {
        let scrolled = scroll_y.get();
        let offset = scrolled - rows::document_top(list, scrolled);
        rows::on_screen(matches.with(Vec::len), offset, viewport.get(), ROW_HEIGHT, OVERSCAN)
    };
    let rows = move || {
        let tr = app.tr();
        let style = app.locale.get().number_style();
        matches.with(|m| {
            book.with_value(|b| {
                visible()
                    .map(|row| {
                        let o = &b.opportunities[m[row]];
                        list_row(tr, style, b, o, row, b.today)
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <p class="muted" data-testid="opportunities-shown">
            {move || app.tr().funnel_shown(args::FunnelShown {
                count: format_int(matches.with(Vec::len) as i64),
                value: format_cny_compact(total(), app.locale.get().number_style()),
            })}
        </p>
        <div class="virtual-list" node_ref=list role="list" data-testid="opportunity-list"
            style:height=move || format!("{}px", matches.with(Vec::len) as f64 * ROW_HEIGHT)>
            {rows}
        </div>
    }
}

fn list_row(
    tr: Tr,
    style: crate::domain::money::NumberStyle,
    book: &FunnelBook,
    o: &Opportunity,
    row: usize,
    today: Date,
) -> impl IntoView {
    let age = age_days(o, today).map(|d| tr.funnel_age_days(args::FunnelAgeDays { days: d })).unwrap_or_default();
    view! {
        <a class="opportunity-row" role="listitem" href=Route::Opportunity(o.id).href() data-testid="opportunity-row"
            data-id=o.id.to_string()
            style:top=format!("{}px", row as f64 * ROW_HEIGHT) style:height=format!("{ROW_HEIGHT}px")>
            <span class="row-main">
                <strong>{o.title.clone()}</strong>
                <span class="muted">{book.company(o.customer_id).to_owned()}</span>
            </span>
            <span class=format!("tag stage-{}", o.stage.as_str())>{labels::funnel_stage(tr, o.stage)}</span>
            <span class="row-value">{format_cny_compact(o.value, style)}</span>
            <span class="muted">{book.user_name(o.owner).to_owned()}</span>
            <span class="muted">{o.expected_close.map(|d| format::date(tr, d)).unwrap_or_default()}</span>
            <span class="muted">{age}</span>
        </a>
    }
}
