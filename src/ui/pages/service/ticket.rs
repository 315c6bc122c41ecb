//! A ticket's page: what the call was, who took it (and owns it to the end), the engineers, the
//! SLA targets' states, the repeat-visit flag, and the whole history — moves, visits, the
//! callback and the rating. The work is done here (see `work`), the work order's details are
//! edited here (saved from the revision the form opened, merged with a change made since or put
//! to the user in the clash dialog), and a resolved ticket is closed here (see `closing`). What
//! the page shows is read again on every write, this tab's or another's.

use super::closing::ClosingForm;
use super::complaint::ComplaintSection;
use super::work::{Assign, MeterForm, Steps, VisitForm};
use super::{problem_at, sla_badge, working_time};
use crate::domain::merge::Mergeable;
use crate::domain::model::{Id, ServiceTicket};
use crate::domain::money::format_int;
use crate::domain::service::form::Details;
use crate::domain::service::record::{FollowUp, Priority, QualityDimension, TicketKind, TicketStatus};
use crate::domain::service::ticket::{TicketField, TicketProblem};
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::service::{self, ServiceBook};
use crate::state::{browser, use_app, AppState, Clashed, Decision, Revised, Revision, Saved, StoreError};
use crate::ui::fields::enum_select;
use crate::ui::format;
use crate::ui::kit::{record_clash, ClashRow, Made, RecordLoader, SaveFailure, TextInput, TextKind, Write};
use crate::ui::labels;
use leptos::prelude::*;
use std::rc::Rc;

/// The desk's book and the ticket as its details form opens it.
type Loaded = (Rc<ServiceBook>, Revised<ServiceTicket>);

async fn load(app: AppState, id: Id) -> Result<Option<Loaded>, StoreError> {
    let book = Rc::new(service::book(app).await?);
    Ok(service::opened(app, id).await?.map(|opened| (book, opened)))
}

#[component]
pub fn TicketPage(id: Id) -> impl IntoView {
    let app = use_app();
    let loaded = LocalResource::new(move || {
        app.track_workspace();
        load(app, id)
    });
    view! {
        <section class="page wide" data-testid="ticket">
            <a class="back-link" href=Route::Service.href() data-testid="ticket-back">{move || format!("← {}", app.tr().service_title())}</a>
            <RecordLoader resource=loaded missing=Signal::derive(move || app.tr().ticket_not_found().to_owned()) missing_id="ticket-not-found" let:loaded>
                <TicketBody id loaded />
            </RecordLoader>
        </section>
    }
}

#[component]
fn TicketBody(id: Id, loaded: Loaded) -> impl IntoView {
    let app = use_app();
    let (first_book, opened) = loaded;
    let summary = opened.record.summary.clone();
    let first_book = StoredValue::new_local(first_book);
    // The desk as stored now, read again on every write (another tab's too).
    let current = app.watch(move || async move { service::book(app).await.ok().map(Rc::new) });
    let book = Signal::derive_local(move || current.get().flatten().unwrap_or_else(|| first_book.get_value()));
    let ticket = Signal::derive_local(move || book.with(|b| b.ticket(id).cloned()));
    let status = move || ticket.with(|t| t.as_ref().map(|t| t.status));
    let open = move || status().is_some_and(|s| s != TicketStatus::Closed);
    view! {
        {move || ticket.get().map(|t| header(app.tr(), &book.get(), &t))}
        <Show when=open>
            <section class="card wide-card">
                <h2>{move || app.tr().ticket_work()}</h2>
                <Steps id ticket />
                <Assign id book />
                <MeterForm id />
            </section>
        </Show>
        <Show when=move || status() == Some(TicketStatus::Resolved)>
            <ClosingForm id book />
        </Show>
        <Show when=open>
            <section class="card wide-card">
                <h2>{move || app.tr().visit_title()}</h2>
                <VisitForm id summary=summary.clone() book />
            </section>
        </Show>
        {move || ticket.get().map(|t| history(app.tr(), &book.get(), &t))}
        // A closed ticket's details no longer change: the history shows them.
        <Show when=open>
            <DetailsForm id opened=opened.clone() book />
        </Show>
    }
}

