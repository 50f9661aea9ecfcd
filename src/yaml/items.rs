//! Where each item of a top-level list is written in a YAML document, for
//! diagnostics about one item (serde_yaml gives no positions for values).

use super::value_position;

/// The (line, column) of each item of the top-level list `key`, 1-based, in
/// the order written: a flow list (`key: [a, b]`, on one line or several)
/// or a block list (`- a` lines below the key). Items that are lists or
/// mappings themselves are not looked into.
pub fn item_positions(text: &str, key: &str) -> Vec<(usize, usize)> {
    let Some((line, col)) = value_position(text, key) else { return Vec::new() };
    let lines: Vec<&str> = text.lines().collect();
    let Some(value) = lines.get(line - 1).and_then(|l| l.get(col - 1..)) else { return Vec::new() };
    if value.starts_with('[') {
        flow_items(&lines, line - 1, col - 1)
    } else if value.trim().is_empty() || value.starts_with('#') {
        block_items(&lines[line..], line + 1)
    } else {
        Vec::new()
    }
}

/// The items of a flow list whose `[` is at byte `at` of `lines[first]`.
fn flow_items(lines: &[&str], first: usize, at: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let (mut depth, mut quote, mut escaped, mut expecting) = (0usize, None::<char>, false, false);
    for (i, line) in lines.iter().enumerate().skip(first) {
        let start = if i == first { at } else { 0 };
        let chars_before = line[..start].chars().count();
        let mut previous = ' ';
        for (n, c) in line[start..].chars().enumerate() {
            let col = chars_before + n + 1;
            match quote {
                Some('"') if c == '\\' && !escaped => escaped = true,
                Some(q) if c == q && !escaped => quote = None,
                Some(_) => escaped = false,
                None => match c {
                    '#' if previous.is_whitespace() => break,
                    '[' | '{' => {
                        if depth == 1 && expecting {
                            items.push((i + 1, col));
                            expecting = false;
                        }
                        depth += 1;
                        expecting |= depth == 1;
                    }
                    ']' | '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return items;
                        }
                    }
                    ',' if depth == 1 => expecting = true,
                    c if c.is_whitespace() => {}
                    c => {
                        if depth == 1 && expecting {
                            items.push((i + 1, col));
                            expecting = false;
                        }
                        if c == '"' || c == '\'' {
                            quote = Some(c);
                        }
                    }
                },
            }
            previous = c;
        }
    }
    items
}

/// The `- item` lines of a block list starting at `lines[0]`, which is line
/// `first_line` of the document; the list ends at the first other line.
fn block_items(lines: &[&str], first_line: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let Some(after) = content.strip_prefix('-').filter(|a| a.is_empty() || a.starts_with(' ')) else {
            break;
        };
        let indent = line.chars().count() - content.chars().count();
        let pad = after.chars().take_while(|c| *c == ' ').count();
        items.push((first_line + i, indent + 2 + pad));
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_positions_in_flow_and_block_lists() {
        let flow = "title: x\naliases: [/a/, \"/b, c/\",  '/d/']\n";
        assert_eq!(item_positions(flow, "aliases"), [(2, 11), (2, 16), (2, 27)]);
        let spread = "aliases: [\n  /a/,  # first\n  /b/\n]\ntitle: x\n";
        assert_eq!(item_positions(spread, "aliases"), [(2, 3), (3, 3)]);
        let block = "aliases:\n  - /a/\n  # a comment\n  -   /b/\ntitle: x\n- /not-an-item/\n";
        assert_eq!(item_positions(block, "aliases"), [(2, 5), (4, 7)]);
        let unindented = "aliases:\n- /a/\n- /b/\n";
        assert_eq!(item_positions(unindented, "aliases"), [(2, 3), (3, 3)]);
        assert_eq!(item_positions("aliases: /a/\n", "aliases"), Vec::<(usize, usize)>::new());
        assert_eq!(item_positions("title: x\n", "aliases"), Vec::<(usize, usize)>::new());
    }
}
