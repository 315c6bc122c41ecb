//! Sales orders (销售订单): the order form, its checks, totals and numbering, and the keys its
//! lines merge by.

pub mod form;
pub mod lines;
