//! The files a plan becomes: `site.toml` (settings, profile, news, topics) and the pages'
//! Markdown files, written with `toml_edit` so every string is quoted as TOML wants.

use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

use crate::commands::migrate::plan::{NewPage, Plan};

/// The `site.toml` of the new site.
pub(super) fn site_toml(plan: &Plan) -> String {
    let mut doc = DocumentMut::new();
    let name = plan.owner.name.clone().unwrap_or_else(|| "Your Name".to_owned());
    doc["title"] = value(plan.title.clone().unwrap_or_else(|| name.clone()));
    doc["base_url"] = value(plan.base_url.clone().unwrap_or_else(|| "https://example.github.io/".to_owned()));
    doc["description"] = value(plan.description.clone().unwrap_or_else(|| format!("Publications of {name}")));
    if let Some(language) = &plan.language {
        doc["language"] = value(language.as_str());
    }
    if let Some(cname) = &plan.cname {
        doc["cname"] = value(cname.as_str());
    }
    let mut owner = Table::new();
    owner["name"] = value(name.as_str());
    if !plan.owner.aliases.is_empty() {
        owner["aliases"] = crate::commands::import::toml_strings(&plan.owner.aliases);
    }
    let o = &plan.owner;
    for (key, field) in [
        ("position", &o.position),
        ("affiliation", &o.affiliation),
        ("affiliation_url", &o.affiliation_url),
        ("bio", &o.bio),
        ("photo", &o.photo),
        ("email", &o.email),
    ] {
        if let Some(text) = field {
            owner[key] = value(text.trim_end());
        }
    }
    if !o.links.is_empty() {
        let mut links = Table::new();
        for (service, url) in &o.links {
            links[service] = value(url.as_str());
        }
        owner["links"] = Item::Table(links);
    }
    doc["owner"] = Item::Table(owner);
    if let Some(heading) = &plan.selected_heading {
        let mut home = Table::new();
        home["selected_heading"] = value(heading.as_str());
        doc["home"] = Item::Table(home);
    }
    if !plan.news.is_empty() {
        let mut news = ArrayOfTables::new();
        for item in &plan.news {
            let mut table = Table::new();
            table["date"] = value(item.date.to_string().parse::<toml_edit::Datetime>().expect("an ISO day"));
            table["text"] = value(item.text.trim_end());
            news.push(table);
        }
        doc["news"] = Item::ArrayOfTables(news);
    }
    if !plan.topics.is_empty() {
        let mut topics = Table::new();
        topics.set_implicit(true);
        for (code, name) in &plan.topics {
            let mut topic = Table::new();
            topic["name"] = value(name.as_str());
            topics[code] = Item::Table(topic);
        }
        doc["topics"] = Item::Table(topics);
    }
    let mut text =
        String::from("# Made by `pubsite migrate`; every key is explained in the pubsite guide.\n");
    if plan.base_url.is_none() {
        text.push_str(
            "# The old site named no address: set base_url (the Pages workflow passes the real one).\n",
        );
    }
    text.push_str(&doc.to_string());
    text
}

/// A page file: TOML front matter, then the Markdown.
pub(super) fn page_file(page: &NewPage) -> String {
    let mut doc = DocumentMut::new();
    doc["title"] = value(page.title.as_str());
    if let Some(description) = &page.description {
        doc["description"] = value(description.as_str());
    }
    if let Some(weight) = page.weight {
        doc["weight"] = value(weight);
    }
    if !page.in_menu {
        doc["menu"] = value(false);
    }
    format!("+++\n{doc}+++\n{}", page.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_read_back_as_written() {
        let mut plan = Plan::default();
        let bio = "I work on **things**.\n\nA \"quoted\" word, a back\\slash and '''.";
        plan.owner.name = Some("Ada \"A\" Doe".into());
        plan.owner.bio = Some(bio.into());
        plan.owner.links.push(("github", "ada".into()));
        plan.topics.push(("deep-learning".into(), "Deep Learning".into()));
        plan.news.push(crate::commands::migrate::plan::News {
            date: chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
            text: "Line one\nline two".into(),
        });
        let text = site_toml(&plan);
        let back: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(back["owner"]["bio"].as_str().unwrap(), bio);
        assert_eq!(back["owner"]["name"].as_str().unwrap(), "Ada \"A\" Doe");
        assert_eq!(back["owner"]["links"]["github"].as_str().unwrap(), "ada");
        assert_eq!(back["topics"]["deep-learning"]["name"].as_str().unwrap(), "Deep Learning");
        assert_eq!(back["news"][0]["text"].as_str().unwrap(), "Line one\nline two");
        assert_eq!(back["base_url"].as_str().unwrap(), "https://example.github.io/");
    }
}
