//! The sales funnel: the kanban board and list, an opportunity's page, and the forecast with its
//! breakdown. Here what they share: stage moves through the gate dialog, the MAN strategy, and
//! the forecast page's cards.

mod board;
mod breakdown;
mod forecast;
mod opportunity;

pub use board::{Funnel, View};
pub use forecast::ForecastPage;
pub use opportunity::OpportunityPage;

use crate::domain::funnel::gates::CriterionCheck;
use crate::domain::funnel::man::ManCombination;
use crate::domain::funnel::settings::FunnelSettings;
use crate::domain::funnel::stage::MoveError;
use crate::domain::model::{FunnelStage, Id, Man, Opportunity};
use crate::i18n::{args, Tr};
use crate::state::opportunities::{self, FunnelBook, MoveDecision};
use crate::state::use_app;
use crate::ui::kit::Write;
use crate::ui::labels::{self, criterion_name, default_strategy};
use leptos::prelude::*;
use std::rc::Rc;

/// The opportunities a page shows, as read once for it.
type Book = StoredValue<Rc<FunnelBook>, LocalStorage>;

/// The strategy shown for `man`: the user's text from Settings, else the default.
fn strategy(tr: Tr, settings: &FunnelSettings, man: Man) -> String {
    let combination = ManCombination::of(man);
    settings.strategy(combination).map_or_else(|| default_strategy(tr, combination).to_owned(), str::to_owned)
}

/// A stage move waiting for the user's decision in the gate dialog.
#[derive(Clone, Debug, PartialEq)]
struct PendingMove {
    id: Id,
    title: String,
    to: FunnelStage,
    /// The unmet criteria with how each is decided.
    unmet: Vec<(String, CriterionCheck)>,
    man: Man,
}

/// A move the user made: what it asked, what was decided, and how each gate criterion is
/// decided (criteria not named here are ticked), to ask again when the gates hold it back.
#[derive(Clone)]
struct MoveRequest {
    asked: PendingMove,
    decision: MoveDecision,
    checks: Vec<(String, CriterionCheck)>,
}

/// Pairs unmet criteria with how each is decided.
fn with_checks(unmet: Vec<String>, checks: &[(String, CriterionCheck)]) -> Vec<(String, CriterionCheck)> {
    unmet
        .into_iter()
        .map(|id| {
            let check = checks.iter().find(|(c, _)| *c == id).map_or(CriterionCheck::Ticked, |(_, k)| *k);
            (id, check)
        })
        .collect()
}

/// A page's stage moves: the move waiting in the gate dialog (it outlives the board, drawn
/// again after every move) and the write that makes them.
#[derive(Clone, Copy)]
struct Moves {
    pending: RwSignal<Option<PendingMove>>,
    write: Write<MoveRequest>,
}

impl Moves {
    fn new() -> Moves {
        let app = use_app();
        let pending = RwSignal::new(None::<PendingMove>);
        let write = Write::new(move |request: MoveRequest| async move {
            let MoveRequest { asked, decision, checks } = request;
            let moved = opportunities::move_to(app, asked.id, asked.to, &decision).await;
            match moved.inspect_err(|error| app.report(error.clone()))? {
                Ok(()) => pending.set(None),
                // Criteria the gates hold it back for (added in another tab meanwhile): ask.
                Err(MoveError::Blocked { unmet }) => {
                    pending.set(Some(PendingMove { unmet: with_checks(unmet, &checks), ..asked }))
                }
                Err(_) => {}
            }
            Ok(())
        });
        Moves { pending, write }
    }

    /// Moves `opportunity` to `to`; a move the gates or a loss hold back opens the dialog instead.
    fn try_move(self, opportunity: &Opportunity, to: FunnelStage, settings: &FunnelSettings) {
        if opportunity.stage == to || !opportunity.stage.is_open() {
            return;
        }
        let asked = PendingMove {
            id: opportunity.id,
            title: opportunity.title.clone(),
            to,
            unmet: Vec::new(),
            man: opportunity.man,
        };
        if to == FunnelStage::Lost {
            self.pending.set(Some(asked));
            return;
        }
        let checks =
            settings.gates.gates.iter().flat_map(|g| g.criteria.iter().map(|c| (c.id.clone(), c.check))).collect();
        self.write.start(MoveRequest { asked, decision: MoveDecision::default(), checks });
    }
}

/// A line of text the gate dialog asks for.
fn dialog_field(label: &'static str, test_id: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" data-testid=test_id prop:value=value on:input=move |e| value.set(event_target_value(&e)) />
        </label>
    }
}

