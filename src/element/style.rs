//! The widget's CSS, adopted into each shadow root as one constructable stylesheet shared by
//! every element on the page: no `<style>` element and no `style=""`, so a strict
//! `style-src 'self'` policy holds.

use std::cell::OnceCell;

use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRoot};

/// Every `--cs-*` custom property, then the layout, minified at compile time.
const CSS: &str = crate::text::css::minified!(concat!(include_str!("../../style/tokens.css"), include_str!("../../style/widget.css")));

thread_local! {
    static SHEET: OnceCell<Option<CssStyleSheet>> = const { OnceCell::new() };
}

/// Adopts the shared stylesheet into `root`.
pub fn adopt(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = SHEET.with(|cell| {
        cell.get_or_init(|| {
            let sheet = CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            Some(sheet)
        })
        .clone()
    });
    let sheet = sheet.ok_or_else(|| JsValue::from_str("countersign: constructable stylesheets are not supported"))?;
    js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &js_sys::Array::of1(&sheet))?;
    Ok(())
}
