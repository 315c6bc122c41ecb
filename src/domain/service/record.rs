//! The stored service ticket (a work order) and its parts: the moves through the status flow,
//! the site visits, the closing with its callback and rating. The rules that change a ticket
//! are in [`super::ticket`].
//!
//! Tickets stored before the desk existed (demo data) hold only the summary fields: `opened`,
//! `closed`, the count of `visits` and `followed_up`. The desk keeps those up to date beside the
//! full record, so figures read one shape for every ticket.

use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Id};
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// How soon the customer needs the machine back; lowest first, so priorities compare.
    Priority { Low = "low", Normal = "normal", High = "high", Urgent = "urgent" }
);

labelled_enum!(
    TicketKind {
        Repair = "repair",
        Maintenance = "maintenance",
        Inspection = "inspection",
        Complaint = "complaint",
        Warranty = "warranty",
        Inquiry = "inquiry",
    }
);

labelled_enum!(
    /// `Open` is a ticket nobody has moved yet (stored as "open" since the first release).
    TicketStatus {
        Open = "open",
        InProgress = "in_progress",
        OnHold = "on_hold",
        Resolved = "resolved",
        Closed = "closed",
        Reopened = "reopened",
    }
);

labelled_enum!(
    /// What a ticket on hold waits for.
    HoldReason { Customer = "customer", Parts = "parts" }
);

labelled_enum!(
    /// How a visit left the machine.
    VisitResult { Fixed = "fixed", Temporary = "temporary", NeedsParts = "needs_parts", NotFixed = "not_fixed" }
);

labelled_enum!(
    /// The five dimensions of service quality (seed 000, 千里马).
    QualityDimension {
        Reliability = "reliability",
        Timeliness = "timeliness",
        Consistency = "consistency",
        Attitude = "attitude",
        Facilities = "facilities",
    }
);

labelled_enum!(
    /// Why a complaint came about: what the desk fixes so it does not happen again.
    RootCause {
        PartsLate = "parts_late",
        PartsWrong = "parts_wrong",
        RepairFailed = "repair_failed",
        Attitude = "attitude",
        PriceBilling = "price_billing",
        Other = "other",
    }
);

/// Highest score of a rating; the lowest is 1.
pub const MAX_SCORE: u8 = 5;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusChange {
    /// Milliseconds since the epoch.
    pub at: i64,
    pub status: TicketStatus,
    /// Why it waits, for a move on hold.
    pub hold: Option<HoldReason>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Visit {
    pub date: Option<Date>,
    pub engineer: Id,
    /// Hours worked, in minutes so quarter hours stay exact.
    pub worked_minutes: u32,
    pub result: VisitResult,
    /// The fault worked on; visits for the same fault (case and width folded) are counted together.
    pub fault: String,
}

/// The call after the job (the third impression).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Callback {
    pub by: Id,
    pub at: i64,
    /// What the customer said.
    pub said: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowUp {
    Callback(Callback),
    /// No callback was made, and why.
    NotCalled {
        reason: String,
    },
}

impl Default for FollowUp {
    fn default() -> FollowUp {
        FollowUp::NotCalled { reason: String::new() }
    }
}

/// The customer's rating at closing: 1–[`MAX_SCORE`] per dimension.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rating {
    pub reliability: u8,
    pub timeliness: u8,
    pub consistency: u8,
    pub attitude: u8,
    pub facilities: u8,
    pub comment: String,
}

impl Rating {
    pub fn score(&self, dimension: QualityDimension) -> u8 {
        match dimension {
            QualityDimension::Reliability => self.reliability,
            QualityDimension::Timeliness => self.timeliness,
            QualityDimension::Consistency => self.consistency,
            QualityDimension::Attitude => self.attitude,
            QualityDimension::Facilities => self.facilities,
        }
    }

    /// The overall score: the mean of the five, rounded half up.
    pub fn overall(&self) -> u8 {
        let sum: u32 = QualityDimension::ALL.iter().map(|&d| u32::from(self.score(d))).sum();
        ((sum * 2 + 5) / 10) as u8
    }
}

/// What closing takes: the follow-up, and the rating when the customer gave one (nobody can be
/// made to rate).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Closing {
    pub follow_up: FollowUp,
    pub rating: Option<Rating>,
}

/// A work order: a customer's call, owned by whoever took it (首问负责制) to the end.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceTicket {
    pub id: Id,
    /// `SR-<year>-NNNNNN`, the number people quote; empty on tickets stored before numbers.
    pub number: String,
    pub customer_id: Id,
    pub machine_id: Option<Id>,
    pub kind: TicketKind,
    pub status: TicketStatus,
    pub summary: String,
    /// First-contact owner (首问负责制): who took the call owns it to the end.
    pub owner: Id,
    /// The local date of `opened_at` (or the only opening a ticket stored before it has).
    pub opened: Option<Date>,
    pub closed: Option<Date>,
    /// Site visits so far, recorded or (before visits were recorded one by one) counted.
    pub visits: u8,
    /// Whether the customer was called back after the job.
    pub followed_up: bool,
    pub priority: Priority,
    /// When the call was taken, in milliseconds since the epoch; 0 on tickets stored before.
    pub opened_at: i64,
    /// Engineers doing the work, in the order they joined.
    pub assignees: Vec<Id>,
    /// Every move, in time order.
    pub changes: Vec<StatusChange>,
    pub site_visits: Vec<Visit>,
    /// The hour meter as last read on this ticket.
    pub meter: Option<u32>,
    /// The work order's three Cs: what the customer reports, what caused it, what fixed it.
    pub complaint: String,
    pub cause: String,
    pub correction: String,
    pub closing: Option<Closing>,
    /// The planned-maintenance interval this ticket does, by its name in the machine's
    /// programme; empty on every other ticket.
    pub interval: String,
    /// A complaint's subject, each the customer's own: the order, the part (one fitting its
    /// machines) or the earlier ticket it is about. Not written when unset, so tickets stored
    /// before complaints had them keep their shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about_order: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about_part: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about_ticket: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<RootCause>,
    /// Who answers for a complaint until it is settled (may differ from who took the call).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complaint_owner: Option<Id>,
}

impl ServiceTicket {
    /// The number people quote, or the id for a ticket stored before numbers.
    pub fn reference(&self) -> String {
        if self.number.is_empty() {
            format!("#{}", self.id)
        } else {
            self.number.clone()
        }
    }

    /// The lowest score of the closing's rating, if the customer rated.
    pub fn lowest_score(&self) -> Option<(QualityDimension, u8)> {
        let rating = self.closing.as_ref()?.rating.as_ref()?;
        QualityDimension::ALL.iter().map(|&d| (d, rating.score(d))).min_by_key(|&(_, score)| score)
    }
}
