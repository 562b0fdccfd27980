//! `serve`: build, watch and serve the output over HTTP (loopback by default) under the base
//! URL's path, as GitHub Pages will, with a live-reload script injected into the HTML it serves
//! (never into the built files). Build errors reach the browser as an overlay.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::base::diagnostic::{Error, Result};
use crate::commands::watch::{Debounce, Outcome, SiteWatcher};
use crate::pipeline::build::BuildOptions;
use crate::pipeline::rebuild::{Change, Rebuilder};

/// A client that has not sent a whole request head within this time is disconnected.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Request heads (URL and headers) larger than this get `431` (or `414` for the URL alone).
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Connections served at once; more wait in the kernel's backlog until one closes.
const MAX_CONNECTIONS: usize = 4096;

/// Where the dev server's own files live, under the site's path.
const RESERVED: &str = "__pubsite/";
const LIVERELOAD_JS: &str = include_str!("serve/livereload.js");

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
}

/// What the server reports to its caller, which prints it.
#[derive(Debug)]
pub enum ServeEvent {
    /// The first build finished (or failed) and the server is listening at `url`.
    Listening { url: String, first_build: Outcome },
    /// A rebuild after a change.
    Rebuild(Outcome),
}

/// A message on the reload channel.
#[derive(Debug, Clone)]
enum LiveEvent {
    Reload,
    BuildError(String),
}

/// State shared by the HTTP handlers and the rebuild thread.
struct Live {
    output: PathBuf,
    /// The base URL's path, `/` or `/repo/`.
    prefix: RwLock<String>,
    /// The last build error, shown to pages that connect while it stands.
    error: RwLock<Option<String>>,
    events: broadcast::Sender<LiveEvent>,
}

impl Live {
    fn prefix(&self) -> String {
        self.prefix.read().map(|p| p.clone()).unwrap_or_else(|_| "/".into())
    }

    /// Records a rebuild's outcome and tells the open pages.
    fn publish(&self, outcome: &Outcome, prefix: Option<String>) {
        match outcome {
            // The pages of an update are written: reload now, the data files follow.
            Outcome::PagesReady => {
                if let Ok(mut e) = self.error.write() {
                    *e = None;
                }
                let _ = self.events.send(LiveEvent::Reload);
            }
            Outcome::Rebuilt { report, .. } if report.pages_first => {}
            Outcome::Rebuilt { .. } => {
                if let (Some(prefix), Ok(mut p)) = (prefix, self.prefix.write()) {
                    *p = prefix;
                }
                if let Ok(mut e) = self.error.write() {
                    *e = None;
                }
                let _ = self.events.send(LiveEvent::Reload);
            }
            Outcome::Failed { error, .. } => {
                let text = error.to_string();
                if let Ok(mut e) = self.error.write() {
                    *e = Some(text.clone());
                }
                let _ = self.events.send(LiveEvent::BuildError(text));
            }
        }
    }
}

/// Builds, then serves and rebuilds on change until Ctrl-C. `on_event` gets every outcome.
pub fn serve(options: ServeOptions, mut on_event: impl FnMut(ServeEvent) + Send + 'static) -> Result<()> {
    let mut rebuilder = Rebuilder::new(options.build.clone())?;
    let address = SocketAddr::new(options.interface, options.port);
    let listener = std::net::TcpListener::bind(address)
        .map_err(|e| Error::Usage(format!("cannot listen on {address}: {e} (try another --port)")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io("cannot listen on", &PathBuf::from(address.to_string()), e))?;
    let local = listener.local_addr().map_err(|e| Error::io("cannot listen on", &PathBuf::new(), e))?;

    let first_build = match rebuilder.rebuild(&[Change::Everything]) {
        // Not a site at all (no site.toml): nothing to serve or watch.
        Err(error @ Error::Usage(_)) => return Err(error),
        Ok(report) => {
            Outcome::Rebuilt { report, changes: vec![Change::Everything], waited: Default::default() }
        }
        Err(error) => Outcome::Failed { error, changes: vec![Change::Everything] },
    };
    let (events, _) = broadcast::channel(16);
    let live = Arc::new(Live {
        output: rebuilder.output().to_path_buf(),
        prefix: RwLock::new(rebuilder.base_path().unwrap_or_else(|| "/".into())),
        error: RwLock::new(None),
        events,
    });
    live.publish(&first_build, None);
    let host = match local.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let watcher = SiteWatcher::new(&rebuilder)?;
    on_event(ServeEvent::Listening {
        url: format!("http://{host}:{}{}", local.port(), live.prefix()),
        first_build,
    });

    let watcher_live = Arc::clone(&live);
    std::thread::spawn(move || {
        let stop = AtomicBool::new(false);
        let result = watcher.run(&mut rebuilder, Debounce::default(), &stop, |outcome| {
            watcher_live.publish(&outcome, rebuilder_prefix(&outcome));
            on_event(ServeEvent::Rebuild(outcome));
        });
        if let Err(error) = result {
            on_event(ServeEvent::Rebuild(Outcome::Failed { error, changes: Vec::new() }));
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("cannot start the server", &PathBuf::new(), e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::io("cannot listen on", &PathBuf::from(local.to_string()), e))?;
        let app = axum::Router::new().fallback(handle).with_state(live);
        tokio::select! {
            () = accept_loop(listener, app) => Ok(()),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })?;
    runtime.shutdown_background();
    Ok(())
}

/// Serves HTTP/1.1 connections until the process ends, each on its own task, with a bound on
/// their number, their request head size and the time a client may take to send it, so that
/// slow or hostile clients cannot starve the others (the defaults of `axum::serve` have none).
async fn accept_loop(listener: tokio::net::TcpListener, app: axum::Router) {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before accept: wait, then go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEAD_BYTES);
            let _ = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
            drop(slot);
        });
    }
}

