//! A page's template context: the site's part made once, each page's own fields added on
//! the rendering thread and taken out again, and the diagnostics of a failed render.

use serde::Serialize;
use serde_json::Value;
use tera::{Context, Tera};

use crate::base::diagnostic::Diagnostic;
use crate::present::render::reads::Reads;
use crate::present::render::scope::Scope;
use crate::present::render::sink::Sink;
use crate::present::theme;
use crate::present::views::PageFrame;
use crate::site::Site;

/// What every part of a render reads.
#[derive(Clone, Copy)]
pub(super) struct Render<'r, 'a> {
    pub(super) site: &'r Site,
    pub(super) tera: &'r Tera,
    pub(super) scope: &'r Scope,
    pub(super) reads: Reads,
    /// The site's part of every context, serialised once and copied into each page's.
    pub(super) sv: &'r Context,
    pub(super) frame: &'r PageFrame<'a>,
    pub(super) sink: &'r dyn Sink,
}

/// Moves a page's `fields` into `context` and returns their names, to take them out again.
pub(super) fn add_fields(context: &mut Context, fields: &mut Value) -> tera::Result<Vec<String>> {
    let Value::Object(fields) = std::mem::take(fields) else {
        return Err(tera::Error::msg("a page's context must be an object"));
    };
    let names = fields.keys().cloned().collect();
    context.extend(Context::from_value(Value::Object(fields))?);
    Ok(names)
}

/// Takes the fields `names` out of `context` again, into `fields` for the next page.
pub(super) fn take_fields(context: &mut Context, names: Vec<String>, fields: &mut Value) {
    let mut taken = serde_json::Map::new();
    for name in names {
        if let Some(value) = context.remove(&name) {
            taken.insert(name, value);
        }
    }
    *fields = Value::Object(taken);
}

pub(super) fn render_error(template: &str, error: &tera::Error) -> Diagnostic {
    Diagnostic::new(format!("templates/{template}"), theme::error_chain(error))
        .with_hint("a template refers to something that does not exist; see the message above")
}

pub(super) fn context_error(error: &tera::Error) -> Diagnostic {
    Diagnostic::new("(pubsite)", theme::error_chain(error))
}

/// Sets `key` of `context` to `value`, serialised over what `slot` holds (`crate::base::value`) and
/// then moved in (`Context::insert` would serialise a new copy). `slot` is left empty.
pub(super) fn set(
    context: &mut Context,
    key: &str,
    slot: &mut Value,
    value: &impl Serialize,
) -> Result<(), Diagnostic> {
    crate::base::value::assign(slot, value).map_err(|e| Diagnostic::new("(pubsite)", e.to_string()))?;
    let mut one = serde_json::Map::new();
    one.insert(key.to_owned(), std::mem::take(slot));
    if let Ok(one) = Context::from_value(Value::Object(one)) {
        context.extend(one);
    }
    Ok(())
}
