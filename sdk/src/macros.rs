//! The shapes generated code repeats for every item, written once: string enums that keep unknown values, and
//! the plumbing every request builder and list request shares. Generated files stay a few lines per item, and
//! the crate compiles less code.
//!
//! The functions these shapes write for each item (and each request's `prepare`) are `#[inline]`, as derived
//! impls are: a library build type-checks them but compiles them to machine code only in the program that
//! calls them, so a program pays code generation for the operations and models it uses, not for the whole API.
//!
//! A crate generated from another spec may not need every shape (no list operations, say), hence the `allow`.
#![allow(unused_macros, unused_imports)]

/// A string enum that tolerates values it does not know: the enum, with its docs and a fallback variant that
/// keeps anything else as the server sent it (`_ => Unknown`), and its impls: the known values' wire forms,
/// `as_str`, `VALUES`, `From<&str>`, `From<String>`, `FromStr` (infallible), `Display`, serde (as a string),
/// and query and path parameter formatting.
macro_rules! string_enum {
    (
        $( #[$meta:meta] )*
        pub enum $name:ident {
            $( $( #[$variant_meta:meta] )* $variant:ident = $value:literal, )*
            _ => $fallback:ident $(,)?
        }
    ) => {
        $( #[$meta] )*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $( #[$variant_meta] )* $variant, )*
            /// A value this version of the SDK does not know, kept as the server sent it.
            $fallback(String),
        }

        impl $name {
            /// Every value this version of the SDK knows, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$fallback(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::$fallback(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            #[inline]
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $value => Self::$variant, )*
                    _ => Self::$fallback(value),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl crate::json::FromJson for $name {
            #[inline]
            fn from_json(value: serde_json::Value) -> Result<Self, serde_json::Error> {
                match crate::json::string(value) {
                    Ok(value) => Ok(Self::from(value)),
                    Err(e) => Err(e),
                }
            }
        }

        impl crate::json::ToJson for $name {
            #[inline]
            fn to_json(&self) -> serde_json::Value {
                serde_json::Value::String(self.as_str().to_owned())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            #[inline]
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::request::ParamValue for $name {
            #[inline]
            fn param_value(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

/// What every request builder shares: `with_options`, `send` (the decoded value of `send_with_raw_response`,
/// which the builder defines), and `.await`.
macro_rules! request_builder {
    // `send_with_raw_response` from `prepare` and the way the body decodes (`json`, `empty`, ...): the request
    // is sent by the runtime's `send::call`.
    ($builder:ident => $output:ty, $decode:ident) => {
        impl $builder {
            /// Sends the request and returns the HTTP status and headers along with the decoded response.
            #[inline]
            pub fn send_with_raw_response(
                self,
            ) -> crate::request::BoxFuture<crate::Result<crate::Response<$output>>> {
                crate::send::call(self.prepare(), crate::response::RawResponse::$decode)
            }
        }
        crate::macros::request_builder!($builder => $output);
    };
    // The same, when preparing the request checks files on disk.
    ($builder:ident => $output:ty, $decode:ident async) => {
        impl $builder {
            /// Sends the request and returns the HTTP status and headers along with the decoded response.
            #[inline]
            pub fn send_with_raw_response(
                self,
            ) -> crate::request::BoxFuture<crate::Result<crate::Response<$output>>> {
                Box::pin(async move {
                    crate::send::call(self.prepare().await, crate::response::RawResponse::$decode).await
                })
            }
        }
        crate::macros::request_builder!($builder => $output);
    };
    ($builder:ident => $output:ty) => {
        impl $builder {
            /// Overrides the client's settings (timeouts, retries, headers and query parameters) for this
            /// request.
            #[inline]
            pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// Sends the request and decodes the response.
            #[inline]
            pub fn send(self) -> crate::request::BoxFuture<crate::Result<$output>> {
                crate::send::data(self.send_with_raw_response())
            }
        }

        impl std::future::IntoFuture for $builder {
            type Output = crate::Result<$output>;
            type IntoFuture = crate::request::BoxFuture<Self::Output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}
pub(crate) use request_builder;

/// What every page-numbered list request shares: `pages`, `items`, `collect`, and the `PagedRequest` the page
/// streams use. `$page` is the builder's field of the page number (`i64`, or `i32` with `as i32`).
macro_rules! paged_request {
    ($builder:ident, $item:ty, $page:ident) => {
        $crate::macros::paged_request!(@impl $builder, $item, $page, |page: i64| page, |page: &i64| *page);
    };
    ($builder:ident, $item:ty, $page:ident as i32) => {
        $crate::macros::paged_request!(
            @impl $builder, $item, $page,
            |page: i64| i32::try_from(page).unwrap_or(i32::MAX),
            |page: &i32| i64::from(*page)
        );
    };
    (@impl $builder:ident, $item:ty, $page:ident, $write:expr, $read:expr) => {
        impl $builder {
            /// Streams the pages, from this request's page (default 1) to the last. The next page is fetched
            /// while you work on the current one (see [`Pages::prefetch`](crate::Pages::prefetch)). A page that
            /// fails is returned as an error; polling again retries it after a pause when the error is
            /// transient, and the stream ends otherwise (see [`Pages`](crate::Pages) for every rule).
            #[inline]
            pub fn pages(self) -> crate::Pages<$item> {
                crate::Pages::new(self)
            }

            /// Streams the items of every page, in order.
            #[inline]
            pub fn items(self) -> crate::Items<$item> {
                self.pages().items()
            }

            /// Collects the items of every page, at most `max_items` when given. Stops at the first error.
            #[inline]
            pub async fn collect(self, max_items: Option<usize>) -> crate::Result<Vec<$item>> {
                self.pages().collect_items(max_items).await
            }
        }

        impl crate::pagination::PagedRequest for $builder {
            type Item = $item;

            #[inline]
            fn operation(&self) -> &'static str {
                Self::OPERATION.id
            }

            #[inline]
            fn client(&self) -> &crate::Client {
                &self.client
            }

            #[inline]
            fn page_number(&self) -> Option<i64> {
                self.$page.as_ref().map($read)
            }

            #[inline]
            fn with_page(mut self, page: i64) -> Self {
                self.$page = Some(($write)(page));
                self
            }

            #[inline]
            fn fetch_page(self) -> crate::request::BoxFuture<crate::Result<crate::Page<$item>>> {
                Box::pin(self.send())
            }
        }
    };
}
pub(crate) use paged_request;

/// The setters of a request builder's optional inputs, one line each in generated code:
/// `$name ($place) $kind [$ty]`, where `$place` is the field that stores the input (`page`, or `body.name` for
/// a field of a JSON body) and `$kind` says what the setter accepts: `value` (the type itself), `into`
/// (`impl Into<T>`), `list` / `list_into` (any iterator of `T` / of `impl Into<T>`), `map` / `map_into` (any
/// iterator of pairs). `clear $clear` adds a second setter that sends an explicit `null`.
macro_rules! setters {
    ($builder:ident { $( $(#[$meta:meta])* $name:ident ($($place:ident).+) $kind:ident [$ty:ty] $(clear $clear:ident)? ; )* }) => {
        impl $builder {
            $(
                $crate::macros::setters!(@setter [$(#[$meta])*] $name ($($place).+) $kind [$ty] $(clear $clear)?);
            )*
        }
    };
    (@setter [$(#[$meta:meta])*] $name:ident ($($place:ident).+) $kind:ident [$ty:ty]) => {
        $(#[$meta])*
        #[inline]
        pub fn $name(mut self, $name: $crate::macros::setters!(@arg $kind $ty)) -> Self {
            self.$($place).+ = Some($crate::macros::setters!(@convert $kind $name));
            self
        }
    };
    (@setter [$(#[$meta:meta])*] $name:ident ($($place:ident).+) $kind:ident [$ty:ty] clear $clear:ident) => {
        $(#[$meta])*
        #[inline]
        pub fn $name(mut self, $name: $crate::macros::setters!(@arg $kind $ty)) -> Self {
            self.$($place).+ = Some(Some($crate::macros::setters!(@convert $kind $name)));
            self
        }

        /// Sends this input as `null`, which the API takes as clearing it; calling neither setter leaves it out.
        #[inline]
        pub fn $clear(mut self) -> Self {
            self.$($place).+ = Some(None);
            self
        }
    };
    (@arg value $ty:ty) => { $ty };
    (@arg into $ty:ty) => { impl Into<$ty> };
    (@arg list $ty:ty) => { impl IntoIterator<Item = $ty> };
    (@arg list_into $ty:ty) => { impl IntoIterator<Item = impl Into<$ty>> };
    (@arg map $ty:ty) => { impl IntoIterator<Item = (impl Into<String>, $ty)> };
    (@arg map_into $ty:ty) => { impl IntoIterator<Item = (impl Into<String>, impl Into<$ty>)> };
    (@convert value $name:ident) => { $name };
    (@convert into $name:ident) => { $name.into() };
    (@convert list $name:ident) => { $name.into_iter().collect() };
    (@convert list_into $name:ident) => { $name.into_iter().map(Into::into).collect() };
    (@convert map $name:ident) => { $name.into_iter().map(|(key, value)| (key.into(), value)).collect() };
    (@convert map_into $name:ident) => {
        $name.into_iter().map(|(key, value)| (key.into(), value.into())).collect()
    };
}
pub(crate) use setters;

/// `From` each alternative's payload for a union, so callers write `"news".into()` or `5.into()`: entries are
/// `Variant(Type)`, or `Variant(box Type)` for a boxed payload; `str Variant` adds `From<&str>` for the string
/// alternative.
macro_rules! union_from {
    ($name:ident { $( $variant:ident ($($payload:tt)+) ),* $(,)? } $(str $string:ident)?) => {
        $( $crate::macros::union_from!(@from $name $variant $($payload)+); )*
        $(
            impl From<&str> for $name {
                #[inline]
                fn from(value: &str) -> Self {
                    Self::$string(value.to_owned())
                }
            }
        )?
    };
    (@from $name:ident $variant:ident box $ty:ty) => {
        impl From<$ty> for $name {
            #[inline]
            fn from(value: $ty) -> Self {
                Self::$variant(Box::new(value))
            }
        }
    };
    (@from $name:ident $variant:ident $ty:ty) => {
        impl From<$ty> for $name {
            #[inline]
            fn from(value: $ty) -> Self {
                Self::$variant(value)
            }
        }
    };
}
pub(crate) use union_from;

/// Declares model modules and re-exports their types, in groups that compile only with the features that need
/// them (the generated `models/mod.rs`): `#[cfg(feature = "assets")] { asset::Asset, asset_status::AssetStatus }`.
macro_rules! models {
    ($( #[cfg($gate:meta)] { $( $module:ident :: $name:ident ),* $(,)? } )*) => {
        $($(
            #[cfg($gate)]
            mod $module;
            #[cfg($gate)]
            pub use $module::$name;
        )*)*
    };
}
pub(crate) use models;

/// `Serialize` and `Deserialize` for a struct model, through `crate::json` (a `Value` map, field by field), and
/// the crate's `FromJson` and `ToJson`, which other models' fields and the responses use: entries are
/// `field = "wire name" kind`, the kind `required` (always written; must be present), `optional` (left out
/// when `None`; absent or `null` read as `None`) or `nullable` (`Option<Option<T>>`: absent, `null` and a value
/// stay apart); `required_list` and `optional_list` are `required` and `optional` for a `Vec` (read and written
/// item by item, as every `Vec` is). `flatten field` names a union whose fields are the object's own; `rest
/// field` the map of the fields not listed (unknown fields, or additional properties). `@body Name { field: Type
/// = "wire" kind, ... }` defines a request body struct and implements only its encoding for it.
macro_rules! json_object {
    // A request body: the struct, and its encoding.
    (@body $name:ident { $( $field:ident : $ty:ty = $wire:literal $kind:ident ),* $(,)? }) => {
        #[derive(Debug, Clone)]
        struct $name {
            $( $field: $ty, )*
        }
        crate::macros::json_object!(@serialize $name { $( $field = $wire $kind ),* });
    };
    // Encoded only: `ToJson` (not generic: compiled once), and `Serialize` through it.
    (@serialize $name:ident { $( $field:ident = $wire:literal $kind:ident ),* $(,)? }
        $( flatten $union:ident )* $( rest $rest:ident )?) => {
        impl crate::json::ToJson for $name {
            #[inline]
            fn to_json(&self) -> serde_json::Value {
                let mut writer = crate::json::ObjectWriter::default();
                $( crate::macros::json_object!(@write writer $kind $wire self.$field); )*
                $( writer.flattened(&self.$union); )*
                $( writer.rest(&self.$rest); )?
                writer.finish()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&crate::json::ToJson::to_json(self), serializer)
            }
        }
    };
    ($name:ident { $( $field:ident = $wire:literal $kind:ident ),* $(,)? }
        $( flatten $union:ident )* $( rest $rest:ident )?) => {
        crate::macros::json_object!(@serialize $name { $( $field = $wire $kind ),* }
            $( flatten $union )* $( rest $rest )?);

        impl crate::json::FromJson for $name {
            // Not generic: compiled once. Each field is read into an `Option` of its own (through `dyn Slot`);
            // the first error, kept by the reader, is the result.
            #[inline]
            fn from_json(value: serde_json::Value) -> Result<Self, serde_json::Error> {
                #[allow(unused_mut, reason = "a struct without fields takes nothing out")]
                let mut reader = match crate::json::ObjectReader::new(value, stringify!($name)) {
                    Ok(reader) => reader,
                    Err(e) => return Err(crate::json::decode_error(e)),
                };
                $(
                    let mut $field = None;
                    crate::macros::json_object!(@read reader $kind $wire $field);
                )*
                $(
                    let mut $union = None;
                    reader.flattened(stringify!($union), &mut $union);
                )*
                $( let $rest = reader.rest(); )?
                if let Err(e) = reader.finish() {
                    return Err(crate::json::decode_error(e));
                }
                Ok($name {
                    $( $field: crate::macros::json_object!(@take reader $kind $wire $field), )*
                    $( $union: crate::macros::json_object!(@take reader required "" $union), )*
                    $( $rest, )?
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match crate::json::FromJson::from_json(crate::json::read_value(deserializer)?) {
                    Ok(value) => Ok(value),
                    Err(e) => Err(serde::de::Error::custom(e)),
                }
            }
        }
    };
    (@read $reader:ident required_list $wire:literal $slot:ident) => {
        $reader.required($wire, &mut $slot)
    };
    (@read $reader:ident optional_list $wire:literal $slot:ident) => {
        $reader.optional($wire, &mut $slot)
    };
    (@read $reader:ident $kind:ident $wire:literal $slot:ident) => {
        $reader.$kind($wire, &mut $slot)
    };
    // A required field's slot is full once the reader found no error.
    (@take $reader:ident required $wire:literal $slot:ident) => {
        match $slot {
            Some(value) => value,
            None => return Err(crate::json::decode_error($reader.empty($wire))),
        }
    };
    (@take $reader:ident required_list $wire:literal $slot:ident) => {
        crate::macros::json_object!(@take $reader required $wire $slot)
    };
    (@take $reader:ident $kind:ident $wire:literal $slot:ident) => {
        $slot
    };
    (@write $writer:ident required $wire:literal $value:expr) => {
        $writer.required($wire, &$value);
    };
    (@write $writer:ident required_list $wire:literal $value:expr) => {
        $writer.required($wire, &$value);
    };
    // `optional`, `optional_list` and `nullable` (whose `Some(None)` is written as `null`).
    (@write $writer:ident $kind:ident $wire:literal $value:expr) => {
        $writer.optional($wire, &$value);
    };
}
pub(crate) use json_object;

/// `Serialize` and `Deserialize` for a union model, through `crate::json`: `Name { A, B }` decodes the first
/// alternative that fits (in the order given); `Name tag "type" { A = "a", B = "b" | "c" } fallback Unknown` decodes
/// the alternative the discriminator property names (one or several values each), and keeps any other kind as its JSON value. Each alternative
/// is encoded as it is (a tagged alternative carries its discriminator itself).
macro_rules! json_union {
    ($name:ident { $( $variant:ident ),* $(,)? }) => {
        crate::macros::json_union!(@impls $name { $( $variant ),* });

        impl $name {
            /// Not generic: compiled once, whatever the deserializer.
            #[inline]
            fn decode(value: serde_json::Value) -> Result<Self, crate::json::DecodeError> {
                crate::json::first_fit(value, stringify!($name), &[
                    $( |value| match crate::json::FromJson::from_json(value) { Ok(value) => Ok($name::$variant(value)), Err(e) => Err(e) }, )*
                ])
            }
        }
    };
    ($name:ident tag $property:literal { $( $variant:ident = $( $tag:literal )|+ ),* $(,)? } fallback $fallback:ident) => {
        crate::macros::json_union!(@impls $name { $( $variant, )* $fallback });

        impl $name {
            /// Not generic: compiled once, whatever the deserializer.
            #[inline]
            fn decode(value: serde_json::Value) -> Result<Self, crate::json::DecodeError> {
                let tag = value.get($property).and_then(serde_json::Value::as_str).map(str::to_owned);
                let decoded = match tag.as_deref() {
                    $( $( Some($tag) )|+ => match crate::json::FromJson::from_json(value) { Ok(value) => Ok($name::$variant(value)), Err(e) => Err(e) }, )*
                    _ => return Ok($name::$fallback(value)),
                };
                match decoded {
                    Ok(value) => Ok(value),
                    Err(e) => Err(format!("{}: {e}", stringify!($name))),
                }
            }
        }
    };
    // Each alternative is encoded as it is; decoding goes through the union's `decode`.
    (@impls $name:ident { $( $variant:ident ),* }) => {
        impl crate::json::ToJson for $name {
            #[inline]
            fn to_json(&self) -> serde_json::Value {
                match self {
                    $( Self::$variant(value) => crate::json::ToJson::to_json(value), )*
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&crate::json::ToJson::to_json(self), serializer)
            }
        }

        impl crate::json::FromJson for $name {
            #[inline]
            fn from_json(value: serde_json::Value) -> Result<Self, serde_json::Error> {
                match Self::decode(value) {
                    Ok(value) => Ok(value),
                    Err(e) => Err(crate::json::decode_error(e)),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match Self::decode(crate::json::read_value(deserializer)?) {
                    Ok(value) => Ok(value),
                    Err(e) => Err(serde::de::Error::custom(e)),
                }
            }
        }
    };
}
pub(crate) use json_union;
