//! Serialising into a `serde_json::Value` that already holds a value of the same shape, reusing
//! its strings, arrays and objects.
//!
//! Tera 1 renders from `Value`s. A build puts each paper's view into a template context; made
//! afresh, that is an allocation for every field name and string of every paper (a tenth of a
//! large build). `assign` overwrites the previous paper's value in place instead: the same
//! fields, strings refilled, arrays resized. The result is always what `serde_json::to_value`
//! gives; whatever this serialiser does not handle in place (enum variants with data, map keys
//! that are not strings, objects that lost a field) is made by `to_value` instead.

use serde::ser::{self, Impossible, Serialize};
use serde_json::{Error, Map, Value};

/// Sets `slot` to `serde_json::to_value(value)`, reusing what `slot` holds.
pub(crate) fn assign<T: Serialize + ?Sized>(slot: &mut Value, value: &T) -> Result<(), Error> {
    if value.serialize(InPlace(slot)).is_err() {
        *slot = serde_json::to_value(value)?;
    }
    Ok(())
}

/// The serialiser: writes into the value it holds.
struct InPlace<'v>(&'v mut Value);

/// What this serialiser leaves to `to_value`.
fn not_in_place() -> Error {
    ser::Error::custom("not serialisable in place")
}

/// `slot` as an array, made one (empty) when it is something else.
fn as_array(slot: &mut Value) -> &mut Vec<Value> {
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    match slot {
        Value::Array(items) => items,
        _ => unreachable!("made an array above"),
    }
}

/// `slot` as an object, made one (empty) when it is something else.
fn as_object(slot: &mut Value) -> &mut Map<String, Value> {
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(fields) => fields,
        _ => unreachable!("made an object above"),
    }
}

impl<'v> ser::Serializer for InPlace<'v> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Items<'v>;
    type SerializeTuple = Items<'v>;
    type SerializeTupleStruct = Items<'v>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Fields<'v>;
    type SerializeStruct = Fields<'v>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        *self.0 = Value::Bool(v);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        *self.0 = Value::from(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        *self.0 = Value::from(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        *self.0 = Value::from(v);
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        *self.0 = Value::from(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        match self.0 {
            Value::String(s) => {
                s.clear();
                s.push_str(v);
            }
            slot => *slot = Value::String(v.to_owned()),
        }
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        *self.0 = Value::Array(v.iter().map(|&b| Value::from(b)).collect());
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        *self.0 = Value::Null;
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(not_in_place())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'v>, Error> {
        Ok(Items { items: as_array(self.0), filled: 0 })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'v>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Items<'v>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_in_place())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Fields<'v>, Error> {
        Ok(Fields { fields: as_object(self.0), key: None, written: 0 })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Fields<'v>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_in_place())
    }
}

/// The items of an array, overwritten from the first; those left over are dropped at the end.
struct Items<'v> {
    items: &'v mut Vec<Value>,
    filled: usize,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if self.filled == self.items.len() {
            self.items.push(Value::Null);
        }
        value.serialize(InPlace(&mut self.items[self.filled]))?;
        self.filled += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), Error> {
        self.items.truncate(self.filled);
        Ok(())
    }
}

