//! The homepage around the papers, on `tests/fixtures/profile` (every profile field, featured
//! papers, pages with embedded lists, a menu, news): what the built pages show, parsed as HTML,
//! JSON-LD and Atom.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use scraper::{Html, Selector};

mod common;
use common::copy_fixture;

fn pubsite() -> Command {
    Command::cargo_bin("pubsite").unwrap()
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn page(path: impl AsRef<Path>) -> Html {
    Html::parse_document(&fs::read_to_string(path).unwrap())
}

fn text_of(html: &Html, css: &str) -> Vec<String> {
    html.select(&sel(css))
        .map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// A 4000x3000 JPEG like a camera's: smooth shapes with sensor noise (so it compresses as a
/// photo does, not as a flat test card).
fn camera_photo(path: &Path) -> u64 {
    let mut seed: u32 = 12345;
    let picture = image::RgbImage::from_fn(4000, 3000, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let noise = (seed >> 27) as i32 - 16;
        let dx = x as i32 - 2000;
        let dy = y as i32 - 1300;
        let face = if dx * dx + dy * dy < 700 * 700 { 90 } else { 0 };
        let channel = |base: i32| (base + face + noise).clamp(0, 255) as u8;
        image::Rgb([channel(60 + (x / 40) as i32), channel(80 + (y / 30) as i32), channel(140)])
    });
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = fs::File::create(path).unwrap();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(file, 92);
    picture.write_with_encoder(encoder).unwrap();
    fs::metadata(path).unwrap().len()
}

#[test]
fn the_home_page_shows_photo_bio_links_selected_papers_and_news() {
    let (_dir, root) = copy_fixture("profile");
    let original = camera_photo(&root.join("static/images/ada.jpg"));
    pubsite().arg("build").arg("--root").arg(&root).assert().success();
    let out = root.join("public");
    let home = page(out.join("index.html"));

    // Photo: a square of twice its 160 px box, with its size and alt text, far smaller.
    let photo = home.select(&sel("img.profile-photo")).next().expect("a photo");
    assert_eq!(photo.value().attr("src"), Some("/images/ada.320px.jpg"));
    assert_eq!((photo.value().attr("width"), photo.value().attr("height")), (Some("320"), Some("320")));
    assert_eq!(photo.value().attr("alt"), Some("Ada Lovelace in a blue dress"));
    let made = out.join("images/ada.320px.jpg");
    let decoded = image::open(&made).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (320, 320));
    let emitted = fs::metadata(&made).unwrap().len();
    eprintln!("photo: 4000x3000 JPEG of {original} bytes emitted as 320x320 of {emitted} bytes");
    assert!(original > 1_000_000 && emitted < 40_000, "{original} -> {emitted}");

    // Name, position, affiliation and bio.
    assert_eq!(text_of(&home, "#profile-name"), ["Ada Lovelace"]);
    assert_eq!(text_of(&home, ".profile-role"), ["Analyst, Royal Society"]);
    let bio = text_of(&home, ".profile-bio").concat();
    assert!(bio.contains("Analytical Engine"), "{bio}");
    let bio_link: Vec<&str> =
        home.select(&sel(".profile-bio a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(bio_link, ["https://ada.example.org/papers/engine-notes/"]);

    // Profile links: every service, with its label, an icon hidden from screen readers, rel=me.
    let links: Vec<(String, String)> = home
        .select(&sel(".profile-links a"))
        .map(|a| {
            assert!(a.value().attr("rel").unwrap().split(' ').any(|r| r == "me"));
            let icon = a.select(&sel("svg")).next().expect("an icon");
            assert_eq!(icon.value().attr("aria-hidden"), Some("true"));
            (a.text().collect::<String>(), a.value().attr("href").unwrap().to_owned())
        })
        .collect();
    let expected = [
        ("Google Scholar", "https://scholar.google.com/citations?user=AdaLoveXYZ"),
        ("ORCID", "https://orcid.org/0000-0002-1825-0097"),
        ("Semantic Scholar", "https://www.semanticscholar.org/author/12345678"),
        ("DBLP", "https://dblp.org/pid/123/4567.html"),
        ("GitHub", "https://github.com/ada-lovelace"),
        ("LinkedIn", "https://www.linkedin.com/in/ada-lovelace"),
        ("X", "https://x.com/ada"),
        ("Bluesky", "https://bsky.app/profile/ada.bsky.social"),
        ("Mastodon", "https://mathstodon.xyz/@ada"),
        ("Homepage", "https://ada.example.net/"),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(l, u)| (l.to_string(), u.to_string())).collect();
    assert_eq!(links, expected);

    // The e-mail address is not in the page for harvesters: only its parts, joined by script.
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("ada@example.org") && !html.contains("mailto:"));
    let email = home.select(&sel(".profile-links .email")).next().expect("the e-mail");
    assert_eq!(
        (email.value().attr("data-user"), email.value().attr("data-domain")),
        (Some("ada"), Some("example.org"))
    );

    // Selected papers (the featured one) above the full list, which still has every paper.
    assert_eq!(text_of(&home, "#selected-heading"), ["Selected papers"]);
    assert_eq!(text_of(&home, ".selected .paper-title"), ["Weaving Algebraic Patterns"]);
    assert_eq!(home.select(&sel(".year-group article.paper")).count(), 2);

    // News: the 3 newest (news_limit), newest first, and a link to all 4.
    let dates: Vec<&str> =
        home.select(&sel(".news time")).filter_map(|t| t.value().attr("datetime")).collect();
    assert_eq!(dates, ["2021-03-10", "2020-01-15", "2019-09-01"]);
    let more: Vec<&str> = home.select(&sel(".news-more a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(more, ["/news/"]);
    let news = page(out.join("news/index.html"));
    assert_eq!(news.select(&sel(".news-list li")).count(), 4);
    let news_link: Vec<&str> =
        news.select(&sel(".news-list a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(news_link, ["/papers/engine-notes/"], "a bare path in news is taken from the site root");

    // schema.org Person with sameAs = the profile links.
    let ld: Vec<serde_json::Value> = home
        .select(&sel("script[type='application/ld+json']"))
        .map(|s| serde_json::from_str(&s.text().collect::<String>()).unwrap())
        .collect();
    let person = ld.iter().find(|v| v["@type"] == "Person").expect("a Person");
    let same_as: Vec<String> =
        person["sameAs"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    assert_eq!(same_as, expected.iter().map(|(_, u)| u.clone()).collect::<Vec<_>>());
    assert_eq!(person["name"], "Ada Lovelace");
    assert_eq!(person["jobTitle"], "Analyst");
    assert_eq!(person["affiliation"]["@type"], "Organization");
    assert_eq!(person["affiliation"]["name"], "Royal Society");
    assert_eq!(person["image"], "https://ada.example.org/images/ada.320px.jpg");
    assert!(person.get("email").is_none(), "the address stays out unless public");

    // The menu, in site.toml's order and labels.
    let nav: Vec<(String, String)> = home
        .select(&sel(".site-nav a"))
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap().to_owned()))
        .collect();
    let want = [("Papers", "/"), ("About", "/about/"), ("CV", "/cv/"), ("News", "/news/")];
    assert_eq!(nav, want.iter().map(|(l, u)| (l.to_string(), u.to_string())).collect::<Vec<_>>());

    // Pages with embedded paper lists.
    let about = page(out.join("about/index.html"));
    assert_eq!(text_of(&about, "h1"), ["About"]);
    assert_eq!(text_of(&about, ".paper-list .paper-title"), ["Weaving Algebraic Patterns"]);
    let cv = page(out.join("cv/index.html"));
    assert_eq!(
        text_of(&cv, ".paper-list .paper-title"),
        ["Notes on the Analytical Engine", "Notes on the Analytical Engine"]
    );
    assert_eq!(
        cv.select(&sel(".site-nav a[aria-current='page']"))
            .map(|a| a.text().collect::<String>())
            .collect::<Vec<_>>(),
        ["CV"]
    );

    // The Atom feed carries the news.
    let feed = fs::read_to_string(out.join("feed.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let news_entries = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter(|e| e.children().any(|c| c.has_tag_name("category") && c.attribute("term") == Some("news")))
        .count();
    assert_eq!(news_entries, 4);
}

#[test]
fn a_public_email_is_a_mailto_link_and_in_the_json_ld() {
    let (_dir, root) = copy_fixture("profile");
    camera_photo(&root.join("static/images/ada.jpg"));
    let config = root.join("site.toml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace("email = \"ada@example.org\"", "email = \"ada@example.org\"\nemail_public = true");
    fs::write(&config, text).unwrap();
    pubsite().arg("build").arg("--root").arg(&root).assert().success();
    let home = page(root.join("public/index.html"));
    let mailto: Vec<&str> = home
        .select(&sel(".profile-links a[href^='mailto:']"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(mailto, ["mailto:ada@example.org"]);
}

#[test]
fn profile_mistakes_are_reported_with_their_line() {
    let (_dir, root) = copy_fixture("profile");
    let config = root.join("site.toml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace("orcid = \"0000-0002-1825-0097\"", "orcid = \"12345\"")
        .replace("page = \"cv\"", "page = \"resume\"");
    fs::write(&config, text).unwrap();
    let output = pubsite().arg("build").arg("--root").arg(&root).assert().code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("owner.links.orcid `12345`") && stderr.contains("site.toml:23:"), "{stderr}");
    assert!(stderr.contains("0000-0002-1825-0097 or its URL"), "{stderr}");

    // With the settings readable, what they refer to is checked: the menu's page, the photo.
    let text =
        fs::read_to_string(&config).unwrap().replace("orcid = \"12345\"", "orcid = \"0000-0002-1825-0097\"");
    fs::write(&config, text).unwrap();
    let output = pubsite().arg("build").arg("--root").arg(&root).assert().code(1).get_output().clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("names the page `resume`")
            && stderr.contains("site.toml:46:")
            && stderr.contains("content/pages/resume.md"),
        "{stderr}"
    );
    assert!(stderr.contains("owner.photo `images/ada.jpg` is not a file in static/"), "{stderr}");
    assert!(
        stderr.contains("site.toml:17:") && stderr.contains("put the picture at static/images/ada.jpg"),
        "{stderr}"
    );
}
