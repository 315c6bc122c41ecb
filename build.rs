//! Generates the typed translation table from `locales/*.json`.
//!
//! Each key becomes a method on `Tr`. A message with placeholders takes them by name, in a struct
//! generated for it in `i18n::args` with one field per placeholder: `storage_usage`, "Using {used}
//! of {quota} available", is `tr.storage_usage(args::StorageUsage { used, quota })`. Positional
//! arguments would follow one locale's word order, and a translation that reorders its placeholders
//! would then swap the values silently; a struct literal names every value, in any order. Each
//! field has its own generic type, bounded by `Display` at the method, so callers pass numbers and
//! strings as they are. An unknown key, a missing or unknown placeholder fails to compile; a key
//! missing from one locale, or whose placeholders differ between locales, fails the build with the
//! key named. `render_all` (tests only) renders every message so a test can compare it with the
//! locale files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// (file stem, enum variant) of every locale; the first is the fallback.
const LOCALES: [(&str, &str); 2] = [("en", "En"), ("zh-CN", "ZhCn")];

/// Rust's keywords, which can name neither a method nor a field.
const KEYWORDS: [&str; 51] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

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
        if KEYWORDS.contains(&key.as_str()) {
            problems.push(format!("key {key:?} is a Rust keyword"));
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
    // Two keys whose struct names coincide (`a_1`, `a1`) would not compile, far from the cause.
    let mut struct_names = BTreeMap::new();
    for key in keys.iter().filter(|key| tables[0].get(**key).is_some_and(|text| text.contains('{'))) {
        if let Some(other) = struct_names.insert(camel(key), key) {
            problems.push(format!("keys {other:?} and {key:?} both name the struct {}", camel(key)));
        }
    }
    if !problems.is_empty() {
        panic!("translation tables disagree:\n  {}", problems.join("\n  "));
    }

    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("strings.rs");
    fs::write(dest, generate(&keys, &tables)).expect("write generated translations");
}

/// The `args` structs, the methods on `Tr` and the test table `render_all`. Paths are absolute
/// because a placeholder's generic parameter (`{locale}` → `Locale`) could shadow a short name.
fn generate(keys: &BTreeSet<&String>, tables: &[BTreeMap<String, String>]) -> String {
    let mut structs = String::from("/// The placeholders of each message, by name.\npub mod args {\n");
    let mut methods = String::from("impl Tr {\n");
    let mut table = String::from(
        "/// Every message of `locale`, its placeholders filled by `sample(name)`: what the tests\n\
         /// compare with the locale files.\n\
         #[cfg(test)]\n\
         pub(crate) fn render_all(locale: crate::i18n::Locale, sample: fn(&str) -> ::std::string::String) \
         -> ::std::vec::Vec<(&'static str, ::std::string::String)> {\n    let tr = Tr(locale);\n    vec![\n",
    );
    for key in keys {
        let names = placeholders_in_order(&tables[0][*key]);
        if names.is_empty() {
            writeln!(methods, "    pub fn {key}(self) -> &'static str {{\n        match self.0 {{").unwrap();
            for ((_, variant), table) in LOCALES.iter().zip(tables) {
                writeln!(methods, "            crate::i18n::Locale::{variant} => {:?},", table[*key]).unwrap();
            }
            writeln!(table, "        ({key:?}, tr.{key}().into()),").unwrap();
        } else {
            let name = camel(key);
            let generics: Vec<String> = names.iter().map(|n| camel(n)).collect();
            let generics = generics.join(", ");
            writeln!(structs, "    /// {:?}", tables[0][*key]).unwrap();
            writeln!(structs, "    pub struct {name}<{generics}> {{").unwrap();
            for n in &names {
                writeln!(structs, "        pub {n}: {},", camel(n)).unwrap();
            }
            structs.push_str("    }\n");
            let bounds: Vec<String> = names.iter().map(|n| format!("{}: ::std::fmt::Display", camel(n))).collect();
            writeln!(
                methods,
                "    pub fn {key}<{}>(self, args: args::{name}<{generics}>) -> ::std::string::String {{",
                bounds.join(", ")
            )
            .unwrap();
            writeln!(methods, "        let args::{name} {{ {} }} = args;", names.join(", ")).unwrap();
            methods.push_str("        match self.0 {\n");
            for ((_, variant), table) in LOCALES.iter().zip(tables) {
                writeln!(methods, "            crate::i18n::Locale::{variant} => format!({:?}),", table[*key]).unwrap();
            }
            let fields: Vec<String> = names.iter().map(|n| format!("{n}: sample({n:?})")).collect();
            writeln!(table, "        ({key:?}, tr.{key}(args::{name} {{ {} }})),", fields.join(", ")).unwrap();
        }
        methods.push_str("        }\n    }\n");
    }
    structs.push_str("}\n");
    methods.push_str("}\n");
    table.push_str("    ]\n}\n");
    structs + &methods + &table
}

/// `forecast_month_label` → `ForecastMonthLabel`.
fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
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
        // Words of letters joined by single underscores: a field name whose generic parameter
        // (`first_line` → `FirstLine`) no other placeholder shares.
        if !name.split('_').all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase())) {
            return Err(format!("placeholder {{{name}}} must be a snake_case name"));
        }
        if KEYWORDS.contains(&name) {
            return Err(format!("placeholder {{{name}}} is a Rust keyword"));
        }
        names.insert(name.to_string());
        rest = &after[close + 1..];
    }
    Ok(names)
}
