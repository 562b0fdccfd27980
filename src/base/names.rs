//! Names compared as people write them differently: LaTeX accents, Unicode forms, spacing,
//! case and initials' periods.

use crate::base::latex;

/// The form under which two spellings of a name are the same person.
pub(crate) fn name_key(name: &str) -> String {
    latex::to_unicode(name).replace('.', " ").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}
