//! Trade shows (展会) and the leads captured at them (seed 003: a show's contacts "sleep in
//! business-card books with nobody following up"). A lead is captured in seconds at the booth,
//! matched against the dealer's customers, contacts and earlier leads as it is typed
//! ([`dedup`]), and becomes a customer with a follow-up when the show closes ([`close`]).
//! [`card`] reads a business card's vCard or MECARD text; [`form`] checks the two forms.
//! [`report`] sums up what each show and each person at its booth brought in; [`kiosk`] is the
//! booth kiosk's PIN.

pub mod card;
pub mod close;
pub mod dedup;
pub mod form;
pub mod kiosk;
pub mod report;

use crate::domain::date::Date;
use crate::domain::model::{labelled_enum, Id, Man};
use crate::domain::money::Cny;
use serde::{Deserialize, Serialize};

labelled_enum!(
    /// How soon the visitor means to buy, as the booth judged it; hottest first.
    Temperature { Hot = "hot", Warm = "warm", Cold = "cold" }
);

labelled_enum!(
    /// The machines a visitor asked about.
    ProductLine { Excavator = "excavator", Loader = "loader", Roller = "roller", Crane = "crane", Other = "other" }
);

labelled_enum!(
    /// Operating weight class: mini under 6 t, small 6–15 t, medium 15–30 t, large above.
    TonnageClass { Mini = "mini", Small = "small", Medium = "medium", Large = "large" }
);

labelled_enum!(
    /// When the visitor means to buy.
    Timeline { Now = "now", Quarter = "quarter", Year = "year", Later = "later" }
);

/// A trade show the dealer exhibits at: where, when, what it cost, who worked the booth.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Show {
    pub id: Id,
    pub name: String,
    pub place: String,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    pub booth: String,
    pub cost: Cny,
    /// The people of the workspace working the booth: the follow-ups of unmatched leads are
    /// shared among them when the show closes.
    pub staff: Vec<Id>,
    /// The day the show was closed (its leads turned into follow-ups); open while `None`.
    pub closed: Option<Date>,
    pub created_by: Id,
    pub created_at: Option<Date>,
    pub modified_by: Id,
    pub modified_at: Option<Date>,
}

/// What the visitor is interested in; every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Interest {
    pub line: Option<ProductLine>,
    pub model: String,
    pub tonnage: Option<TonnageClass>,
    pub quantity: u32,
    pub timeline: Option<Timeline>,
}

impl Interest {
    /// Whether any interest was given: such a lead gets an opportunity when the show closes.
    pub fn is_given(&self) -> bool {
        self.line.is_some() || !self.model.trim().is_empty() || self.tonnage.is_some() || self.quantity > 0
    }
}

/// What closing the show made of a lead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Conversion {
    pub customer_id: Id,
    pub contact_id: Option<Id>,
    /// Whether the customer was created from the lead (not an existing one it matched).
    pub new_customer: bool,
    pub opportunity_id: Option<Id>,
    /// The follow-up interaction, owned by `owner`.
    pub follow_up_id: Id,
    pub owner: Id,
}

/// A visitor captured at a show's booth.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Lead {
    pub id: Id,
    pub show_id: Id,
    pub captured_by: Id,
    /// Milliseconds since the epoch.
    pub captured_at: i64,
    /// Eleven digits (see [`dedup::mobile`]); empty when the visitor gave none.
    pub mobile: String,
    pub name: String,
    pub company: String,
    /// ISO 3166-2:CN code, or empty.
    pub province: String,
    pub interest: Interest,
    pub man: Man,
    pub financing: bool,
    pub trade_in: bool,
    pub temperature: Temperature,
    pub note: String,
    /// The existing customer (and contact) the lead matched when captured.
    pub customer_id: Option<Id>,
    pub contact_id: Option<Id>,
    /// Set when the show closed.
    pub converted: Option<Conversion>,
}

impl Timeline {
    /// The close date an opportunity made from this interest expects: the end of the window the
    /// visitor named; none for "later".
    pub fn expected_close(self, today: Date) -> Option<Date> {
        match self {
            Timeline::Now => Some(today.add_days(30)),
            Timeline::Quarter => Some(today.add_days(90)),
            Timeline::Year => Some(today.add_days(365)),
            Timeline::Later => None,
        }
    }
}