/// Who, what, when and the SLA states.
fn header(tr: Tr, book: &ServiceBook, ticket: &ServiceTicket) -> impl IntoView {
    let now = browser::now_ms();
    let sla = ticket.sla(&book.calendar, &book.settings.sla, now);
    let person = |id| book.user_name(id).map_or_else(|| tr.unknown_user(args::UnknownUser { id }), str::to_owned);
    let engineers: Vec<String> = ticket.assignees.iter().map(|&id| person(id)).collect();
    let machine = ticket.machine_id.and_then(|id| book.machine_label(id));
    let flagged = ticket.is_repeat_visit(&book.settings.tickets);
    view! {
        <div class="title-row">
            <h1 data-testid="ticket-title">{format!("{} · {}", ticket.reference(), ticket.summary)}</h1>
        </div>
        <p class="ticket-badges">
            <span class=format!("status-badge status-{}", ticket.status.as_str()) data-testid="ticket-status">{labels::ticket_status(tr, ticket.status)}</span>
            " "
            <span class="pill neutral" data-testid="ticket-priority">{labels::priority(tr, ticket.priority)}</span>
            " "
            <span class="pill neutral">{labels::ticket_kind(tr, ticket.kind)}</span>
            " "
            {flagged.then(|| view! { <span class="flag" data-testid="repeat-visit">{tr.ticket_repeat_visit()}</span> })}
        </p>
        <dl class="facts ticket-facts">
            <dt>{tr.ticket_col_customer()}</dt>
            <dd><a href=Route::Customer(ticket.customer_id).href() data-testid="ticket-customer">{book.customer_name(ticket.customer_id)}</a></dd>
            <dt>{tr.ticket_machine()}</dt>
            <dd data-testid="ticket-machine">{machine.unwrap_or_else(|| tr.ticket_no_machine().to_owned())}</dd>
            <dt>{tr.ticket_owner()}</dt>
            <dd data-testid="ticket-owner">{person(ticket.owner)}</dd>
            <dt>{tr.ticket_engineers()}</dt>
            <dd data-testid="ticket-engineers">{if engineers.is_empty() { tr.ticket_no_engineers().to_owned() } else { engineers.join(format::list_separator(tr.0)) }}</dd>
            <dt>{tr.ticket_opened()}</dt>
            <dd>{format::moment(tr, ticket.opened_instant())}</dd>
            <dt>{tr.ticket_meter()}</dt>
            <dd data-testid="ticket-meter">{ticket.meter.map_or_else(|| "–".to_owned(), |h| format_int(i64::from(h)))}</dd>
            <dt>{tr.ticket_col_response()}</dt>
            <dd>{sla_badge(tr, sla.map(|s| s.response), "ticket-sla-response")}</dd>
            <dt>{tr.ticket_col_resolution()}</dt>
            <dd>{sla_badge(tr, sla.map(|s| s.resolution), "ticket-sla-resolution")}</dd>
            <dt>{tr.ticket_col_visits()}</dt>
            <dd data-testid="ticket-visits">{format_int(i64::from(ticket.visits))}</dd>
        </dl>
    }
}

/// Everything that happened, oldest first: the call, each move, each visit, the closing.
fn history(tr: Tr, book: &ServiceBook, ticket: &ServiceTicket) -> impl IntoView {
    let person = |id| book.user_name(id).map_or_else(|| tr.unknown_user(args::UnknownUser { id }), str::to_owned);
    let mut entries: Vec<(i64, String, &'static str)> = Vec::new();
    if ticket.has_history() {
        entries.push((
            ticket.opened_at,
            tr.history_call_taken(args::HistoryCallTaken { user: &person(ticket.owner) }),
            "call",
        ));
    }
    for change in &ticket.changes {
        let status = labels::ticket_status(tr, change.status);
        let text = match change.hold {
            Some(reason) => tr.history_held(args::HistoryHeld { reason: labels::hold_reason(tr, reason) }),
            None => tr.history_moved(args::HistoryMoved { status }),
        };
        entries.push((change.at, text, "move"));
    }
    let visits = ticket.site_visits.iter().map(|visit| {
        let text = tr.history_visit(args::HistoryVisit {
            engineer: &person(visit.engineer),
            time: &working_time(tr, i64::from(visit.worked_minutes)),
            result: labels::visit_result(tr, visit.result),
            fault: &visit.fault,
        });
        let date = visit.date.map(|d| format::date(tr, d)).unwrap_or_default();
        view! { <li data-testid="history-visit"><span class="muted">{date}</span> " " {text}</li> }
    });
    let closing = ticket.closing.as_ref().map(|closing| {
        let follow_up = match &closing.follow_up {
            FollowUp::Callback(call) => tr.history_callback(args::HistoryCallback {
                user: &person(call.by),
                time: &format::moment(tr, call.at),
                said: &call.said,
            }),
            FollowUp::NotCalled { reason } => tr.history_not_called(args::HistoryNotCalled { reason }),
        };
        let rating = closing.rating.as_ref().map(|rating| {
            let scores = QualityDimension::ALL
                .iter()
                .map(|&d| format!("{} {}", labels::quality_dimension(tr, d), rating.score(d)))
                .collect::<Vec<_>>()
                .join(format::list_separator(tr.0));
            let comment = (!rating.comment.is_empty()).then(|| format!(" · {}", rating.comment));
            view! { <p data-testid="closing-rating">{tr.history_rating(args::HistoryRating { scores: &scores })}{comment}</p> }
        });
        view! {
            <div class="closing-summary" data-testid="closing-summary">
                <p data-testid="closing-follow-up">{follow_up}</p>
                {rating}
            </div>
        }
    });
    let moves = entries.into_iter().map(|(at, text, kind)| {
        view! { <li data-testid=format!("history-{kind}")><span class="muted">{format::moment(tr, at)}</span> " " {text}</li> }
    });
    let work_order = (ticket.status == TicketStatus::Closed).then(|| {
        let fact = |label: &'static str, text: &str| {
            (!text.is_empty()).then(|| view! { <dt>{label}</dt> <dd>{text.to_owned()}</dd> })
        };
        view! {
            <dl class="facts" data-testid="work-order">
                {fact(tr.ticket_complaint(), &ticket.complaint)}
                {fact(tr.ticket_cause(), &ticket.cause)}
                {fact(tr.ticket_correction(), &ticket.correction)}
            </dl>
        }
    });
    view! {
        <section class="card wide-card" data-testid="ticket-history">
            <h2>{tr.ticket_history()}</h2>
            {work_order}
            <ul class="timeline">{moves.collect_view()}</ul>
            <h3>{tr.visit_title()}</h3>
            {if ticket.site_visits.is_empty() {
                view! { <p class="muted" data-testid="no-visits">{tr.visit_none()}</p> }.into_any()
            } else {
                view! { <ul class="timeline">{visits.collect_view()}</ul> }.into_any()
            }}
            {closing}
        </section>
    }
}

