//! The intermediate representation: every naming and typing decision, made once, here.
//!
//! Lowering turns the merged API into these plain data types; emitters only print them. Everything in the IR is
//! already a valid, unique Rust identifier, and every list is in its final order.

mod bodies;
mod composites;
mod cycles;
mod docs;
pub mod features;
mod operations;
mod parameters;
mod resources;
mod responses;
mod shared_enums;
mod types;
mod workflows;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::merge::Api;
pub use features::{Feature, Gate};
#[cfg(test)]
pub(crate) use resources::{CLIENT_RESERVED, EXTERN_CRATES, ROOT_MODULES};

/// The whole API, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// Package name of the crate.
    pub crate_name: String,
    /// Human name of the API.
    pub api_name: String,
    /// Default base URL, when the specs or settings give one.
    pub base_url: Option<String>,
    /// Environment variable holding the API key.
    pub api_key_env: Option<String>,
    /// Environment variable `Client::from_env` reads a base URL from.
    pub base_url_env: Option<String>,
    /// How the client authenticates.
    pub auth: Vec<Auth>,
    /// Every named type, sorted by name.
    pub models: Vec<Model>,
    /// The root resource (the client itself), holding the resource tree.
    pub root: Resource,
    /// One cargo feature per top-level resource, in the order of `root.children`.
    pub features: Vec<Feature>,
    /// Example values the specs give for component schemas and success responses, with the type each must
    /// decode into (standalone crates can test them).
    pub examples: Vec<Example>,
}

/// An example value from a spec and the type it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The generated type it must decode into.
    pub ty: TypeRef,
    /// The value.
    pub value: serde_json::Value,
    /// Where it is: file and JSON pointer.
    pub file: String,
    /// JSON pointer of the example.
    pub pointer: String,
}

/// A client-level authentication scheme.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Auth {
    /// An API key sent in a header (`x-api-key: KEY`).
    ApiKeyHeader {
        /// Header name as the spec spells it.
        header: String,
    },
    /// An API key sent as a query parameter (`?api_key=KEY`).
    ApiKeyQuery {
        /// Query parameter name.
        name: String,
    },
    /// `Authorization: Bearer KEY`.
    Bearer,
    /// `Authorization: Basic base64(user:password)`, with the key as `user:password`.
    Basic,
}

/// A named type: a struct, an enum, a union or an alias.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Rust type name (unique in the crate).
    pub name: String,
    /// Module (file stem) that holds it.
    pub module: String,
    /// Rendered doc lines.
    pub docs: Vec<String>,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
    /// What kind of type it is.
    pub kind: ModelKind,
    /// Which features compile it.
    pub gate: Gate,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum that tolerates values it does not know.
    Enum(StringEnum),
    /// `oneOf` / `anyOf`.
    Union(Union),
    /// A type alias (`pub type EntityMetadata = BTreeMap<String, Value>`).
    Alias(TypeRef),
}

/// A struct model.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Type of properties beyond the known ones, kept in a flattened map: the `additionalProperties` the spec
    /// declares, or else JSON values (so unknown fields survive a decode and encode). `None` when a flattened
    /// union keeps them instead.
    pub additional: Option<TypeRef>,
    /// Whether the spec declares `additionalProperties` (rather than the map only keeping unknown fields).
    pub additional_declared: bool,
    /// Field name of that map.
    pub additional_name: String,
    /// Unions flattened into the struct (`properties` beside `oneOf`, or `allOf` with a union part): field name
    /// and union type.
    pub unions: Vec<(String, TypeRef)>,
}

impl Ir {
    /// The API's name as a noun phrase for docs: `TwelveLabs API`, and `ReadMe API` rather than `ReadMe API API`.
    pub fn api_phrase(&self) -> String {
        if self.api_name.to_ascii_lowercase().ends_with("api") {
            self.api_name.clone()
        } else {
            format!("{} API", self.api_name)
        }
    }
}

impl Struct {
    /// Whether every field can be absent, so the struct can derive `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(Field::is_optional) && self.unions.is_empty()
    }
}

