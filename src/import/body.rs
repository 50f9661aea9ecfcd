//! Shortcodes and Liquid tags in a post's body: those with a plain Markdown
//! equivalent are converted (Hugo `figure`, `highlight`, `ref`/`relref`,
//! `youtube`; Jekyll `highlight`, `link`, `post_url`, `raw`, `site.baseurl`;
//! Zola `figure()`-style image calls and `youtube()`); every other one is
//! left in place and noted. Links made here (`@/…`) are resolved by the link stage.

use std::ops::Range;

use super::edits::{Edit, Edited, Lines, Note, Topic};
use super::source::Generator;

/// What converting a body needs to know besides the body.
pub struct Context<'a> {
    pub generator: Generator,
    /// The source file, for notes.
    pub file: &'a str,
    pub lines: &'a Lines,
    /// A Hugo `ref` target, a Jekyll `post_url` name or `link` path -> the
    /// imported post's path below the content root.
    pub find: &'a dyn Fn(&str) -> Option<String>,
}

/// Converts what can be converted; notes the rest.
pub fn convert(body: &str, ctx: &Context) -> (Edited, Vec<Note>) {
    let mut scan =
        Scan { body, ctx, edits: Vec::new(), notes: Vec::new(), skip: skipped(body, ctx.generator) };
    let mut at = 0;
    while let Some(found) = body[at..].find(['{']) {
        let start = at + found;
        let next = match ctx.generator {
            Generator::Hugo => scan.hugo(start),
            Generator::Jekyll => scan.jekyll(start),
            Generator::Zola => scan.zola(start),
        };
        at = next.max(start + 1);
    }
    (Edited::apply(body, scan.edits), scan.notes)
}

/// Code blocks Zola does not read shortcodes in.
fn skipped(body: &str, generator: Generator) -> Vec<Range<usize>> {
    if generator != Generator::Zola {
        return Vec::new();
    }
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(body)
        .into_offset_iter()
        .filter_map(|(e, r)| match e {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => Some(r),
            _ => None,
        })
        .collect()
}

struct Scan<'a> {
    body: &'a str,
    ctx: &'a Context<'a>,
    edits: Vec<Edit>,
    notes: Vec<Note>,
    skip: Vec<Range<usize>>,
}

