//! The booth kiosk: while locked, the tab shows only the Demo workspace, without settings,
//! imports or exports, until the PIN that locked it is typed (`domain::shows::kiosk`). The lock
//! lives in the browser's local settings, so it survives a reload and never syncs.

use super::app::AppState;
use super::browser;
use super::workspace::Workspace;
use crate::domain::shows::kiosk::Lock;
use leptos::prelude::*;

const PREF: &str = "kehu.kiosk";

/// Whether the kiosk is locked, for every view of the tab.
#[derive(Clone, Copy)]
pub struct Kiosk {
    lock: RwSignal<Option<Lock>>,
}

/// Reads the lock from local settings and keeps a locked tab on the Demo workspace.
pub fn provide(app: AppState) -> Kiosk {
    let kiosk = Kiosk { lock: RwSignal::new(browser::pref(PREF).and_then(|text| Lock::parse(&text))) };
    provide_context(kiosk);
    Effect::new(move |_| {
        if kiosk.locked() && app.workspace.get() != Workspace::Demo && app.demo_exists.get() {
            app.switch_to(Workspace::Demo);
        }
    });
    kiosk
}

pub fn use_kiosk() -> Kiosk {
    expect_context::<Kiosk>()
}

impl Kiosk {
    /// Whether the kiosk is locked (tracked).
    pub fn locked(&self) -> bool {
        self.lock.with(Option::is_some)
    }

    /// Locks the kiosk with `pin` (already checked) and opens the Demo workspace's dashboard.
    pub fn enter(&self, app: AppState, pin: &str) {
        let salt = ((js_sys::Math::random() * 4_294_967_296.0) as u64) << 32
            ^ (js_sys::Math::random() * 4_294_967_296.0) as u64
            ^ browser::now_ms() as u64;
        let lock = Lock::new(pin, salt);
        browser::set_pref(PREF, &lock.to_text());
        self.lock.set(Some(lock));
        app.go(super::route::Route::Dashboard);
        if app.workspace.get_untracked() != Workspace::Demo {
            app.switch_to(Workspace::Demo);
        }
    }

    /// Unlocks the kiosk if `pin` is the one it was locked with; whether it did.
    pub fn leave(&self, pin: &str) -> bool {
        let opens = self.lock.with_untracked(|lock| lock.is_some_and(|lock| lock.opens(pin)));
        if opens {
            browser::remove_pref(PREF);
            self.lock.set(None);
        }
        opens
    }
}