/// A struct field, or a field of a request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Type, before `Option` for optionality.
    pub ty: TypeRef,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// May be `null` on the wire.
    pub nullable: bool,
    /// Behind a `Box` to break a cycle of structs that contain each other.
    pub boxed: bool,
    /// Rendered doc lines.
    pub docs: Vec<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

impl Field {
    /// Whether the Rust type is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that holds unknown values (`Unknown`).
    pub fallback: String,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// Value on the wire.
    pub value: String,
    /// Rendered doc lines.
    pub docs: Vec<String>,
}

/// A `oneOf` / `anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Alternatives, in the order deserialisation tries them.
    pub variants: Vec<UnionVariant>,
    /// Every alternative is a scalar, so a value can be written into a query string.
    pub scalar: bool,
    /// Property whose value selects the variant, for discriminated unions.
    pub discriminator: Option<String>,
    /// For discriminated unions: the variant that keeps values of a kind the SDK does not know.
    pub fallback: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Payload type.
    pub ty: TypeRef,
    /// The discriminator values that select this variant, for tagged unions: one, or several when the mapping
    /// sends several values to the same schema (`response.completed` and `response.failed` to one event type).
    pub tags: Vec<String>,
    /// Behind a `Box` to break a cycle of types that contain each other.
    pub boxed: bool,
    /// Rendered doc lines.
    pub docs: Vec<String>,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// An RFC 3339 date-time.
    DateTime,
    /// A calendar date.
    Date,
    /// Any JSON value.
    Json,
    /// Raw bytes (a binary string in a JSON body, or an octet-stream body).
    Bytes,
    /// A file part of a multipart body.
    File,
    /// A named model.
    Named(String),
    /// A list.
    List(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A value that may be `null`.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// Whether a value is one piece of text on the wire (a string, number, boolean, date or date-time).
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Self::String
                | Self::Bool
                | Self::I32
                | Self::I64
                | Self::F32
                | Self::F64
                | Self::DateTime
                | Self::Date
        )
    }
}

/// A resource: a handle type with operations and sub-resources (`client.entity_collections().entities()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The resource's path as its tags name it (`["entity_collections", "entities"]`); empty for the client.
    pub key: Vec<String>,
    /// Module path from the generated root: `key`, with names the parent reserves renamed.
    pub path: Vec<String>,
    /// Handle type name (`Entities`); `Client` for the root.
    pub type_name: String,
    /// Accessor method on the parent (`entities`).
    pub accessor: String,
    /// Rendered doc lines of the handle type.
    pub docs: Vec<String>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// Sub-resources, sorted by accessor.
    pub children: Vec<Resource>,
    /// `wait_until_...` helpers, sorted by method name.
    pub waiters: Vec<Waiter>,
}

/// A helper that polls a read operation until the resource's status says it is done.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// Dotted id for errors and traces (`assets.wait_until_ready`).
    pub id: String,
    /// Method on the resource handle.
    pub method_name: String,
    /// The read operation's method on the same handle.
    pub operation_method: String,
    /// The read operation's required inputs, which the waiter takes too.
    pub args: Vec<Input>,
    /// What the read operation returns.
    pub resource: TypeRef,
    /// The status field of that type.
    pub status: Access,
    /// Whether the status field is a string enum (rather than a plain string).
    pub status_is_enum: bool,
    /// Statuses that end the wait successfully.
    pub success: Vec<String>,
    /// Statuses that end it with an error.
    pub failure: Vec<String>,
    /// Rendered doc lines.
    pub docs: Vec<String>,
}

/// A field read by generated code, with what it takes to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    /// Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Its type (without `Option`).
    pub ty: TypeRef,
}

/// How a page-numbered list operation's response becomes a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The input that selects the page.
    pub page_input: String,
    /// Its type (`I64` or `I32`).
    pub page_type: TypeRef,
    /// The type of the items.
    pub item: TypeRef,
    /// The list field of the response.
    pub items: Access,
    /// The totals object of the response, if it has one.
    pub info: Option<Access>,
    /// In the totals: the current page.
    pub page_number: Option<Access>,
    /// In the totals: how many pages.
    pub total_pages: Option<Access>,
    /// In the totals: how many items.
    pub total_results: Option<Access>,
    /// In the totals: the page size.
    pub page_size: Option<Access>,
}

