//! Building requests: what generated code calls to describe one (path pieces, query parameters, headers, body).
//! Invalid input is recorded here and returned before anything is sent.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
pub(crate) use reqwest::Method;
use serde::Serialize;

use crate::error::Error;
use crate::upload::InputFile;

/// The future a request builder turns into with `.await`.
pub(crate) type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

impl Request {
    /// The request, ready to send on `client` with `options`.
    pub(crate) fn prepared(
        self,
        client: crate::Client,
        options: crate::RequestOptions,
    ) -> Prepared {
        Prepared {
            client,
            request: self,
            options,
        }
    }
}

/// A request built by generated code, ready to send on its client with its options.
pub(crate) struct Prepared {
    pub(crate) client: crate::Client,
    pub(crate) request: Request,
    pub(crate) options: crate::RequestOptions,
}

/// What generated code knows about an operation.
#[derive(Debug)]
pub(crate) struct Operation {
    /// Dotted name (`entity_collections.entities.create`), used in errors and traces.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template as documented (`/entity-collections/{entity_collection_id}`), for traces.
    pub path: &'static str,
}

/// Everything but RFC 3986's unreserved characters is encoded, so a value stays inside its path segment:
/// `a/../b?c#d` becomes `a%2F..%2Fb%3Fc%23d`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A described request, not yet sent.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    /// The first invalid input, returned instead of sending.
    pub(crate) error: Option<Error>,
    /// The media type asked for (`Accept`), when not JSON.
    pub(crate) accept: Option<&'static str>,
    /// The response body is a stream (events, JSON lines) read as it arrives, not buffered.
    pub(crate) streamed: bool,
    /// A redirect is the documented answer (the operation returns where it points).
    pub(crate) redirect_expected: bool,
}

/// A request body.
#[derive(Debug, Default)]
pub(crate) enum Body {
    /// No body.
    #[default]
    None,
    /// Serialised JSON.
    Json(Bytes),
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// A URL-encoded form.
    Form(String),
    /// A multipart form, built anew for each attempt (files are reopened).
    Multipart(Multipart),
    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Raw bytes.
    Binary(InputFile),
}