/// serde's three traits of a sequence (`[..]`, a tuple, a tuple struct) differ only in name.
macro_rules! items {
    ($($trait:ident :: $add:ident),*) => {$(
        impl ser::$trait for Items<'_> {
            type Ok = ();
            type Error = Error;
            fn $add<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                self.finish()
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// The fields of an object, each overwritten by name. An object that held a field the new value
/// lacks is left to `to_value` (a struct or map names each of its keys once, so the count tells).
struct Fields<'v> {
    fields: &'v mut Map<String, Value>,
    /// A map's key, between `serialize_key` and `serialize_value`.
    key: Option<String>,
    written: usize,
}

impl Fields<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        match self.fields.get_mut(key) {
            Some(slot) => value.serialize(InPlace(slot))?,
            None => {
                let mut slot = Value::Null;
                value.serialize(InPlace(&mut slot))?;
                self.fields.insert(key.to_owned(), slot);
            }
        }
        self.written += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), Error> {
        if self.fields.len() == self.written {
            Ok(())
        } else {
            Err(not_in_place())
        }
    }
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        match serde_json::to_value(key)? {
            Value::String(key) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(not_in_place()),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(not_in_place)?;
        self.field(&key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    enum Shape {
        Dot,
        Circle(f64),
        Pair(u8, u8),
        Box { w: u32 },
    }

    #[derive(Serialize)]
    struct Inner<'a> {
        name: &'a str,
        tags: Vec<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[derive(Serialize)]
    struct Outer<'a> {
        title: String,
        n: i64,
        big: u64,
        ratio: f32,
        nan: f64,
        flag: bool,
        letter: char,
        inner: Vec<Inner<'a>>,
        shape: Shape,
        map: BTreeMap<String, i32>,
        numbered: BTreeMap<u8, &'a str>,
        tuple: (u8, &'a str),
        bytes: &'a serde_bytes_like::Bytes,
        #[serde(flatten)]
        extra: BTreeMap<&'a str, &'a str>,
    }

    mod serde_bytes_like {
        /// Serialises as bytes.
        pub(crate) struct Bytes(pub Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    fn outer(seed: u64) -> Outer<'static> {
        let pick = |n: u64| (seed / n) % 4;
        let names = ["Ada", "Grace Hopper", "", "Émilie du Châtelet"];
        let inner = (0..pick(1))
            .map(|i| Inner {
                name: names[((seed + i) % 4) as usize],
                tags: names[..pick(3) as usize].to_vec(),
                note: (pick(5) == (i % 4)).then(|| "a note".repeat(i as usize)),
            })
            .collect();
        let shape = match pick(7) {
            0 => Shape::Dot,
            1 => Shape::Circle(seed as f64 / 3.0),
            2 => Shape::Pair(1, 2),
            _ => Shape::Box { w: 7 },
        };
        let map = (0..pick(11)).map(|i| (format!("k{}", (i + seed) % 5), i as i32)).collect();
        let extra = [("x", "1"), ("y", "2"), ("z", "3")].into_iter().take(pick(13) as usize).collect();
        Outer {
            title: "t".repeat(pick(17) as usize),
            n: -(seed as i64),
            big: u64::MAX - seed,
            ratio: seed as f32 / 7.0,
            nan: if pick(19) == 0 { f64::NAN } else { 1.5 },
            flag: seed % 2 == 0,
            letter: ['a', 'é', '😀', 'z'][pick(23) as usize],
            inner,
            shape,
            map,
            numbered: (0..pick(29) as u8).map(|i| (i, "n")).collect(),
            tuple: (seed as u8, names[pick(31) as usize]),
            bytes: Box::leak(Box::new(serde_bytes_like::Bytes(vec![seed as u8; pick(37) as usize]))),
            extra,
        }
    }

    /// One slot takes a long run of values of varied shapes (fields and items appearing and
    /// disappearing, enums changing variant, strings growing and shrinking): after each, it equals
    /// what `to_value` makes of that value.
    #[test]
    fn assigning_in_place_equals_a_fresh_value() {
        let mut slot = Value::Null;
        for seed in 0..2000u64 {
            let value = outer(seed.wrapping_mul(2654435761) % 100_000);
            assign(&mut slot, &value).unwrap();
            assert_eq!(slot, serde_json::to_value(&value).unwrap(), "seed {seed}");
        }
        // Values of other kinds over the same slot.
        for value in
            [serde_json::json!(null), serde_json::json!([1, "a"]), serde_json::json!({"a": {"b": []}})]
        {
            assign(&mut slot, &value).unwrap();
            assert_eq!(slot, value);
        }
    }

    /// The strings and arrays of the old value are reused: a second assignment of the same shape
    /// keeps the buffers where they were.
    #[test]
    fn strings_and_arrays_are_reused() {
        let mut slot = Value::Null;
        let first = Inner { name: "a long enough name", tags: vec!["x", "y"], note: None };
        assign(&mut slot, &first).unwrap();
        let name_at = slot["name"].as_str().unwrap().as_ptr();
        let tags_at = slot["tags"].as_array().unwrap().as_ptr();
        let second = Inner { name: "a shorter name", tags: vec!["z"], note: None };
        assign(&mut slot, &second).unwrap();
        assert_eq!(slot["name"].as_str().unwrap().as_ptr(), name_at);
        assert_eq!(slot["tags"].as_array().unwrap().as_ptr(), tags_at);
        assert_eq!(slot, serde_json::to_value(&second).unwrap());
    }
}