/// The base path after a rebuild; it changes when `site.toml`'s base_url does.
fn rebuilder_prefix(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Rebuilt { report, .. } => report.base_path.clone(),
        Outcome::Failed { .. } | Outcome::PagesReady => None,
    }
}

async fn handle(State(live): State<Arc<Live>>, request: Request) -> Response {
    let prefix = live.prefix();
    let path = request.uri().path().to_owned();
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")]).into_response();
    }
    let Some(inside) = path.strip_prefix(&prefix) else {
        if path == "/" || path == prefix.trim_end_matches('/') {
            return redirect(&prefix);
        }
        return not_found(&live, &prefix).await;
    };
    match inside {
        "__pubsite/livereload.js" => {
            return ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVERELOAD_JS)
                .into_response()
        }
        "__pubsite/events" => return events(&live).into_response(),
        _ => {}
    }

    let query = request.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    let Ok(uri) = format!("/{inside}{query}").parse::<Uri>() else {
        return not_found(&live, &prefix).await;
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = uri;
    let files = ServeDir::new(&live.output)
        .redirect_path_prefix(prefix.trim_end_matches('/'))
        .html_as_default_extension(true);
    let response = match files.oneshot(Request::from_parts(parts, body)).await {
        Ok(response) => response.map(Body::new),
        Err(infallible) => match infallible {},
    };
    if response.status() == StatusCode::NOT_FOUND {
        return not_found(&live, &prefix).await;
    }
    no_store(inject_if_html(response, &prefix).await)
}

fn redirect(to: &str) -> Response {
    (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, to.to_owned())]).into_response()
}

/// The site's `404.html` with status 404 (or a bare page before the first good build).
async fn not_found(live: &Live, prefix: &str) -> Response {
    let page = tokio::fs::read(live.output.join("404.html")).await.unwrap_or_else(|_| {
        b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p>pubsite has not built this site yet.</p></body></html>"
            .to_vec()
    });
    let page = inject(&page, prefix);
    no_store(
        (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response(),
    )
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn inject_if_html(response: Response, prefix: &str) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    Response::from_parts(parts, Body::from(inject(&bytes, prefix)))
}

/// Adds the live-reload script before `</body>` (or at the end).
fn inject(page: &[u8], prefix: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{prefix}{RESERVED}livereload.js\"></script>\n");
    let at = page.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The reload channel: server-sent events `reload` and `build-error`; a page that connects
/// while the last build failed gets the error at once.
fn events(live: &Live) -> Sse<impl Stream<Item = std::result::Result<Event, Infallible>>> {
    let standing = live.error.read().ok().and_then(|e| e.clone()).map(LiveEvent::BuildError);
    let receiver = live.events.subscribe();
    let updates = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(event) => return Some((event, receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let stream = stream::iter(standing).chain(updates).map(|event| {
        Ok(match event {
            LiveEvent::Reload => Event::default().event("reload").data("reload"),
            LiveEvent::BuildError(text) => Event::default().event("build-error").data(text.replace('\r', "")),
        })
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_body_end() {
        let page = inject(b"<html><body><p>x</p></body></html>", "/repo/");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/repo/__pubsite/livereload.js\"></script>\n</body></html>"
        );
        let bare = inject(b"<p>no body end", "/");
        assert!(String::from_utf8(bare).unwrap().ends_with("livereload.js\"></script>\n"));
    }
}
