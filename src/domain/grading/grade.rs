//! The four grades (A 重点, B 发展, C 选择, D 放弃): a leaf every grading module and the pages
//! share, so none of them imports another to name a grade.

use crate::domain::model::labelled_enum;

labelled_enum!(
    /// A 重点 (key), B 发展 (develop), C 选择 (select), D 放弃 (abandon). Ordered best first.
    Grade { A = "a", B = "b", C = "c", D = "d" }
);

impl Grade {
    pub const COUNT: usize = 4;

    pub fn index(self) -> usize {
        self as usize
    }

    /// The next better grade, `None` for A.
    pub fn better(self) -> Option<Grade> {
        self.index().checked_sub(1).map(|i| Grade::ALL[i])
    }
}
