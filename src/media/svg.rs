//! The size of an SVG image, read from its root element (`width` and
//! `height` in pixels, else its `viewBox`), so its `<img>` gets `width` and
//! `height` and the page does not jump when it loads. The file itself is
//! published as it is and never inlined into a page.

/// `(width, height)` in CSS pixels, rounded; `(0, 0)` when the root element
/// gives no usable size; `None` when there is no `<svg` element.
pub fn size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let start = text.find("<svg")?;
    let tag = &text[start..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let given = attribute(tag, "width").and_then(pixels).zip(attribute(tag, "height").and_then(pixels));
    let from_view_box = || {
        let numbers: Vec<f64> = attribute(tag, "viewBox")?
            .split([' ', ','])
            .filter(|n| !n.is_empty())
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?;
        match numbers[..] {
            [_, _, w, h] => Some((w, h)),
            _ => None,
        }
    };
    let size = given.or_else(from_view_box).filter(|&(w, h)| w >= 1.0 && h >= 1.0 && w < 1e6 && h < 1e6);
    Some(size.map_or((0, 0), |(w, h)| (w.round() as u32, h.round() as u32)))
}

/// The value of `name="…"` (or `'…'`) in the text of a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start().strip_prefix('=')?.trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// A length in pixels: `120`, `120.5` or `120px`; not `%`, `em` or other units.
fn pixels(value: &str) -> Option<f64> {
    value.trim().trim_end_matches("px").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(
            size(br#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40px">"#),
            Some((120, 40))
        );
        assert_eq!(size(br#"<?xml version="1.0"?><svg viewBox="0 0 800 450.4">"#), Some((800, 450)));
        assert_eq!(size(br#"<svg width="100%" height="100%" viewBox='0,0,64,32'>"#), Some((64, 32)));
        assert_eq!(size(br#"<svg stroke-width="3">"#), Some((0, 0)));
        assert_eq!(size(b"<html>"), None);
    }
}