/// A rule checked before a request is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// When `input` has `value`, the `require` inputs must be set and the `forbid` inputs must not.
    Rule {
        /// The input tested (Rust name).
        input: String,
        /// Whether that input is optional (an `Option`).
        input_optional: bool,
        /// The value it is compared with (wire form).
        value: String,
        /// Optional inputs that must be set (Rust names, with wire names for messages).
        require: Vec<(String, String)>,
        /// Optional inputs that must not be set.
        forbid: Vec<(String, String)>,
    },
    /// Files given in `input` must not be larger than `bytes`.
    MaxUpload {
        /// The file input (Rust name).
        input: String,
        /// Its wire name, for messages.
        wire_name: String,
        /// The limit.
        bytes: u64,
    },
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Dotted id used in errors and traces (`entity_collections.entities.create`).
    pub id: String,
    /// Method on the resource handle (`create`).
    pub method_name: String,
    /// Request builder type (`EntitiesCreateRequest`).
    pub builder_name: String,
    /// Private type holding a JSON or form body (`EntitiesCreateBody`).
    pub body_name: String,
    /// Upper-case HTTP method.
    pub http_method: String,
    /// The path template as the spec writes it.
    pub path_template: String,
    /// The path split into literal text and inputs.
    pub path: Vec<PathPiece>,
    /// Every input: path, query and header parameters, then body fields, in argument order.
    pub inputs: Vec<Input>,
    /// How the body is sent, if there is one.
    pub body: Option<BodyKind>,
    /// What a success returns.
    pub response: ResponseKind,
    /// Rendered doc lines of the resource method.
    pub docs: Vec<String>,
    /// Rendered doc lines of the builder type.
    pub builder_docs: Vec<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Set for page-numbered lists: the request also streams pages and items.
    pub pagination: Option<Pagination>,
    /// Rules checked before sending.
    pub checks: Vec<Check>,
}

impl Operation {
    /// Inputs the method takes as arguments, in order.
    pub fn required_inputs(&self) -> impl Iterator<Item = &Input> {
        self.inputs
            .iter()
            .filter(|i| i.required && i.fixed.is_none())
    }

    /// Inputs set through builder methods.
    pub fn optional_inputs(&self) -> impl Iterator<Item = &Input> {
        self.inputs
            .iter()
            .filter(|i| !i.required && i.fixed.is_none())
    }

    /// Inputs that are fields of the body.
    pub fn body_fields(&self) -> impl Iterator<Item = &Input> {
        self.inputs
            .iter()
            .filter(|i| matches!(i.target, InputTarget::BodyField | InputTarget::Part(_)))
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Literal text, sent as written.
    Literal(String),
    /// The value of the input with this Rust name, encoded as one segment.
    Input(String),
}

/// A value the caller gives an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Rust name (argument, builder field and setter).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Type (without `Option` for optionality).
    pub ty: TypeRef,
    /// The shape the argument or setter accepts: `ty` with named aliases of lists and maps resolved, so that a
    /// map-typed input takes any iterator of pairs.
    pub arg_ty: TypeRef,
    /// Must be given (an argument of the method rather than a setter).
    pub required: bool,
    /// A body field that may be sent as `null`.
    pub nullable: bool,
    /// Where it goes.
    pub target: InputTarget,
    /// Rendered doc lines.
    pub docs: Vec<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// A parameter written through its serialised form in its style (an object, a list of objects, JSON),
    /// rather than by the typed helpers for scalars and lists of scalars.
    pub structured: bool,
    /// The one value a required input can have (`const`): always sent, never asked for.
    pub fixed: Option<serde_json::Value>,
    /// For an optional input that may be `null`: the setter that sends an explicit `null` (`clear_description`),
    /// while an input never set is left out.
    pub clear_name: Option<String>,
}

/// Where an input is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputTarget {
    /// A path segment.
    Path,
    /// The query string, in the given style.
    Query(QueryStyle),
    /// A request header.
    Header,
    /// A field of a JSON or form body.
    BodyField,
    /// A part of a multipart body.
    Part(PartKind),
    /// The whole body.
    WholeBody,
}

/// How a multipart field is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A text part (lists send one part per item).
    Text,
    /// A file part.
    File,
    /// One file part per item.
    Files,
    /// A JSON-encoded text part (objects).
    Json,
}

