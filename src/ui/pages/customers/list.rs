//! The customer list: search as you type, a filter for every classification dimension, sort,
//! and a virtualised list that renders only the rows on screen, so 10,000 customers scroll and
//! search as smoothly as 100.

use super::dotted;
use crate::domain::customers::query::{CustomerFilter, SortKey};
use crate::domain::customers::saved_filters::{check_name, NameProblem, SavedFilter, MAX_NAME};
use crate::domain::grading::grade::Grade;
use crate::domain::model::{Application, BuyerRole, Concern, Customer, CustomerType, Id, Lifecycle};
use crate::domain::money::format_int;
use crate::domain::region::{self, MarketType, PROVINCES};
use crate::i18n::{args, Locale, Tr};
use crate::state::customers::{self, CustomerBook};
use crate::state::grades;
use crate::state::route::Route;
use crate::state::{saved_filters, use_app};
use crate::ui::errors::error_text;
use crate::ui::fields::SelectField;
use crate::ui::kit::{Loader, SearchBox, VirtualList, Write};
use crate::ui::labels::{self, province_name};
use leptos::prelude::*;
use std::ops::Range;
use std::rc::Rc;

/// Every row has this height (px), so the rows on screen follow from the scroll position alone.
/// Positions are set through the CSSOM (`style:`), which the CSP allows, unlike `style` attributes.
const ROW_HEIGHT: f64 = 76.0;
/// Rows rendered beyond each edge of the screen, so fast flicks never show a gap.
const OVERSCAN: usize = 6;

#[component]
pub fn Customers() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || {
        app.locale.track();
        customers::book(app)
    });
    view! {
        <section class="page wide" data-testid="customers">
            <div class="title-row">
                <h1>{move || app.tr().customers_title()}</h1>
                <div class="actions">
                    <a class="button secondary" data-testid="import-customers" href=Route::Import.href()>
                        {move || app.tr().customers_import()}
                    </a>
                    <a class="button" data-testid="new-customer" href=Route::NewCustomer.href()>
                        {move || format!("+ {}", app.tr().customers_new())}
                    </a>
                </div>
            </div>
            <Loader resource=book let:book>
                <CustomerList book=StoredValue::new_local(book) />
            </Loader>
        </section>
    }
}

#[component]
fn CustomerList(book: StoredValue<Rc<CustomerBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let total = book.with_value(|b| b.customers.len());
    // Computed after the list shows, so a large base is searchable before its grades are ready.
    let grade_book = LocalResource::new(move || grades::book(app));
    let grades = Memo::new(move |_| match grade_book.get() {
        Some(Ok(grade_book)) => book.with_value(|b| b.grades(&grade_book)),
        _ => Vec::new(),
    });
    let matches = Memo::new(move |_| {
        let filter = app.customer_filter.get();
        let sort = app.customer_sort.get();
        grades.with(|g| book.with_value(|b| b.query(g, &filter, sort)))
    });
    let shown = move || matches.with(Vec::len);
    // Changes only when the list appears or empties, so the list is not rebuilt on every keystroke.
    let has_rows = Memo::new(move |_| shown() > 0);
    view! {
        <div class="list-toolbar">
            <CustomerSearch />
            <SortControl />
            <p class="muted" data-testid="customers-shown" aria-live="polite">
                {move || app.tr().customers_shown(args::CustomersShown {
                    shown: format_int(shown() as i64),
                    total: format_int(total as i64),
                })}
            </p>
        </div>
        <Filters book />
        {move || match has_rows.get() {
            _ if total == 0 => {
                view! { <p class="empty-state" data-testid="customers-empty">{app.tr().customers_empty()}</p> }.into_any()
            }
            false => view! { <p class="muted" data-testid="customers-none">{app.tr().customers_none_match()}</p> }.into_any(),
            true => view! { <VirtualRows book matches grades /> }.into_any(),
        }}
    }
}

#[component]
fn CustomerSearch() -> impl IntoView {
    let app = use_app();
    view! {
        <SearchBox
            test_id="customer-search"
            hint=|tr| tr.customers_search()
            label=|tr| tr.customers_search_label()
            value=Signal::derive(move || app.customer_filter.with(|f| f.text.clone()))
            input=Callback::new(move |text| app.customer_filter.update(|f| f.text = text))
        />
    }
}

