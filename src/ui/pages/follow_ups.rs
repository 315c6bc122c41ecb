//! The follow-up queue: open follow-ups, mine or the team's, grouped into overdue, today, the
//! next 7 days and later; each can be marked done or moved, and the queue shown exported as
//! an .ics calendar.

use crate::domain::date::Date;
use crate::domain::export::ics::{follow_ups_ics, Timestamp};
use crate::domain::interactions::follow_up::{self, Bucket, Scope};
use crate::domain::interactions::form as interaction_form;
use crate::domain::model::{Id, InteractionKind};
use crate::domain::money::format_int;
use crate::i18n::{args, Tr};
use crate::state::interactions::{self, FollowUpBook};
use crate::state::route::Route;
use crate::state::{browser, use_app};
use crate::ui::fields::SelectField;
use crate::ui::format;
use crate::ui::kit::{invalid, FieldError, Loader, NoCurrentUser, Write};
use crate::ui::labels;
use crate::ui::problems::interaction as problem_text;
use leptos::prelude::*;
use std::rc::Rc;

/// Characters of the notes shown in the queue; the customer's timeline has them all.
const NOTES_EXCERPT: usize = 140;

/// The scope switch: the current user's follow-ups, or the team's (everyone, or one person).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Whose {
    Mine,
    Team(Option<Id>),
}

impl Whose {
    /// The choice in effect: "mine" without a current user is the whole team.
    fn effective(self, current_user: Option<Id>) -> Whose {
        match (self, current_user) {
            (Whose::Mine, None) => Whose::Team(None),
            (choice, _) => choice,
        }
    }

    fn scope(self, current_user: Option<Id>) -> Scope {
        match (self.effective(current_user), current_user) {
            (Whose::Mine, Some(user)) | (Whose::Team(Some(user)), _) => Scope::Person(user),
            _ => Scope::Everyone,
        }
    }
}

fn bucket_name(tr: Tr, bucket: Bucket) -> &'static str {
    match bucket {
        Bucket::Overdue => tr.bucket_overdue(),
        Bucket::Today => tr.bucket_today(),
        Bucket::Coming => tr.bucket_coming(),
        Bucket::Later => tr.bucket_later(),
    }
}

/// One follow-up as shown, owned so each row's closures can hold it.
#[derive(Clone)]
struct Row {
    id: Id,
    customer_id: Id,
    company: String,
    kind: InteractionKind,
    due: Date,
    since: Option<Date>,
    by: String,
    notes: String,
    days_overdue: i32,
    bucket: Bucket,
}

#[component]
pub fn FollowUps() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { interactions::follow_up_book(app).await.map(Rc::new) });
    let whose = RwSignal::new(Whose::Mine);
    let scope = Memo::new(move |_| whose.get().scope(app.current_user.get()));
    let outcome = RwSignal::new(None::<Exported>);
    let export = move |_| {
        let Some(Ok(book)) = book.get_untracked() else { return };
        outcome.set(Some(export_calendar(&book, scope.get_untracked(), app.tr_untracked())));
    };
    let shown = Memo::new(move |_| whose.get().effective(app.current_user.get()));
    let switch = move |choice: Whose, test_id: &'static str, label: fn(Tr) -> &'static str| {
        let pressed = move || (matches!(shown.get(), Whose::Team(_)) == matches!(choice, Whose::Team(_))).to_string();
        let unavailable = move || choice == Whose::Mine && app.current_user.get().is_none();
        view! {
            <button
                type="button"
                class="segment"
                data-testid=test_id
                aria-pressed=pressed
                disabled=unavailable
                on:click=move |_| whose.set(choice)
            >
                {move || label(app.tr())}
            </button>
        }
    };
    view! {
        <section class="page" data-testid="follow-ups">
            <div class="title-row">
                <h1>{move || app.tr().follow_ups_title()}</h1>
                // The booth kiosk exports nothing (`state::kiosk`).
                <Show when=move || !crate::state::kiosk::use_kiosk().locked()>
                    <button class="button secondary" data-testid="export-ics" on:click=export>
                        {move || app.tr().follow_ups_export()}
                    </button>
                </Show>
            </div>
            <p class="subtitle">{move || app.tr().follow_ups_subtitle()}</p>
            <div class="queue-toolbar">
                <div class="segmented" role="group" aria-label=move || app.tr().follow_ups_whose()>
                    {switch(Whose::Mine, "scope-mine", |tr| tr.follow_ups_mine())}
                    {switch(Whose::Team(None), "scope-team", |tr| tr.follow_ups_team())}
                </div>
                {move || match (shown.get(), book.get()) {
                    (Whose::Team(_), Some(Ok(book))) => Some(person_picker(whose, &book)),
                    _ => None,
                }}
            </div>
            <NoCurrentUser message=|tr| tr.follow_ups_no_user() />
            {move || outcome.get().map(|exported| {
                let tr = app.tr();
                let (class, text) = match exported {
                    Ok((count, name)) => ("notice ok", tr.follow_ups_exported(args::FollowUpsExported {
                        count: format_int(count as i64),
                        file: &name,
                    })),
                    Err(detail) => ("error-text", tr.export_failed(args::ExportFailed { detail })),
                };
                view! { <p class=class role="status" data-testid="queue-message">{text}</p> }
            })}
            <Loader resource=book let:book>
                {
                    let book = StoredValue::new_local(book);
                    move || book.with_value(|book| queue_view(app.tr(), book, scope.get()))
                }
            </Loader>
        </section>
    }
}