impl Request {
    pub(crate) fn new(operation: &'static Operation) -> Self {
        Self {
            operation,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            error: None,
            accept: None,
            streamed: false,
            redirect_expected: false,
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Asks for this media type instead of JSON.
    pub(crate) fn accept(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// The response is a stream, read as it arrives: no timeout on the whole body, a timeout on each pause.
    pub(crate) fn streamed(&mut self, media_type: &'static str) {
        self.accept = Some(media_type);
        self.streamed = true;
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// The documented answer is a redirect: it is returned, not followed or refused.
    pub(crate) fn expect_redirect(&mut self) {
        self.redirect_expected = true;
    }

    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            self.error = Some(Error::invalid_input(self.operation.id, message));
        }
    }

    /// Appends literal path text.
    pub(crate) fn path(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter as one encoded segment. Empty values, `.` and `..` are refused: URL parsers
    /// resolve them, so the request would reach another resource.
    pub(crate) fn path_param(&mut self, name: &str, value: &(impl ParamValue + ?Sized)) {
        let value = value.param_value();
        if value.is_empty() {
            self.fail(format!("`{name}` must not be empty"));
        } else if value == "." || value == ".." {
            self.fail(format!(
                "`{name}` must not be `{value}`: the URL would name another resource"
            ));
        }
        self.path.extend(utf8_percent_encode(&value, PATH_SEGMENT));
    }

    /// Adds a query parameter: nothing for `None`, one pair for a scalar, one pair per item for a list
    /// (`status=ready&status=failed`).
    pub(crate) fn query(&mut self, name: &str, value: &dyn QueryValues) {
        value.each_value(&mut |v| self.query.push((name.to_string(), v.into_owned())));
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Adds a list as one comma-separated parameter (`explode: false`).
    pub(crate) fn query_joined(&mut self, name: &str, value: &dyn QueryValues) {
        let mut joined: Option<String> = None;
        value.each_value(&mut |v| match &mut joined {
            Some(text) => {
                text.push(',');
                text.push_str(&v);
            }
            None => joined = Some(v.into_owned()),
        });
        if let Some(joined) = joined {
            self.query.push((name.to_string(), joined));
        }
    }

    /// Adds a map as `name[key]=value` pairs (`style: deepObject`), skipping null values.
    pub(crate) fn query_deep_object<V: QueryValues>(
        &mut self,
        name: &str,
        map: &Option<indexmap::IndexMap<String, V>>,
    ) {
        for (key, value) in map.iter().flatten() {
            let key = format!("{name}[{key}]");
            value.each_value(&mut |v| self.query.push((key.clone(), v.into_owned())));
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Adds each map entry as its own parameter (`style: form`, `explode: true` on an object).
    pub(crate) fn query_object<V: QueryValues>(
        &mut self,
        map: &Option<indexmap::IndexMap<String, V>>,
    ) {
        for (key, value) in map.iter().flatten() {
            value.each_value(&mut |v| self.query.push((key.clone(), v.into_owned())));
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Adds a structured query parameter (an object, a list of objects, free-form JSON) in the given style;
    /// nothing for `None`.
    pub(crate) fn query_value(&mut self, name: &str, style: Style, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(value) => structured_pairs(name, style, &value, &mut self.query),
            Err(e) => self.fail(format!("`{name}` cannot be encoded: {e}")),
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Appends a structured path parameter (a list or an object) as one encoded segment, in the simple style
    /// (`a,b,c`; `key,value,key,value`).
    pub(crate) fn path_value(&mut self, name: &str, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(value) => {
                let text = simple_text(&value);
                self.path_param(name, &text);
            }
            Err(e) => self.fail(format!("`{name}` cannot be encoded: {e}")),
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Adds a structured header (a list or an object) in the simple style.
    pub(crate) fn header_value(&mut self, name: &'static str, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) => {}
            Ok(value) => self.header(name, &simple_text(&value)),
            Err(e) => self.fail(format!("`{name}` cannot be encoded: {e}")),
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Adds a header; values with line breaks or other bytes headers cannot carry are refused.
    pub(crate) fn header(&mut self, name: &'static str, value: &dyn QueryValues) {
        let mut values = Vec::new();
        value.each_value(&mut |v| values.push(v.into_owned()));
        for value in values {
            if reqwest::header::HeaderValue::from_str(&value).is_err() {
                self.fail(format!("the `{name}` header value is not a valid header value (line breaks and control characters are not allowed)"));
            } else {
                self.headers.push((name, value));
            }
        }
    }

    /// Sets a JSON body.
    pub(crate) fn json(&mut self, body: &dyn crate::json::ToJson) {
        match serde_json::to_vec(&body.to_json()) {
            Ok(bytes) => self.body = Body::Json(Bytes::from(bytes)),
            Err(e) => self.fail(format!("the body cannot be encoded as JSON: {e}")),
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Sets a URL-encoded form body.
    pub(crate) fn form(&mut self, body: &impl Serialize) {
        match serde_urlencoded::to_string(body) {
            Ok(text) => self.body = Body::Form(text),
            Err(e) => self.fail(format!("the body cannot be encoded as a form: {e}")),
        }
    }

    /// Sets a multipart body.
    pub(crate) fn multipart(&mut self, form: Multipart) {
        self.body = Body::Multipart(form);
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Sets a raw body.
    pub(crate) fn binary(&mut self, file: impl Into<Option<InputFile>>) {
        if let Some(file) = file.into() {
            self.body = Body::Binary(file);
        }
    }
}

/// The one value a body field can have (a `const` in the spec), as JSON text: always sent, never asked for.
#[derive(Debug, Clone, Copy)]
#[allow(
    dead_code,
    reason = "used by code generated from specs that need it (`cargo xtask generate`)"
)]
pub(crate) struct Fixed(pub(crate) &'static str);

impl crate::json::ToJson for Fixed {
    /// The value the spec fixes (always valid JSON: the generator writes it).
    fn to_json(&self) -> serde_json::Value {
        serde_json::from_str(self.0).unwrap_or(serde_json::Value::Null)
    }
}

impl Serialize for Fixed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: serde_json::Value =
            serde_json::from_str(self.0).map_err(serde::ser::Error::custom)?;
        value.serialize(serializer)
    }
}

/// A value that can be written into a path segment, query string or header.
pub(crate) trait ParamValue {
    /// The value as text.
    fn param_value(&self) -> Cow<'_, str>;
}

impl ParamValue for str {
    fn param_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn param_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for bool {
    fn param_value(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_param_value {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn param_value(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_param_value!(i32, i64, u32, u64, chrono::NaiveDate);

macro_rules! float_param_value {
    ($($ty:ty),*) => {$(
        /// The shortest form that reads back as the same number, always with a fraction or an exponent (`5.0`,
        /// `9.3`, `1e21`), as JSON bodies and the Python SDK write floats: `5` would read back as an integer.
        impl ParamValue for $ty {
            fn param_value(&self) -> Cow<'_, str> {
                Cow::Owned(format!("{self:?}"))
            }
        }
    )*};
}

float_param_value!(f32, f64);

impl ParamValue for chrono::DateTime<chrono::Utc> {
    fn param_value(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

/// Zero or more parameter values: a scalar, an `Option` or a `Vec`.
pub(crate) trait QueryValues {
    /// Calls `f` with each value in order.
    fn each_value(&self, f: &mut dyn FnMut(Cow<'_, str>));
}

impl<T: ParamValue> QueryValues for T {
    fn each_value(&self, f: &mut dyn FnMut(Cow<'_, str>)) {
        f(self.param_value());
    }
}

impl<T: QueryValues> QueryValues for Option<T> {
    fn each_value(&self, f: &mut dyn FnMut(Cow<'_, str>)) {
        if let Some(value) = self {
            value.each_value(f);
        }
    }
}

impl<T: ParamValue> QueryValues for Vec<T> {
    fn each_value(&self, f: &mut dyn FnMut(Cow<'_, str>)) {
        for value in self {
            f(value.param_value());
        }
    }
}

/// Free-form JSON values: nothing for `null`, one value per element for arrays, text as is, others as JSON.
impl QueryValues for serde_json::Value {
    fn each_value(&self, f: &mut dyn FnMut(Cow<'_, str>)) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => f(Cow::Borrowed(s)),
            serde_json::Value::Array(items) => items.iter().for_each(|item| item.each_value(f)),
            other => f(Cow::Owned(other.to_string())),
        }
    }
}

/// How a structured value is written into a query string (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "used by code generated from specs that need it (`cargo xtask generate`)"
)]
pub(crate) enum Style {
    /// `style: form`, `explode: true`: `a=1&a=2` for a list; one `key=value` pair per field of an object.
    Form,
    /// `style: form`, `explode: false`: `a=1,2`; `obj=key,value,key,value`.
    FormJoined,
    /// `style: deepObject`: `obj[key]=value`, nested as `obj[key][inner]=value`; list items of objects are
    /// numbered (`obj[0][key]=value`), as Stripe-like APIs expect.
    DeepObject,
    /// The value as JSON text (`content: application/json` parameters).
    Json,
}

/// A scalar JSON value as query text; `None` for arrays and objects.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Null => Some(String::new()),
        _ => None,
    }
}

/// A value as one piece of text: scalars as themselves, anything else as JSON.
fn text_or_json(value: &serde_json::Value) -> String {
    scalar_text(value).unwrap_or_else(|| value.to_string())
}

/// The simple style of paths and headers: `a,b,c` for a list, `key,value,key,value` for an object.
fn simple_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(items) => {
            items.iter().map(text_or_json).collect::<Vec<_>>().join(",")
        }
        serde_json::Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), text_or_json(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => text_or_json(other),
    }
}

/// The query pairs of a structured value.
fn structured_pairs(
    name: &str,
    style: Style,
    value: &serde_json::Value,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match (style, value) {
        (_, Value::Null) => {}
        (Style::Json, value) => out.push((name.to_string(), value.to_string())),
        (Style::FormJoined, value) => out.push((name.to_string(), simple_text(value))),
        (Style::Form, Value::Array(items)) => {
            out.extend(
                items
                    .iter()
                    .map(|item| (name.to_string(), text_or_json(item))),
            );
        }
        (Style::Form, Value::Object(map)) => {
            for (key, value) in map {
                match value {
                    Value::Null => {}
                    Value::Array(items) => {
                        out.extend(items.iter().map(|item| (key.clone(), text_or_json(item))));
                    }
                    other => out.push((key.clone(), text_or_json(other))),
                }
            }
        }
        (Style::DeepObject, Value::Object(map)) => {
            for (key, value) in map {
                deep_pairs(&format!("{name}[{key}]"), value, out);
            }
        }
        (Style::DeepObject, Value::Array(items)) => {
            deep_pairs(name, &Value::Array(items.clone()), out)
        }
        (_, scalar) => out.push((name.to_string(), text_or_json(scalar))),
    }
}

/// `prefix[key]...=value` pairs of a value inside a deep object. A `null` is sent as an empty value, as the
/// official Python SDK does for `None` in a filter map.
fn deep_pairs(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                deep_pairs(&format!("{prefix}[{key}]"), value, out);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (index, item) in items.iter().enumerate() {
                deep_pairs(&format!("{prefix}[{index}]"), item, out);
            }
        }
        Value::Array(items) => {
            out.extend(
                items
                    .iter()
                    .map(|item| (prefix.to_string(), text_or_json(item))),
            );
        }
        scalar => out.push((prefix.to_string(), text_or_json(scalar))),
    }
}

/// Whether `value` (a scalar, an `Option` or a list) has the wire value `expected`.
pub(crate) fn has_value(value: &impl QueryValues, expected: &str) -> bool {
    let mut found = false;
    value.each_value(&mut |v| found |= v == expected);
    found
}

/// The parts of a multipart body, in order: generated code adds text parts first and files last.
#[derive(Debug, Default)]
pub(crate) struct Multipart {
    pub(crate) parts: Vec<(&'static str, Part)>,
}

/// One part of a multipart body.
#[derive(Debug)]
pub(crate) enum Part {
    /// A text part.
    Text(String),
    /// A file part.
    File(InputFile),
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds a text part per value (none for `None`).
    pub(crate) fn text(&mut self, name: &'static str, value: &impl QueryValues) {
        value.each_value(&mut |v| self.parts.push((name, Part::Text(v.into_owned()))));
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Adds a text part holding a structured value (none for `None`): text as it is, anything else as JSON.
    pub(crate) fn json(&mut self, name: &'static str, value: &impl Serialize) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Null) | Err(_) => {}
            Ok(value) => self.parts.push((name, Part::Text(text_or_json(&value)))),
        }
    }

    /// Adds a file part (none for `None`).
    pub(crate) fn file(&mut self, name: &'static str, file: impl Into<Option<InputFile>>) {
        if let Some(file) = file.into() {
            self.parts.push((name, Part::File(file)));
        }
    }

    #[allow(
        dead_code,
        reason = "used by code generated from specs that need it (`cargo xtask generate`)"
    )]
    /// Adds a file part per file.
    pub(crate) fn files(&mut self, name: &'static str, files: impl Into<Option<Vec<InputFile>>>) {
        for file in files.into().into_iter().flatten() {
            self.parts.push((name, Part::File(file)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation {
        id: "test.op",
        method: Method::GET,
        path: "/t/{id}",
    };

    #[test]
    fn path_parameters_cannot_leave_their_segment() {
        let mut request = Request::new(&OP);
        request.path("/t/");
        request.path_param("id", "a/../b?c#d e%");
        assert_eq!(request.path, "/t/a%2F..%2Fb%3Fc%23d%20e%25");
        assert!(request.error.is_none());
    }

    #[test]
    fn dot_segments_and_empty_ids_are_refused() {
        for bad in ["", ".", ".."] {
            let mut request = Request::new(&OP);
            request.path_param("id", bad);
            let error = request.error.expect("refused").to_string();
            assert!(
                error.starts_with("test.op: invalid input: `id` must not be"),
                "{error}"
            );
        }
    }

    #[test]
    fn floats_keep_their_fraction_in_parameters() {
        let mut request = Request::new(&OP);
        request.query("a", &5.0f64);
        request.query("b", &9.3f64);
        request.query("c", &0.5f32);
        let values: Vec<&str> = request.query.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(values, ["5.0", "9.3", "0.5"]);
    }

    #[test]
    fn query_values_repeat_lists_and_skip_none() {
        let mut request = Request::new(&OP);
        request.query("status", &vec!["ready".to_string(), "failed".to_string()]);
        request.query("page", &Some(2i64));
        request.query("missing", &None::<String>);
        request.query("flag", &true);
        request.query_joined("ids", &Some(vec!["a".to_string(), "b".to_string()]));
        let mut map = indexmap::IndexMap::new();
        map.insert("category".to_string(), serde_json::json!("news"));
        map.insert("gone".to_string(), serde_json::Value::Null);
        request.query_deep_object("user_metadata", &Some(map));
        let pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("status", "ready"),
                ("status", "failed"),
                ("page", "2"),
                ("flag", "true"),
                ("ids", "a,b"),
                ("user_metadata[category]", "news"),
            ]
        );
    }

    #[test]
    fn structured_values_follow_their_style() {
        let filter =
            serde_json::json!({"gte": 10, "lte": null, "tags": ["a", "b"], "owner": {"id": 7}});
        let mut request = Request::new(&OP);
        request.query_value("f", Style::DeepObject, &filter);
        request.query_value("g", Style::Form, &serde_json::json!({"a": 1, "b": true}));
        request.query_value(
            "h",
            Style::FormJoined,
            &serde_json::json!({"a": 1, "b": "x"}),
        );
        request.query_value("j", Style::Json, &serde_json::json!({"a": [1]}));
        request.query_value(
            "k",
            Style::DeepObject,
            &serde_json::json!([{"x": 1}, {"x": 2}]),
        );
        request.query_value("none", Style::Form, &None::<i32>);
        let pairs: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("f[gte]", "10"),
                ("f[lte]", ""),
                ("f[tags]", "a"),
                ("f[tags]", "b"),
                ("f[owner][id]", "7"),
                ("a", "1"),
                ("b", "true"),
                ("h", "a,1,b,x"),
                ("j", "{\"a\":[1]}"),
                ("k[0][x]", "1"),
                ("k[1][x]", "2"),
            ]
        );
        let mut request = Request::new(&OP);
        request.path("/t/");
        request.path_value("ids", &vec![1, 2, 3]);
        assert_eq!(request.path, "/t/1%2C2%2C3");
    }

    #[test]
    fn header_injection_is_refused() {
        let mut request = Request::new(&OP);
        request.header("x-custom", &"ok\r\nx-evil: 1".to_string());
        assert!(request.error.is_some());
        assert!(request.headers.is_empty());
    }
}
