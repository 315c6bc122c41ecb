//! Closing a resolved ticket takes the third impression: the callback — who called the customer,
//! what they said — or why there was none, and the customer's rating of the five dimensions of
//! service quality (1–5 each, and a comment) when they gave one. Each problem shows at its input;
//! nothing is stored until all hold.

use super::work::acting;
use super::{problem_at, status_problems};
use crate::domain::model::Id;
use crate::domain::service::record::{Callback as CallBack, Closing, FollowUp, QualityDimension, Rating};
use crate::domain::service::ticket::{Move, TicketField, TicketProblem};
use crate::i18n::Tr;
use crate::state::service::ServiceBook;
use crate::state::{browser, use_app};
use crate::ui::fields::SelectField;
use crate::ui::kit::{invalid, FieldError, SaveFailure, TextInput, TextKind};
use crate::ui::labels;
use crate::usecases::service::Action;
use leptos::prelude::*;
use std::rc::Rc;

/// The closing as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct ClosingDraft {
    called: bool,
    by: String,
    said: String,
    reason: String,
    rated: bool,
    /// In the order of `QualityDimension::ALL`.
    scores: [String; 5],
    comment: String,
}

impl ClosingDraft {
    /// The closing to apply now; a score that is not a number is 0, which the check refuses at
    /// its input.
    fn closing(&self, now: i64) -> Closing {
        let follow_up = if self.called {
            FollowUp::Callback(CallBack { by: self.by.parse().unwrap_or(0), at: now, said: self.said.clone() })
        } else {
            FollowUp::NotCalled { reason: self.reason.clone() }
        };
        let score = |i: usize| {
            let typed = crate::domain::fields::half_width_number(&self.scores[i], &[]);
            typed.parse::<u8>().unwrap_or(0)
        };
        let rating = self.rated.then(|| Rating {
            reliability: score(0),
            timeliness: score(1),
            consistency: score(2),
            attitude: score(3),
            facilities: score(4),
            comment: self.comment.clone(),
        });
        Closing { follow_up, rating }
    }
}

#[component]
pub(super) fn ClosingForm(id: Id, book: Signal<Rc<ServiceBook>, LocalStorage>) -> impl IntoView {
    let app = use_app();
    let draft = RwSignal::new(ClosingDraft {
        called: true,
        by: app.current_user.get_untracked().map(|u| u.to_string()).unwrap_or_default(),
        rated: true,
        ..ClosingDraft::default()
    });
    let problems = RwSignal::new(Vec::<TicketProblem>::new());
    let act = acting(app, id, problems, || {});
    let error = move |field| Signal::derive(move || problem_at(app.tr(), &problems.get(), field));
    let text = move |field: TicketField,
                     test_id: &'static str,
                     label: fn(Tr) -> &'static str,
                     kind: TextKind,
                     get: fn(&ClosingDraft) -> &String,
                     set: fn(&mut ClosingDraft, String)| {
        view! {
            <TextInput
                test_id
                label
                kind
                value=Signal::derive(move || draft.with(|d| get(d).clone()))
                input=Callback::new(move |text: String| draft.update(|d| set(d, text)))
                error=error(field)
            />
        }
    };
    let choice = move |test_id: &'static str, called: bool, label: fn(Tr) -> &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="follow-up" data-testid=test_id
                    prop:checked=move || draft.with(|d| d.called == called)
                    on:change=move |_| draft.update(|d| d.called = called) />
                {move || label(app.tr())}
            </label>
        }
    };
    let scores = move || {
        QualityDimension::ALL
        .iter()
        .enumerate()
        .map(|(i, &dimension)| {
            let label = move || labels::quality_dimension(app.tr(), dimension);
            let test_id = format!("score-{}", dimension.as_str());
            let shown = error(TicketField::Rating(dimension));
            view! {
                <label class="field score">
                    <span>{label}</span>
                    <input type="text" inputmode="numeric" maxlength="2" data-testid=test_id
                        aria-invalid=invalid(shown)
                        prop:value=move || draft.with(|d| d.scores[i].clone())
                        on:input=move |event| { let value = event_target_value(&event); draft.update(|d| d.scores[i] = value); } />
                    <FieldError error=shown />
                </label>
            }
        })
        .collect_view()
    };
    let submit = move || act.start(Action::Step(Move::Close(draft.get_untracked().closing(browser::now_ms()))));
    view! {
        <form class="card closing-form" novalidate data-testid="closing-form" on:submit=move |event| { event.prevent_default(); submit(); }>
            <h2>{move || app.tr().closing_title()}</h2>
            <p class="muted">{move || app.tr().closing_hint()}</p>
            <fieldset class="choices">
                <legend>{move || app.tr().closing_follow_up()}</legend>
                {choice("closing-called", true, |t| t.closing_called())}
                {choice("closing-not-called", false, |t| t.closing_not_called())}
            </fieldset>
            <Show when=move || draft.with(|d| d.called)
                fallback=move || text(TicketField::NotCalledReason, "closing-reason", |t| t.closing_reason(), TextKind::Long, |d| &d.reason, |d, v| d.reason = v)>
                <SelectField
                    test_id="closing-by"
                    label=|t| t.closing_by()
                    options=Signal::derive(move || book.with(|b| b.engineers().into_iter().map(|u| (u.id.to_string(), u.name.clone())).collect()))
                    current=Signal::derive(move || draft.with(|d| d.by.clone()))
                    pick=Callback::new(move |value: String| draft.update(|d| d.by = value))
                    empty=Some(|t| t.ticket_choose_engineer())
                />
                {move || error(TicketField::CallbackBy).get().map(|text| view! { <p class="error-text" data-testid="error-callback-by">{text}</p> })}
                {move || error(TicketField::CallbackAt).get().map(|text| view! { <p class="error-text" data-testid="error-callback-at">{text}</p> })}
                {text(TicketField::CallbackSaid, "closing-said", |t| t.closing_said(), TextKind::Long, |d| &d.said, |d, v| d.said = v)}
            </Show>
            <label class="choice">
                <input type="checkbox" data-testid="closing-rated"
                    prop:checked=move || draft.with(|d| d.rated)
                    on:change=move |event| { let on = event_target_checked(&event); draft.update(|d| d.rated = on); } />
                {move || app.tr().closing_rated()}
            </label>
            <Show when=move || draft.with(|d| d.rated)>
                <div class="form-grid scores">{scores}</div>
                {text(TicketField::RatingComment, "closing-comment", |t| t.closing_comment(), TextKind::Text, |d| &d.comment, |d, v| d.comment = v)}
            </Show>
            {move || status_problems(app.tr(), &problems.get()).into_iter().map(|text| view! { <p class="error-text" role="alert">{text}</p> }).collect_view()}
            <SaveFailure failure=act.failure() />
            <div class="actions">
                <button type="submit" class="button" data-testid="closing-save" disabled=move || act.pending().get()>
                    {move || app.tr().closing_save()}
                </button>
            </div>
        </form>
    }
}
