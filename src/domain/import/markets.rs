//! Market sizes from a spreadsheet (province, product line, year, units, and a tonnage class
//! where given), read with [`records`](super::records)' reader: keyed by province × line × year
//! × class, each row checked as the market page's size form checks it
//! ([`MarketDraft::validate`]); provinces read by code or name in either language, lines and
//! classes by key or usual name. A market twice in a file is an error on the later row.

use super::csv::Table;
use super::fold_key;
use super::records::{Reader, RecordErrorKind, RecordImport, RecordKind, Seen};
use crate::domain::fields::FormError;
use crate::domain::market::form::{MarketDraft, MarketField};
use crate::domain::market::size::{ProductLine, TonnageClass};
use crate::domain::market::{Market, SizeSource};

/// A product line as a spreadsheet names it: its key, or its usual English or Chinese name.
fn product_line(text: &str) -> Option<ProductLine> {
    use ProductLine::*;
    let key = fold_key(text);
    ProductLine::parse(&key).or(match key.as_str() {
        "excavators" | "挖掘机" | "挖机" => Some(Excavator),
        "loaders" | "wheelloader" | "装载机" | "铲车" => Some(Loader),
        "bulldozers" | "dozer" | "推土机" => Some(Bulldozer),
        "graders" | "motorgrader" | "平地机" => Some(Grader),
        "rollers" | "压路机" => Some(Roller),
        "cranes" | "起重机" | "吊车" | "汽车起重机" => Some(Crane),
        "forklifts" | "叉车" => Some(Forklift),
        "其他" | "其它" => Some(Other),
        _ => None,
    })
}

/// A tonnage class as CCMA reports excavators (under 20 t, 20–30 t, over 30 t) or by its name.
fn tonnage_class(text: &str) -> Option<TonnageClass> {
    use TonnageClass::*;
    let key = fold_key(text);
    TonnageClass::parse(&key).or(match key.as_str() {
        // Punctuation is folded away: "20–30 t" reads "2030t".
        "小" | "小型" | "小挖" | "20t以下" | "under20t" => Some(Small),
        "中" | "中型" | "中挖" | "2030t" | "20t30t" => Some(Medium),
        "大" | "大型" | "大挖" | "30t以上" | "over30t" => Some(Large),
        _ => None,
    })
}

/// Reads a market sizes file (see the module docs): each market imported, id 0 until stored.
pub fn convert_markets(table: &Table) -> RecordImport<Market> {
    let reader = match Reader::new(table, RecordKind::Markets) {
        Ok(reader) => reader,
        Err(out) => return out,
    };
    let column_of = |field: MarketField| match field {
        MarketField::Province => 0,
        MarketField::Year => 2,
        MarketField::Units => 3,
    };
    let mut seen = Seen::default();
    reader.convert_rows(|row| {
        let cell = |c: usize| row.reader.cell(row.cells, c).unwrap_or_default().to_owned();
        let (province_text, line_text, tonnage_text) = (cell(0), cell(1), cell(4));
        let province = super::values::find_province(&province_text);
        let product_line = product_line(&line_text);
        let tonnage = (!tonnage_text.is_empty()).then(|| tonnage_class(&tonnage_text));
        let draft = MarketDraft {
            // An unnamed province is the form's "unknown" problem; an empty one its "required".
            province: province.map_or_else(|| province_text.clone(), |p| p.code.to_owned()),
            line: product_line.unwrap_or_default(),
            year: cell(2),
            tonnage: tonnage.flatten(),
            units: cell(3),
        };
        for (field, error) in draft.validate() {
            row.problem(column_of(field), RecordErrorKind::Form(error));
        }
        match (line_text.is_empty(), product_line) {
            (true, _) => row.problem(1, RecordErrorKind::Form(FormError::Required)),
            (false, None) => row.problem(1, RecordErrorKind::UnknownLine),
            (false, Some(_)) => {}
        }
        if tonnage == Some(None) {
            row.problem(4, RecordErrorKind::UnknownTonnage);
        }
        if !row.errors.is_empty() {
            return None;
        }
        let market = Market { source: SizeSource::Imported, ..draft.market(0) };
        let key = market.market_key();
        let key = format!("{}\n{}\n{}\n{:?}", key.province, key.line.as_str(), key.year, key.tonnage);
        if let Some(first_line) = seen.first(key, row.line) {
            row.problem(0, RecordErrorKind::Duplicate { first_line });
        }
        Some(market)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::records::tests::{errors, table};
    use crate::domain::import::records::RecordColumn;

    #[test]
    fn market_sizes_are_read_by_province_name_line_and_class() {
        use RecordErrorKind::*;
        let out = convert_markets(&table(
            "省份,产品线,年份,销量,吨位\n\
             江苏省,挖掘机,2025,\"12,400\",\n\
             Sichuan,excavator,2025,3100,中挖\n\
             CN-SC,Excavators,2025,900,large\n\
             四川,挖机,2025,1000,大型\n\
             火星,卡车,25,-1,巨型\n\
             ,,2025,,\n",
        ));
        type Summary<'a> = (usize, &'a str, ProductLine, i32, Option<TonnageClass>, u32, SizeSource);
        let markets: Vec<Summary> = out
            .records
            .iter()
            .map(|(line, m)| (*line, m.province.as_str(), m.line, m.year, m.tonnage, m.units, m.source))
            .collect();
        let imported = SizeSource::Imported;
        assert_eq!(
            markets,
            [
                (2, "CN-JS", ProductLine::Excavator, 2025, None, 12_400, imported),
                (3, "CN-SC", ProductLine::Excavator, 2025, Some(TonnageClass::Medium), 3_100, imported),
                (4, "CN-SC", ProductLine::Excavator, 2025, Some(TonnageClass::Large), 900, imported),
            ]
        );
        let years = Form(FormError::OutOfRange { min: 2000, max: 2100 });
        let units = Form(FormError::OutOfRange { min: 0, max: 1_000_000 });
        assert_eq!(
            errors(&out),
            [
                (5, "省份".to_owned(), "四川".to_owned(), Duplicate { first_line: 4 }),
                (6, "省份".to_owned(), "火星".to_owned(), Form(FormError::UnknownProvince)),
                (6, "产品线".to_owned(), "卡车".to_owned(), UnknownLine),
                (6, "年份".to_owned(), "25".to_owned(), years),
                (6, "销量".to_owned(), "-1".to_owned(), units),
                (6, "吨位".to_owned(), "巨型".to_owned(), UnknownTonnage),
                (7, "省份".to_owned(), "".to_owned(), Form(FormError::Required)),
                (7, "产品线".to_owned(), "".to_owned(), Form(FormError::Required)),
                (7, "销量".to_owned(), "".to_owned(), Form(FormError::Required)),
            ]
        );
        let missing = convert_markets(&table("province,year,units\nCN-JS,2025,1\n"));
        assert_eq!(errors(&missing), [(1, String::new(), String::new(), MissingColumn(RecordColumn::Line))]);
    }
}