fn person_picker(whose: RwSignal<Whose>, book: &FollowUpBook) -> impl IntoView {
    let people: Vec<(String, String)> = book.people().into_iter().map(|u| (u.id.to_string(), u.name.clone())).collect();
    view! {
        <SelectField
            test_id="scope-person"
            label=|tr| tr.follow_ups_person()
            options=Signal::derive(move || people.clone())
            current=Signal::derive(move || match whose.get() {
                Whose::Team(Some(id)) => id.to_string(),
                _ => String::new(),
            })
            pick=Callback::new(move |id: String| whose.set(Whose::Team(id.parse().ok())))
            empty=Some(|tr| tr.follow_ups_everyone())
        />
    }
}

/// An export's events and file name, or why the download failed; kept as data so the message
/// follows a change of language.
type Exported = Result<(usize, String), String>;

/// Offers the queue of `scope` as an .ics download, its events titled in `tr`'s language.
fn export_calendar(book: &FollowUpBook, scope: Scope, tr: Tr) -> Exported {
    let today = browser::today();
    let items = follow_up::queue(&book.interactions, &book.customers, scope, today);
    let events = follow_up::calendar_events(&items, |company| tr.follow_up_summary(args::FollowUpSummary { company }));
    let product = concat!("-//Kehu//Kehu ", env!("CARGO_PKG_VERSION"), "//EN");
    let calendar = follow_ups_ics(&events, Timestamp::from_unix_ms(browser::now_ms()), product);
    let name = format!("kehu-follow-ups-{today}.ics");
    browser::download(&name, "text/calendar;charset=utf-8", calendar.as_bytes())?;
    Ok((events.len(), name))
}

fn queue_view(tr: Tr, book: &FollowUpBook, scope: Scope) -> impl IntoView {
    let today = browser::today();
    let items = follow_up::queue(&book.interactions, &book.customers, scope, today);
    if items.is_empty() {
        return view! { <p class="empty-state" data-testid="queue-empty">{tr.follow_ups_none()}</p> }.into_any();
    }
    let overdue = items.iter().filter(|i| i.bucket == Bucket::Overdue).count();
    let rows: Vec<Row> = items
        .iter()
        .map(|item| Row {
            id: item.interaction.id,
            customer_id: item.customer.id,
            company: item.customer.company.clone(),
            kind: item.interaction.kind,
            due: item.due,
            since: item.interaction.date,
            by: book
                .user(item.interaction.by)
                .map_or_else(|| tr.unknown_user(args::UnknownUser { id: item.interaction.by }), |u| u.name.clone()),
            notes: follow_up::excerpt(&item.interaction.notes, NOTES_EXCERPT),
            days_overdue: item.days_overdue,
            bucket: item.bucket,
        })
        .collect();
    let buckets = Bucket::ALL
        .into_iter()
        .filter_map(|bucket| {
            let in_bucket: Vec<Row> = rows.iter().filter(|r| r.bucket == bucket).cloned().collect();
            (!in_bucket.is_empty()).then(|| {
                view! {
                    <section class=format!("queue-bucket {}", bucket.as_str()) data-testid=format!("bucket-{}", bucket.as_str())>
                        <h2>
                            {bucket_name(tr, bucket)}
                            <span class="count-badge" data-testid="bucket-count">{format_int(in_bucket.len() as i64)}</span>
                        </h2>
                        <ul class="queue-list">
                            {in_bucket.into_iter().map(|row| view! { <FollowUpRow row /> }).collect_view()}
                        </ul>
                    </section>
                }
            })
        })
        .collect_view();
    view! {
        <p class="muted" data-testid="queue-summary">
            {tr.follow_ups_summary(args::FollowUpsSummary {
                count: format_int(items.len() as i64),
                overdue: format_int(overdue as i64),
            })}
        </p>
        {buckets}
    }
    .into_any()
}

