//! Generates the typed translation table from `locales/*.json`.
//!
//! Each key becomes a method on `Tr`; a placeholder `{name}` becomes an argument, in the order
//! the placeholders appear in the English text (`"{used} of {quota}"` → `(used, quota)`). So an unknown
//! key or a missing argument fails to compile, and a key missing from one locale, or whose
//! placeholders differ between locales, fails the build with the key named.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// (file stem, enum variant) of every locale; the first is the fallback.
const LOCALES: [(&str, &str); 2] = [("en", "En"), ("zh-CN", "ZhCn")];

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let tables: Vec<BTreeMap<String, String>> = LOCALES
        .iter()
        .map(|(stem, _)| {
            let path = format!("locales/{stem}.json");
            println!("cargo::rerun-if-changed={path}");
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect();

    let mut problems = Vec::new();
    let keys: BTreeSet<&String> = tables.iter().flat_map(|t| t.keys()).collect();
    for key in &keys {
        if !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            || key.starts_with(|c: char| c.is_ascii_digit())
        {
            problems.push(format!("key {key:?} must be snake_case"));
        }
        let mut placeholder_sets = Vec::new();
        for ((stem, _), table) in LOCALES.iter().zip(&tables) {
            match table.get(*key) {
                None => problems.push(format!("locales/{stem}.json lacks key {key:?}")),
                Some(text) => match placeholders(text) {
                    Ok(names) => placeholder_sets.push((stem, names)),
                    Err(e) => problems.push(format!("locales/{stem}.json {key:?}: {e}")),
                },
            }
        }
        if let Some((first_stem, first)) = placeholder_sets.first() {
            for (stem, names) in &placeholder_sets[1..] {
                if names != first {
                    problems
                        .push(format!("key {key:?}: placeholders {first:?} in {first_stem} but {names:?} in {stem}"));
                }
            }
        }
    }
    if !problems.is_empty() {
        panic!("translation tables disagree:\n  {}", problems.join("\n  "));
    }

    let mut out = String::from("impl Tr {\n");
    for key in &keys {
        let args = placeholders_in_order(&tables[0][*key]);
        if args.is_empty() {
            writeln!(out, "    pub fn {key}(self) -> &'static str {{\n        match self.0 {{").unwrap();
            for ((_, variant), table) in LOCALES.iter().zip(&tables) {
                writeln!(out, "            Locale::{variant} => {:?},", table[*key]).unwrap();
            }
        } else {
            let params: Vec<String> = args.iter().map(|a| format!("{a}: impl std::fmt::Display")).collect();
            writeln!(out, "    pub fn {key}(self, {}) -> String {{\n        match self.0 {{", params.join(", "))
                .unwrap();
            for ((_, variant), table) in LOCALES.iter().zip(&tables) {
                writeln!(out, "            Locale::{variant} => format!({:?}),", table[*key]).unwrap();
            }
        }
        out.push_str("        }\n    }\n");
    }
    out.push_str("}\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("strings.rs");
    fs::write(dest, out).expect("write generated translations");
}

/// The placeholders of a message in order of first appearance (the message is already checked).
fn placeholders_in_order(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for piece in text.split('{').skip(1) {
        let name = piece.split('}').next().unwrap_or_default().to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The `{name}` placeholders of a message, sorted; braces are for placeholders only.
fn placeholders(text: &str) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("unmatched '}'".into());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("unclosed '{'")?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(format!("placeholder {{{name}}} must be a snake_case name"));
        }
        names.insert(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(names)
}
