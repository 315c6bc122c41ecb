//! Virtualised lists: only the rows on screen are rendered, so 10,000 rows scroll as smoothly
//! as 100. Every row has the same height, so the rows on screen follow from the scroll position.

use leptos::prelude::*;
use std::ops::Range;

/// The rows of a list of `count` rows, each `row_height` px, on screen when `offset` px of the
/// list have scrolled past the top of a `viewport` px view, plus `overscan` rows beyond each
/// edge so that fast flicks never show a gap.
pub fn on_screen(count: usize, offset: f64, viewport: f64, row_height: f64, overscan: usize) -> Range<usize> {
    let first = (offset / row_height).floor().max(0.0) as usize;
    let shown = (viewport / row_height).ceil() as usize + 1;
    first.saturating_sub(overscan).min(count)..(first + shown + overscan).min(count)
}

/// The rows of a `count`-row list in element `list` on screen as the window scrolls, each
/// `row_height` px with `overscan` rows beyond each edge (tracked: call it in the view). When
/// `restart` changes what it tracks (a new search or order), the window scrolls back to the top
/// of the results.
pub(super) fn on_screen_in_window(
    list: NodeRef<leptos::html::Div>,
    count: Signal<usize>,
    restart: impl Fn() + 'static,
    row_height: f64,
    overscan: usize,
) -> impl Fn() -> Range<usize> + Copy {
    let (scroll_y, viewport) = window_scroll();
    Effect::new(move |previous: Option<()>| {
        restart();
        if previous.is_some() {
            window().scroll_to_with_x_and_y(0.0, 0.0);
            scroll_y.set(0.0);
        }
    });
    move || {
        let scrolled = scroll_y.get();
        let offset = scrolled - document_top(list, scrolled);
        on_screen(count.get(), offset, viewport.get(), row_height, overscan)
    }
}

/// The window's scroll position and inner height, followed until the calling component is
/// cleaned up (window listeners outlive a view unless removed).
fn window_scroll() -> (RwSignal<f64>, RwSignal<f64>) {
    let scroll_y = RwSignal::new(window().scroll_y().unwrap_or_default());
    let viewport = RwSignal::new(viewport_height());
    let scrolled =
        window_event_listener(leptos::ev::scroll, move |_| scroll_y.set(window().scroll_y().unwrap_or_default()));
    let resized = window_event_listener(leptos::ev::resize, move |_| viewport.set(viewport_height()));
    on_cleanup(move || {
        scrolled.remove();
        resized.remove();
    });
    (scroll_y, viewport)
}

/// How far a list element's top lies below the top of the document, px.
fn document_top(list: NodeRef<leptos::html::Div>, scroll_y: f64) -> f64 {
    list.get().map(|el| el.get_bounding_client_rect().top() + scroll_y).unwrap_or_default()
}

fn viewport_height() -> f64 {
    window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0)
}
