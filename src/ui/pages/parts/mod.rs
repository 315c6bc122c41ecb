//! Parts planning: the parts list, a part's forecast and policy, the reorder list, and the
//! installed base of machines with its form.

mod list;
mod machine_edit;
mod machines;
mod part;
mod reorder;

pub use list::Parts;
pub use machine_edit::MachineEdit;
pub use machines::Machines;
pub use part::PartPage;
pub use reorder::Reorder;
