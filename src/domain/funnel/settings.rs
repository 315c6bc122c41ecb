//! The funnel's settings as one record of the settings store: the stage gates, the forecast's
//! configured percentages and learning rules, the user's own MAN strategy texts (a combination
//! without one shows the translated default) and the quotas. A record stored before a field
//! existed reads with that field's default. Two edits of it merge place by place (each stage's
//! percentage, each stage's gate, each strategy text, each quota), so two people changing
//! different controls both keep theirs.

use super::calibration::ForecastSettings;
use super::gates::{Criterion, CriterionCheck, GateSettings, StageGate};
use super::man::ManCombination;
use super::quota::{Period, Quota};
use super::stage::OPEN_STAGES;
use crate::domain::date::Month;
use crate::domain::merge::{Clash, Mergeable};
use crate::domain::model::{FunnelStage, Id};
use crate::domain::money::Cny;
use serde::{Deserialize, Serialize};

/// The settings store key of [`FunnelSettings`].
pub const SETTING_KEY: &str = "funnel";

/// Ids of criteria the user adds start with this, followed by their text (which names them).
pub const CUSTOM_CRITERION: &str = "custom:";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FunnelSettings {
    pub gates: GateSettings,
    pub forecast: ForecastSettings,
    /// (strategy id, the user's text) for the combinations whose text the user changed.
    pub strategies: Vec<(String, String)>,
    pub quotas: Vec<Quota>,
}

impl FunnelSettings {
    /// The user's strategy text for `combination`; `None` means the default text.
    pub fn strategy(&self, combination: ManCombination) -> Option<&str> {
        let id = combination.strategy_id();
        self.strategies.iter().find(|(s, _)| s == id).map(|(_, text)| text.as_str())
    }

    /// Sets the strategy text of `combination`; an empty text returns it to the default.
    pub fn set_strategy(&mut self, combination: ManCombination, text: &str) {
        let id = combination.strategy_id();
        self.strategies.retain(|(s, _)| s != id);
        let text = text.trim();
        if !text.is_empty() {
            self.strategies.push((id.to_owned(), text.to_owned()));
        }
    }

    /// Adds a ticked criterion named `text` to `stage`'s gate; `false` when the text is empty or
    /// the gate already has it.
    pub fn add_criterion(&mut self, stage: FunnelStage, text: &str) -> bool {
        let text = text.trim();
        let id = format!("{CUSTOM_CRITERION}{text}");
        if text.is_empty() || self.gates.gates.iter().any(|g| g.criteria.iter().any(|c| c.id == id)) {
            return false;
        }
        let criterion = Criterion { id, check: CriterionCheck::Ticked };
        match self.gates.gates.iter_mut().find(|g| g.stage == stage) {
            Some(gate) => gate.criteria.push(criterion),
            None => self.gates.gates.push(super::gates::StageGate { stage, criteria: vec![criterion] }),
        }
        true
    }

    /// Removes criterion `id` from every gate.
    pub fn remove_criterion(&mut self, id: &str) {
        for gate in &mut self.gates.gates {
            gate.criteria.retain(|c| c.id != id);
        }
    }

    /// The whole company's quota for `period`: its own quota when set, else the sum of the
    /// owners' quotas (regional quotas overlap the owners' and are not added); `None` when none
    /// is set.
    pub fn company_quota(&self, period: Period) -> Option<Cny> {
        let in_period = |q: &&Quota| q.period == period;
        if let Some(q) = self.quotas.iter().filter(in_period).find(|q| q.owner.is_none() && q.region.is_none()) {
            return Some(q.amount);
        }
        let owners: Vec<&Quota> =
            self.quotas.iter().filter(in_period).filter(|q| q.owner.is_some() && q.region.is_none()).collect();
        (!owners.is_empty()).then(|| owners.iter().map(|q| q.amount).sum())
    }