/// The work order's details: kind, priority, summary, and complaint / cause / correction.
#[component]
fn DetailsForm(id: Id, opened: Revised<ServiceTicket>, book: Signal<Rc<ServiceBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let customer = opened.record.customer_id;
    let draft = RwSignal::new(Details::of(&opened.record));
    let base = RwSignal::new_local(opened);
    let problems = RwSignal::new(Vec::<TicketProblem>::new());
    let submitted = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let clash = RwSignal::new_local(None::<Rc<Clashed<ServiceTicket>>>);
    // Steps of the work (this tab's or another's) leave the details as they were: the form then
    // starts from the ticket as stored, so only a change of the details themselves is merged.
    let stored = app.watch(move || service::opened(app, id));
    Effect::new(move |_| {
        let Some(Ok(Some(now))) = stored.get() else { return };
        let same_details = base.with_untracked(|b| Details::of(&b.record) == Details::of(&now.record));
        if same_details && base.with_untracked(|b| b.revision != now.revision) {
            base.set(now);
        }
    });
    let write = Write::new(move |details: Details| async move {
        let opened = base.get_untracked();
        match service::save_details(app, &opened, &details).await? {
            Ok(Saved::Stored { .. }) => {
                problems.set(Vec::new());
                saved.set(true);
                if let Some(now) = service::opened(app, id).await? {
                    base.set(now);
                }
            }
            Ok(Saved::Clashed(clashed)) => clash.set(Some(Rc::from(clashed))),
            Err(found) => problems.set(found),
        }
        Ok(())
    });
    let made_by = move |tr: Tr, revision: Option<Revision>| {
        Made::of(tr, revision, |id| {
            book.with_untracked(|b| {
                b.user_name(id).map_or_else(|| tr.unknown_user(args::UnknownUser { id }), str::to_owned)
            })
        })
    };
    let decide = Callback::new(move |decisions: Vec<Decision>| {
        let Some(clashed) = clash.get_untracked() else { return };
        let resolved = clashed.resolve(&decisions);
        base.set(clashed.stored.clone());
        draft.set(Details::of(&resolved));
        clash.set(None);
        write.start(Details::of(&resolved));
    });
    let dialog = record_clash(
        clash,
        move |tr, clashed| clash_rows(tr, clashed, made_by(tr, clashed.stored.revision)),
        made_by,
        write.pending().into(),
        decide,
    );
    let error = move |field| {
        Signal::derive(move || {
            let shown = submitted.get();
            shown.then(|| problem_at(app.tr(), &problems.get(), field)).flatten()
        })
    };
    let text = move |field: TicketField,
                     test_id: &'static str,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     get: fn(&Details) -> &String,
                     set: fn(&mut Details, String)| {
        view! {
            <TextInput
                test_id
                label
                kind
                value=Signal::derive(move || draft.with(|d| get(d).clone()))
                input=Callback::new(move |text: String| { saved.set(false); draft.update(|d| set(d, text)); })
                error=error(field)
            />
        }
    };
    let save = move || {
        submitted.set(true);
        write.start(draft.get_untracked());
    };
    view! {
        {dialog}
        <form class="card wide-card customer-form" novalidate data-testid="ticket-details"
            inert=move || clash.with(Option::is_some)
            on:submit=move |event| { event.prevent_default(); save(); }>
            <h2>{move || app.tr().ticket_details()}</h2>
            <div class="form-grid">
                {enum_select(draft, "details-kind", |t| t.ticket_kind(), TicketKind::ALL, labels::ticket_kind, |d: &Details| d.kind, |d: &mut Details, k| d.kind = k)}
                {enum_select(draft, "details-priority", |t| t.ticket_col_priority(), Priority::ALL, labels::priority, |d: &Details| d.priority, |d: &mut Details, p| d.priority = p)}
            </div>
            {text(TicketField::Summary, "details-summary", |t| t.ticket_col_summary(), TextKind::Text, |d| &d.summary, |d, v| d.summary = v)}
            {text(TicketField::Complaint, "details-complaint", |t| t.ticket_complaint(), TextKind::Long, |d| &d.complaint, |d, v| d.complaint = v)}
            {text(TicketField::Cause, "details-cause", |t| t.ticket_cause(), TextKind::Long, |d| &d.cause, |d, v| d.cause = v)}
            {text(TicketField::Correction, "details-correction", |t| t.ticket_correction(), TextKind::Long, |d| &d.correction, |d, v| d.correction = v)}
            <ComplaintSection id customer draft book problems submitted />
            {move || problem_at(app.tr(), &problems.get(), TicketField::Status).map(|text| view! { <p class="error-text" role="alert">{text}</p> })}
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-testid="details-saved">{move || app.tr().ticket_details_saved()}</p>
            </Show>
            <SaveFailure failure=write.failure() />
            <div class="actions">
                <button type="submit" class="button" data-testid="details-save" disabled=move || write.pending().get()>
                    {move || app.tr().form_save()}
                </button>
            </div>
        </form>
    }
}

