//! Parts with intermittent monthly demand of every Syntetos–Boylan class and their stock.

use super::*;

// Parts

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Wear {
    /// Consumables and wear parts (filters, teeth, oil): sold nearly every month.
    Fast,
    Steady,
    /// Major components: rare, lumpy demand.
    Slow,
}

/// Syntetos–Boylan demand classes, by inter-demand interval and size variability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum DemandClass {
    Smooth,
    Erratic,
    Intermittent,
    Lumpy,
}

pub(super) fn make_part(rng: &mut Rng, index: usize, today: Date, ids: &mut Ids, out: &mut DemoBatch) {
    let id = index as Id + 1;
    let kind = rng.pick(PART_TYPES);
    let model = rng.pick(MODELS);
    let mut fits_models = vec![model.code.to_string()];
    for _ in 0..rng.below(3) {
        let other = rng.pick(MODELS);
        if other.brand == model.brand && other.kind == model.kind && !fits_models.iter().any(|m| m == other.code) {
            fits_models.push(other.code.to_string());
        }
    }
    let cost = part_cost(rng, kind, model);
    // 37 is coprime to 90,000, so the body number is unique for every index below that.
    let body = 10_000 + (index * 37 + 50_234) % 90_000;
    let suppliers = suppliers(kind.category);
    out.parts.push(Part {
        id,
        number: format!("{}-{body:05}-{:02}", model.part_prefix, rng.range_u32(1, 3)),
        name_zh: format!("{} {}", model.code, kind.zh),
        name_en: format!("{}, {}", kind.en, model.code),
        category: kind.category.to_string(),
        fits_models,
        unit_cost: cost,
        unit_price: cost.scale(1.25 + rng.unit() * 0.35),
        supplier: rng.pick(suppliers).to_string(),
        lead_time_days: rng.range_u32(u32::from(kind.lead.0), u32::from(kind.lead.1)) as u16,
        pack_size: *rng.pick(kind.packs),
        criticality: kind.criticality,
    });

    let start = today.month_of() + -(DEMAND_MONTHS as i32 - 1);
    let quantities = demand_series(rng, kind.wear, start);
    out.stock.extend(stock_levels(rng, id, &quantities, ids));
    out.part_demand.push(PartDemand { part_id: id, start: Some(start), quantities });
}

/// Monthly demand with many zero months: the class fixes how often demand comes (ADI) and how
/// much its size varies (CV²), so the mix covers every Syntetos–Boylan class.
pub(super) fn demand_series(rng: &mut Rng, wear: Wear, start: Month) -> Vec<Option<u32>> {
    let class = choose_in(
        rng,
        &[DemandClass::Smooth, DemandClass::Erratic, DemandClass::Intermittent, DemandClass::Lumpy],
        match wear {
            Wear::Fast => &[30, 25, 25, 20],
            Wear::Steady => &[8, 10, 42, 40],
            Wear::Slow => &[2, 3, 45, 50],
        },
    );
    let adi = match class {
        DemandClass::Smooth | DemandClass::Erratic => 1.0 + rng.unit() * 0.25,
        DemandClass::Intermittent | DemandClass::Lumpy => 1.6 + rng.unit() * 6.4,
    };
    let cv2 = match class {
        DemandClass::Smooth | DemandClass::Intermittent => 0.05 + rng.unit() * 0.25,
        DemandClass::Erratic | DemandClass::Lumpy => 0.7 + rng.unit() * 1.1,
    };
    let mean = match wear {
        Wear::Fast => 4.0 + rng.unit() * 21.0,
        Wear::Steady => 1.5 + rng.unit() * 4.5,
        Wear::Slow => 1.0 + rng.unit() * 1.5,
    };
    // Parts introduced recently have no history before their launch.
    let launched = if rng.chance(0.07) { rng.range_u32(12, 48) as usize } else { 0 };
    let sigma = (1.0 + cv2).ln().sqrt();
    (0..DEMAND_MONTHS)
        .map(|i| {
            if i < launched {
                return None;
            }
            // Sites stop for winter and the Spring Festival; spring and autumn are busiest.
            let season = SEASON[(start + i as i32).month() as usize - 1];
            if !rng.chance(season / adi) {
                return Some(0);
            }
            let size = match class {
                DemandClass::Smooth | DemandClass::Intermittent => rng.normal(mean, mean * cv2.sqrt()),
                // Log-normal with the class's variability: mostly small, sometimes a big job.
                DemandClass::Erratic | DemandClass::Lumpy => {
                    mean * (sigma * rng.normal(0.0, 1.0) - sigma * sigma / 2.0).exp()
                }
            };
            Some(size.round().max(1.0) as u32)
        })
        .collect()
}

/// Stock in the main store and sometimes a branch: mostly a few months of demand, some parts
/// out of stock and some far over-stocked (the cash a better forecast frees).
pub(super) fn stock_levels(rng: &mut Rng, part_id: Id, demand: &[Option<u32>], ids: &mut Ids) -> Vec<StockLevel> {
    let recent: Vec<u32> = demand.iter().rev().take(12).flatten().copied().collect();
    let monthly = f64::from(recent.iter().sum::<u32>()) / recent.len().max(1) as f64;
    let months_of_cover = match rng.below(100) {
        0..=11 => 0.0,
        12..=21 => 12.0 + rng.unit() * 24.0,
        _ => 2.0 + rng.unit() * 5.0,
    };
    let mut total = (monthly * months_of_cover).round() as u32;
    if monthly == 0.0 && months_of_cover > 0.0 {
        // Dead stock: bought once, never sold since.
        total = rng.range_u32(0, 6);
    }
    let branch = rng.chance(0.35).then(|| *rng.pick(BRANCH_STORES));
    let at_branch = if branch.is_some() { (f64::from(total) * (0.3 + rng.unit() * 0.3)).round() as u32 } else { 0 };
    let mut levels = vec![StockLevel {
        id: next_id(&mut ids.stock),
        part_id,
        location: "总库".to_string(),
        on_hand: total - at_branch,
    }];
    if let Some(location) = branch {
        levels.push(StockLevel {
            id: next_id(&mut ids.stock),
            part_id,
            location: location.to_string(),
            on_hand: at_branch,
        });
    }
    levels
}
