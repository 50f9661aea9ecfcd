//! URL slugs: lowercase ASCII `[a-z0-9-]`, transliterated from any script.

/// The slug of `text`, or `None` when nothing URL-safe is left of it
/// (a name made only of punctuation, say).
///
/// "Société Générale" becomes `societe-generale`, "华为" becomes `hua-wei`.
pub fn slugify(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(&text.to_lowercase());
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            pending_dash = true;
        }
    }
    if slug.len() > MAX_LEN {
        // Cut at a word boundary: a file name must stay well under the
        // 255-byte limit of most file systems.
        let cut = slug[..MAX_LEN].rfind('-').filter(|&i| i >= MAX_LEN / 2).unwrap_or(MAX_LEN);
        slug.truncate(cut);
    }
    (!slug.is_empty()).then_some(slug)
}

/// The longest slug made from a name.
pub const MAX_LEN: usize = 80;

/// Whether `text` is already a valid slug: non-empty `[a-z0-9-]`, no leading,
/// trailing or doubled dash.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_accents_and_cjk() {
        assert_eq!(slugify("Société Générale").as_deref(), Some("societe-generale"));
        assert_eq!(slugify("华为").as_deref(), Some("hua-wei"));
        assert_eq!(slugify("Škoda Digital").as_deref(), Some("skoda-digital"));
    }

    #[test]
    fn folds_case_and_punctuation() {
        assert_eq!(slugify("JD.com"), slugify("jd com"));
        assert_eq!(slugify("AR/VR").as_deref(), Some("ar-vr"));
        assert_eq!(slugify("Mergers & Acquisitions").as_deref(), Some("mergers-acquisitions"));
        assert_eq!(slugify("  US Sanctions!  ").as_deref(), Some("us-sanctions"));
        assert_eq!(slugify("Apple's China push").as_deref(), Some("apples-china-push"));
    }

    #[test]
    fn nfd_and_nfc_agree() {
        assert_eq!(slugify("Nestle\u{301} Labs"), slugify("Nestlé Labs"));
    }

    #[test]
    fn long_names_make_short_slugs() {
        let slug = slugify(&"华为".repeat(60)).unwrap();
        assert!(slug.len() <= MAX_LEN && !slug.ends_with('-'), "{slug}");
        assert!(is_slug(&slug));
    }

    #[test]
    fn nothing_left_is_none() {
        assert_eq!(slugify("!!!"), None);
        assert_eq!(slugify(""), None);
    }

    #[test]
    fn slug_shape() {
        assert!(is_slug("huawei-reclaims-top-spot"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug("Huawei"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug(""));
    }
}
