//! Suppliers & partners: two tabs (each its own route, so a reload keeps the tab). Suppliers
//! search as you type and sort by name or average rating, with their ratings shown compactly;
//! trade partners filter by kind.

use crate::domain::model::{PartnerKind, Supplier, TradePartner};
use crate::domain::money::format_int;
use crate::domain::partners::query::{self as partner_query, SupplierSort};
use crate::i18n::{args, Tr};
use crate::state::partners::{self, PartnerBook};
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::kit::{Loader, SearchBox};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Suppliers,
    TradePartners,
}

#[component]
pub fn Partners(tab: Tab) -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || {
        app.locale.track();
        async move { partners::book(app).await.map(Rc::new) }
    });
    let tab_link = move |target: Tab, route: Route, label: fn(Tr) -> &'static str, test_id: &'static str| {
        view! {
            <a
                href=route.href()
                class="tab"
                role="tab"
                data-testid=test_id
                aria-selected=if tab == target { "true" } else { "false" }
            >
                {move || label(app.tr())}
            </a>
        }
    };
    view! {
        <section class="page" data-testid="partners">
            <h1>{move || app.tr().partners_title()}</h1>
            <p class="subtitle">{move || app.tr().partners_subtitle()}</p>
            <div class="tabs" role="tablist">
                {tab_link(Tab::Suppliers, Route::Suppliers, |tr| tr.partners_tab_suppliers(), "tab-suppliers")}
                {tab_link(Tab::TradePartners, Route::TradePartners, |tr| tr.partners_tab_trade(), "tab-trade-partners")}
            </div>
            <Loader resource=book let:book>
                // Drawn again in a new language, as the lists word their rows once.
                {
                    let book = StoredValue::new_local(book);
                    move || {
                        app.locale.track();
                        let book = book.get_value();
                        match tab {
                            Tab::Suppliers => view! { <SupplierList book /> }.into_any(),
                            Tab::TradePartners => view! { <TradePartnerList book /> }.into_any(),
                        }
                    }
                }
            </Loader>
        </section>
    }
}

thread_local! {
    /// The supplier list's search and order, kept while the user opens a supplier and comes back.
    static SUPPLIER_VIEW: std::cell::RefCell<(String, SupplierSort)> = const { std::cell::RefCell::new((String::new(), SupplierSort::Name)) };
}

#[component]
fn SupplierList(book: Rc<PartnerBook>) -> impl IntoView {
    let app = use_app();
    let (kept_search, kept_sort) = SUPPLIER_VIEW.with_borrow(Clone::clone);
    let search = RwSignal::new(kept_search);
    let sort = RwSignal::new(kept_sort);
    Effect::new(move |_| SUPPLIER_VIEW.set((search.get(), sort.get())));
    let book = StoredValue::new_local(book);
    let total = book.with_value(|b| b.suppliers.len());
    let found = Memo::new(move |_| {
        let (text, order) = (search.get(), sort.get());
        book.with_value(|b| partner_query::suppliers(&b.suppliers, &b.supplier_ranks, &text, order))
    });
    let sort_options =
        options(SupplierSort::ALL, SupplierSort::as_str, sort_label, Signal::derive(move || Some(sort.get())));
    let row = move |i: usize| book.with_value(|b| view! { <SupplierRow supplier=b.suppliers[i].clone() /> });
    let rows = move || listing(app.tr(), Tab::Suppliers, total, &found.get(), search.get(), row);
    view! {
        <div class="list-toolbar">
            <SearchBox test_id="supplier-search" hint=|tr| tr.supplier_search() value=search input=Callback::new(move |text| search.set(text)) />
            <label class="sort-control">
                <span>{move || app.tr().supplier_sort()}</span>
                <select
                    data-testid="supplier-sort"
                    on:change=move |event| {
                        if let Some(s) = SupplierSort::parse(&event_target_value(&event)) {
                            sort.set(s);
                        }
                    }
                >
                    {sort_options}
                </select>
            </label>
            <a class="button" href=Route::NewSupplier.href() data-testid="new-supplier">{move || app.tr().supplier_new()}</a>
        </div>
        {rows}
    }
}

