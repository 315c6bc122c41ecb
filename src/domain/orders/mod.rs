//! Sales orders (销售订单): the order form, its checks, totals and numbering.

pub mod form;
