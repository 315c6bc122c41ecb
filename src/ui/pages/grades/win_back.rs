//! The lost customers card: each lost customer with its kind of loss, grade and response
//! (docs/domain.md §3), and the response made work: planned as a follow-up with an owner and a
//! due date, which then shows here and in the owner's follow-up queue.

use crate::domain::grading::retention::LostCustomer;
use crate::domain::interactions::form::InteractionError;
use crate::domain::interactions::win_back::{open_follow_up, WinBackDraft, WinBackField};
use crate::domain::model::{Id, User};
use crate::i18n::{args, Tr};
use crate::state::grades::GradeBook;
use crate::state::route::Route;
use crate::state::{browser, interactions, use_app, users};
use crate::ui::errors::error_text;
use crate::ui::format;
use crate::ui::kit::{invalid, Write};
use crate::ui::labels;
use crate::ui::problems::interaction as problem_text;
use leptos::prelude::*;
use std::rc::Rc;

/// Lost customers listed; the rest are counted by the churn card's figures.
const LISTED: usize = 20;

/// The response of `lost` in words, steps joined by arrows.
fn response(tr: Tr, lost: &LostCustomer) -> String {
    let tasks = lost.tasks.iter().map(|t| labels::win_back_task(tr, *t)).collect::<Vec<_>>().join(" → ");
    if tasks.is_empty() {
        tr.grades_no_action().to_owned()
    } else {
        tasks
    }
}

#[component]
pub fn LostCard(book: Rc<GradeBook>, lost: Vec<LostCustomer>) -> impl IntoView {
    let app = use_app();
    let tr = app.tr_untracked();
    let people = app.watch(move || async move { Rc::new(users::list(app).await.unwrap_or_default()) });
    let rows = lost
        .into_iter()
        .take(LISTED)
        .map(|l| {
            let customer = book.customer(l.customer_id);
            let company = customer.map(|c| c.company.clone()).unwrap_or_default();
            let lead = customer.map_or(0, |c| c.team.lead);
            let kind = l.kind.map(|k| labels::lost_kind(tr, k)).unwrap_or(tr.grades_lost_kind_unknown());
            let grade = l.grade.map_or(tr.grades_no_grade(), |g| labels::grade(tr, g));
            let planned = open_follow_up(&book.interactions, l.customer_id).map(|f| (f.by, f.follow_up));
            let work = match (l.tasks.is_empty(), planned) {
                (true, _) => None,
                (false, Some((owner, due))) => Some(
                    view! {
                        <span class="muted" data-testid="win-back-planned">
                            " · "
                            {move || {
                                let tr = app.tr();
                                let name = people.get().and_then(|p| p.iter().find(|u| u.id == owner).map(|u| u.name.clone()));
                                tr.win_back_planned(args::WinBackPlanned {
                                    date: &due.map(|d| format::date(tr, d)).unwrap_or_default(),
                                    owner: &name.unwrap_or_default(),
                                })
                            }}
                        </span>
                        " "
                        <a href=Route::FollowUps.href()>{tr.win_back_queue()}</a>
                    }
                    .into_any(),
                ),
                (false, None) => {
                    let notes = format!("{} · {}", kind, response(tr, &l));
                    Some(view! { <PlanWinBack customer_id=l.customer_id lead notes lost=l.clone() people /> }.into_any())
                }
            };
            view! {
                <li data-testid="lost-customer">
                    <a href=Route::Customer(l.customer_id).href()>{company}</a>
                    <span class="muted">" · " {kind} " · " {grade} " · "</span>
                    <span>{response(tr, &l)}</span>
                    {work}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card" data-testid="lost">
            <h2>{tr.grades_lost()}</h2>
            <p class="muted">{tr.win_back_hint()}</p>
            <ul class="plain-list">{rows}</ul>
        </div>
    }
}

/// The button that opens a plan, and the plan: owner, due date and notes, each checked at its field.
#[component]
fn PlanWinBack(
    customer_id: Id,
    lead: Id,
    notes: String,
    lost: LostCustomer,
    people: LocalResource<Rc<Vec<User>>>,
) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let draft = RwSignal::new(WinBackDraft::new(lead, browser::today(), notes));
    let tried = RwSignal::new(false);
    let problems =
        Memo::new(move |_| if tried.get() { draft.with(|d| d.validate(browser::today())) } else { Vec::new() });
    let problem = move |field: WinBackField| problems.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, e)| *e));
    let tasks = lost.tasks;
    let write = Write::new(move |plan: WinBackDraft| async move {
        interactions::plan_win_back(app, customer_id, &plan, tasks).await.map(drop)
    });
    let save = move |_| {
        tried.set(true);
        if draft.with_untracked(|d| d.validate(browser::today()).is_empty()) {
            write.start(draft.get_untracked());
        }
    };
    let error = move |field: WinBackField, test_id: &'static str| {
        move || {
            problem(field).map(|e: InteractionError| {
                view! { <span class="field-error" role="alert" data-testid=test_id>{problem_text(app.tr(), e)}</span> }
            })
        }
    };
    let owners = move || {
        let chosen = draft.with(|d| d.owner);
        let people = people.get().unwrap_or_default();
        people
            .iter()
            .filter(|u| u.active || u.id == chosen)
            .map(|u| {
                let id = u.id;
                view! { <option value=id.to_string() prop:selected=move || draft.with(|d| d.owner == id)>{u.name.clone()}</option> }
            })
            .collect_view()
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                " "
                <button type="button" class="button secondary small" data-testid="win-back-plan" on:click=move |_| open.set(true)>
                    {move || app.tr().win_back_plan()}
                </button>
            }
        >
            <div class="win-back-form filter-grid" data-testid="win-back-form">
                <label class="field">
                    <span>{move || app.tr().win_back_owner()}</span>
                    <select
                        data-testid="win-back-owner"
                        aria-invalid=invalid(Signal::derive(move || problem(WinBackField::Owner)))
                        on:change=move |e| {
                            let owner = event_target_value(&e).parse().unwrap_or(0);
                            draft.update(|d| d.owner = owner);
                        }
                    >
                        <option value="0" prop:selected=move || draft.with(|d| d.owner == 0)>{move || app.tr().not_set()}</option>
                        {owners}
                    </select>
                    {error(WinBackField::Owner, "win-back-owner-error")}
                </label>
                <label class="field">
                    <span>{move || app.tr().win_back_due()}</span>
                    <input
                        type="date"
                        data-testid="win-back-due"
                        prop:value=move || draft.with(|d| d.due.clone())
                        on:input=move |e| {
                            let due = event_target_value(&e);
                            draft.update(|d| d.due = due);
                        }
                    />
                    {error(WinBackField::Due, "win-back-due-error")}
                </label>
                <label class="field">
                    <span>{move || app.tr().win_back_notes()}</span>
                    <textarea
                        rows="2"
                        data-testid="win-back-notes"
                        prop:value=move || draft.with(|d| d.notes.clone())
                        on:input=move |e| {
                            let notes = event_target_value(&e);
                            draft.update(|d| d.notes = notes);
                        }
                    ></textarea>
                    {error(WinBackField::Notes, "win-back-notes-error")}
                </label>
                <div class="actions">
                    <button type="button" class="button" data-testid="win-back-save" disabled=write.pending() on:click=save>
                        {move || app.tr().win_back_save()}
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| open.set(false)>
                        {move || app.tr().cancel()}
                    </button>
                </div>
                {move || write.failure().get().map(|e| view! {
                    <p class="error-text" role="alert" data-testid="win-back-failed">{error_text(app.tr(), &e)}</p>
                })}
            </div>
        </Show>
    }
}
