//! The parts list (#/parts): stock on hand, days of cover, demand class, ABC/XYZ and status of
//! every part, with search and filters by status and class, virtualised like the customer list
//! so 20,000 parts scroll smoothly. Also the gate every parts page shares: it shows the
//! recompute's progress until the workspace's parts are planned.

use super::link_button;
use crate::domain::model::Part;
use crate::domain::money::format_int;
use crate::domain::parts::classify::DemandClass;
use crate::domain::parts::policy::StockStatus;
use crate::i18n::{args, Tr};
use crate::state::parts::{self, PartRow, PartsBook};
use crate::state::route::Route;
use crate::state::{use_app, AppState};
use crate::ui::fields::SelectField;
use crate::ui::kit::{failed, loading, ProgressBar, SearchBox, VirtualList};
use crate::ui::labels;
use leptos::prelude::*;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// Every row has this height (px), so the rows on screen follow from the scroll position alone.
const ROW_HEIGHT: f64 = 64.0;
/// Rows rendered beyond each edge of the screen.
const OVERSCAN: usize = 6;

pub const STATUSES: [StockStatus; 5] = [
    StockStatus::StockOutRisk,
    StockStatus::BelowReorderPoint,
    StockStatus::Excess,
    StockStatus::DeadStock,
    StockStatus::Healthy,
];
const CLASSES: [DemandClass; 5] =
    [DemandClass::Smooth, DemandClass::Erratic, DemandClass::Intermittent, DemandClass::Lumpy, DemandClass::NoDemand];

/// The list's search and filters, kept while the user opens a part.
#[derive(Clone, Default, PartialEq)]
struct ListFilter {
    text: String,
    status: Option<StockStatus>,
    class: Option<DemandClass>,
}

thread_local! {
    static FILTER: RefCell<ListFilter> = RefCell::new(ListFilter::default());
}

/// The stable name of a status, for CSS classes and test ids.
pub fn status_key(status: StockStatus) -> &'static str {
    match status {
        StockStatus::DeadStock => "dead",
        StockStatus::StockOutRisk => "stock-out-risk",
        StockStatus::BelowReorderPoint => "below-reorder-point",
        StockStatus::Excess => "excess",
        StockStatus::Healthy => "healthy",
    }
}

/// Days of cover in words ("143 days", "no demand").
pub fn cover_text(tr: Tr, days: Option<f64>) -> String {
    match days {
        Some(days) => tr.parts_days_value(args::PartsDaysValue { days: format_int(days.round() as i64) }),
        None => tr.parts_cover_none().to_owned(),
    }
}

/// Shows the recompute's progress, then `content` with the planned parts.
pub fn with_book(app: AppState, content: impl Fn(Rc<PartsBook>) -> AnyView + Send + Sync + 'static) -> impl IntoView {
    let progress = RwSignal::new(None::<(usize, usize)>);
    let book = app.watch(move || async move {
        if !app.workspace_open_untracked() {
            return None;
        }
        Some(parts::book(app, move |done, total| progress.set(Some((done, total)))).await)
    });
    move || match book.get().flatten() {
        None => {
            let tr = app.tr();
            match progress.get() {
                Some((done, total)) => {
                    let label = tr.parts_computing(args::PartsComputing {
                        done: format_int(done as i64),
                        total: format_int(total as i64),
                    });
                    view! { <ProgressBar test_id="parts-computing" label done total /> }.into_any()
                }
                None => loading(),
            }
        }
        Some(Err(error)) => failed(error),
        Some(Ok(book)) => content(book),
    }
}

#[component]
pub fn Parts() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page wide" data-testid="parts">
            <div class="title-row">
                <h1>{move || app.tr().parts_title()}</h1>
                <div class="actions">
                    {link_button("secondary", "parts-machines", Route::Machines, |t| t.parts_machines_link())}
                    {link_button("secondary", "parts-import", Route::Import, |t| t.parts_import())}
                    {link_button("", "parts-reorder", Route::Reorder, |t| t.parts_reorder_link())}
                </div>
            </div>
            {with_book(app, |book| view! { <PartList book=StoredValue::new_local(book) /> }.into_any())}
        </section>
    }
}

