//! A show's page: its details (and their form), its leads with their counts, and its close —
//! the follow-up each lead would get, owner and due date editable in a confirm table, committed
//! in one step — then the queue of visitors not yet contacted, by owner.

use super::list::ShowForm;
use super::report::ReportCard;
use crate::domain::date::Date;
use crate::domain::model::Id;
use crate::domain::money::format_cny_compact;
use crate::domain::shows::close::{self, Assignment};
use crate::domain::shows::{Lead, Temperature};
use crate::i18n::args;
use crate::state::route::Route;
use crate::state::shows::{self, ShowBook};
use crate::state::use_app;
use crate::ui::format;
use crate::ui::kit::{NoCurrentUser, RecordLoader, SaveFailure, Write};
use crate::ui::labels;
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn ShowPage(id: Id) -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || {
        // Read again in a new language, as the page words its rows once.
        app.locale.track();
        async move { shows::show_book(app, id).await.map(|b| b.map(Rc::new)) }
    });
    let editing = RwSignal::new(false);
    view! {
        <section class="page" data-testid="show-page">
            <RecordLoader resource=book missing=Signal::derive(move || app.tr().show_missing().to_owned()) missing_id="show-missing" let:book>
                <ShowDetails book=book.clone() editing />
                <Leads book=book.clone() />
                <Closing book />
                <ReportCard only=Some(id) />
            </RecordLoader>
        </section>
    }
}

