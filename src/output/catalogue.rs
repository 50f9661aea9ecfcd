//! Every file a build produces, as a path and the recipe that makes it. The
//! build makes them all and writes them; `serve` makes each one on request.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::feeds::{self, Entries, Feed, Feeds};
use super::{aliases, search, sitemap};
use crate::cache::hash::{self, Fingerprint, Hasher};
use crate::config::Config;
use crate::error::{Diagnostic, Outcome};
use crate::ids::{BriefingId, IdVec, Kind, WeekKey};
use crate::media::card::{CardText, Cards};
use crate::media::{Made, Media};
use crate::render::Theme;
use crate::render::views::{SiteView, Views};
use crate::render::{digest, pages};
use crate::routes::{Edition, File, Page, Routes};
use crate::site::Site;
use crate::walk;
use rayon::prelude::*;

pub const STATIC_DIR: &str = "static";

/// How to make one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Page(Page),
    /// A theme file published as it is (`style.css`, `search.js`).
    Asset(String),
    Feed(Feed),
    /// `robots.txt` or a sitemap file.
    Crawlers(sitemap::Part),
    Search(search::Part),
    /// A file under `static/`, relative to the site root.
    Static(PathBuf),
    /// The redirect page at an old URL of this briefing.
    Alias(BriefingId),
    /// `_redirects`, after the rules of the site's `static/_redirects` if it has one.
    Redirects(Option<PathBuf>),
    /// A file beside a briefing's page: an image variant, an SVG, a file of
    /// a briefing written as a folder.
    Media(Made),
    /// A briefing's social card (a PNG drawn from its title and highlights).
    Card(BriefingId),
    /// A week's email edition: `email.html` or `email.txt` beside its digest page.
    Email(WeekKey, Edition),
}

impl Item {
    /// Whether the file's name says what is in it (a social card), so a
    /// file of that name left by an earlier build can be kept unread.
    pub fn named_by_content(&self) -> bool {
        matches!(self, Item::Card(_))
    }
}

/// The files of a build, in a stable order, with a lookup by path.
pub struct Catalogue {
    pub files: Vec<(String, Item)>,
    index: HashMap<String, usize>,
}

impl Catalogue {
    pub fn get(&self, path: &str) -> Option<&Item> {
        self.index.get(path).map(|&i| &self.files[i].1)
    }

    /// The HTML pages: the site's, and the digest's email editions (`email.html`).
    pub fn pages(&self) -> usize {
        let page = |item: &Item| matches!(item, Item::Page(_) | Item::Email(_, Edition::Html));
        self.files.iter().filter(|(_, item)| page(item)).count()
    }
}

/// Everything needed to make any output file of one build.
pub struct Producer {
    pub root: PathBuf,
    pub site: Site,
    pub config: Config,
    pub routes: Routes,
    pub theme: Theme,
    /// The briefings' images and files (none until the pipeline sets them).
    pub media: Media,
    /// Each briefing's Atom entry, made once and shared by every feed.
    entries: Entries,
    /// The social cards' drawer, unless `social_cards: false`.
    cards: Option<Cards>,
    /// The name of each briefing's card file; `None` when it has none
    /// (cards are off, or its hero is its social image).
    card_names: IdVec<BriefingId, Option<u64>>,
    /// The fingerprint of what every page is made from besides its own
    /// view: this build of `briefing`, the settings and the global context.
    settings: Fingerprint,
    /// Each briefing card's fingerprint, for the keys of list pages.
    card_prints: pages::CardPrints,
}

impl Producer {
    pub fn new(root: &Path, site: Site, config: Config, theme: Theme) -> Producer {
        let routes = Routes::new(&config, &site);
        Producer::with_routes(root, site, config, routes, theme)
    }