/// A tab's `found` rows (drawn by `row`) under their count, or why it shows none: nothing of
/// its `total` stored, or nothing matching (the suppliers' `search`).
fn listing<V: IntoView>(
    tr: Tr,
    tab: Tab,
    total: usize,
    found: &[usize],
    search: String,
    row: impl Fn(usize) -> V,
) -> AnyView {
    let prefix = match tab {
        Tab::Suppliers => "suppliers",
        Tab::TradePartners => "trade-partners",
    };
    if total == 0 {
        let empty = match tab {
            Tab::Suppliers => tr.suppliers_empty(),
            Tab::TradePartners => tr.trade_partners_empty(),
        };
        return view! { <p class="empty-state" data-testid=format!("{prefix}-empty")>{empty}</p> }.into_any();
    }
    if found.is_empty() {
        let none = match tab {
            Tab::Suppliers => tr.suppliers_no_match(args::SuppliersNoMatch { search }),
            Tab::TradePartners => tr.trade_partners_none_of_kind().to_owned(),
        };
        return view! { <p class="muted" data-testid=format!("{prefix}-no-match")>{none}</p> }.into_any();
    }
    let count = format_int(found.len() as i64);
    let (count, list_id) = match tab {
        Tab::Suppliers => (tr.suppliers_count(args::SuppliersCount { count }), "supplier-list"),
        Tab::TradePartners => (tr.trade_partners_count(args::TradePartnersCount { count }), "trade-partner-list"),
    };
    view! {
        <p class="muted" data-testid=format!("{prefix}-count")>{count}</p>
        <ul class="partner-list" data-testid=list_id>{found.iter().map(|&i| row(i)).collect_view()}</ul>
    }
    .into_any()
}

fn sort_label(tr: Tr, sort: SupplierSort) -> &'static str {
    match sort {
        SupplierSort::Name => tr.supplier_sort_name(),
        SupplierSort::Rating => tr.supplier_sort_rating(),
    }
}

/// The `<option>`s of `values` in the user's language, `current` selected.
fn options<T: Copy + PartialEq + Send + Sync + 'static>(
    values: &'static [T],
    value: fn(T) -> &'static str,
    label: fn(Tr, T) -> &'static str,
    current: Signal<Option<T>>,
) -> impl Fn() -> AnyView + Copy {
    let app = use_app();
    move || {
        let tr = app.tr();
        let option = |v: T| {
            view! { <option value=value(v) prop:selected=move || current.get() == Some(v)>{label(tr, v)}</option> }
        };
        values.iter().map(|&v| option(v)).collect_view().into_any()
    }
}

type Label = fn(Tr) -> &'static str;

/// The non-empty `parts`, between middle dots.
fn dotted<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// A rating as shown in a list: its digit, or a dash when not rated.
fn rating_text(tr: Tr, value: u8) -> String {
    if value == 0 {
        tr.rating_unrated().to_owned()
    } else {
        value.to_string()
    }
}

/// An average in tenths as "4.3".
pub fn tenths(value: u32) -> String {
    format!("{}.{}", value / 10, value % 10)
}

