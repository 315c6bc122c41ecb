//! Suppliers and trade partners: the two lists and their forms.

mod edit;
mod list;

pub use edit::{SupplierEdit, TradePartnerEdit};
pub use list::{Partners, Tab};