    /// Sets (or with a zero amount removes) the quota of `owner` (`None`: the company) for `period`.
    pub fn set_quota(&mut self, owner: Option<u64>, period: Period, amount: Cny) {
        self.set_quota_of(owner, None, period, amount);
    }

    /// Sets (or with a zero amount removes) the quota of `owner` and `region` (both `None`: the
    /// company) for `period`, in place when one was set, so the list keeps its order.
    pub fn set_quota_of(&mut self, owner: Option<Id>, region: Option<&str>, period: Period, amount: Cny) {
        let same = |q: &Quota| q.owner == owner && q.region.as_deref() == region && q.period == period;
        match self.quotas.iter().position(same) {
            Some(i) if amount.fen() > 0 => self.quotas[i].amount = amount,
            Some(i) => {
                self.quotas.remove(i);
            }
            None if amount.fen() > 0 => {
                self.quotas.push(Quota { owner, region: region.map(str::to_owned), period, amount })
            }
            None => {}
        }
    }

    /// The quota of `owner` and `region` (both `None`: the company, see [`Self::company_quota`])
    /// for `period`: the one set for it; for a quarter without one, the sum of its months' quotas
    /// when any is set. A month never takes a share of a quarter's quota: nobody said how it splits.
    pub fn quota_of(&self, owner: Option<Id>, region: Option<&str>, period: Period) -> Option<Cny> {
        let own = |period: Period| -> Option<Cny> {
            if owner.is_none() && region.is_none() {
                return self.company_quota(period);
            }
            let mut set = self.quotas.iter().filter(|q| q.owner == owner && q.region.as_deref() == region);
            set.find(|q| q.period == period).map(|q| q.amount)
        };
        own(period).or_else(|| match period {
            Period::Quarter { year, quarter } => {
                let months =
                    (0..3).filter_map(|i| own(Period::Month(Month::new(year, quarter.clamp(1, 4) * 3 - 2 + i))));
                months.reduce(|a, b| a + b)
            }
            Period::Month(_) => None,
        })
    }
}

/// The text of a criterion the user added; `None` for a built-in one (its name is translated).
pub fn custom_text(id: &str) -> Option<&str> {
    id.strip_prefix(CUSTOM_CRITERION)
}

/// The merge's name of each stage's configured percentage (an item per stage, by its name).
pub const STAGE_PERCENT: &str = "forecast.stage_percent";
/// The merge's name of the gates (an item per stage, by its name).
pub const GATES: &str = "gates";
/// The merge's name of the strategy texts (an item per combination's strategy id).
pub const STRATEGIES: &str = "strategies";
/// The merge's name of the quotas (an item per [`quota_key`]).
pub const QUOTAS: &str = "quotas";
/// The forecast's numbers no form edits, each merged whole.
const FORECAST_NUMBERS: [&str; 7] = [
    "forecast.prior_deals",
    "forecast.run_rate_days",
    "forecast.min_month_results",
    "forecast.default_monthly_spread",
    "forecast.default_flow_spread",
    "forecast.lumpy_share",
    "forecast.exact_deals",
];

/// Who and which period a quota is for, as the merge keys it: one quota per key.
pub fn quota_key(quota: &Quota) -> String {
    let owner = quota.owner.map(|o| o.to_string()).unwrap_or_default();
    format!("{owner}|{}|{:?}", quota.region.as_deref().unwrap_or_default(), quota.period)
}

/// What one place of the settings holds, as the merge compares it (`None`: nothing there).
#[derive(Clone, PartialEq)]
enum Held {
    Percent(u8),
    Gate(Option<StageGate>),
    Text(Option<String>),
    Quota(Option<Quota>),
    Number(f64),
}

