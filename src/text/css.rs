//! The widget's stylesheet made smaller at compile time: comments go, runs of whitespace
//! become one space or none, and the `;` before a `}` goes. Quoted strings stay as written.
//! About 20% of the CSS and 0.5 KiB brotli of every download.

/// Whether whitespace next to `byte` can go without changing the CSS.
const fn hugs_space(byte: u8) -> bool {
    matches!(byte, b'{' | b'}' | b';' | b',')
}

/// Minifies `css` into `out` and returns the minified length; writes only while `out` has
/// room, so `minify(css, &mut [])` is the length alone. A `const fn`, run by [`minified!`].
pub const fn minify(css: &[u8], out: &mut [u8]) -> usize {
    let (mut at, mut len) = (0, 0);
    // The last byte written, whether whitespace or a comment came since, and a `;` held back
    // until the next byte shows whether a `}` follows it.
    let (mut last, mut spaced, mut semicolon) = (b'{', false, false);
    let mut quote = 0;
    while at < css.len() {
        let byte = css[at];
        if quote == 0 && byte == b'/' && at + 1 < css.len() && css[at + 1] == b'*' {
            at += 2;
            while at < css.len() && !(css[at - 1] == b'*' && css[at] == b'/') {
                at += 1;
            }
            at += 1;
            spaced = true;
            continue;
        }
        if quote == 0 && byte.is_ascii_whitespace() {
            spaced = true;
            at += 1;
            continue;
        }
        if quote == 0 && byte == b';' {
            semicolon = true;
            spaced = false;
            at += 1;
            continue;
        }
        let mut pending = [0u8; 2];
        let mut count = 0;
        if semicolon && !(quote == 0 && byte == b'}') {
            pending[count] = b';';
            count += 1;
            last = b';';
        }
        if quote == 0 && spaced && !hugs_space(last) && !hugs_space(byte) {
            pending[count] = b' ';
            count += 1;
        }
        let mut written = 0;
        while written < count {
            if len < out.len() {
                out[len] = pending[written];
            }
            len += 1;
            written += 1;
        }
        if len < out.len() {
            out[len] = byte;
        }
        len += 1;
        if quote == 0 && (byte == b'"' || byte == b'\'') {
            quote = byte;
        } else if quote != 0 && byte == quote && css[at - 1] != b'\\' {
            quote = 0;
        }
        (last, spaced, semicolon) = (byte, false, false);
        at += 1;
    }
    if semicolon {
        if len < out.len() {
            out[len] = b';';
        }
        len += 1;
    }
    len
}

/// `$css` (a `&'static str` constant) minified at compile time, as a `&'static str`.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_macros))]
macro_rules! minified {
    ($css:expr) => {{
        const LEN: usize = $crate::text::css::minify($css.as_bytes(), &mut []);
        const BYTES: [u8; LEN] = {
            let mut out = [0; LEN];
            $crate::text::css::minify($css.as_bytes(), &mut out);
            out
        };
        match std::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("minified CSS is not UTF-8"),
        }
    }};
}
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use minified;

#[cfg(test)]
mod tests {
    use super::minify;

    fn minified(css: &str) -> String {
        let mut out = vec![0; minify(css.as_bytes(), &mut [])];
        let len = minify(css.as_bytes(), &mut out);
        assert_eq!(len, out.len(), "the counted length is the written one");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn comments_and_needless_whitespace_and_last_semicolons_go() {
        assert_eq!(minified("/* a } comment */\n:host {\n  all: initial;\n  display: block;\n}\n"), ":host{all: initial;display: block}");
        assert_eq!(minified(".a  .b ,\n.c > .d { margin: 0 auto ; }"), ".a .b,.c > .d{margin: 0 auto}");
        assert_eq!(minified("a{b:calc(1px + 2px)}/**/ c{d:e}"), "a{b:calc(1px + 2px)}c{d:e}");
        assert_eq!(minified("a/* x */b{}"), "a b{}", "a comment between words still separates them");
    }

    #[test]
    fn quoted_strings_stay_as_written() {
        assert_eq!(minified(r#"a { content: " ; } /* not a comment */ "; font: "Segoe  UI", x; }"#), r#"a{content: " ; } /* not a comment */ ";font: "Segoe  UI",x}"#);
        assert_eq!(minified(r#"a{content:'it\'s ; }'}"#), r#"a{content:'it\'s ; }'}"#);
    }

    #[test]
    fn the_widget_stylesheet_keeps_everything_but_comments_and_spacing() {
        let source = concat!(include_str!("../../style/tokens.css"), include_str!("../../style/widget.css"));
        let mut without_comments = String::new();
        let mut rest = source;
        while let Some(open) = rest.find("/*") {
            without_comments.push_str(&rest[..open]);
            rest = rest[open..].split_once("*/").map_or("", |(_, after)| after);
        }
        without_comments.push_str(rest);
        let squeeze = |css: &str| css.split_whitespace().collect::<String>().replace(";}", "}");
        let small = minified(source);
        assert_eq!(squeeze(&small), squeeze(&without_comments));
        assert!(small.len() < source.len() * 85 / 100, "{} of {} bytes", small.len(), source.len());
    }
}
