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
use crate::ui::kit::Loader;
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
    let book = LocalResource::new(move || {
        app.track_workspace();
        app.revision.track();
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
    let sort_options = move || {
        let tr = app.tr();
        SupplierSort::ALL
            .iter()
            .map(|s| {
                let s = *s;
                let label = match s {
                    SupplierSort::Name => tr.supplier_sort_name(),
                    SupplierSort::Rating => tr.supplier_sort_rating(),
                };
                view! { <option value=s.as_str() prop:selected=move || sort.get() == s>{label}</option> }
            })
            .collect_view()
    };
    let rows = move || {
        let tr = app.tr();
        let found = found.get();
        if total == 0 {
            return view! { <p class="empty-state" data-testid="suppliers-empty">{tr.suppliers_empty()}</p> }
                .into_any();
        }
        if found.is_empty() {
            return view! { <p class="muted" data-testid="suppliers-no-match">{tr.suppliers_no_match(args::SuppliersNoMatch { search: search.get() })}</p> }
                .into_any();
        }
        let items = book.with_value(|b| {
            found.iter().map(|&i| view! { <SupplierRow supplier=b.suppliers[i].clone() /> }).collect_view()
        });
        view! {
            <p class="muted" data-testid="suppliers-count">{tr.suppliers_count(args::SuppliersCount { count: format_int(found.len() as i64) })}</p>
            <ul class="partner-list" data-testid="supplier-list">{items}</ul>
        }
        .into_any()
    };
    view! {
        <div class="list-toolbar">
            <input
                type="search"
                class="search"
                data-testid="supplier-search"
                aria-label=move || app.tr().supplier_search()
                placeholder=move || app.tr().supplier_search()
                prop:value=search
                on:input=move |event| search.set(event_target_value(&event))
            />
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

type Label = fn(Tr) -> &'static str;

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
    let contact = [supplier.contact.as_str(), supplier.phone.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let products = supplier.products.clone();
    view! {
        <li>
            <a class="partner-row" data-testid="supplier-row" href=Route::EditSupplier(supplier.id).href()>
                <span class="row-main">
                    <strong data-testid="supplier-name">{supplier.name.clone()}</strong>
                    <span class="muted">{contact}</span>
                    <span class="row-tags">
                        {products.into_iter().map(|p| view! { <span class="tag">{p}</span> }).collect_view()}
                    </span>
                </span>
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
    let kind_options = move || {
        let tr = app.tr();
        PartnerKind::ALL
            .iter()
            .map(|k| {
                let k = *k;
                view! { <option value=k.as_str() prop:selected=move || kind.get() == Some(k)>{labels::partner_kind(tr, k)}</option> }
            })
            .collect_view()
    };
    let rows = move || {
        let tr = app.tr();
        let found = found.get();
        if total == 0 {
            return view! { <p class="empty-state" data-testid="trade-partners-empty">{tr.trade_partners_empty()}</p> }
                .into_any();
        }
        if found.is_empty() {
            return view! { <p class="muted" data-testid="trade-partners-no-match">{tr.trade_partners_none_of_kind()}</p> }
                .into_any();
        }
        let items = book.with_value(|b| {
            found.iter().map(|&i| view! { <TradePartnerRow partner=b.partners[i].clone() /> }).collect_view()
        });
        view! {
            <p class="muted" data-testid="trade-partners-count">{tr.trade_partners_count(args::TradePartnersCount { count: format_int(found.len() as i64) })}</p>
            <ul class="partner-list" data-testid="trade-partner-list">{items}</ul>
        }
        .into_any()
    };
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
    let contact = [partner.contact.as_str(), partner.phone.as_str(), partner.email.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li>
            <a class="partner-row" data-testid="trade-partner-row" href=Route::EditTradePartner(partner.id).href()>
                <span class="row-main">
                    <strong data-testid="trade-partner-name">{partner.name.clone()}</strong>
                    <span class="muted">{contact}</span>
                    <span class="muted">{partner.reference.clone()}</span>
                </span>
                <span class=format!("tag kind-{}", kind.as_str()) data-testid="trade-partner-kind">
                    {move || labels::partner_kind(app.tr(), kind)}
                </span>
            </a>
        </li>
    }
}