impl Scan<'_> {
    fn replace(&mut self, range: Range<usize>, text: String) -> usize {
        let end = range.end;
        self.edits.push(Edit { range, text });
        end
    }

    fn note(&mut self, at: usize, what: String, todo: &str) {
        let line = self.ctx.lines.line(at);
        self.notes.push(Note {
            topic: Topic::Shortcode,
            file: self.ctx.file.into(),
            line,
            what,
            todo: todo.into(),
        });
    }

    /// A tag opened at `start` by `open` and closed by `close`: (inner text, end).
    fn tag(&self, start: usize, open: &str, close: &str) -> Option<(&str, usize)> {
        let rest = self.body[start..].strip_prefix(open)?;
        let end = rest.find(close)?;
        Some((&rest[..end], start + open.len() + end + close.len()))
    }

    fn hugo(&mut self, start: usize) -> usize {
        let Some((delim, shut, inner, end)) = [("<", ">"), ("%", "%")].iter().find_map(|(d, c)| {
            let (inner, end) = self.tag(start, &format!("{{{{{d}"), &format!("{c}}}}}"))?;
            Some((*d, *c, inner.trim().to_string(), end))
        }) else {
            return start + 1;
        };
        if let Some(escaped) = inner.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")) {
            return self.replace(start..end, format!("{{{{{delim} {} {shut}}}}}", escaped.trim()));
        }
        if inner.starts_with('/') {
            return end;
        }
        let (name, args) = split_name(&inner);
        match name {
            "figure" => self.replace(start..end, image(&args)),
            "youtube" => self.replace(start..end, youtube(&args)),
            "ref" | "relref" => match arg(&args, &["path"], 0).and_then(|p| self.resolved(&p)) {
                Some(target) => self.replace(start..end, target),
                None => {
                    let what = format!("`{{{{{delim} {inner} {shut}}}}}` names a page that was not imported");
                    self.note(start, what, "link to where that page lives now, or remove the link");
                    end
                }
            },
            "highlight" => self.paired(
                start,
                end,
                &args,
                &[format!("{{{{{delim} /highlight {shut}}}}}"), format!("{{{{{delim}/highlight{shut}}}}}")],
            ),
            _ => {
                let what = format!("shortcode `{{{{{delim} {name} {shut}}}}}` left in place (shown as text)");
                self.note(start, what, "rewrite it in Markdown, or paste what it rendered");
                end
            }
        }
    }

    /// `@/path` for a target the import knows, with its `#fragment`.
    fn resolved(&self, target: &str) -> Option<String> {
        let (path, fragment) = target.split_once('#').map_or((target, ""), |(p, f)| (p, f));
        let found = (self.ctx.find)(path)?;
        Some(if fragment.is_empty() { format!("@/{found}") } else { format!("@/{found}#{fragment}") })
    }

    /// A highlighted block from the tag ending at `end` to the first of `closes`.
    fn paired(
        &mut self,
        start: usize,
        end: usize,
        args: &[(Option<String>, String)],
        closes: &[String],
    ) -> usize {
        let found =
            closes.iter().filter_map(|c| self.body[end..].find(c.as_str()).map(|at| (at, c.len()))).min();
        let Some((at, len)) = found else {
            self.note(
                start,
                "a highlight block that is never closed, left in place".into(),
                "close it, or rewrite it as a fenced code block",
            );
            return end;
        };
        let code = self.body[end..end + at].trim_matches('\n');
        let lang = args.iter().find(|(k, _)| k.is_none()).map_or("", |(_, v)| v.as_str());
        self.replace(start..end + at + len, format!("```{lang}\n{code}\n```"))
    }

    fn jekyll(&mut self, start: usize) -> usize {
        if let Some((inner, end)) = self.tag(start, "{%", "%}") {
            let inner = inner.trim_matches('-').trim().to_string();
            let (name, args) = split_name(&inner);
            return match name {
                "highlight" => self.paired(
                    start,
                    end,
                    &args,
                    &["{% endhighlight %}".into(), "{%- endhighlight -%}".into()],
                ),
                "raw" => self.raw(start, end),
                "post_url" | "link" => {
                    let target = args.first().map(|(_, v)| v.clone()).unwrap_or_default();
                    match self.resolved(&target) {
                        Some(t) => self.replace(start..end, t),
                        None => {
                            self.note(
                                start,
                                format!("`{{% {inner} %}}` names a page that was not imported"),
                                "link to where that page lives now, or remove the link",
                            );
                            end
                        }
                    }
                }
                _ => {
                    self.note(
                        start,
                        format!("Liquid tag `{{% {name} %}}` left in place (shown as text)"),
                        "rewrite it in Markdown, or paste what it rendered",
                    );
                    end
                }
            };
        }
        if let Some((inner, end)) = self.tag(start, "{{", "}}") {
            let inner = inner.trim_matches('-').trim();
            let variable = inner.split('|').next().unwrap_or("").trim();
            if matches!(variable, "site.baseurl" | "site.url" | "site.github.url") {
                return self.replace(start..end, String::new());
            }
            let what = format!("Liquid output `{{{{ {inner} }}}}` left in place (shown as text)");
            self.note(start, what, "write the value it stood for");
            return end;
        }
        start + 1
    }

    /// `{% raw %}…{% endraw %}`: the text between, as it is.
    fn raw(&mut self, start: usize, end: usize) -> usize {
        let Some(at) = self.body[end..].find("{% endraw %}") else { return end };
        let inside = self.body[end..end + at].to_string();
        self.replace(start..end + at + "{% endraw %}".len(), inside)
    }

    fn zola(&mut self, start: usize) -> usize {
        if self.skip.iter().any(|r| r.contains(&start)) {
            return start + 1;
        }
        for (open, close) in [("{{", "}}"), ("{%", "%}")] {
            let Some((inner, end)) = self.tag(start, open, close) else { continue };
            let inner = inner.trim().to_string();
            let Some((name, args)) = call(&inner) else {
                self.note(
                    start,
                    format!("template tag `{open} {inner} {close}` left in place (shown as text)"),
                    "rewrite it in Markdown",
                );
                return end;
            };
            return match (open, name) {
                ("{{", "figure" | "fig" | "image" | "img" | "resize_image") => {
                    self.replace(start..end, image(&args))
                }
                ("{{", "youtube") => self.replace(start..end, youtube(&args)),
                _ => {
                    self.note(
                        start,
                        format!("shortcode `{open} {name}(…) {close}` left in place (shown as text)"),
                        "rewrite it in Markdown, or paste what it rendered",
                    );
                    end
                }
            };
        }
        start + 1
    }
}

type Args = Vec<(Option<String>, String)>;