#[component]
fn FollowUpRow(row: Row) -> impl IntoView {
    let app = use_app();
    let moving = RwSignal::new(false);
    let new_date = RwSignal::new(browser::today().add_days(1).to_string());
    let tried = RwSignal::new(false);
    let no_current_user = move || app.current_user.get().is_none();
    let id = row.id;
    let since = row.since;
    let checked = Memo::new(move |_| new_date.with(|text| interaction_form::reschedule(text, since, browser::today())));
    let date_error = Signal::derive(move || {
        let problem = checked.get().err().filter(|_| tried.get());
        problem.map(|e| problem_text(app.tr(), e))
    });
    // A failure shows as the app's alert: a queue row has no room for it.
    let write = Write::new(move |change: Change| async move {
        let done = match change {
            Change::Complete => interactions::complete_follow_up(app, id).await,
            Change::Move(date) => interactions::reschedule_follow_up(app, id, date).await,
        };
        if let Err(error) = &done {
            app.report(error.clone());
        }
        done
    });
    let pending = write.pending();
    let reschedule = move |_| {
        tried.set(true);
        if let Ok(date) = checked.get_untracked() {
            write.start(Change::Move(date));
        }
    };
    let overdue = row.days_overdue;
    let Row { customer_id, company, kind, due, by, notes, bucket, .. } = row;
    view! {
        <li class=format!("queue-item {}", bucket.as_str()) data-testid="follow-up" data-id=id.to_string()>
            <div class="queue-main">
                <div class="queue-title">
                    <a href=Route::Customer(customer_id).href() data-testid="follow-up-customer">{company}</a>
                    <span class="tag">{move || labels::interaction_kind(app.tr(), kind)}</span>
                    <Show when=move || { overdue > 0 }>
                        <span class="overdue-badge" data-testid="days-overdue">
                            {move || match overdue {
                                1 => app.tr().follow_up_one_day_overdue().to_owned(),
                                days => app.tr().follow_up_days_overdue(args::FollowUpDaysOverdue { days: format_int(i64::from(days)) }),
                            }}
                        </span>
                    </Show>
                </div>
                <span class="muted" data-testid="follow-up-meta">
                    {move || {
                        let tr = app.tr();
                        let date = since.map_or_else(|| tr.not_recorded().to_owned(), |d| format::date(tr, d));
                        tr.follow_up_meta(args::FollowUpMeta { due: format::date(tr, due), date, user: &by })
                    }}
                </span>
                <span class="queue-notes" data-testid="follow-up-notes">{notes}</span>
            </div>
            <div class="queue-actions">
                <button
                    class="button"
                    data-testid="complete-follow-up"
                    disabled=move || pending.get() || no_current_user()
                    on:click=move |_| write.start(Change::Complete)
                >
                    {move || app.tr().follow_up_complete()}
                </button>
                <button
                    class="button secondary"
                    data-testid="reschedule-follow-up"
                    aria-expanded=move || moving.get().to_string()
                    disabled=no_current_user
                    on:click=move |_| moving.update(|open| *open = !*open)
                >
                    {move || app.tr().follow_up_reschedule()}
                </button>
            </div>
            <Show when=move || moving.get()>
                <div class="queue-reschedule" data-testid="reschedule-form">
                    <label class="field">
                        <span>{move || app.tr().follow_up_new_date()}</span>
                        <input
                            type="date"
                            data-testid="reschedule-date"
                            min=browser::today().to_string()
                            aria-invalid=invalid(date_error)
                            prop:value=move || new_date.get()
                            on:input=move |event| new_date.set(event_target_value(&event))
                        />
                        <FieldError error=date_error />
                    </label>
                    <button class="button" data-testid="confirm-reschedule" disabled=pending on:click=reschedule>
                        {move || app.tr().follow_up_move()}
                    </button>
                </div>
            </Show>
        </li>
    }
}

/// What a row's write does to its follow-up.
#[derive(Clone, Copy)]
enum Change {
    Complete,
    Move(Date),
}