#[component]
fn Filters(book: StoredValue<Rc<CustomerBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let team: Vec<(Id, String)> =
        book.with_value(|b| b.team_members().iter().map(|u| (u.id, u.name.clone())).collect());
    let active = move || app.customer_filter.with(CustomerFilter::active_dimensions);
    // Folded unless filters are set, so a tablet shows the list first.
    let open = app.customer_filter.with_untracked(|f| f.active_dimensions() > 0);
    let provinces = Signal::derive(move || {
        let locale = app.locale.get();
        PROVINCES.iter().map(|p| (p.code.to_owned(), province_name(locale, p).to_owned())).collect()
    });
    let team = Signal::derive(move || team.iter().map(|(id, name)| (id.to_string(), name.clone())).collect());
    view! {
        <details class="filters" open=open>
            <summary data-testid="filters-toggle">
                {move || app.tr().filters_title()}
                <Show when=move || { active() > 0 }>
                    <span class="count-badge" data-testid="filter-count">{active}</span>
                </Show>
            </summary>
            <div class="filter-grid">
                {enum_filter("filter-lifecycle", |t| t.field_lifecycle(), Lifecycle::ALL, labels::lifecycle, |f| f.lifecycle, |f, v| f.lifecycle = v)}
                {enum_filter("filter-grade", |t| t.grading_grade(), Grade::ALL, labels::grade, |f| f.grade, |f, v| f.grade = v)}
                {enum_filter("filter-customer-type", |t| t.field_customer_type(), CustomerType::ALL, labels::customer_type, |f| f.customer_type, |f, v| f.customer_type = v)}
                {enum_filter("filter-application", |t| t.field_application(), Application::ALL, labels::application, |f| f.application, |f, v| f.application = v)}
                {enum_filter("filter-concern", |t| t.field_concern(), Concern::ALL, labels::concern, |f| f.concern, |f, v| f.concern = v)}
                {enum_filter("filter-buyer-role", |t| t.field_buyer_role(), BuyerRole::ALL, labels::buyer_role, |f| f.buyer_role, |f, v| f.buyer_role = v)}
                {enum_filter("filter-market", |t| t.field_market(), &MarketType::ALL, labels::market, |f| f.market, |f, v| f.market = v)}
                <SelectField empty=Some(any)
                    test_id="filter-province"
                    label=|t| t.field_province()
                    options=provinces
                    current=Signal::derive(move || app.customer_filter.with(|f| f.province.clone().unwrap_or_default()))
                    pick=Callback::new(move |code: String| {
                        app.customer_filter.update(|f| f.province = region::province(&code).map(|p| p.code.to_owned()))
                    })
                />
                <SelectField empty=Some(any)
                    test_id="filter-team"
                    label=|t| t.field_team_member()
                    options=team
                    current=Signal::derive(move || {
                        app.customer_filter.with(|f| f.team_member.map(|id| id.to_string()).unwrap_or_default())
                    })
                    pick=Callback::new(move |id: String| app.customer_filter.update(|f| f.team_member = id.parse().ok()))
                />
            </div>
            <div class="actions">
                <button
                    class="button secondary"
                    data-testid="filters-clear"
                    disabled=move || app.customer_filter.with(CustomerFilter::is_empty)
                    on:click=move |_| app.customer_filter.set(CustomerFilter::default())
                >
                    {move || app.tr().filters_clear()}
                </button>
            </div>
            <SavedFilters />
        </details>
    }
}