/// A clashing detail's name, as the form labels it.
fn field_label(tr: Tr, field: &'static str) -> &'static str {
    match field {
        "kind" => tr.ticket_kind(),
        "priority" => tr.ticket_col_priority(),
        "summary" => tr.ticket_col_summary(),
        "complaint" => tr.ticket_complaint(),
        "cause" => tr.ticket_cause(),
        "correction" => tr.ticket_correction(),
        "about_order" => tr.complaint_about_order(),
        "about_part" => tr.complaint_about_part(),
        "about_ticket" => tr.complaint_about_ticket(),
        "root_cause" => tr.complaint_root_cause(),
        "complaint_owner" => tr.complaint_owner(),
        _ => field,
    }
}

/// `ticket`'s detail `field` in words.
fn words(tr: Tr, ticket: &ServiceTicket, field: &str) -> String {
    match field {
        "kind" => labels::ticket_kind(tr, ticket.kind).to_owned(),
        "priority" => labels::priority(tr, ticket.priority).to_owned(),
        "summary" => ticket.summary.clone(),
        "complaint" => ticket.complaint.clone(),
        "cause" => ticket.cause.clone(),
        "correction" => ticket.correction.clone(),
        "root_cause" => ticket.root_cause.map(|c| labels::root_cause(tr, c).to_owned()).unwrap_or_default(),
        "complaint_owner" => ticket.complaint_owner.map(|id| id.to_string()).unwrap_or_default(),
        "about_order" => ticket.about_order.map(|id| id.to_string()).unwrap_or_default(),
        "about_part" => ticket.about_part.map(|id| id.to_string()).unwrap_or_default(),
        "about_ticket" => ticket.about_ticket.map(|id| id.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Each clashing detail as the dialog shows it: text fields may be typed anew.
fn clash_rows(tr: Tr, clashed: &Clashed<ServiceTicket>, by: Made) -> Vec<ClashRow> {
    clashed
        .clashes
        .iter()
        .map(|clash| ClashRow {
            name: field_label(tr, clash.field).to_owned(),
            stored: words(tr, &clashed.stored.record, clash.field),
            mine: words(tr, &clashed.mine, clash.field),
            by: by.clone(),
            typed: ServiceTicket::is_text(clash.field).then(|| words(tr, &clashed.mine, clash.field)),
        })
        .collect()
}
