//! The booth kiosk's pieces (`state::kiosk`): the card that locks it with a PIN (on the shows
//! page), the bar a locked tab shows over every page (reset the demo, leave with the PIN), and
//! what a refused page shows instead.

use crate::domain::shows::kiosk::{check_pin, PinProblem};
use crate::i18n::Tr;
use crate::state::kiosk::use_kiosk;
use crate::state::route::Route;
use crate::state::use_app;
use crate::ui::kit::{TextInput, TextKind};
use leptos::prelude::*;

fn problem(tr: Tr, problem: PinProblem) -> String {
    match problem {
        PinProblem::NotDigits => tr.shows_kiosk_pin_not_digits(),
        PinProblem::Mismatch => tr.shows_kiosk_pin_mismatch(),
    }
    .to_owned()
}

/// A PIN's control, kept in `value`.
fn pin_input(
    test_id: &'static str,
    label: fn(Tr) -> &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let input = Callback::new(move |text| value.set(text));
    view! { <TextInput test_id label kind=TextKind::Pin value input error no_autofill=true /> }
}

/// Locks this tablet on the Demo workspace with a PIN typed twice.
#[component]
pub fn KioskStart() -> impl IntoView {
    let app = use_app();
    let kiosk = use_kiosk();
    let (pin, again) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let refused = RwSignal::new(None::<PinProblem>);
    let error = move |which: PinProblem| {
        Signal::derive(move || refused.get().filter(|p| *p == which).map(|p| problem(app.tr(), p)))
    };
    let enter = move || match check_pin(&pin.get_untracked(), &again.get_untracked()) {
        Ok(()) => {
            refused.set(None);
            kiosk.enter(app, &pin.get_untracked());
        }
        Err(problem) => refused.set(Some(problem)),
    };
    view! {
        <form class="card kiosk-start" novalidate data-testid="kiosk-start" on:submit=move |event| { event.prevent_default(); enter(); }>
            <h2>{move || app.tr().shows_kiosk_title()}</h2>
            <p class="muted">{move || app.tr().shows_kiosk_hint()}</p>
            <Show
                when=move || app.demo_exists.get()
                fallback=move || view! {
                    <p class="notice" data-testid="kiosk-no-demo">
                        <a href=Route::Settings.href()>{move || app.tr().shows_kiosk_no_demo()}</a>
                    </p>
                }
            >
                {pin_input("kiosk-pin", |tr| tr.shows_kiosk_pin(), pin, error(PinProblem::NotDigits))}
                {pin_input("kiosk-pin-again", |tr| tr.shows_kiosk_pin_again(), again, error(PinProblem::Mismatch))}
                <div class="actions">
                    <button type="submit" class="button" data-testid="kiosk-enter">{move || app.tr().shows_kiosk_enter()}</button>
                </div>
            </Show>
        </form>
    }
}

/// Over every page of a locked tab: what it is, "reset the demo" (confirmed), and leaving with
/// the PIN.
#[component]
pub fn KioskBar() -> impl IntoView {
    let app = use_app();
    let kiosk = use_kiosk();
    let leaving = RwSignal::new(false);
    let resetting = RwSignal::new(false);
    let pin = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let leave = move || {
        if kiosk.leave(&pin.get_untracked()) {
            leaving.set(false);
            wrong.set(false);
        } else {
            wrong.set(true);
        }
        pin.set(String::new());
    };
    // Its progress shows in the app's progress banner, as creating the demo's does.
    let resetter = Action::new_local(move |_: &()| crate::state::demo::reset(app));
    let reset_done = move || resetter.value().with(Option::is_some) && !resetter.pending().get();
    let reset = move |_| {
        resetting.set(false);
        resetter.dispatch(());
    };
    let busy = move || app.progress.get().is_some();
    let wrong_text = Signal::derive(move || wrong.get().then(|| app.tr().shows_kiosk_wrong_pin().to_owned()));
    view! {
        <div class="kiosk-bar" data-testid="kiosk-bar" role="region" aria-label=move || app.tr().shows_kiosk_title()>
            <strong>{move || app.tr().shows_kiosk_on()}</strong>
            <div class="actions">
                <button class="button secondary" data-testid="kiosk-reset" disabled=busy on:click=move |_| resetting.set(true)>
                    {move || app.tr().shows_kiosk_reset()}
                </button>
                <button class="button secondary" data-testid="kiosk-leave" on:click=move |_| leaving.update(|l| *l = !*l)>
                    {move || app.tr().shows_kiosk_leave()}
                </button>
            </div>
            <Show when=reset_done>
                <p class="notice ok" role="status" data-testid="kiosk-reset-done">{move || app.tr().shows_kiosk_reset_done()}</p>
            </Show>
            <Show when=move || resetting.get()>
                <div class="kiosk-confirm" data-testid="kiosk-reset-confirm">
                    <p>{move || app.tr().shows_kiosk_reset_confirm()}</p>
                    <div class="actions">
                        <button class="button danger" data-testid="kiosk-reset-yes" on:click=reset>
                            {move || app.tr().shows_kiosk_reset_yes()}
                        </button>
                        <button class="button secondary" on:click=move |_| resetting.set(false)>
                            {move || app.tr().shows_kiosk_cancel()}
                        </button>
                    </div>
                </div>
            </Show>
            <Show when=move || leaving.get()>
                <form class="kiosk-confirm" novalidate data-testid="kiosk-leave-form" on:submit=move |event| { event.prevent_default(); leave(); }>
                    {pin_input("kiosk-leave-pin", |tr| tr.shows_kiosk_leave_pin(), pin, wrong_text)}
                    <div class="actions">
                        <button type="submit" class="button" data-testid="kiosk-leave-confirm">{move || app.tr().shows_kiosk_leave_confirm()}</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// What a page the kiosk does not show is replaced by.
#[component]
pub fn KioskRefused() -> impl IntoView {
    let app = use_app();
    view! {
        <section class="page" data-testid="kiosk-refused">
            <h1>{move || app.tr().shows_kiosk_refused_title()}</h1>
            <p class="muted">{move || app.tr().shows_kiosk_refused()}</p>
            <p><a class="button" href=Route::Dashboard.href()>{move || app.tr().nav_dashboard()}</a></p>
        </section>
    }
}