/// Pick a saved filter to apply it with its order; save the current one under a name; delete
/// the one picked.
#[component]
fn SavedFilters() -> impl IntoView {
    let app = use_app();
    let saved = RwSignal::new(Vec::<SavedFilter>::new());
    let picked = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    // The stored filters, read as the list shows; the user's saves and deletes return the list
    // as it stands after them.
    let stored = app.watch(move || saved_filters::list(app));
    Effect::new(move |_| match stored.get() {
        Some(Ok(list)) => saved.set(list),
        Some(Err(error)) => app.report(error),
        None => {}
    });
    let options =
        Signal::derive(move || saved.with(|list| list.iter().map(|s| (s.name.clone(), s.name.clone())).collect()));
    // The filter picked, while the list still shows it: changing a filter leaves it.
    let current = Signal::derive(move || {
        let picked = picked.get();
        let shown = app.customer_filter.get();
        if saved.with(|list| list.iter().any(|s| s.name == picked && s.filter == shown)) {
            picked
        } else {
            String::new()
        }
    });
    let apply = Callback::new(move |chosen: String| {
        picked.set(chosen.clone());
        message.set(None);
        if let Some(found) = saved.with_untracked(|list| list.iter().find(|s| s.name == chosen).cloned()) {
            app.customer_filter.set(found.filter);
            app.customer_sort.set(found.sort);
        }
    });
    let write = Write::new(move |change: Change| async move {
        let tr = app.tr_untracked();
        let stored = match &change {
            Change::Save(entry) => saved_filters::save(app, entry.clone()).await,
            Change::Delete(chosen) => saved_filters::delete(app, chosen).await,
        };
        let list = stored.inspect_err(|error| {
            let detail = error_text(tr, error);
            message.set(Some((false, tr.saved_filter_failed(args::SavedFilterFailed { detail }))));
        })?;
        saved.set(list);
        match change {
            Change::Save(entry) => {
                name.set(String::new());
                message.set(Some((true, tr.saved_filter_saved(args::SavedFilterSaved { name: &entry.name }))));
                picked.set(entry.name);
            }
            Change::Delete(_) => {
                picked.set(String::new());
                message.set(None);
            }
        }
        Ok(())
    });
    let save = move |_| {
        let tr = app.tr_untracked();
        let checked = match check_name(&name.get_untracked()) {
            Ok(checked) => checked,
            Err(NameProblem::Empty) => return message.set(Some((false, tr.saved_filter_name_empty().to_owned()))),
            Err(NameProblem::TooLong { max }) => {
                return message.set(Some((false, tr.saved_filter_name_long(args::SavedFilterNameLong { max }))))
            }
        };
        let entry = SavedFilter {
            name: checked,
            filter: app.customer_filter.get_untracked(),
            sort: app.customer_sort.get_untracked(),
        };
        write.start(Change::Save(entry));
    };
    view! {
        <div class="saved-filters" data-testid="saved-filters">
            <div class="filter-grid">
                <SelectField
                    test_id="saved-filter-pick"
                    label=|t| t.saved_filters()
                    options
                    current
                    pick=apply
                    empty=Some(|t: Tr| t.saved_filters_none())
                />
                <label class="field">
                    <span>{move || app.tr().saved_filter_name()}</span>
                    <input type="text" data-testid="saved-filter-name" maxlength=MAX_NAME.to_string()
                        prop:value=move || name.get() on:input=move |e| {
                            name.set(event_target_value(&e));
                            message.set(None);
                        } />
                </label>
            </div>
            <div class="actions">
                <button class="button secondary" data-testid="saved-filter-save" disabled=write.pending() on:click=save>
                    {move || app.tr().saved_filter_save()}
                </button>
                <Show when=move || !current.with(String::is_empty)>
                    <button class="button secondary" data-testid="saved-filter-delete" disabled=write.pending() on:click=move |_| write.start(Change::Delete(picked.get_untracked()))>
                        {move || app.tr().saved_filter_delete(args::SavedFilterDelete { name: current.get() })}
                    </button>
                </Show>
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice ok" } else { "field-error" } role=if ok { "status" } else { "alert" } data-testid="saved-filter-message">{text}</p>
            })}
        </div>
    }
}

/// A save of the current filter under a name, or a delete of a saved one.
#[derive(Clone)]
enum Change {
    Save(SavedFilter),
    Delete(String),
}

/// A filter over one classification dimension: "All" or one of its values. Only the glue is
/// generic; every filter shares one `FilterSelect`, which keeps the wasm small.
fn enum_filter<T: Copy + PartialEq + Send + Sync + 'static>(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    values: &'static [T],
    name: fn(Tr, T) -> &'static str,
    get: fn(&CustomerFilter) -> Option<T>,
    set: fn(&mut CustomerFilter, Option<T>),
) -> impl IntoView {
    let app = use_app();
    let options = Signal::derive(move || {
        let tr = app.tr();
        values.iter().enumerate().map(|(position, value)| (position.to_string(), name(tr, *value).to_owned())).collect()
    });
    let current = Signal::derive(move || {
        app.customer_filter
            .with(get)
            .and_then(|value| values.iter().position(|v| *v == value))
            .map(|position| position.to_string())
            .unwrap_or_default()
    });
    let pick = Callback::new(move |position: String| {
        let chosen = position.parse::<usize>().ok().and_then(|i| values.get(i)).copied();
        app.customer_filter.update(|f| set(f, chosen));
    });
    view! { <SelectField empty=Some(any) test_id label options current pick /> }
}

