//! `check --external`: fetch each distinct external URL once (HEAD, then GET when a server
//! refuses HEAD) and report those that fail.

use std::time::Duration;

use rayon::prelude::*;

/// How a fetched URL answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A 2xx or 3xx status (redirects are followed).
    Ok(u16),
    /// An error status.
    Status(u16),
    /// No answer: DNS, connection, TLS or timeout.
    Failed(String),
}

/// At most this many fetches at once.
const PARALLEL: usize = 8;

/// Fetches every URL in `urls` (each once) and returns their answers in the same order.
pub(crate) fn fetch_all(urls: &[String], timeout: Duration) -> Vec<Answer> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("pubsite-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(PARALLEL).build();
    let fetch = |url: &String| fetch(&agent, url);
    match pool {
        Ok(pool) => pool.install(|| urls.par_iter().map(fetch).collect()),
        Err(_) => urls.iter().map(fetch).collect(),
    }
}

fn fetch(agent: &ureq::Agent, url: &str) -> Answer {
    let status = |result: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match result {
        Ok(response) => Ok(response.status().as_u16()),
        Err(error) => Err(error.to_string()),
    };
    match status(agent.head(url).call()) {
        // Some servers answer HEAD with 403/405/501 but GET with 200.
        Ok(403 | 405 | 501) => match status(agent.get(url).call()) {
            Ok(code) => classify(code),
            Err(error) => Answer::Failed(error),
        },
        Ok(code) => classify(code),
        Err(error) => Answer::Failed(error),
    }
}

fn classify(code: u16) -> Answer {
    if (200..400).contains(&code) {
        Answer::Ok(code)
    } else {
        Answer::Status(code)
    }
}