fn forecast_number(forecast: &ForecastSettings, field: &str) -> Option<f64> {
    Some(match field {
        "forecast.prior_deals" => f64::from(forecast.prior_deals),
        "forecast.run_rate_days" => f64::from(forecast.run_rate_days),
        "forecast.min_month_results" => f64::from(forecast.min_month_results),
        "forecast.default_monthly_spread" => forecast.default_monthly_spread,
        "forecast.default_flow_spread" => forecast.default_flow_spread,
        "forecast.lumpy_share" => forecast.lumpy_share,
        "forecast.exact_deals" => f64::from(forecast.exact_deals),
        _ => return None,
    })
}

fn set_forecast_number(forecast: &mut ForecastSettings, field: &str, value: f64) {
    // The whole numbers were whole when read: `as` only drops the `.0`.
    match field {
        "forecast.prior_deals" => forecast.prior_deals = value as u32,
        "forecast.run_rate_days" => forecast.run_rate_days = value as u32,
        "forecast.min_month_results" => forecast.min_month_results = value as u32,
        "forecast.default_monthly_spread" => forecast.default_monthly_spread = value,
        "forecast.default_flow_spread" => forecast.default_flow_spread = value,
        "forecast.lumpy_share" => forecast.lumpy_share = value,
        "forecast.exact_deals" => forecast.exact_deals = value as u32,
        _ => {}
    }
}

/// Puts `item` where `is` finds one in `items` (at the end when none does); `None` removes it.
fn replace_where<V>(items: &mut Vec<V>, is: impl Fn(&V) -> bool, item: Option<V>) {
    match (items.iter().position(is), item) {
        (Some(at), Some(item)) => items[at] = item,
        (Some(at), None) => {
            items.remove(at);
        }
        (None, Some(item)) => items.push(item),
        (None, None) => {}
    }
}

fn stage_index(name: &str) -> Option<usize> {
    OPEN_STAGES.iter().position(|s| s.as_str() == name)
}

impl FunnelSettings {
    /// The quota keyed `key` (see [`quota_key`]).
    pub fn quota_at(&self, key: &str) -> Option<&Quota> {
        self.quotas.iter().find(|q| quota_key(q) == key)
    }

    /// Every place these settings hold something, as the merge names them.
    fn places(&self) -> Vec<Clash> {
        let stages = OPEN_STAGES.iter().map(|s| Clash::item(STAGE_PERCENT, s.as_str()));
        let gates = self.gates.gates.iter().map(|g| Clash::item(GATES, g.stage.as_str()));
        let strategies = self.strategies.iter().map(|(id, _)| Clash::item(STRATEGIES, id));
        let quotas = self.quotas.iter().map(|q| Clash::item(QUOTAS, quota_key(q)));
        let numbers = FORECAST_NUMBERS.iter().map(|field| Clash::field(field));
        stages.chain(gates).chain(strategies).chain(quotas).chain(numbers).collect()
    }

    /// What `place` holds; `None` for a place these settings cannot have.
    fn held(&self, place: &Clash) -> Option<Held> {
        let held = match (place.field, place.item.as_deref()) {
            (STAGE_PERCENT, Some(stage)) => Held::Percent(self.forecast.stage_percent[stage_index(stage)?]),
            (GATES, Some(stage)) => Held::Gate(self.gates.gates.iter().find(|g| g.stage.as_str() == stage).cloned()),
            (STRATEGIES, Some(id)) => Held::Text(self.strategies.iter().find(|(s, _)| s == id).map(|(_, t)| t.clone())),
            (QUOTAS, Some(key)) => Held::Quota(self.quota_at(key).cloned()),
            (field, None) => Held::Number(forecast_number(&self.forecast, field)?),
            _ => return None,
        };
        Some(held)
    }

