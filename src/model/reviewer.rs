//! The `reviewer` a host describes (the attribute, echoed in every result): an object whose
//! `id`, when given, is a string or a number (the outbox is kept per id, and a number counts as
//! its digits) and whose `name`, when given, is a string. Other members are the host's own
//! and ride along untouched.

use crate::json::Fields;

/// Checks the members of a reviewer object the contract names, keeping the first problem
/// with the others `reviewer` shares (a value that is no object is one already).
pub fn check_reviewer(reviewer: &Fields) {
    if let Some(id) = reviewer.value("id")
        && id.as_str().is_none()
        && id.number().is_none()
    {
        reviewer.report(&reviewer.path_of("id"), format!("expected a string or a number, found {}", id.type_name()));
    }
    reviewer.string("name");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{read, Tape};

    fn problem(text: &str) -> Option<String> {
        read(Tape::parse(text).unwrap().root(), check_reviewer).err().map(|problem| problem.describe())
    }

    #[test]
    fn a_reviewer_is_an_object_with_a_text_or_numeric_id_and_a_text_name() {
        for fine in [r#"{"id":"u-17","name":"Dana Kim"}"#, r#"{"id":17}"#, r#"{"name":"Dana"}"#, "{}", r#"{"id":null,"team":["sales"]}"#] {
            assert_eq!(problem(fine), None, "{fine}");
        }
        assert_eq!(problem(r#""Dana""#).as_deref(), Some("expected an object, found a string"));
        assert_eq!(problem(r#"{"id":{"v":1}}"#).as_deref(), Some("id: expected a string or a number, found an object"));
        assert_eq!(problem(r#"{"id":"u","name":false}"#).as_deref(), Some("name: expected a string, found a boolean"));
    }
}