    /// [`Producer::new`] with the routes of `site`, made already.
    pub fn with_routes(
        root: &Path,
        site: Site,
        config: Config,
        routes: Routes,
        mut theme: Theme,
    ) -> Producer {
        let site_view = SiteView::new(&config, &routes);
        theme.tera.global_context().insert("site", &site_view);
        let settings = Hasher::new()
            .bytes(hash::build_id().as_bytes())
            .bytes(format!("{config:?}").as_bytes())
            .value(&site_view)
            .finish();
        let entries = Entries::new(&site);
        let briefings = site.briefings.len();
        let cards = if config.social_cards { Cards::new(&crate::routes::card_cache(root)) } else { None };
        // In parallel: at 100,000 briefings, naming the cards one after the
        // other was a third of the catalogue stage.
        let card_names = site
            .briefings
            .ids()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|id| {
                let cards = cards.as_ref().filter(|_| !site.briefings[id].hero_is_social())?;
                Some(cards.name(&card_text(&site, &config, id)))
            })
            .collect::<Vec<_>>()
            .into();
        Producer {
            root: root.to_path_buf(),
            site,
            config,
            routes,
            theme,
            media: Media::default(),
            entries,
            cards,
            card_names,
            settings,
            card_prints: pages::CardPrints::new(briefings),
        }
    }

    /// The key of a file whose making is worth skipping when its key is
    /// unchanged (a page, an Atom feed of briefings or an email edition:
    /// the fingerprint of everything it is made from).
    pub fn key(&self, item: &Item) -> Option<Fingerprint> {
        match item {
            Item::Page(page) => {
                let (views, theme, config) = (self.views(), &self.theme, &self.config);
                pages::fingerprint(*page, &views, theme, config, self.settings, &self.card_prints)
            }
            Item::Feed(feed) => self.feeds().key(*feed, self.settings),
            // The text edition is made from the same week, and the site's title (in the settings).
            Item::Email(week, edition) => {
                let (n, _) = self.site.digest.find(*week)?;
                let views = self.views();
                let email = digest::email_fingerprint(n, &views, &self.theme, self.settings);
                Some(Hasher::new().u128(email).bytes(format!("{edition:?}").as_bytes()).finish())
            }
            _ => None,
        }
    }

    pub fn views(&self) -> Views<'_> {
        Views { site: &self.site, routes: &self.routes, media: &self.media, card_names: &self.card_names }
    }

    pub fn feeds(&self) -> Feeds<'_> {
        Feeds {
            site: &self.site,
            config: &self.config,
            routes: &self.routes,
            entries: &self.entries,
            media: &self.media,
        }
    }

    /// Lists every output file; a static file that would replace a generated
    /// one is an error.
    pub fn catalogue(&self) -> Outcome<Catalogue> {
        let mut files: Vec<(String, Item)> = pages::all(&self.site, &self.config)
            .into_iter()
            .map(|page| (self.routes.file(File::Page(page)), Item::Page(page)))
            .collect();
        files.extend(
            self.theme
                .assets
                .keys()
                .map(|name| (self.routes.file(File::Asset(name)), Item::Asset(name.clone()))),
        );
        let routes = &self.routes;
        files.extend(feeds::all(&self.site).into_iter().map(|f| (routes.file(f.file()), Item::Feed(f))));
        let crawlers = sitemap::parts(&self.site, &self.config).into_iter();
        files.extend(crawlers.map(|part| (routes.file(part.file()), Item::Crawlers(part))));
        let search = search::parts(&self.site).into_iter();
        files.extend(search.map(|part| (routes.file(part.file()), Item::Search(part))));
        for week in &self.site.digest.weeks {
            for edition in [Edition::Html, Edition::Text] {
                files.push((routes.file(File::Email(week.key, edition)), Item::Email(week.key, edition)));
            }
        }
        let cards = self.card_names.enumerate().filter_map(|(id, name)| Some((id, (*name)?)));
        files.extend(cards.map(|(id, name)| (routes.file(File::Card(id, name)), Item::Card(id))));
        let mut index: HashMap<String, usize> =
            files.iter().enumerate().map(|(i, (path, _))| (path.clone(), i)).collect();
        let mut problems = self.add_media(&mut files, &mut index);
        let (statics, found) = walk::find(&self.root, STATIC_DIR, &[], usize::MAX);
        problems.extend(found);
        for rel in statics {
            let inside = self.routes.file(File::Static(&walk::name_within(STATIC_DIR, &rel)));
            if index.contains_key(&inside) {
                problems.push(
                    Diagnostic::new(&rel, format!("this file would replace the generated `{inside}`"))
                        .help("rename it; to restyle the site, put your stylesheet in templates/style.css"),
                );
                continue;
            }
            index.insert(inside.clone(), files.len());
            files.push((inside, Item::Static(rel)));
        }
        if aliases::any(&self.site) {
            problems.extend(self.add_aliases(&mut files, &mut index));
        }
        if problems.is_empty() { Ok(Catalogue { files, index }) } else { Err(problems) }
    }

    /// Adds the briefings' images and files; one that would replace a
    /// generated file (a folder briefing's `index.html`) is an error.
    fn add_media(
        &self,
        files: &mut Vec<(String, Item)>,
        index: &mut HashMap<String, usize>,
    ) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (path, made) in &self.media.files {
            if index.contains_key(path) {
                let what = match made {
                    Made::Copy(rel) => rel.clone(),
                    Made::Variant { .. } => PathBuf::from(path),
                };
                problems.push(
                    Diagnostic::new(&what, format!("this file would replace the generated `{path}`"))
                        .help("rename it"),
                );
                continue;
            }
            index.insert(path.clone(), files.len());
            files.push((path.clone(), Item::Media(made.clone())));
        }
        problems
    }

    /// Adds `_redirects` (taking over a static one) and the redirect page of
    /// every alias that is not the path of another file.
    fn add_aliases(
        &self,
        files: &mut Vec<(String, Item)>,
        index: &mut HashMap<String, usize>,
    ) -> Vec<Diagnostic> {
        let redirects = self.routes.file(File::Redirects);
        match index.get(&redirects) {
            Some(&i) => {
                if let Item::Static(rel) = &files[i].1 {
                    files[i].1 = Item::Redirects(Some(rel.clone()));
                }
            }
            None => {
                index.insert(redirects.clone(), files.len());
                files.push((redirects, Item::Redirects(None)));
            }
        }
        let existing: BTreeSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
        let describe = |path: &str| index.get(path).map_or_else(String::new, |&i| self.describe(&files[i].1));
        let (placed, problems) = aliases::place(&self.site, &self.routes, &existing, describe);
        for (path, id) in placed {
            index.insert(path.clone(), files.len());
            files.push((path, Item::Alias(id)));
        }
        problems
    }

    /// What a file of the build is, in words: `the page of the company Huawei`.
    fn describe(&self, item: &Item) -> String {
        match item {
            Item::Page(Page::Home(n)) if n.is_first() => "the home page".into(),
            Item::Page(Page::Home(n)) => format!("page {} of the home page", n.get()),
            Item::Page(Page::Briefing(id)) => {
                format!("the page of the briefing “{}”", self.site.briefings[*id].title)
            }
            Item::Page(Page::Terms(kind)) => format!("the list of {}", kind.plural()),
            Item::Page(Page::Term(id, _)) => {
                format!("a page of the {} {}", id.kind.singular(), self.site.term(*id).name)
            }
            Item::Page(Page::Archive) => "the archive page".into(),
            Item::Page(Page::Digest(week)) => format!("the digest of {}", digest::week_title(*week)),
            Item::Page(Page::Digests(_)) => "the list of weekly digests".into(),
            Item::Email(week, _) => format!("the email edition of {}", digest::week_title(*week)),
            Item::Page(Page::Search) => "the search page".into(),
            Item::Page(Page::NotFound) => "the page for missing pages (404)".into(),
            Item::Asset(name) => format!("the theme's `{name}`"),
            Item::Feed(_) => "a feed".into(),
            Item::Crawlers(_) => "a file for crawlers (sitemap or robots.txt)".into(),
            Item::Search(_) => "the search index".into(),
            Item::Static(rel) => format!("the static file `{}`", rel.display()),
            Item::Alias(_) => "another alias".into(),
            Item::Redirects(_) => "the `_redirects` file".into(),
            Item::Media(Made::Copy(rel)) => format!("the file `{}` of a briefing", rel.display()),
            Item::Media(Made::Variant { .. }) => "an image of a briefing".into(),
            Item::Card(id) => format!("the social card of “{}”", self.site.briefings[*id].title),
        }
    }

    /// Makes one file.
    pub fn produce(&self, item: &Item) -> Result<Vec<u8>, Diagnostic> {
        self.produce_with_copy(item).map(|(bytes, _)| bytes)
    }

    /// [`Producer::produce`], and the cache file that holds the same bytes,
    /// for a file named by its content (a social card), to be linked.
    pub fn produce_with_copy(&self, item: &Item) -> Result<(Vec<u8>, Option<PathBuf>), Diagnostic> {
        let text = match item {
            Item::Page(page) => pages::render(*page, &self.views(), &self.theme, &self.config)?,
            Item::Asset(name) => self.theme.assets.get(name).cloned().unwrap_or_default(),
            Item::Feed(feed) => self.feeds().make(*feed)?,
            Item::Crawlers(part) => sitemap::make(*part, &self.site, &self.config, &self.routes),
            Item::Search(part) => search::make(*part, &self.site, &self.routes),
            Item::Static(rel) => {
                return std::fs::read(self.root.join(rel))
                    .map(|b| (b, None))
                    .map_err(|e| Diagnostic::io(rel, &e));
            }
            Item::Media(made) => return self.media.produce(made).map(|b| (b, None)),
            Item::Alias(id) => pages::render_alias(*id, &self.views(), &self.theme)?,
            Item::Card(id) => return Ok(self.card(*id)),
            Item::Email(week, edition) => self.email(*week, *edition)?,
            Item::Redirects(before) => {
                let before = match before {
                    Some(rel) => walk::read(&self.root, rel)?.text,
                    None => String::new(),
                };
                aliases::redirects(&self.site, &self.routes, &before)
            }
        };
        Ok((text.into_bytes(), None))
    }

    /// The email edition of `week`, as HTML (the theme's `digest_email.html`) or text.
    fn email(&self, week: WeekKey, edition: Edition) -> Result<String, Diagnostic> {
        let Some((n, _)) = self.site.digest.find(week) else { return Ok(String::new()) };
        match edition {
            Edition::Html => digest::render_email(n, &self.views(), &self.theme),
            Edition::Text => {
                let view = self.views().week(n, digest::Reader::Away);
                Ok(super::email_text::render(&view, &self.config.title))
            }
        }
    }

    /// The social card of briefing `id` (empty if cards are off).
    fn card(&self, id: BriefingId) -> (Vec<u8>, Option<PathBuf>) {
        let Some(cards) = &self.cards else { return (Vec::new(), None) };
        cards.card_and_file(&card_text(&self.site, &self.config, id))
    }
}

/// What the social card of briefing `id` shows.
fn card_text(site: &Site, config: &Config, id: BriefingId) -> CardText {
    let companies = site.terms_of(id, Kind::Company).iter().map(|&t| site.term(t).name.clone()).collect();
    CardText::of(config, &site.briefings[id], companies)
}