    /// Makes `place` hold `held`.
    fn hold(&mut self, place: &Clash, held: Held) {
        let Some(item) = place.item.as_deref() else {
            if let Held::Number(value) = held {
                set_forecast_number(&mut self.forecast, place.field, value);
            }
            return;
        };
        match held {
            Held::Percent(percent) => {
                if let Some(i) = stage_index(item) {
                    self.forecast.stage_percent[i] = percent;
                }
            }
            Held::Gate(gate) => replace_where(&mut self.gates.gates, |g| g.stage.as_str() == item, gate),
            Held::Text(text) => {
                let strategy = text.map(|text| (item.to_owned(), text));
                replace_where(&mut self.strategies, |(id, _)| id == item, strategy);
            }
            Held::Quota(quota) => replace_where(&mut self.quotas, |q| quota_key(q) == item, quota),
            Held::Number(_) => {}
        }
    }
}

// By hand, not by `mergeable!`: the stage percentages are an array and the strategies pairs, which
// the macro cannot open item by item.
impl Mergeable for FunnelSettings {
    const FIELD_NAMES: &'static [&'static str] = &[
        GATES,
        STAGE_PERCENT,
        FORECAST_NUMBERS[0],
        FORECAST_NUMBERS[1],
        FORECAST_NUMBERS[2],
        FORECAST_NUMBERS[3],
        FORECAST_NUMBERS[4],
        FORECAST_NUMBERS[5],
        FORECAST_NUMBERS[6],
        STRATEGIES,
        QUOTAS,
    ];

    fn merge_fields(base: Option<&Self>, mine: &Self, theirs: &mut Self) -> Vec<Clash> {
        let mut places = theirs.places();
        for place in mine.places().into_iter().chain(base.map(FunnelSettings::places).unwrap_or_default()) {
            if !places.contains(&place) {
                places.push(place);
            }
        }
        let mut clashes = Vec::new();
        for place in places {
            let (before, after) = (base.and_then(|b| b.held(&place)), mine.held(&place));
            let stored = theirs.held(&place);
            if after == before || after == stored {
                continue;
            }
            match after {
                Some(after) if before == stored => theirs.hold(&place, after),
                _ => clashes.push(place),
            }
        }
        clashes
    }

    fn keyed(self) -> Self {
        self
    }

    fn take(&mut self, from: &Self, clash: &Clash) {
        if let Some(held) = from.held(clash) {
            self.hold(clash, held);
        }
    }

    fn is_text(_field: &str) -> bool {
        false
    }

    fn set_text(&mut self, _field: &str, _text: &str) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategy_texts_default_until_the_user_writes_one() {
        let mut settings = FunnelSettings::default();
        assert_eq!(settings.strategy(ManCombination::NoMoney), None);
        settings.set_strategy(ManCombination::NoMoney, " 推荐融资租赁 ");
        settings.set_strategy(ManCombination::AllMet, "尽快签约");
        settings.set_strategy(ManCombination::NoMoney, "联系银行");
        assert_eq!(settings.strategy(ManCombination::NoMoney), Some("联系银行"));
        assert_eq!(settings.strategy(ManCombination::AllMet), Some("尽快签约"));
        settings.set_strategy(ManCombination::AllMet, "  ");
        assert_eq!((settings.strategy(ManCombination::AllMet), settings.strategies.len()), (None, 1));
    }

    #[test]
    fn criteria_are_added_once_and_removed_everywhere() {
        let mut settings = FunnelSettings::default();
        assert!(settings.add_criterion(FunnelStage::Develop, " 试机完成 "));
        assert!(!settings.add_criterion(FunnelStage::Propose, "试机完成"), "one id across gates");
        assert!(!settings.add_criterion(FunnelStage::Propose, " "));
        let develop = settings.gates.gate(FunnelStage::Develop).unwrap();
        assert_eq!(develop.criteria.last().map(|c| c.id.as_str()), Some("custom:试机完成"));
        assert_eq!(custom_text("custom:试机完成"), Some("试机完成"));
        assert_eq!(custom_text("develop_site_visit_done"), None);
        settings.remove_criterion("custom:试机完成");
        settings.remove_criterion("develop_site_visit_done");
        let ids: Vec<&str> =
            settings.gates.gate(FunnelStage::Develop).unwrap().criteria.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["develop_requirements_confirmed"]);
    }

    #[test]
    fn company_quota_is_its_own_or_the_owners_sum() {
        let may = Period::Month(Month::new(2024, 5));
        let june = Period::Month(Month::new(2024, 6));
        let mut settings = FunnelSettings::default();
        assert_eq!(settings.company_quota(may), None);
        settings.set_quota(Some(3), may, Cny::from_yuan(100));
        settings.set_quota(Some(4), may, Cny::from_yuan(50));
        settings.quotas.push(Quota {
            owner: None,
            region: Some("44".into()),
            period: may,
            amount: Cny::from_yuan(999),
        });
        assert_eq!(settings.company_quota(may), Some(Cny::from_yuan(150)));
        settings.set_quota(None, may, Cny::from_yuan(400));
        assert_eq!(settings.company_quota(may), Some(Cny::from_yuan(400)));
        settings.set_quota(None, may, Cny::default());
        settings.set_quota(Some(4), may, Cny::from_yuan(70));
        assert_eq!(settings.company_quota(may), Some(Cny::from_yuan(170)));
        assert_eq!(settings.company_quota(june), None);
    }

    #[test]
    fn quotas_per_owner_and_region_by_month_and_quarter() {
        let month = |m| Period::Month(Month::new(2024, m));
        let q2 = Period::Quarter { year: 2024, quarter: 2 };
        let yuan = Cny::from_yuan;
        let mut settings = FunnelSettings::default();
        settings.set_quota_of(Some(3), None, month(4), yuan(100));
        settings.set_quota_of(Some(3), None, month(6), yuan(50));
        settings.set_quota_of(None, Some("East"), q2, yuan(900));
        settings.set_quota_of(Some(4), None, q2, yuan(700));
        settings.set_quota_of(Some(4), None, month(5), yuan(10));
        // Set again: changed in place; zero: removed.
        settings.set_quota_of(Some(3), None, month(6), yuan(60));
        settings.set_quota_of(Some(4), None, month(5), Cny::ZERO);
        settings.set_quota_of(Some(5), None, month(5), Cny::ZERO);
        let kept: Vec<(Option<Id>, Option<&str>, Period, Cny)> =
            settings.quotas.iter().map(|q| (q.owner, q.region.as_deref(), q.period, q.amount)).collect();
        assert_eq!(
            kept,
            [
                (Some(3), None, month(4), yuan(100)),
                (Some(3), None, month(6), yuan(60)),
                (None, Some("East"), q2, yuan(900)),
                (Some(4), None, q2, yuan(700)),
            ]
        );
        for (owner, region, period, expected) in [
            (Some(3), None, month(4), Some(yuan(100))),
            (Some(3), None, month(5), None),
            (Some(3), None, q2, Some(yuan(160))),
            (Some(4), None, q2, Some(yuan(700))),
            (Some(4), None, month(4), None),
            (None, Some("East"), q2, Some(yuan(900))),
            (None, Some("West"), q2, None),
            (Some(3), Some("East"), q2, None),
            // The company: the owners' month quotas summed per month, then over the quarter.
            (None, None, month(4), Some(yuan(100))),
            (None, None, q2, Some(yuan(700))),
            (None, None, Period::Quarter { year: 2024, quarter: 3 }, None),
        ] {
            assert_eq!(settings.quota_of(owner, region, period), expected, "{owner:?} {region:?} {period:?}");
        }
    }

    #[test]
    fn reads_what_an_older_or_damaged_record_holds() {
        let mut settings = FunnelSettings::default();
        settings.set_strategy(ManCombination::NeedOnly, "先做方案");
        let json = serde_json::to_string(&settings).unwrap();
        assert_eq!(serde_json::from_str::<FunnelSettings>(&json).unwrap(), settings);
        assert_eq!(serde_json::from_str::<FunnelSettings>("{}").unwrap(), FunnelSettings::default());
    }
}
