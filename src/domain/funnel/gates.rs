//! Stage gates (阶段升级标准): the promotion criteria an opportunity must meet to leave a stage,
//! as data the user edits in Settings. Each criterion has a stable id (the UI names it; the
//! opportunity stores the ids ticked in `criteria_met`). Money, authority and need criteria are
//! not ticked but read from the opportunity's MAN, which is how MAN feeds qualification.

use crate::domain::model::{labelled_enum, FunnelStage, Opportunity};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// How a criterion is decided: ticked by hand, or read from one MAN condition.
    CriterionCheck { Ticked = "ticked", Money = "money", Authority = "authority", Need = "need" }
);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Criterion {
    /// Stable, unique across all gates.
    pub id: String,
    pub check: CriterionCheck,
}

/// The criteria to meet before leaving `stage` for a later one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StageGate {
    pub stage: FunnelStage,
    pub criteria: Vec<Criterion>,
}

/// Every stage's gate; a stage without one can be left freely.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GateSettings {
    pub gates: Vec<StageGate>,
}

impl Default for GateSettings {
    /// Criteria after the funnel's method: a named need and contact before qualifying, MAN before
    /// development, a confirmed requirement before a proposal, an accepted quote before the result.
    fn default() -> GateSettings {
        let ticked = |id: &str| Criterion { id: id.to_owned(), check: CriterionCheck::Ticked };
        let man = |id: &str, check| Criterion { id: id.to_owned(), check };
        let gate = |stage, criteria| StageGate { stage, criteria };
        GateSettings {
            gates: vec![
                gate(FunnelStage::Identify, vec![ticked("identify_contact_known"), ticked("identify_need_described")]),
                gate(
                    FunnelStage::Qualify,
                    vec![
                        man("qualify_money", CriterionCheck::Money),
                        man("qualify_authority", CriterionCheck::Authority),
                        man("qualify_need", CriterionCheck::Need),
                    ],
                ),
                gate(
                    FunnelStage::Develop,
                    vec![ticked("develop_site_visit_done"), ticked("develop_requirements_confirmed")],
                ),
                gate(FunnelStage::Propose, vec![ticked("propose_quote_sent"), ticked("propose_terms_agreed")]),
            ],
        }
    }
}

impl GateSettings {
    pub fn gate(&self, stage: FunnelStage) -> Option<&StageGate> {
        self.gates.iter().find(|g| g.stage == stage)
    }
}

/// Whether `opportunity` meets `criterion` now.
pub fn is_met(opportunity: &Opportunity, criterion: &Criterion) -> bool {
    match criterion.check {
        CriterionCheck::Ticked => opportunity.criteria_met.contains(&criterion.id),
        CriterionCheck::Money => opportunity.man.money,
        CriterionCheck::Authority => opportunity.man.authority,
        CriterionCheck::Need => opportunity.man.need,
    }
}

/// The ids of the criteria of `stage`'s gate that `opportunity` does not meet, in gate order.
pub fn unmet(opportunity: &Opportunity, stage: FunnelStage, settings: &GateSettings) -> Vec<String> {
    settings
        .gate(stage)
        .map(|gate| gate.criteria.iter().filter(|c| !is_met(opportunity, c)).map(|c| c.id.clone()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Man;

    #[test]
    fn default_gates_cover_every_open_stage_with_unique_ids() {
        let settings = GateSettings::default();
        let stages: Vec<FunnelStage> = settings.gates.iter().map(|g| g.stage).collect();
        assert_eq!(stages, FunnelStage::ALL[..4]);
        let mut ids: Vec<&str> = settings.gates.iter().flat_map(|g| g.criteria.iter().map(|c| c.id.as_str())).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn unmet_criteria_follow_ticks_and_man() {
        let settings = GateSettings::default();
        let check = |ticked: &[&str], man: Man, stage, expected: &[&str]| {
            let opportunity = Opportunity {
                criteria_met: ticked.iter().map(|t| t.to_string()).collect(),
                man,
                ..Opportunity::default()
            };
            assert_eq!(unmet(&opportunity, stage, &settings), expected, "{ticked:?} {man:?} {stage:?}");
        };
        let none = Man::default();
        let all = Man { money: true, authority: true, need: true };
        use FunnelStage as S;
        check(&[], none, S::Identify, &["identify_contact_known", "identify_need_described"]);
        check(&["identify_need_described"], none, S::Identify, &["identify_contact_known"]);
        check(&["identify_contact_known", "identify_need_described"], none, S::Identify, &[]);
        check(&[], none, S::Qualify, &["qualify_money", "qualify_authority", "qualify_need"]);
        check(&[], Man { need: true, ..none }, S::Qualify, &["qualify_money", "qualify_authority"]);
        check(&["qualify_money"], none, S::Qualify, &["qualify_money", "qualify_authority", "qualify_need"]);
        check(&[], all, S::Qualify, &[]);
        check(&["propose_quote_sent"], all, S::Propose, &["propose_terms_agreed"]);
        check(&[], none, S::Won, &[]);
    }

    #[test]
    fn settings_round_trip_through_json() {
        let settings = GateSettings::default();
        let json = serde_json::to_string(&settings).unwrap();
        assert!(json.contains("\"check\":\"money\""), "{json}");
        assert_eq!(serde_json::from_str::<GateSettings>(&json).unwrap(), settings);
        assert_eq!(serde_json::from_str::<GateSettings>("{}").unwrap(), settings, "missing gates read as defaults");
    }
}