/// The gate dialog: the unmet criteria to tick (MAN ones set MAN), or an override with a
/// reason; for a loss, its reason and the competitor.
#[component]
fn MoveDialog(moves: Moves) -> impl IntoView {
    let app = use_app();
    let pending = moves.pending;
    let moving = moves.write.pending();
    let ticked = RwSignal::new(Vec::<String>::new());
    let reason = RwSignal::new(String::new());
    let lost_reason = RwSignal::new(String::new());
    let competitor = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    // Setting the same move again (a second answer from the store) keeps what was ticked.
    let shown = Memo::new(move |_| pending.get());
    Effect::new(move |_| {
        shown.track();
        ticked.set(Vec::new());
        reason.set(String::new());
        lost_reason.set(String::new());
        competitor.set(String::new());
        tried.set(false);
    });
    let all_ticked = move || {
        pending.with(|p| p.as_ref().is_some_and(|p| ticked.with(|t| p.unmet.iter().all(|(id, _)| t.contains(id)))))
    };
    let submit = move |override_: bool| {
        tried.set(true);
        let Some(p) = pending.get_untracked() else { return };
        let lost = p.to == FunnelStage::Lost;
        if lost
            && (lost_reason.with_untracked(|r| r.trim().is_empty())
                || competitor.with_untracked(|c| c.trim().is_empty()))
        {
            return;
        }
        if override_ && reason.with_untracked(|r| r.trim().is_empty()) {
            return;
        }
        if !lost && !override_ && !all_ticked() {
            return;
        }
        let ticks = ticked.get_untracked();
        let mut man = p.man;
        for (id, check) in &p.unmet {
            if ticks.contains(id) {
                match check {
                    CriterionCheck::Money => man.money = true,
                    CriterionCheck::Authority => man.authority = true,
                    CriterionCheck::Need => man.need = true,
                    CriterionCheck::Ticked => {}
                }
            }
        }
        let decision = MoveDecision {
            ticked: p
                .unmet
                .iter()
                .filter(|(id, c)| *c == CriterionCheck::Ticked && ticks.contains(id))
                .map(|(id, _)| id.clone())
                .collect(),
            man: Some(man),
            override_reason: override_.then(|| reason.get_untracked()),
            lost_reason: lost_reason.get_untracked(),
            competitor: competitor.get_untracked(),
        };
        // Asked again, every criterion is ticked.
        moves.write.start(MoveRequest { asked: p, decision, checks: Vec::new() });
    };
    view! {
        <Show when=move || pending.with(Option::is_some)>
            <div class="dialog-backdrop">
                <div class="dialog card" role="dialog" aria-modal="true" data-testid="gate-dialog">
                    {move || {
                        let tr = app.tr();
                        let Some(p) = shown.get() else { return ().into_any() };
                        let lost = p.to == FunnelStage::Lost;
                        let heading = if lost { tr.move_lost_title().to_owned() } else { tr.move_gate_title(args::MoveGateTitle { stage: labels::funnel_stage(tr, p.to) }) };
                        let criteria = p
                            .unmet
                            .iter()
                            .map(|(id, _)| {
                                let id = id.clone();
                                let checked = id.clone();
                                view! {
                                    <label class="check" data-testid="gate-criterion" data-id=id.clone()>
                                        <input
                                            type="checkbox"
                                            prop:checked=move || ticked.with(|t| t.contains(&checked))
                                            on:change={
                                                let id = id.clone();
                                                move |event| {
                                                    let on = event_target_checked(&event);
                                                    ticked.update(|t| {
                                                        t.retain(|x| *x != id);
                                                        if on {
                                                            t.push(id.clone());
                                                        }
                                                    });
                                                }
                                            }
                                        />
                                        {criterion_name(tr, &id)}
                                    </label>
                                }
                            })
                            .collect_view();
                        view! {
                            <h2>{heading}</h2>
                            <p class="muted">{p.title.clone()}</p>
                            {(!lost).then(|| view! {
                                <p>{tr.move_gate_hint()}</p>
                                <div class="gate-criteria">{criteria}</div>
                                <div class="actions">
                                    <button class="button" data-testid="gate-move" disabled=move || moving.get() || !all_ticked()
                                        on:click=move |_| submit(false)>
                                        {tr.move_confirm()}
                                    </button>
                                </div>
                                {dialog_field(tr.move_override_reason(), "gate-override-reason", reason)}
                                <Show when=move || tried.get() && reason.with(|r| r.trim().is_empty()) && !all_ticked()>
                                    <p class="field-error" role="alert" data-testid="gate-override-needs">{move || app.tr().move_override_needs_reason()}</p>
                                </Show>
                                <div class="actions">
                                    <button class="button secondary" data-testid="gate-override" disabled=moving
                                        on:click=move |_| submit(true)>
                                        {tr.move_override()}
                                    </button>
                                </div>
                            })}
                            {lost.then(|| view! {
                                {dialog_field(tr.field_opportunity_lost_reason(), "lost-reason", lost_reason)}
                                {dialog_field(tr.field_competitor(), "lost-competitor", competitor)}
                                <Show when=move || tried.get()
                                    && (lost_reason.with(|r| r.trim().is_empty()) || competitor.with(|c| c.trim().is_empty()))>
                                    <p class="field-error" role="alert">{move || app.tr().move_lost_needs()}</p>
                                </Show>
                                <div class="actions">
                                    <button class="button" data-testid="lost-confirm" disabled=moving on:click=move |_| submit(false)>
                                        {tr.move_lost_confirm()}
                                    </button>
                                </div>
                            })}
                            <div class="actions">
                                <button class="button secondary" data-testid="gate-cancel" on:click=move |_| pending.set(None)>
                                    {tr.cancel()}
                                </button>
                            </div>
                        }
                        .into_any()
                    }}
                </div>
            </div>
        </Show>
    }
}

/// A card of the forecast page: its title, what it shows when `hint` says so, then `children`.
#[component]
fn ForecastCard(
    title: fn(Tr) -> &'static str,
    #[prop(optional)] hint: Option<fn(Tr) -> &'static str>,
    #[prop(optional)] test_id: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let app = use_app();
    view! {
        <section class="card" data-testid=test_id>
            <h2>{move || title(app.tr())}</h2>
            {hint.map(|hint| view! { <p class="muted">{move || hint(app.tr())}</p> })}
            {children()}
        </section>
    }
}