#[component]
fn SupplierRow(supplier: Supplier) -> impl IntoView {
    let app = use_app();
    let ratings: [(Label, Label, u8); 4] = [
        (|tr| tr.rating_price_short(), |tr| tr.rating_price(), supplier.price_level),
        (|tr| tr.rating_delivery_short(), |tr| tr.rating_delivery(), supplier.delivery_speed),
        (|tr| tr.rating_service_short(), |tr| tr.rating_service(), supplier.service_level),
        (|tr| tr.rating_quality_short(), |tr| tr.rating_quality(), supplier.quality),
    ];
    let average = supplier.average_rating_tenths();
    let contact = dotted([supplier.contact.as_str(), supplier.phone.as_str()]);
    let products = supplier.products.into_iter().map(|p| view! { <span class="tag">{p}</span> }).collect_view();
    let more = view! { <span class="row-tags">{products}</span> };
    let aside = view! {
        <span class="ratings" data-testid="supplier-ratings">
            {ratings
                .into_iter()
                .map(|(short, full, value)| {
                    view! {
                        <span class="rating-chip" class:unrated=value == 0 title=move || full(app.tr())>
                            <span class="rating-name">{move || short(app.tr())}</span>
                            <span class="rating-value">{move || rating_text(app.tr(), value)}</span>
                        </span>
                    }
                })
                .collect_view()}
        </span>
        <span
            class="rating-average"
            class:unrated=average.is_none()
            data-testid="supplier-average"
            title=move || match average {
                Some(a) => app.tr().rating_average(args::RatingAverage { value: tenths(a) }),
                None => app.tr().rating_no_average().to_owned(),
            }
        >
            {move || average.map_or_else(|| app.tr().rating_unrated().to_owned(), tenths)}
        </span>
    };
    partner_row("supplier", Route::EditSupplier(supplier.id), supplier.name, contact, more.into_any(), aside.into_any())
}

/// A partner's row opening its form: `prefix`-name over its contact and `more`, with `aside`.
fn partner_row(
    prefix: &'static str,
    form: Route,
    name: String,
    contact: String,
    more: AnyView,
    aside: AnyView,
) -> impl IntoView {
    view! {
        <li>
            <a class="partner-row" data-testid=format!("{prefix}-row") href=form.href()>
                <span class="row-main">
                    <strong data-testid=format!("{prefix}-name")>{name}</strong>
                    <span class="muted">{contact}</span>
                    {more}
                </span>
                {aside}
            </a>
        </li>
    }
}

#[component]
fn TradePartnerList(book: Rc<PartnerBook>) -> impl IntoView {
    let app = use_app();
    let kind = RwSignal::new(None::<PartnerKind>);
    let book = StoredValue::new_local(book);
    let total = book.with_value(|b| b.partners.len());
    let found = Memo::new(move |_| {
        let kind = kind.get();
        book.with_value(|b| partner_query::trade_partners(&b.partners, &b.partner_ranks, kind))
    });
    let kind_options = options(PartnerKind::ALL, PartnerKind::as_str, labels::partner_kind, kind.into());
    let row = move |i: usize| book.with_value(|b| view! { <TradePartnerRow partner=b.partners[i].clone() /> });
    let rows = move || listing(app.tr(), Tab::TradePartners, total, &found.get(), String::new(), row);
    view! {
        <div class="list-toolbar">
            <label class="sort-control">
                <span>{move || app.tr().partner_kind_filter()}</span>
                <select data-testid="partner-kind-filter" on:change=move |event| kind.set(PartnerKind::parse(&event_target_value(&event)))>
                    <option value="" prop:selected=move || kind.get().is_none()>{move || app.tr().partner_kind_all()}</option>
                    {kind_options}
                </select>
            </label>
            <a class="button" href=Route::NewTradePartner.href() data-testid="new-trade-partner">{move || app.tr().trade_partner_new()}</a>
        </div>
        {rows}
    }
}

#[component]
fn TradePartnerRow(partner: TradePartner) -> impl IntoView {
    let app = use_app();
    let kind = partner.kind;
    let contact = dotted([partner.contact.as_str(), partner.phone.as_str(), partner.email.as_str()]);
    let more = view! { <span class="muted">{partner.reference}</span> };
    let aside = view! {
        <span class=format!("tag kind-{}", kind.as_str()) data-testid="trade-partner-kind">
            {move || labels::partner_kind(app.tr(), kind)}
        </span>
    };
    let id = partner.id;
    partner_row("trade-partner", Route::EditTradePartner(id), partner.name, contact, more.into_any(), aside.into_any())
}