#[component]
fn ShowDetails(book: Rc<ShowBook>, editing: RwSignal<bool>) -> impl IntoView {
    let app = use_app();
    let show = book.show.record.clone();
    let tr = app.tr_untracked();
    let dates = match (show.starts, show.ends) {
        (Some(starts), Some(ends)) => format!("{} – {}", format::date(tr, starts), format::date(tr, ends)),
        _ => String::new(),
    };
    let staff: Vec<String> = show.staff.iter().map(|id| book.user_name(*id)).collect();
    let opened = book.show.clone();
    let users = book.users.clone();
    let open = show.closed.is_none();
    view! {
        <h1 data-testid="show-title">{show.name.clone()}</h1>
        <p class="subtitle">
            {[show.place.as_str(), dates.as_str(), show.booth.as_str()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ")}
        </p>
        <p class="muted">
            {move || {
                let (tr, locale) = (app.tr(), app.locale.get());
                tr.show_staff_and_cost(args::ShowStaffAndCost {
                    staff: staff.join(format::list_separator(locale)),
                    cost: format_cny_compact(show.cost, locale.number_style()),
                })
            }}
        </p>
        <div class="actions">
            <Show when=move || open>
                <a class="button capture-link" href=Route::Capture(show.id).href() data-testid="show-capture">
                    {move || app.tr().show_capture()}
                </a>
            </Show>
            <button class="button secondary" data-testid="show-edit" on:click=move |_| editing.update(|e| *e = !*e)>
                {move || app.tr().show_edit()}
            </button>
        </div>
        <Show when=move || editing.get()>
            <ShowForm opened=Some(opened.clone()) users=users.clone() on_saved=Callback::new(move |_| editing.set(false)) />
        </Show>
    }
}

#[component]
fn Leads(book: Rc<ShowBook>) -> impl IntoView {
    let app = use_app();
    let tr = app.tr_untracked();
    let count = |t: Temperature| book.leads.iter().filter(|l| l.temperature == t).count();
    let matched = book.leads.iter().filter(|l| l.customer_id.is_some()).count();
    let counts = tr.show_lead_counts(args::ShowLeadCounts {
        total: book.leads.len(),
        hot: count(Temperature::Hot),
        warm: count(Temperature::Warm),
        cold: count(Temperature::Cold),
        matched,
    });
    let rows = book
        .leads
        .iter()
        .map(|lead| {
            let interest = [
                lead.interest.line.map(|l| labels::product_line(tr, l).to_owned()),
                lead.interest.tonnage.map(|t| labels::tonnage_class(tr, t).to_owned()),
                Some(lead.interest.model.clone()).filter(|m| !m.is_empty()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            let known = if lead.customer_id.is_some() { tr.show_lead_known() } else { "" };
            view! {
                <tr data-testid="lead-row">
                    <td>{lead.name.clone()}</td>
                    <td>{lead.company.clone()}</td>
                    <td data-testid="lead-row-mobile">{lead.mobile.clone()}</td>
                    <td>{labels::temperature(tr, lead.temperature)}</td>
                    <td>{interest}</td>
                    <td data-testid="lead-row-known">{known}</td>
                    <td>{book.user_name(lead.captured_by)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{tr.show_leads_title()}</h2>
        <p data-testid="show-lead-counts">{counts}</p>
        <Show when={let empty = book.leads.is_empty(); move || empty}>
            <p class="empty-state" data-testid="leads-empty">{move || app.tr().show_leads_empty()}</p>
        </Show>
        <div class="table-scroll">
            <table class="data-table" data-testid="leads-table">
                <thead>
                    <tr>
                        <th>{tr.lead_name()}</th>
                        <th>{tr.lead_company()}</th>
                        <th>{tr.lead_mobile()}</th>
                        <th>{tr.lead_temperature()}</th>
                        <th>{tr.lead_interest()}</th>
                        <th>{tr.show_lead_known_heading()}</th>
                        <th>{tr.show_lead_captured_by()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The lead's name as the confirm table and queue show it.
fn who(lead: &Lead) -> String {
    [&lead.name, &lead.company, &lead.mobile]
        .into_iter()
        .filter(|t| !t.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ")
}

#[component]
fn Closing(book: Rc<ShowBook>) -> impl IntoView {
    let app = use_app();
    let tr = app.tr_untracked();
    if book.show.record.closed.is_some() {
        return view! { <Queue book /> }.into_any();
    }
    if book.leads.is_empty() {
        return ().into_any();
    }
    let plan = RwSignal::new(book.plan.clone());
    let confirming = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let opened = book.show.clone();
    let write =
        Write::new(move |(opened, plan): (crate::state::Revised<crate::domain::shows::Show>, Vec<Assignment>)| {
            shows::close(app, opened, plan)
        });
    let outcome = write.outcome();
    Effect::new(move |_| match outcome.get() {
        Some(Ok(Ok(closed))) => done.set(Some(app.tr_untracked().show_close_done(args::ShowCloseDone {
            follow_ups: closed.follow_ups,
            customers: closed.customers,
            opportunities: closed.opportunities,
        }))),
        Some(Ok(Err(error))) => refused.set(Some(problems::close(app.tr_untracked(), error))),
        _ => {}
    });
    let people: Vec<(Id, String)> = book.users.iter().filter(|u| u.active).map(|u| (u.id, u.name.clone())).collect();
    let rows = book
        .plan
        .iter()
        .enumerate()
        .map(|(i, assignment)| {
            let lead = book.leads.iter().find(|l| l.id == assignment.lead).map(who).unwrap_or_default();
            let options = people
                .iter()
                .map(|(id, name)| {
                    let id = *id;
                    view! {
                        <option value=id.to_string() prop:selected=move || plan.with(|p| p.get(i).map(|a| a.owner) == Some(id))>
                            {name.clone()}
                        </option>
                    }
                })
                .collect_view();
            let due = move || plan.with(|p| p.get(i).map(|a| a.due.to_string()).unwrap_or_default());
            view! {
                <tr data-testid="close-row">
                    <td>{lead}</td>
                    <td>
                        <select
                            data-testid="close-owner"
                            aria-label=tr.show_close_owner()
                            on:change=move |event| {
                                if let Ok(owner) = event_target_value(&event).parse::<Id>() {
                                    plan.update(|p| p[i].owner = owner);
                                }
                            }
                        >
                            {options}
                        </select>
                    </td>
                    <td>
                        <input
                            type="date"
                            data-testid="close-due"
                            aria-label=tr.show_close_due()
                            prop:value=due
                            on:change=move |event| {
                                if let Ok(day) = Date::parse(&event_target_value(&event)) {
                                    plan.update(|p| p[i].due = day);
                                }
                            }
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{tr.show_close_title()}</h2>
        <p class="muted">{tr.show_close_hint()}</p>
        <NoCurrentUser />
        <Show
            when=move || confirming.get()
            fallback=move || view! {
                <button class="button" data-testid="show-close" on:click=move |_| confirming.set(true)>
                    {move || app.tr().show_close_start()}
                </button>
            }
        >
            <div class="table-scroll">
                <table class="data-table" data-testid="close-table">
                    <thead>
                        <tr>
                            <th>{tr.show_close_lead()}</th>
                            <th>{tr.show_close_owner()}</th>
                            <th>{tr.show_close_due()}</th>
                        </tr>
                    </thead>
                    <tbody>{rows.clone()}</tbody>
                </table>
            </div>
        </Show>
        <Show when=move || confirming.get()>
            <button
                class="button"
                data-testid="show-close-confirm"
                disabled=move || write.pending().get() || app.current_user.get().is_none()
                on:click={
                    let opened = opened.clone();
                    move |_| write.start((opened.clone(), plan.get_untracked()))
                }
            >
                {move || app.tr().show_close_confirm()}
            </button>
        </Show>
        <Show when=move || refused.with(Option::is_some)>
            <p class="error-text" role="alert" data-testid="close-refused">{move || refused.get().unwrap_or_default()}</p>
        </Show>
        <Show when=move || done.with(Option::is_some)>
            <p class="notice" role="status" data-testid="close-done">{move || done.get().unwrap_or_default()}</p>
        </Show>
        <SaveFailure failure=write.failure() />
    }
    .into_any()
}

/// The visitors of a closed show whose follow-up is still open, by owner, most urgent first.
#[component]
fn Queue(book: Rc<ShowBook>) -> impl IntoView {
    let app = use_app();
    let tr = app.tr_untracked();
    let queue = close::not_contacted(&book.leads, &book.interactions);
    let closed = book.show.record.closed.map(|d| format::date(tr, d)).unwrap_or_default();
    let owners = queue
        .iter()
        .map(|(owner, leads)| {
            let items = leads
                .iter()
                .map(|(lead, due)| {
                    let customer = lead.converted.as_ref().map(|c| c.customer_id).unwrap_or_default();
                    view! {
                        <li data-testid="queue-lead">
                            <a href=Route::Customer(customer).href()>{who(lead)}</a>
                            " · "{labels::temperature(tr, lead.temperature)}" · "
                            <span data-testid="queue-due">{format::date(tr, *due)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="card queue-owner" data-testid="queue-owner">
                    <h3>
                        <span data-testid="queue-owner-name">{book.user_name(*owner)}</span>
                        " "<span class="badge" data-testid="queue-owner-count">{leads.len()}</span>
                    </h3>
                    <ul>{items}</ul>
                </div>
            }
        })
        .collect_view();
    let empty = queue.is_empty();
    view! {
        <h2>{tr.show_queue_title()}</h2>
        <p class="muted" data-testid="show-closed">{tr.show_closed_on(args::ShowClosedOn { date: closed })}</p>
        <Show when=move || empty>
            <p class="empty-state" data-testid="queue-empty">{move || app.tr().show_queue_empty()}</p>
        </Show>
        <div data-testid="show-queue">{owners}</div>
        <p><a href=Route::FollowUps.href()>{tr.show_queue_all()}</a></p>
    }
}
