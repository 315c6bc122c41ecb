//! "Log interaction" (记录往来) on a customer's page: kind, date, contact, notes and an optional
//! follow-up. Problems show at their input once it was left or a save was tried. Also the
//! timeline's button closing an open follow-up.

use super::{alerted, Unfold};
use crate::domain::interactions::form::{self as interaction_form, InteractionDraft, InteractionField};
use crate::domain::model::{Id, InteractionKind};
use crate::state::customers::CustomerFile;
use crate::state::{browser, interactions, use_app};
use crate::ui::fields::{enum_select, SelectField, Shown};
use crate::ui::kit::{invalid, FieldError, NoCurrentUser, SaveFailure, TextInput, TextKind, Write};
use crate::ui::labels;
use crate::ui::problems::interaction as problem_text;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn LogInteraction(file: Rc<CustomerFile>) -> impl IntoView {
    let open = RwSignal::new(false);
    let customer_id = file.customer.id;
    let contacts: Vec<(String, String)> = file.contacts.iter().map(|c| (c.id.to_string(), c.name.clone())).collect();
    view! {
        <Unfold open class="button" test_id="log-interaction" label=|tr| tr.interaction_log()>
            <InteractionForm customer_id contacts=contacts.clone() close=Callback::new(move |_| open.set(false)) />
        </Unfold>
    }
}

#[component]
fn InteractionForm(customer_id: Id, contacts: Vec<(String, String)>, close: Callback<()>) -> impl IntoView {
    let app = use_app();
    let today = browser::today();
    let draft = RwSignal::new(InteractionDraft::new(today));
    let shown = Shown::new(Memo::new(move |_| draft.with(|d| interaction_form::validate(d, today))));
    let write = Write::new(move |typed: InteractionDraft| async move {
        interactions::log(app, customer_id, &typed).await?;
        close.run(());
        Ok(())
    });
    let no_current_user = move || app.current_user.get().is_none();
    let error = move |field: InteractionField| shown.problem_text(field, problem_text);
    let touch = move |field: InteractionField| shown.touch(field);
    let save = move || {
        shown.submitted.set(true);
        if shown.problems.with_untracked(Vec::is_empty) {
            write.start(draft.get_untracked());
        }
    };
    let contact_options = Signal::derive(move || contacts.clone());
    let date_error = error(InteractionField::Date);
    let follow_up_error = error(InteractionField::FollowUp);
    view! {
        <form
            class="interaction-form"
            data-testid="interaction-form"
            novalidate
            on:submit=move |event| { event.prevent_default(); save(); }
        >
            <h3>{move || app.tr().interaction_log_title()}</h3>
            <NoCurrentUser />
            <div class="interaction-fields">
                {enum_select(draft, "interaction-kind", |tr| tr.column_interaction_kind(), InteractionKind::ALL, labels::interaction_kind, |d| d.kind, |d, v| d.kind = v)}
                <label class="field">
                    <span>{move || app.tr().column_date()}</span>
                    <input
                        type="date"
                        data-testid="interaction-date"
                        max=today.to_string()
                        aria-invalid=invalid(date_error)
                        prop:value=move || draft.with(|d| d.date.clone())
                        on:input=move |event| draft.update(|d| d.date = event_target_value(&event))
                        on:blur=move |_| touch(InteractionField::Date)
                    />
                    <FieldError error=date_error />
                </label>
                <SelectField
                    test_id="interaction-contact"
                    label=|tr| tr.column_contact()
                    options=contact_options
                    current=Signal::derive(move || draft.with(|d| d.contact_id.map(|id| id.to_string()).unwrap_or_default()))
                    pick=Callback::new(move |id: String| draft.update(|d| d.contact_id = id.parse().ok()))
                    empty=Some(|tr| tr.interaction_contact_none())
                />
                <label class="field">
                    <span>{move || app.tr().column_follow_up()}</span>
                    <input
                        type="date"
                        data-testid="interaction-follow-up"
                        min=move || draft.with(|d| d.date.clone())
                        aria-invalid=invalid(follow_up_error)
                        prop:value=move || draft.with(|d| d.follow_up.clone())
                        on:input=move |event| draft.update(|d| d.follow_up = event_target_value(&event))
                        on:blur=move |_| touch(InteractionField::FollowUp)
                    />
                    <span class="hint">{move || app.tr().interaction_follow_up_hint()}</span>
                    <FieldError error=follow_up_error />
                </label>
                <TextInput
                    test_id="interaction-notes"
                    label=|tr| tr.column_notes()
                    kind=TextKind::Long
                    rows=4
                    hint=|tr| tr.interaction_notes_hint()
                    value=Signal::derive(move || draft.with(|d| d.notes.clone()))
                    input=Callback::new(move |text: String| draft.update(|d| d.notes = text))
                    error=error(InteractionField::Notes)
                    leave=Callback::new(move |()| touch(InteractionField::Notes))
                />
            </div>
            <SaveFailure failure=write.failure() />
            <div class="actions">
                <button
                    type="submit"
                    class="button"
                    data-testid="save-interaction"
                    disabled=move || write.pending().get() || no_current_user()
                >
                    {move || app.tr().interaction_save()}
                </button>
                <button type="button" class="button secondary" data-testid="cancel-interaction" on:click=move |_| close.run(())>
                    {move || app.tr().cancel()}
                </button>
            </div>
        </form>
    }
}

/// Marks interaction `id`'s open follow-up as done, from the customer's timeline.
#[component]
pub fn CompleteFollowUp(id: Id) -> impl IntoView {
    let app = use_app();
    let complete = Write::new(move |()| async move { alerted(app, interactions::complete_follow_up(app, id).await) });
    view! {
        <button
            class="button secondary"
            data-testid="timeline-complete-follow-up"
            disabled=move || complete.pending().get() || app.current_user.get().is_none()
            on:click=move |_| complete.start(())
        >
            {move || app.tr().follow_up_complete()}
        </button>
    }
}
