//! The shows, newest first, with their lead counts; and the show form, for a new show here and
//! for editing on the show's page.

use crate::domain::model::{Id, User};
use crate::domain::shows::form::{ShowDraft, ShowField};
use crate::domain::shows::Show as TradeShow;
use crate::i18n::{args, Tr};
use crate::state::route::Route;
use crate::state::shows::{self, ShowsBook};
use crate::state::{use_app, Revised, Saved};
use crate::ui::fields::Form;
use crate::ui::format;
use crate::ui::kiosk::KioskStart;
use crate::ui::kit::{FormFooter, Loader, NoCurrentUser, TextInput, TextKind, Write};
use crate::ui::problems;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn Shows() -> impl IntoView {
    let app = use_app();
    let book = app.watch(move || async move { shows::book(app).await.map(Rc::new) });
    let adding = RwSignal::new(false);
    view! {
        <section class="page" data-testid="shows">
            <h1>{move || app.tr().shows_title()}</h1>
            <p class="subtitle">{move || app.tr().shows_subtitle()}</p>
            <Loader resource=book let:book>
                {
                    let users = book.users.clone();
                    let on_saved = Callback::new(move |id: Id| app.go(Route::Show(id)));
                    view! {
                        <Show
                            when=move || adding.get()
                            fallback=move || view! {
                                <div class="actions">
                                    <button class="button" data-testid="show-new" on:click=move |_| adding.set(true)>
                                        {move || app.tr().shows_new()}
                                    </button>
                                    <a class="button secondary" href=Route::ShowsReport.href() data-testid="shows-report-link">
                                        {move || app.tr().shows_report_title()}
                                    </a>
                                </div>
                            }
                        >
                            <ShowForm opened=None users=users.clone() on_saved />
                        </Show>
                        {list(app.tr(), &book)}
                        <KioskStart />
                    }
                }
            </Loader>
        </section>
    }
}

fn list(tr: Tr, book: &ShowsBook) -> AnyView {
    if book.shows.is_empty() {
        return view! { <p class="empty-state" data-testid="shows-empty">{tr.shows_empty()}</p> }.into_any();
    }
    let rows = book
        .shows
        .iter()
        .map(|show| {
            let dates = match (show.starts, show.ends) {
                (Some(starts), Some(ends)) => format!("{} – {}", format::date(tr, starts), format::date(tr, ends)),
                _ => String::new(),
            };
            let status = match show.closed {
                Some(day) => tr.show_closed_on(args::ShowClosedOn { date: format::date(tr, day) }),
                None => tr.show_open().to_owned(),
            };
            view! {
                <tr data-testid="show-row">
                    <td><a href=Route::Show(show.id).href() data-testid="show-link">{show.name.clone()}</a></td>
                    <td>{show.place.clone()}</td>
                    <td>{dates}</td>
                    <td class="numeric" data-testid="show-lead-count">{book.lead_count(show.id)}</td>
                    <td>{status}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table" data-testid="shows-table">
            <thead>
                <tr>
                    <th>{tr.show_name()}</th>
                    <th>{tr.show_place()}</th>
                    <th>{tr.show_dates()}</th>
                    <th class="numeric">{tr.show_leads()}</th>
                    <th>{tr.show_status()}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The show form: a new show when `opened` is `None`, else saved from the revision it opened.
#[component]
pub fn ShowForm(opened: Option<Revised<TradeShow>>, users: Vec<User>, on_saved: Callback<Id>) -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(opened.as_ref().map(|o| ShowDraft::of(&o.record)).unwrap_or_else(|| ShowDraft {
        staff: app.current_user.get_untracked().into_iter().collect(),
        ..ShowDraft::default()
    }));
    let problems = Memo::new(move |_| draft.with(ShowDraft::validate));
    let form = Form::new(draft, problems, problems::show);
    let clashed = RwSignal::new(false);
    let opened = StoredValue::new_local(opened);
    let write = Write::new(move |draft: ShowDraft| shows::save_show(app, opened.get_value(), draft));
    let outcome = write.outcome();
    Effect::new(move |_| match outcome.get() {
        Some(Ok(Saved::Stored { record, .. })) => on_saved.run(record.id),
        Some(Ok(Saved::Clashed(_))) => clashed.set(true),
        _ => {}
    });
    let text = move |field: ShowField,
                     test_id: &'static str,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     get: fn(&ShowDraft) -> &String,
                     set: fn(&mut ShowDraft, String)| {
        view! {
            <TextInput
                test_id
                label
                kind
                value=Signal::derive(move || draft.with(|d| get(d).clone()))
                input=Callback::new(move |text: String| draft.update(|d| set(d, text)))
                error=form.error(field)
                leave=Callback::new(move |_| form.touch(field))
            />
        }
    };
    let staff = users
        .into_iter()
        .filter(|u| u.active)
        .map(|user| {
            let id = user.id;
            let on = move || draft.with(|d| d.staff.contains(&id));
            view! {
                <button
                    type="button"
                    class="chip"
                    data-testid="show-staff"
                    aria-pressed=move || if on() { "true" } else { "false" }
                    on:click=move |_| draft.update(|d| {
                        if let Some(i) = d.staff.iter().position(|s| *s == id) {
                            d.staff.remove(i);
                        } else {
                            d.staff.push(id);
                        }
                    })
                >
                    {user.name}
                </button>
            }
        })
        .collect_view();
    let save = move || {
        form.shown.submitted.set(true);
        if problems.with_untracked(Vec::is_empty) {
            write.start(draft.get_untracked());
        }
    };
    view! {
        <NoCurrentUser />
        <form class="card show-form" novalidate data-testid="show-form" on:submit=move |event| { event.prevent_default(); save(); }>
            {text(ShowField::Name, "show-name", |tr| tr.show_name(), TextKind::Text, |d| &d.name, |d, v| d.name = v)}
            {text(ShowField::Place, "show-place", |tr| tr.show_place(), TextKind::Text, |d| &d.place, |d, v| d.place = v)}
            {text(ShowField::Starts, "show-starts", |tr| tr.show_starts(), TextKind::Date, |d| &d.starts, |d, v| d.starts = v)}
            {text(ShowField::Ends, "show-ends", |tr| tr.show_ends(), TextKind::Date, |d| &d.ends, |d, v| d.ends = v)}
            {text(ShowField::Booth, "show-booth", |tr| tr.show_booth(), TextKind::Text, |d| &d.booth, |d, v| d.booth = v)}
            {text(ShowField::Cost, "show-cost", |tr| tr.show_cost(), TextKind::Decimal, |d| &d.cost, |d, v| d.cost = v)}
            <fieldset class="field wide chips">
                <legend>{move || app.tr().show_staff()}</legend>
                {staff}
            </fieldset>
            <Show when=move || clashed.get()>
                <p class="error-text" role="alert" data-testid="show-clashed">{move || app.tr().show_changed_elsewhere()}</p>
            </Show>
            <FormFooter
                save_id="show-save"
                problems=Signal::derive(move || problems.with(Vec::len))
                submitted=form.shown.submitted
                pending=write.pending()
                failure=write.failure()
            />
        </form>
    }
}