fn split_name(inner: &str) -> (&str, Args) {
    let (name, rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    (name, args(rest))
}

/// Zola's `name(key=value, …)`.
fn call(inner: &str) -> Option<(&str, Args)> {
    let open = inner.find('(')?;
    let name = inner[..open].trim();
    let ident = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (ident && inner.ends_with(')')).then(|| (name, args(&inner[open + 1..inner.len() - 1])))
}

/// `key="value" other 'x' k=v`, separated by spaces or commas.
fn args(text: &str) -> Args {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut key: Option<String> = None;
    let mut current = String::new();
    let mut push = |key: &mut Option<String>, current: &mut String| {
        if !current.is_empty() || key.is_some() {
            out.push((key.take(), std::mem::take(current)));
        }
    };
    while let Some((_, c)) = chars.next() {
        match c {
            '"' | '\'' | '`' => {
                for (_, d) in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    current.push(d);
                }
            }
            '=' if key.is_none() => key = Some(std::mem::take(&mut current)),
            c if c.is_whitespace() || c == ',' => push(&mut key, &mut current),
            c => current.push(c),
        }
    }
    push(&mut key, &mut current);
    out
}

/// The value named one of `names`, else the positional one at `index`.
fn arg(args: &Args, names: &[&str], index: usize) -> Option<String> {
    args.iter()
        .find(|(k, _)| k.as_deref().is_some_and(|k| names.contains(&k)))
        .or_else(|| args.iter().filter(|(k, _)| k.is_none()).nth(index))
        .map(|(_, v)| v.clone())
}

fn named(args: &Args, names: &[&str]) -> Option<String> {
    args.iter().find(|(k, _)| k.as_deref().is_some_and(|k| names.contains(&k))).map(|(_, v)| v.clone())
}

/// `![alt](src "caption")`, linked when the call has a link.
fn image(args: &Args) -> String {
    let src = arg(args, &["src", "path", "url"], 0).unwrap_or_default();
    let caption = named(args, &["caption", "title"]);
    let alt = named(args, &["alt"]).or_else(|| caption.clone()).unwrap_or_default();
    let title = caption.map(|c| format!(" \"{}\"", c.replace('"', "'"))).unwrap_or_default();
    let img = format!("![{}](<{src}>{title})", alt.replace(['[', ']'], ""));
    match named(args, &["link"]) {
        Some(link) => format!("[{img}](<{link}>)"),
        None => img,
    }
}

fn youtube(args: &Args) -> String {
    let id = arg(args, &["id"], 0).unwrap_or_default();
    let title = named(args, &["title"]).unwrap_or_else(|| "Watch the video on YouTube".into());
    format!("[{title}](https://www.youtube.com/watch?v={id})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(generator: Generator, body: &str) -> (String, Vec<Note>) {
        let lines = Lines::new(body, 1);
        let find = |name: &str| (name.contains("known")).then(|| "posts/known.md".to_string());
        let ctx = Context { generator, file: "x.md", lines: &lines, find: &find };
        let (edited, notes) = convert(body, &ctx);
        (edited.text, notes)
    }

    #[test]
    fn hugo_shortcodes() {
        let (text, notes) = run(
            Generator::Hugo,
            "{{< figure src=\"a.png\" alt=\"A chart\" caption=\"Sales\" >}}\n\
            {{< highlight rust \"linenos=table\" >}}\nfn x() {}\n{{< /highlight >}}\n\
            [x]({{< ref \"known.md#top\" >}}) {{< youtube dQw4w9WgXcQ >}}\n{{< tweet 1 >}}\n{{</* figure */>}}\n",
        );
        assert_eq!(
            text,
            "![A chart](<a.png> \"Sales\")\n```rust\nfn x() {}\n```\n[x](@/posts/known.md#top) \
             [Watch the video on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n{{< tweet 1 >}}\n{{< figure >}}\n"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].line, 6);
    }

    #[test]
    fn jekyll_tags() {
        let (text, notes) = run(
            Generator::Jekyll,
            "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\
            [a]({% post_url 2020-01-01-known %}) [b]({{ site.baseurl }}/x/) {% include note.html %}\n{% raw %}{{ y }}{% endraw %}\n",
        );
        assert_eq!(
            text,
            "```ruby\nputs 1\n```\n[a](@/posts/known.md) [b](/x/) {% include note.html %}\n{{ y }}\n"
        );
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn zola_calls() {
        let (text, notes) = run(
            Generator::Zola,
            "{{ figure(src=\"a.png\", alt=\"A\") }}\n{{ youtube(id=\"x\") }}\n\
            {% note(kind='tip') %}\nx\n{% end %}\n`{{ figure(src=1) }}`\n",
        );
        assert!(
            text.starts_with(
                "![A](<a.png>)\n[Watch the video on YouTube](https://www.youtube.com/watch?v=x)\n{% note"
            ),
            "{text}"
        );
        assert!(text.ends_with("`{{ figure(src=1) }}`\n"));
        assert_eq!(notes.len(), 2, "{notes:?}");
    }
}
