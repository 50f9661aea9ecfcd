//! A serde serializer that feeds a value straight into a hasher: every
//! string, number and structure is written with a type tag and a length, so
//! two different values never feed the same bytes, with none of the
//! escaping and formatting of a text format.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3Default;

/// Hashes values into the sink it borrows.
pub struct Feeder<'a>(pub &'a mut Sink);

/// How many bytes a [`Sink`] gathers before handing them to XXH3.
const GATHER: usize = 512;

/// An XXH3 state fed a buffer at a time: a value is many short pieces (a
/// tag, a length, a field's name), and XXH3's streaming update costs more
/// per call than copying a few bytes. The result does not depend on how
/// the bytes were split.
#[derive(Clone)]
pub struct Sink {
    state: Xxh3Default,
    gathered: [u8; GATHER],
    len: usize,
}

impl Default for Sink {
    fn default() -> Self {
        Sink { state: Xxh3Default::new(), gathered: [0; GATHER], len: 0 }
    }
}

impl Sink {
    /// Inlined, so the many writes of a few bytes whose length is known
    /// (a tag, a length) are copied without a call.
    #[inline]
    pub fn update(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > GATHER {
            self.state.update(&self.gathered[..self.len]);
            self.len = 0;
            if bytes.len() > GATHER / 2 {
                self.state.update(bytes);
                return;
            }
        }
        self.gathered[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// The 128-bit XXH3 of every byte given so far.
    pub fn digest128(&self) -> u128 {
        let mut state = self.state.clone();
        state.update(&self.gathered[..self.len]);
        state.digest128()
    }
}

/// Never raised: hashing cannot fail.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("hashing failed")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

impl Feeder<'_> {
    fn tag(&mut self, tag: u8) {
        self.0.update(&[tag]);
    }

    fn text(&mut self, tag: u8, bytes: &[u8]) {
        self.0.update(&[tag]);
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }
}

macro_rules! number {
    ($name:ident, $t:ty, $tag:expr) => {
        fn $name(self, v: $t) -> Result<(), Never> {
            self.tag($tag);
            self.0.update(&v.to_le_bytes());
            Ok(())
        }
    };
}

impl ser::Serializer for &mut Feeder<'_> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// A hash is made of a value's structure: a type with a compact form
    /// (a briefing's JSON-LD) gives that, not the text it prints.
    fn is_human_readable(&self) -> bool {
        false
    }

    number!(serialize_i8, i8, 1);
    number!(serialize_i16, i16, 2);
    number!(serialize_i32, i32, 3);
    number!(serialize_i64, i64, 4);
    number!(serialize_u8, u8, 5);
    number!(serialize_u16, u16, 6);
    number!(serialize_u32, u32, 7);
    number!(serialize_u64, u64, 8);
    number!(serialize_f32, f32, 9);
    number!(serialize_f64, f64, 10);

    fn serialize_bool(self, v: bool) -> Result<(), Never> {
        self.tag(if v { 11 } else { 12 });
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.text(13, v.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Never> {
        self.text(14, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Never> {
        self.text(15, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Never> {
        self.tag(16);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Never> {
        self.tag(17);
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Never> {
        self.tag(18);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.tag(18);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Never> {
        self.text(19, variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.text(20, variant.as_bytes());
        v.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(21);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.tag(21);
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(21);
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.text(22, variant.as_bytes());
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(23);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.tag(23);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.text(24, variant.as_bytes());
        Ok(self)
    }
}

/// Every compound ends with a tag no element starts with, so nesting is
/// unambiguous.
const END: u8 = 0xfe;
const ELEMENT: u8 = 0xfd;

macro_rules! compound {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for &mut Feeder<'_> {
            type Ok = ();
            type Error = Never;
            fn $method<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
                self.tag(ELEMENT);
                v.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Never> {
                self.tag(END);
                Ok(())
            }
        }
    };
}

compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for &mut Feeder<'_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Never> {
        self.tag(ELEMENT);
        k.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), Never> {
        self.tag(END);
        Ok(())
    }
}

macro_rules! fields {
    ($trait:ident) => {
        impl ser::$trait for &mut Feeder<'_> {
            type Ok = ();
            type Error = Never;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), Never> {
                self.text(ELEMENT, key.as_bytes());
                v.serialize(&mut **self)
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), Never> {
                // A skipped field (`skip_serializing_if`) differs from a present one.
                self.text(0xfc, key.as_bytes());
                Ok(())
            }
            fn end(self) -> Result<(), Never> {
                self.tag(END);
                Ok(())
            }
        }
    };
}

fields!(SerializeStruct);
fields!(SerializeStructVariant);
