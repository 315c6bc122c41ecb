//! A customer's history: interactions, orders (each opening its form, with its totals) and
//! recorded changes, newest first, filtered by kind with chips and shown a page at a time, so a
//! long-standing customer's years of history do not make its page endless.

use super::detail::user_name;
use super::dotted;
use super::history::change_entry;
use super::log_interaction::CompleteFollowUp;
use crate::domain::date::Date;
use crate::domain::model::{AuditEntry, Interaction, Order};
use crate::domain::money::{format_cny, format_int};
use crate::domain::orders::form::Totals;
use crate::i18n::{args, Locale, Tr};
use crate::state::customers::CustomerFile;
use crate::state::route::Route;
use crate::ui::format::{self, margin_percent, LocalTime};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

/// Entries on one page of the timeline.
pub(super) const PAGE: usize = 20;

/// The kinds of entry the chips filter by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Interaction,
    Order,
    Change,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Interaction, Kind::Order, Kind::Change];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Interaction => "interaction",
            Kind::Order => "order",
            Kind::Change => "change",
        }
    }

    fn label(self, tr: Tr) -> &'static str {
        match self {
            Kind::Interaction => tr.timeline_kind_interactions(),
            Kind::Order => tr.timeline_kind_orders(),
            Kind::Change => tr.timeline_kind_changes(),
        }
    }
}

/// What the timeline shows: all kinds or one, and which page (from 0). Kept by the page, so a
/// write read again leaves the user where they were.
#[derive(Clone, Copy)]
pub(super) struct TimelineView {
    pub kind: RwSignal<Option<Kind>>,
    pub page: RwSignal<usize>,
}

impl TimelineView {
    pub fn new() -> TimelineView {
        TimelineView { kind: RwSignal::new(None), page: RwSignal::new(0) }
    }
}

/// A dated entry of the customer's history.
enum Entry<'a> {
    Interaction(&'a Interaction),
    Order(&'a Order),
    Change(&'a AuditEntry, LocalTime),
}

impl Entry<'_> {
    /// Newest first by day; within a day, recorded changes by their time.
    fn sort_key(&self) -> (Option<Date>, i64) {
        match self {
            Entry::Interaction(i) => (i.date, 0),
            Entry::Order(o) => (o.ordered, 0),
            Entry::Change(e, time) => (Some(time.date), e.at_ms),
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Entry::Interaction(_) => Kind::Interaction,
            Entry::Order(_) => Kind::Order,
            Entry::Change(..) => Kind::Change,
        }
    }
}

/// How many entries the history holds.
pub(super) fn count(file: &CustomerFile) -> usize {
    file.interactions.len() + file.orders.len() + file.history.len()
}

/// The chips, one page of entries and the pager.
pub(super) fn timeline(tr: Tr, locale: Locale, file: &Rc<CustomerFile>, view: TimelineView) -> impl IntoView {
    let counts = |kind| match kind {
        Kind::Interaction => file.interactions.len(),
        Kind::Order => file.orders.len(),
        Kind::Change => file.history.len(),
    };
    let chip = move |kind: Option<Kind>, label: &'static str, n: usize| {
        let test_id = format!("timeline-kind-{}", kind.map_or("all", Kind::as_str));
        view! {
            <button
                type="button"
                class="chip"
                data-testid=test_id
                aria-pressed=move || (view.kind.get() == kind).to_string()
                on:click=move |_| {
                    view.kind.set(kind);
                    view.page.set(0);
                }
            >
                {label} " " <span class="chip-count">{format_int(n as i64)}</span>
            </button>
        }
    };
    let chips = std::iter::once(chip(None, tr.timeline_kind_all(), count(file)))
        .chain(Kind::ALL.into_iter().map(|kind| chip(Some(kind), kind.label(tr), counts(kind))))
        .collect_view();
    // Local: the file is not `Send`.
    let file = StoredValue::new_local(file.clone());
    let entries = move || {
        file.with_value(|file| {
        let kind = view.kind.get();
        let mut entries: Vec<Entry> = file
            .interactions
            .iter()
            .map(Entry::Interaction)
            .chain(file.orders.iter().map(Entry::Order))
            .chain(file.history.iter().map(|e| Entry::Change(e, format::local_time(e.at_ms))))
            .filter(|e| kind.is_none_or(|k| e.kind() == k))
            .collect();
        // Newest first; undated entries last.
        entries.sort_by_key(|e| std::cmp::Reverse(e.sort_key()));
        if entries.is_empty() {
            return view! { <p class="muted" data-testid="timeline-empty">{tr.timeline_none()}</p> }.into_any();
        }
        let pages = entries.len().div_ceil(PAGE);
        let page = view.page.get().min(pages - 1);
        let items = entries
            .iter()
            .skip(page * PAGE)
            .take(PAGE)
            .map(|entry| entry_view(tr, locale, file, entry))
            .collect_view();
        let pager = (pages > 1).then(|| {
            let go = move |to: usize| move |_| view.page.set(to);
            view! {
                <nav class="pager" data-testid="timeline-pager">
                    <button type="button" class="button secondary" data-testid="timeline-previous" disabled=page == 0 on:click=go(page.saturating_sub(1))>
                        {tr.timeline_previous()}
                    </button>
                    <span data-testid="timeline-page">
                        {tr.timeline_page(args::TimelinePage { page: format_int(page as i64 + 1), pages: format_int(pages as i64) })}
                    </span>
                    <button type="button" class="button secondary" data-testid="timeline-next" disabled=page + 1 == pages on:click=go(page + 1)>
                        {tr.timeline_next()}
                    </button>
                </nav>
            }
        });
        view! {
            <ol class="timeline" data-testid="timeline">{items}</ol>
            {pager}
        }
        .into_any()
    })
    };
    view! {
        <div class="chips" role="group" aria-label=tr.timeline_filter() data-testid="timeline-kinds">{chips}</div>
        {entries}
    }
}