/// How a query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `a=1&a=2` for lists, `k=v` for a scalar.
    Form,
    /// `a=1,2` (form, `explode: false`).
    FormJoined,
    /// `a[k]=v` for each map entry.
    DeepObject,
    /// Each map entry as its own parameter (`k=v`), form with `explode: true` on an object.
    FormObject,
    /// The value as JSON text (a parameter with `content: application/json`).
    Json,
}

/// How the body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// `application/json`.
    Json,
    /// `multipart/form-data`; text parts first, file parts last.
    Multipart,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Raw bytes (`application/octet-stream` and other binary types).
    Binary,
}

/// What a successful response holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// A JSON body of this type.
    Json(TypeRef),
    /// No body worth reading.
    Empty,
    /// Text, of this media type.
    Text(String),
    /// Raw bytes, of this media type.
    Bytes(String),
    /// Server-sent events (`text/event-stream`), each decoded as this type as it arrives.
    Events(TypeRef),
    /// JSON lines of this media type (`application/x-ndjson`, ...), each decoded as this type as it arrives.
    JsonLines(TypeRef, String),
    /// A redirect (the documented answer is a `3xx` with a `Location`).
    Redirect,
}

impl ResponseKind {
    /// The type of a JSON body or of each streamed item.
    pub fn item_type(&self) -> Option<&TypeRef> {
        match self {
            Self::Json(ty) | Self::Events(ty) | Self::JsonLines(ty, _) => Some(ty),
            _ => None,
        }
    }
}

/// What the model `name` is once aliases of other models are followed (`None` for an unknown name, or a chain of
/// aliases too long to be one the IR makes).
pub(crate) fn kind_behind<'m>(models: &'m [Model], name: &str) -> Option<&'m ModelKind> {
    let mut current = name;
    for _ in 0..16 {
        match &models.iter().find(|m| m.name == current)?.kind {
            ModelKind::Alias(TypeRef::Named(next)) => current = next,
            kind => return Some(kind),
        }
    }
    None
}

/// A JSON value as the text a query string, header or multipart part carries (strings without quotes).
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    parameters::json_text(value)
}

/// Lowers a merged API into the IR. Errors and warnings go to `diagnostics`.
pub fn lower(api: &Api, config: &Config, diagnostics: &mut Diagnostics) -> Ir {
    let context = crate::docs::DocContext {
        site_url: config.docs_url.clone(),
    };
    let mut lowerer = types::TypeLowerer::new(api, &context);
    lowerer.lower_components(diagnostics);
    let lowered = operations::lower_operations(api, config, &mut lowerer, diagnostics);
    let examples = lowerer.take_examples();
    let mut models = lowerer.finish(diagnostics);
    let mut root = resources::build_tree(lowered.operations, &lowered.resources);
    workflows::attach_waiters(config, &mut root, &models, diagnostics);
    let features = features::plan(&root, &mut models, diagnostics);
    let api_name = config
        .api_name
        .clone()
        .or_else(|| api.title.clone())
        .unwrap_or_else(|| config.crate_name.clone());
    let base_url = config.base_url.clone().or_else(|| {
        api.servers
            .first()
            .and_then(|server| server_url(server, diagnostics))
    });
    Ir {
        crate_name: config.crate_name.clone(),
        api_name,
        base_url,
        api_key_env: config.api_key_env.clone(),
        base_url_env: config.base_url_env.clone(),
        auth: lowered.auth,
        models,
        root,
        features,
        examples,
    }
}

/// A server's URL with its variables replaced by their defaults (`{scheme}://host` → `https://host`); `None`, with
/// a warning, when the result is not an absolute http(s) URL (the caller must then give the client one).
fn server_url(server: &openapiv3::Server, diagnostics: &mut Diagnostics) -> Option<String> {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url)
    } else {
        diagnostics.push(crate::diagnostics::Diagnostic {
            severity: crate::diagnostics::Severity::Warning,
            location: None,
            message: format!("the server URL `{}` is not an absolute http(s) URL, so the client has no default base URL: pass one with `ClientBuilder::base_url`", server.url),
            related: Vec::new(),
        });
        None
    }
}
