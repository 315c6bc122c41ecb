//! Sales teams from a file like Maven's `sales_teams.csv`: one row per agent, with the agent's
//! manager and regional office.
//!
//! Every agent becomes a sales user reporting to their manager, in their office; every manager
//! becomes a manager user in the office of their team (the first row naming one, unless the
//! manager has an agent row of their own). A name already among the existing users (compared
//! ignoring case, width and spaces) is that user, updated, never a second one; new users get ids
//! after the highest existing id. An agent listed again with the same manager and office is the
//! same row twice and is fine; with another manager or office it is an error. Columns other than
//! agent, manager and office are ignored, and a short row's missing cells read as empty.

use super::csv::{Table, TableRow};
use super::{fold_key, MAX_ERROR_VALUE};
use crate::domain::fields::MAX_TEXT;
use crate::domain::model::{Id, User, UserRole};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsersError {
    /// No column names the agents (sales_agent, 销售, 姓名…).
    NoAgentColumn,
    /// Every row problem, in row order.
    Rows(Vec<UserRowError>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRowError {
    pub line: usize,
    /// 0-based header index.
    pub column: usize,
    pub header: String,
    pub value: String,
    pub kind: UserErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserErrorKind {
    /// A row with a manager or office but no agent name.
    MissingName,
    /// The agent is already listed on `first_line` with another manager.
    ConflictingManager {
        first_line: usize,
    },
    /// The agent is already listed on `first_line` with the same manager in another office.
    ConflictingOffice {
        first_line: usize,
    },
    /// The agent is their own manager.
    OwnManager,
    TooLong {
        max: usize,
    },
    /// A control character, or a line break (names are one line).
    ControlCharacters,
}

const AGENT_HEADERS: &[&str] = &[
    "sales_agent",
    "agent",
    "salesperson",
    "sales rep",
    "sales representative",
    "name",
    "employee",
    "user",
    "销售",
    "销售员",
    "销售代表",
    "业务员",
    "姓名",
    "员工",
    "员工姓名",
    "用户",
];
const MANAGER_HEADERS: &[&str] =
    &["manager", "sales manager", "supervisor", "reports to", "经理", "销售经理", "主管", "上级", "直属上级"];
const OFFICE_HEADERS: &[&str] =
    &["regional_office", "office", "region", "branch", "办事处", "区域", "大区", "分公司", "部门"];

/// Where an agent was first listed, and with whom.
struct AgentRow {
    line: usize,
    manager: String,
    office: String,
}

/// The users named in `table` (see the module docs), in order of first mention: existing ones
/// updated, new ones with fresh ids. The caller stores them all.
pub fn convert_users(table: &Table, existing: &[User]) -> Result<Vec<User>, UsersError> {
    let find = |names: &[&str]| {
        let keys: Vec<String> = names.iter().map(|name| fold_key(name)).collect();
        table.header.iter().position(|header| keys.contains(&fold_key(header)))
    };
    let agent_column = find(AGENT_HEADERS).ok_or(UsersError::NoAgentColumn)?;
    let manager_column = find(MANAGER_HEADERS);
    let office_column = find(OFFICE_HEADERS);

    let mut errors = Vec::new();
    // Display name of everyone mentioned, by folded name, in order of first mention.
    let mut people: Vec<(String, String)> = Vec::new();
    let mut agents: HashMap<String, AgentRow> = HashMap::new();
    let mut team_offices: HashMap<String, String> = HashMap::new();
    for row in &table.rows {
        let mut cell = |column: Option<usize>| -> Option<String> {
            let column = column?;
            let value = row.cells.get(column).map_or("", |cell| cell.trim());
            match check_name(value) {
                Ok(()) => Some(value.to_owned()),
                Err(kind) => {
                    errors.push(row_error(table, row, column, value, kind));
                    None
                }
            }
        };
        let (Some(agent), manager, office) = (cell(Some(agent_column)), cell(manager_column), cell(office_column))
        else {
            continue;
        };
        let manager = manager.unwrap_or_default();
        let office = office.unwrap_or_default();
        let key = fold_key(&agent);
        if key.is_empty() {
            errors.push(row_error(table, row, agent_column, &agent, UserErrorKind::MissingName));
            continue;
        }
        let manager_key = fold_key(&manager);
        if manager_key == key {
            errors.push(row_error(
                table,
                row,
                manager_column.unwrap_or(agent_column),
                &manager,
                UserErrorKind::OwnManager,
            ));
            continue;
        }
        if let Some(first) = agents.get(&key) {
            if fold_key(&first.manager) != manager_key {
                let kind = UserErrorKind::ConflictingManager { first_line: first.line };
                errors.push(row_error(table, row, manager_column.unwrap_or(agent_column), &manager, kind));
            } else if fold_key(&first.office) != fold_key(&office) {
                let kind = UserErrorKind::ConflictingOffice { first_line: first.line };
                errors.push(row_error(table, row, office_column.unwrap_or(agent_column), &office, kind));
            }
            continue;
        }
        mention(&mut people, &key, &agent);
        if !manager_key.is_empty() {
            mention(&mut people, &manager_key, &manager);
            if !office.is_empty() {
                team_offices.entry(manager_key).or_insert_with(|| office.clone());
            }
        }
        agents.insert(key, AgentRow { line: row.line, manager, office });
    }
    if !errors.is_empty() {
        return Err(UsersError::Rows(errors));
    }

    let mut next_id = existing.iter().map(|u| u.id).max().unwrap_or(0);
    let mut users: Vec<User> = people
        .iter()
        .map(|(key, name)| match existing.iter().find(|u| fold_key(&u.name) == *key) {
            Some(user) => user.clone(),
            None => {
                next_id += 1;
                User { id: next_id, name: name.clone(), role: UserRole::Sales, active: true, ..User::default() }
            }
        })
        .collect();
    let ids: HashMap<&str, Id> = people.iter().zip(&users).map(|((key, _), user)| (key.as_str(), user.id)).collect();
    let managers: HashSet<String> = agents.values().map(|agent| fold_key(&agent.manager)).collect();
    for ((key, _), user) in people.iter().zip(&mut users) {
        if managers.contains(key) {
            user.role = UserRole::Manager;
        }
        if let Some(office) = team_offices.get(key) {
            user.office = office.clone();
        }
        if let Some(agent) = agents.get(key) {
            user.manager = ids.get(fold_key(&agent.manager).as_str()).copied();
            if !agent.office.is_empty() {
                user.office = agent.office.clone();
            }
        }
    }
    Ok(users)
}

fn mention(people: &mut Vec<(String, String)>, key: &str, name: &str) {
    if !people.iter().any(|(k, _)| k == key) {
        people.push((key.to_owned(), name.to_owned()));
    }
}

fn check_name(value: &str) -> Result<(), UserErrorKind> {
    if value.chars().any(char::is_control) {
        Err(UserErrorKind::ControlCharacters)
    } else if value.chars().count() > MAX_TEXT {
        Err(UserErrorKind::TooLong { max: MAX_TEXT })
    } else {
        Ok(())
    }
}

fn row_error(table: &Table, row: &TableRow, column: usize, value: &str, kind: UserErrorKind) -> UserRowError {
    UserRowError {
        line: row.line,
        column,
        header: table.header.get(column).cloned().unwrap_or_default(),
        value: value.chars().take(MAX_ERROR_VALUE).collect(),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::super::csv::parse;
    use super::*;

    const MAVEN_TEAMS: &str = include_str!("../../../tests/fixtures/maven-crm/sales_teams.csv");

    fn by_name<'u>(users: &'u [User], name: &str) -> &'u User {
        users.iter().find(|u| u.name == name).unwrap_or_else(|| panic!("{name}"))
    }

    #[test]
    fn the_maven_sales_teams() {
        let users = convert_users(&parse(MAVEN_TEAMS).unwrap(), &[]).unwrap();
        assert_eq!(users.len(), 41);
        let count = |role| users.iter().filter(|u| u.role == role).count();
        assert_eq!((count(UserRole::Sales), count(UserRole::Manager)), (35, 6));
        let ids: Vec<Id> = users.iter().map(|u| u.id).collect();
        assert_eq!(ids, (1..=41).collect::<Vec<_>>());
        let dustin = by_name(&users, "Dustin Brinkmann");
        assert_eq!((dustin.role, dustin.office.as_str(), dustin.manager), (UserRole::Manager, "Central", None));
        let anna = by_name(&users, "Anna Snelling");
        assert_eq!((anna.role, anna.office.as_str(), anna.manager), (UserRole::Sales, "Central", Some(dustin.id)));
        assert!(anna.active);
        let celia = by_name(&users, "Celia Rouche");
        assert_eq!(by_name(&users, "Carl Lin").manager, Some(by_name(&users, "Summer Sewald").id));
        assert_eq!((celia.office.as_str(), by_name(&users, "Vicki Laflamme").manager), ("West", Some(celia.id)));
        for user in &users {
            assert_eq!(user.role == UserRole::Manager, user.manager.is_none(), "{}", user.name);
            assert!(!user.office.is_empty(), "{}", user.name);
        }
    }

    #[test]
    fn existing_users_are_reused() {
        let existing = [
            User { id: 7, name: "Cara Losch".into(), role: UserRole::Sales, active: true, ..User::default() },
            User {
                id: 3,
                name: "anna  snelling".into(),
                role: UserRole::Service,
                office: "Old".into(),
                ..User::default()
            },
            User { id: 9, name: "Someone Else".into(), ..User::default() },
        ];
        let users = convert_users(&parse(MAVEN_TEAMS).unwrap(), &existing).unwrap();
        assert_eq!(users.len(), 41);
        let anna = &users[0];
        assert_eq!(
            (anna.id, anna.name.as_str(), anna.role, anna.office.as_str()),
            (3, "anna  snelling", UserRole::Service, "Central")
        );
        let cara = users.iter().find(|u| u.id == 7).unwrap();
        assert_eq!((cara.role, cara.office.as_str()), (UserRole::Manager, "East"));
        let mut new_ids: Vec<Id> = users.iter().map(|u| u.id).filter(|&id| id != 3 && id != 7).collect();
        new_ids.sort_unstable();
        assert_eq!(new_ids, (10..=48).collect::<Vec<_>>());
        assert!(!users.iter().any(|u| u.id == 9));
    }

    #[test]
    fn chinese_headers_and_hierarchies() {
        let text = "姓名,主管,办事处\n张三,王经理,长沙\n李四,王经理,\n王经理,赵总,总部\n张三,王经理,长沙\n";
        let users = convert_users(&parse(text).unwrap(), &[]).unwrap();
        let names: Vec<(&str, UserRole, &str, Option<Id>)> =
            users.iter().map(|u| (u.name.as_str(), u.role, u.office.as_str(), u.manager)).collect();
        assert_eq!(
            names,
            [
                ("张三", UserRole::Sales, "长沙", Some(2)),
                ("王经理", UserRole::Manager, "总部", Some(4)),
                ("李四", UserRole::Sales, "", Some(2)),
                ("赵总", UserRole::Manager, "总部", None),
            ]
        );
    }

    #[test]
    fn row_problems_with_line_and_column() {
        let text = "销售,经理,区域\n,王经理,长沙\n张三,王经理,长沙\n张三,李经理,长沙\n李四,李四,株洲\n张三,王经理,株洲\n\"王\n五\",,\n";
        let error = |line, column: usize, header: &str, value: &str, kind| UserRowError {
            line,
            column,
            header: header.into(),
            value: value.into(),
            kind,
        };
        assert_eq!(
            convert_users(&parse(text).unwrap(), &[]),
            Err(UsersError::Rows(vec![
                error(2, 0, "销售", "", UserErrorKind::MissingName),
                error(4, 1, "经理", "李经理", UserErrorKind::ConflictingManager { first_line: 3 }),
                error(5, 1, "经理", "李四", UserErrorKind::OwnManager),
                error(6, 2, "区域", "株洲", UserErrorKind::ConflictingOffice { first_line: 3 }),
                error(7, 0, "销售", "王\n五", UserErrorKind::ControlCharacters),
            ]))
        );
        assert_eq!(convert_users(&parse("foo,bar\n1,2\n").unwrap(), &[]), Err(UsersError::NoAgentColumn));
    }
}