fn entry_view(tr: Tr, locale: Locale, file: &CustomerFile, entry: &Entry) -> AnyView {
    let when = entry.sort_key().0.map(|d| format::date(tr, d)).unwrap_or_else(|| tr.not_recorded().to_owned());
    let (kind, title, detail, note, open_follow_up, link) = match entry {
        Entry::Change(change, time) => return change_entry(tr, locale, file, change, when, time),
        Entry::Interaction(i) => {
            let follow_up = match (i.follow_up, i.follow_up_done) {
                (Some(_), true) => tr.timeline_follow_up_done().to_owned(),
                (Some(date), false) => tr.timeline_follow_up(args::TimelineFollowUp { date: format::date(tr, date) }),
                (None, _) => String::new(),
            };
            (
                "interaction",
                labels::interaction_kind(tr, i.kind).to_owned(),
                user_name(tr, file, i.by),
                dotted([i.notes.as_str(), follow_up.as_str()]),
                (i.follow_up.is_some() && !i.follow_up_done).then_some(i.id),
                None,
            )
        }
        Entry::Order(o) => {
            let totals = Totals::of(o.revenue(), o.cost());
            let claim = o.claim.as_ref().map(|c| tr.timeline_claim(args::TimelineClaim { reason: &c.reason }));
            (
                "order",
                tr.timeline_order(args::TimelineOrder { number: &o.number }),
                tr.timeline_order_detail(args::TimelineOrderDetail {
                    lines: format_int(o.lines.len() as i64),
                    amount: format_cny(o.revenue()),
                    status: labels::order_status(tr, o.status),
                }),
                [
                    Some(tr.timeline_order_margin(args::TimelineOrderMargin {
                        amount: format_cny(totals.margin),
                        percent: margin_percent(totals.margin_percent),
                    })),
                    claim,
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
                None,
                Some(Route::EditOrder(file.customer.id, o.id).href()),
            )
        }
    };
    view! {
        <li class=format!("timeline-entry {kind}") data-testid=format!("timeline-{kind}")>
            <span class="timeline-date muted">{when}</span>
            <span class="timeline-body">
                {match link {
                    Some(href) => view! {
                        <a class="timeline-link" href=href data-testid="timeline-order-link"><strong>{title}</strong></a>
                    }
                    .into_any(),
                    None => view! { <strong>{title}</strong> }.into_any(),
                }}
                <span class="muted">{detail}</span>
                <span>{note}</span>
                {open_follow_up.map(|id| view! { <CompleteFollowUp id /> })}
            </span>
        </li>
    }
    .into_any()
}