fn any(tr: Tr) -> &'static str {
    tr.filter_any()
}

fn sort_label(tr: Tr, key: SortKey) -> &'static str {
    match key {
        SortKey::Company => tr.sort_company(),
        SortKey::Province => tr.sort_province(),
        SortKey::CreditIndex => tr.sort_credit_index(),
        SortKey::ModifiedAt => tr.sort_modified_at(),
        SortKey::CreatedAt => tr.sort_created_at(),
    }
}

#[component]
fn SortControl() -> impl IntoView {
    let app = use_app();
    let current = move || app.customer_sort.with(|s| s.key);
    let descending = move || app.customer_sort.with(|s| s.descending);
    let options = move || {
        let tr = app.tr();
        SortKey::ALL
            .iter()
            .enumerate()
            .map(|(position, key)| {
                view! {
                    <option value=position.to_string() prop:selected=move || current() == *key>
                        {sort_label(tr, *key)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <div class="sort-control">
            <label for="customer-sort">{move || app.tr().sort_label()}</label>
            <select
                    id="customer-sort"
                    data-testid="customer-sort"
                    on:change=move |event| {
                        if let Some(key) = event_target_value(&event).parse::<usize>().ok().and_then(|i| SortKey::ALL.get(i)) {
                            app.customer_sort.update(|s| s.key = *key);
                        }
                    }
                >
                    {options}
                </select>
                <button
                    class="button secondary square"
                    data-testid="sort-direction"
                    aria-pressed=move || descending().to_string()
                    aria-label=move || app.tr().sort_descending()
                    title=move || app.tr().sort_descending()
                    on:click=move |_| app.customer_sort.update(|s| s.descending = !s.descending)
                >
                    {move || if descending() { "↓" } else { "↑" }}
                </button>
        </div>
    }
}

#[component]
fn VirtualRows(
    book: StoredValue<Rc<CustomerBook>, LocalStorage>,
    matches: Memo<Vec<usize>>,
    grades: Memo<Vec<Option<Grade>>>,
) -> impl IntoView {
    let app = use_app();
    // A new search or order starts at the top of its results.
    let restart = Callback::new(move |()| {
        app.customer_filter.track();
        app.customer_sort.track();
    });
    let rows = move |visible: Range<usize>| {
        let tr = app.tr();
        let locale = app.locale.get();
        matches.with(|positions| {
            grades.with(|g| {
                book.with_value(|b| {
                    visible
                        .map(|row| {
                            let at = positions[row];
                            customer_row(tr, locale, b, &b.customers[at], g.get(at).copied().flatten(), row)
                        })
                        .collect_view()
                })
            })
        })
    };
    let count = Signal::derive(move || matches.with(Vec::len));
    view! { <VirtualList test_id="customer-list" count row_height=ROW_HEIGHT overscan=OVERSCAN restart rows /> }
}

fn customer_row(
    tr: Tr,
    locale: Locale,
    book: &CustomerBook,
    customer: &Customer,
    grade: Option<Grade>,
    row: usize,
) -> impl IntoView {
    let place =
        dotted([customer.city.as_str(), region::province(&customer.province).map_or("", |p| province_name(locale, p))]);
    let lead = book.user(customer.team.lead).map(|u| u.name.clone()).unwrap_or_default();
    view! {
        <a
            class="customer-row"
            role="listitem"
            href=Route::Customer(customer.id).href()
            data-testid="customer-row"
            data-id=customer.id.to_string()
            style:top=format!("{}px", row as f64 * ROW_HEIGHT)
            style:height=format!("{ROW_HEIGHT}px")
        >
            <span class="row-main">
                <strong class="row-company">{customer.company.clone()}</strong>
                <span class="muted">{place}</span>
            </span>
            <span class="row-tags">
                {grade.map(|g| view! {
                    <span class=format!("grade-badge grade-{}", g.as_str()) data-testid="row-grade">{labels::grade(tr, g)}</span>
                })}
                <span class=format!("tag lifecycle-{}", customer.lifecycle.as_str())>
                    {labels::lifecycle(tr, customer.lifecycle)}
                </span>
                <span class="tag">{labels::customer_type(tr, customer.customer_type)}</span>
                <span class="tag">{labels::application(tr, customer.application)}</span>
            </span>
            <span class="row-lead muted">{lead}</span>
            <span class="row-credit" title=tr.field_credit_index()>{customer.credit_index}</span>
        </a>
    }
}
