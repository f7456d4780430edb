//! Where in a JSON text a parse error is, as a path such as `draft.body` or `leads[2].id`.
//! serde_json reports a line and column; scanning the text up to there recovers the path,
//! which costs far less wasm than tracking paths during deserialization.

/// One open container while scanning.
enum Frame {
    /// An object, with the last key read and whether a key comes next.
    Object { key: Option<String>, expecting_key: bool },
    /// An array, with the index of the element being read.
    Array { index: usize },
}

/// The byte offset of serde_json's 1-based `line` and `column` in `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column).min(text.len())
}

/// The path of the value that ends at byte `offset`, where serde_json reports an error. For
/// a missing field serde reports the end of its object, whose path this then is.
pub fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < end {
        match bytes[at] {
            b'{' => stack.push(Frame::Object { key: None, expecting_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expecting_key, key }) => {
                    *expecting_key = true;
                    *key = None;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let close = string_end(bytes, at);
                if let Some(Frame::Object { key, expecting_key: true }) = stack.last_mut() {
                    *key = Some(text.get(at + 1..close).unwrap_or_default().to_string());
                }
                at = close;
            }
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                path.push('.');
                path.push_str(key);
            }
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
            Frame::Object { key: None, .. } => {}
        }
    }
    path.trim_start_matches('.').to_string()
}

/// The index of the quote closing the string that opens at `open`.
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at,
            _ => at += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_after(text: &str, marker: &str) -> String {
        path_at(text, text.find(marker).unwrap() + marker.len())
    }

    #[test]
    fn paths_name_keys_and_indexes_down_to_the_value() {
        let text = r#"{"id":"a","draft":{"subject":"s","body":3},"leads":[{"id":"l1"},{"id":"l\"2","score":9}]}"#;
        assert_eq!(path_after(text, r#""id":"a""#), "id");
        assert_eq!(path_after(text, r#""body":3"#), "draft.body");
        assert_eq!(path_after(text, r#""score":9"#), "leads[1].score");
    }

    #[test]
    fn after_an_objects_closing_brace_the_path_is_the_objects_own() {
        let text = r#"{"kind":"email","leads":[{"name":"x"}]}"#;
        assert_eq!(path_at(text, text.find("}]").unwrap() + 1), "leads[0]");
        assert_eq!(path_at(text, text.len()), "");
    }

    #[test]
    fn line_and_column_become_a_byte_offset() {
        let text = "{\n  \"a\": 1,\n  \"b\": x\n}";
        assert!(text[..offset_of(text, 3, 8)].ends_with("\"b\": x"));
    }
}
