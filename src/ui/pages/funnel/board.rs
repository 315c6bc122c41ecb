//! The sales funnel (销售漏斗): a kanban by stage whose cards are dragged across stages with
//! pointer events (mouse, pen and touch alike: the HTML drag API never fires on touch), each
//! column virtualised so thousands of cards scroll; and the same opportunities as a filtered
//! list. Dropping onto a stage whose gate criteria are unmet opens the gate dialog: tick them,
//! or override with a reason (logged); a loss asks for its reason and competitor.

use super::{Book, MoveDialog, Moves};
use crate::domain::date::{Date, Month};
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::query::{age_days, query, OpportunityFilter};
use crate::domain::model::{FunnelStage, Id, Opportunity};
use crate::domain::money::{format_cny_compact, format_int, Cny};
use crate::domain::region;
use crate::i18n::{args, Tr};
use crate::state::opportunities::{self, FunnelBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::fields::SelectField;
use crate::ui::kit::{rows, Loader, VirtualList};
use crate::ui::labels::province_name;
use crate::ui::{format, labels};
use leptos::prelude::*;
use std::ops::Range;
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

/// Which view of the funnel a page shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Board,
    List,
}

#[component]
pub fn Funnel(view: View) -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || opportunities::book(app));
    let filter = RwSignal::new(FILTER.with_borrow(Clone::clone));
    let moves = Moves::new();
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
                            View::Board => view! { <Board book filter moves /> }.into_any(),
                            View::List => view! { <List book filter /> }.into_any(),
                        }}
                    }
                    .into_any()
                }
            </Loader>
            <MoveDialog moves />
        </section>
    }
}

#[component]
fn Filters(book: Book, filter: RwSignal<OpportunityFilter>, board: bool) -> impl IntoView {
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
fn matches(book: Book, filter: RwSignal<OpportunityFilter>) -> Memo<Vec<usize>> {
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
fn Board(book: Book, filter: RwSignal<OpportunityFilter>, moves: Moves) -> impl IntoView {
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
                moves.try_move(o, to, &b.settings);
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
    book: Book,
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
    book: Book,
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
            app.go(Route::Opportunity(id));
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
                    app.go(Route::Opportunity(id));
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
fn List(book: Book, filter: RwSignal<OpportunityFilter>) -> impl IntoView {
    let app = use_app();
    let matches = matches(book, filter);
    let count = Signal::derive(move || matches.with(Vec::len));
    let total = move || matches.with(|m| book.with_value(|b| m.iter().map(|&i| b.opportunities[i].value).sum::<Cny>()));
    let rows = move |visible: Range<usize>| {
        let tr = app.tr();
        let style = app.locale.get().number_style();
        matches.with(|m| {
            book.with_value(|b| {
                visible
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
        <VirtualList test_id="opportunity-list" count row_height=ROW_HEIGHT overscan=OVERSCAN rows />
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
