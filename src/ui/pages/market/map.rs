//! The province map: China as a tile grid drawn in SVG (nothing off-origin), every province a
//! square coloured by its share against the target; tapping a tile picks the province.

use crate::domain::market::view::{Band, ProvinceMarket, TILES};
use crate::domain::region;
use crate::i18n::{args, Tr};
use crate::state::use_app;
use crate::ui::labels::province_name;
use leptos::prelude::*;

/// A tile's side and the gap between tiles, in the SVG's units.
const SIDE: u32 = 56;
const GAP: u32 = 4;
/// Names longer than this many characters are squeezed to the tile's width.
const LONG_NAME: usize = 7;

pub fn band_label(tr: Tr, band: Band) -> &'static str {
    match band {
        Band::NoSize => tr.mkt_band_no_size(),
        Band::FarBelow => tr.mkt_band_far_below(),
        Band::Below => tr.mkt_band_below(),
        Band::OnTarget => tr.mkt_band_on_target(),
    }
}

/// The map of `markets` (one per province); `picked` is the province the page is filtered to.
#[component]
pub fn ProvinceMap(
    /// Every province's market, as `view::provinces` gives them.
    #[prop(into)]
    markets: Signal<Vec<ProvinceMarket>, LocalStorage>,
    /// The province the page shows alone, if any.
    picked: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let app = use_app();
    let columns = TILES.iter().map(|(_, c, _)| u32::from(*c)).max().unwrap_or(0) + 1;
    let rows = TILES.iter().map(|(_, _, r)| u32::from(*r)).max().unwrap_or(0) + 1;
    let view_box = format!("0 0 {} {}", columns * (SIDE + GAP), rows * (SIDE + GAP));
    let tiles = move || {
        let tr = app.tr();
        markets.with(|markets| {
            TILES
                .iter()
                .filter_map(|(code, column, row)| {
                    let market = markets.iter().find(|m| m.province == *code)?;
                    let province = region::province(code)?;
                    let name = province_name(tr.0, province);
                    // A long name (Heilongjiang, Inner Mongolia) is squeezed into its tile.
                    let fit = (name.chars().count() > LONG_NAME).then_some(SIDE - 6);
                    let (x, y) = (u32::from(*column) * (SIDE + GAP), u32::from(*row) * (SIDE + GAP));
                    let share = market.share.share.filter(|_| market.size.is_some());
                    // The label begins with what the tile shows, name then figure (WCAG 2.5.3).
                    let figure = share.map(|s| format!("{:.0} %", s * 100.0));
                    let label = tr.mkt_tile_label(args::MktTileLabel {
                        province: name,
                        share: figure.clone().unwrap_or_else(|| "–".to_owned()),
                        band: band_label(tr, market.band),
                    });
                    let code: &'static str = province.code;
                    let pick = move || picked.update(|p| *p = if *p == Some(code) { None } else { Some(code) });
                    Some(view! {
                        <g
                            class=format!("tile band-{}", market.band.as_str())
                            class:picked=move || picked.get() == Some(code)
                            role="button"
                            tabindex="0"
                            aria-label=label
                            aria-pressed=move || if picked.get() == Some(code) { "true" } else { "false" }
                            data-testid="map-tile"
                            data-province=code
                            data-band=market.band.as_str()
                            on:click=move |_| pick()
                            on:keydown=move |event| {
                                if event.key() == "Enter" || event.key() == " " {
                                    event.prevent_default();
                                    pick();
                                }
                            }
                        >
                            <rect x=x y=y width=SIDE height=SIDE rx="6"></rect>
                            <text
                                x=x + SIDE / 2
                                y=y + 24
                                class="tile-name"
                                textLength=fit
                                lengthAdjust=fit.map(|_| "spacingAndGlyphs")
                            >
                                // The space keeps name and figure apart in the text read out.
                                {format!("{name} ")}
                            </text>
                            <text x=x + SIDE / 2 y=y + 44 class="tile-share">{figure.unwrap_or_default()}</text>
                        </g>
                    })
                })
                .collect_view()
        })
    };
    let legend = move || {
        let tr = app.tr();
        Band::ALL
            .iter()
            .map(|band| {
                view! {
                    <li data-testid="map-legend-item">
                        <span class=format!("swatch band-{}", band.as_str()) aria-hidden="true"></span>
                        {band_label(tr, *band)}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="province-map" data-testid="province-map">
            <svg viewBox=view_box role="group" aria-label=move || app.tr().mkt_map_label()>
                {tiles}
            </svg>
            <figcaption>
                <ul class="map-legend">{legend}</ul>
            </figcaption>
        </figure>
    }
}
