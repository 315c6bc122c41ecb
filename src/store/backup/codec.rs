//! One record as JSON text and back, per target (see the backup module's documentation).

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::super::{AnyRecord, Entity};
    use serde::Serialize;

    pub fn write(record: &AnyRecord, out: &mut String) -> Result<(), String> {
        let value = record.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| e.to_string())?;
        let text = js_sys::JSON::stringify(&value).map_err(|e| format!("{e:?}"))?;
        out.push_str(&String::from(text));
        Ok(())
    }

    /// `text` is one well-formed JSON value (the first pass checked it).
    pub fn read(entity: Entity, text: &str) -> Result<AnyRecord, String> {
        let value = js_sys::JSON::parse(text).map_err(|e| format!("{e:?}"))?;
        AnyRecord::deserialize_as(entity, serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| e.to_string())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::super::{AnyRecord, Entity};

    pub fn write(record: &AnyRecord, out: &mut String) -> Result<(), String> {
        out.push_str(&serde_json::to_string(record).map_err(|e| e.to_string())?);
        Ok(())
    }

    /// `text` is one well-formed JSON value (the first pass checked it).
    pub fn read(entity: Entity, text: &str) -> Result<AnyRecord, String> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let record = AnyRecord::deserialize_as(entity, &mut deserializer).map_err(|e| e.to_string())?;
        deserializer.end().map_err(|e| e.to_string())?;
        Ok(record)
    }
}

pub(super) use imp::{read, write};