#[component]
fn PartList(book: StoredValue<Rc<PartsBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let filter = RwSignal::new(FILTER.with_borrow(Clone::clone));
    Effect::new(move |_| {
        let current = filter.get();
        FILTER.set(current);
    });
    let total = book.with_value(|b| b.rows.len());
    let matches = Memo::new(move |_| filter.with(|f| book.with_value(|b| b.query(&f.text, f.status, f.class))));
    let shown = move || matches.with(Vec::len);
    let has_rows = Memo::new(move |_| shown() > 0);
    let statuses = Signal::derive(move || {
        let tr = app.tr();
        STATUSES.iter().map(|s| (status_key(*s).to_owned(), labels::stock_status(tr, *s).to_owned())).collect()
    });
    let classes = Signal::derive(move || {
        let tr = app.tr();
        CLASSES.iter().enumerate().map(|(i, c)| (i.to_string(), labels::demand_class(tr, *c).to_owned())).collect()
    });
    let (compute_ms, calibration) = book.with_value(|b| (b.compute_ms, b.calibration));
    view! {
        <div class="list-toolbar">
            <SearchBox
                test_id="parts-search"
                hint=|tr| tr.parts_search()
                label=|tr| tr.parts_search_label()
                value=Signal::derive(move || filter.with(|f| f.text.clone()))
                input=Callback::new(move |text| filter.update(|f| f.text = text))
            />
            <p class="muted" data-testid="parts-shown" aria-live="polite">
                {move || app.tr().parts_shown(args::PartsShown {
                    shown: format_int(shown() as i64),
                    total: format_int(total as i64),
                })}
            </p>
        </div>
        <div class="filter-grid parts-filters">
            <SelectField
                test_id="parts-filter-status"
                label=|t| t.parts_filter_status()
                options=statuses
                current=Signal::derive(move || filter.with(|f| f.status.map(status_key).unwrap_or_default().to_owned()))
                pick=Callback::new(move |key: String| {
                    filter.update(|f| f.status = STATUSES.into_iter().find(|s| status_key(*s) == key))
                })
                empty=Some(|t: Tr| t.filter_any())
            />
            <SelectField
                test_id="parts-filter-class"
                label=|t| t.parts_filter_class()
                options=classes
                current=Signal::derive(move || {
                    filter.with(|f| f.class.and_then(|c| CLASSES.iter().position(|x| *x == c)).map(|i| i.to_string()).unwrap_or_default())
                })
                pick=Callback::new(move |key: String| {
                    filter.update(|f| f.class = key.parse::<usize>().ok().and_then(|i| CLASSES.get(i)).copied())
                })
                empty=Some(|t: Tr| t.filter_any())
            />
        </div>
        <p class="muted small" data-testid="parts-recompute" data-recompute-ms=format!("{compute_ms:.1}")>
            {move || {
                app.tr().parts_recompute_note(args::PartsRecomputeNote {
                    count: format_int(total as i64),
                    ms: format_int(compute_ms.round() as i64),
                    factor: format!("{calibration:.3}"),
                })
            }}
        </p>
        {move || match has_rows.get() {
            _ if total == 0 => view! { <p class="empty-state" data-testid="parts-empty">{app.tr().parts_empty()}</p> }.into_any(),
            false => view! { <p class="muted" data-testid="parts-none">{app.tr().parts_none_match()}</p> }.into_any(),
            true => view! { <VirtualRows book matches filter /> }.into_any(),
        }}
    }
}

#[component]
fn VirtualRows(
    book: StoredValue<Rc<PartsBook>, LocalStorage>,
    matches: Memo<Vec<usize>>,
    filter: RwSignal<ListFilter>,
) -> impl IntoView {
    let app = use_app();
    // A new search starts at the top of its results.
    let restart = Callback::new(move |()| filter.track());
    let rows = move |visible: Range<usize>| {
        let tr = app.tr();
        let zh = app.locale.get() == crate::i18n::Locale::ZhCn;
        matches.with(|positions| {
            book.with_value(|b| visible.map(|row| part_row(tr, zh, &b.rows[positions[row]], row)).collect_view())
        })
    };
    let count = Signal::derive(move || matches.with(Vec::len));
    view! { <VirtualList test_id="part-list" count row_height=ROW_HEIGHT overscan=OVERSCAN restart rows /> }
}

/// A part's name in the user's language, the other one when that is empty.
pub fn part_name(zh: bool, part: &Part) -> String {
    let (first, second) = if zh { (&part.name_zh, &part.name_en) } else { (&part.name_en, &part.name_zh) };
    if first.is_empty() {
        second.clone()
    } else {
        first.clone()
    }
}

fn part_row(tr: Tr, zh: bool, row: &PartRow, position: usize) -> impl IntoView {
    let xyz = row.xyz.map_or(tr.xyz_class_none(), |x| labels::xyz_class(tr, x));
    view! {
        <a
            class="part-row"
            role="listitem"
            href=Route::Part(row.part.id).href()
            data-testid="part-row"
            data-id=row.part.id.to_string()
            data-class=format!("{:?}", row.class).to_lowercase()
            style:top=format!("{}px", position as f64 * ROW_HEIGHT)
            style:height=format!("{ROW_HEIGHT}px")
        >
            <span class="row-main">
                <strong class="part-number">{row.part.number.clone()}</strong>
                <span class="muted">{part_name(zh, &row.part)}</span>
            </span>
            <span class="part-figure" title=tr.parts_on_hand()>
                <span class="muted small">{tr.parts_on_hand()}</span>
                <span>{format_int(i64::from(row.on_hand))}</span>
            </span>
            <span class="part-figure" title=tr.parts_days_cover()>
                <span class="muted small">{tr.parts_days_cover()}</span>
                <span>{cover_text(tr, row.days_of_cover)}</span>
            </span>
            <span class="row-tags">
                <span class="tag">{labels::demand_class(tr, row.class)}</span>
                <span class="tag abc">{format!("{}{}", labels::abc_class(tr, row.abc), xyz)}</span>
            </span>
            <span class=format!("tag status-{}", status_key(row.status)) data-testid="part-status">
                {labels::stock_status(tr, row.status)}
            </span>
        </a>
    }
}
