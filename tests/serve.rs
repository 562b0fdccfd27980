//! End-to-end tests of `pubsite serve`: a real server on a free loopback port, a temporary copy
//! of a fixture site, real file edits, and the reload channel read over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::copy_fixture;

/// How long any expected change may take before the test fails.
const WAIT: Duration = Duration::from_secs(15);

/// A running `pubsite serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    /// The site's path on the server (`/` or `/repo/`).
    prefix: String,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pubsite"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines.next().expect("serve exited before listening").unwrap();
            if let Some(url) = line.strip_prefix("Serving ") {
                break url.split_whitespace().next().unwrap().to_owned();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let rest = url.strip_prefix("http://127.0.0.1:").expect("served on loopback");
        let (port, prefix) = rest.split_at(rest.find('/').unwrap());
        Server { child, port: port.parse().unwrap(), prefix: prefix.to_owned() }
    }

    /// GET `path` exactly as given (no normalisation): status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text.split_whitespace().nth(1).unwrap().parse().unwrap();
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
        (status, body)
    }

    /// Listens on the reload channel in the background; the events arrive in the returned buffer.
    fn listen(&self) -> Arc<Mutex<String>> {
        let buffer = Arc::new(Mutex::new(String::new()));
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {}__pubsite/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
            self.prefix
        )
        .unwrap();
        let sink = Arc::clone(&buffer);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stream.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        });
        // The subscription is live once the response headers arrived.
        wait_for("the event stream to open", || buffer.lock().unwrap().contains("text/event-stream"));
        buffer
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the events buffer holds `count` occurrences of `event: name`.
fn wait_for_event(events: &Arc<Mutex<String>>, name: &str, count: usize) {
    let needle = format!("event: {name}\n");
    wait_for(&format!("{count} `{name}` event(s)"), || {
        events.lock().unwrap().matches(&needle).count() >= count
    });
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// Acceptance 1 and 2: edit, see the reload and the new page; break, see the error while the
/// server answers; fix, see recovery. Run at the domain root and under a sub-path.
fn edit_break_fix(root: &Path, prefix: &str) {
    let server = Server::start(root);
    assert_eq!(server.prefix, prefix);
    let page = format!("{prefix}papers/weaving/");
    let (status, body) = server.get(&page);
    assert_eq!(status, 200);
    assert!(body.contains("Weaving Algebraic Patterns"));
    assert!(body.contains(&format!("<script src=\"{prefix}__pubsite/livereload.js\"></script>")), "{body}");
    let (status, script) = server.get(&format!("{prefix}__pubsite/livereload.js"));
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    let events = server.listen();

    let paper = root.join("content/papers/weaving.md");
    edit(&paper, "Weaving Algebraic Patterns", "Weaving Algebraic Patterns, Revised");
    wait_for_event(&events, "reload", 1);
    assert!(server.get(&page).1.contains("Weaving Algebraic Patterns, Revised"));
    assert!(server.get(prefix).1.contains("Weaving Algebraic Patterns, Revised"), "the home page lists it");

    edit(&paper, "title = \"Weaving Algebraic Patterns, Revised\"", "title = \"Weaving Algebraic Patterns");
    wait_for_event(&events, "build-error", 1);
    let text = events.lock().unwrap().clone();
    assert!(text.contains("content/papers/weaving.md:2:"), "{text}");
    let (status, body) = server.get(&page);
    assert_eq!(status, 200, "the server still answers with the last good page");
    assert!(body.contains("Weaving Algebraic Patterns, Revised"));

    edit(&paper, "title = \"Weaving Algebraic Patterns", "title = \"Weaving Algebraic Patterns, Fixed\"");
    wait_for_event(&events, "reload", 2);
    assert!(server.get(&page).1.contains("Weaving Algebraic Patterns, Fixed"));

    // The output folder is a build, without the reload script.
    let built = std::fs::read_to_string(root.join("public/papers/weaving/index.html")).unwrap();
    assert!(built.contains("Weaving Algebraic Patterns, Fixed"));
    assert!(!built.contains("__pubsite"), "the reload script is only added when serving");
}

#[test]
fn serve_reloads_on_edit_and_recovers_from_errors() {
    let (_dir, root) = copy_fixture("minimal");
    edit_break_fix(&root, "/");
}

#[test]
fn serve_works_under_a_sub_path() {
    let (_dir, root) = copy_fixture("minimal");
    edit(&root.join("site.toml"), "https://ada.example.org/", "https://ada.github.io/repo/");
    edit_break_fix(&root, "/repo/");
    let server = Server::start(&root);
    let (status, body) = server.get("/repo/style.css");
    assert_eq!(status, 200);
    assert!(body.contains("--accent"));
    assert_eq!(server.get("/style.css").0, 404, "nothing outside the sub-path");
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut head = String::new();
    stream.read_to_string(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 307"), "{head}");
    assert!(head.to_ascii_lowercase().contains("location: /repo/"), "{head}");
    let (status, body) = server.get("/repo/a/b/missing");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found") && body.contains("/repo/style.css"), "{body}");
}

#[test]
fn traversal_attempts_get_404() {
    let (_dir, root) = copy_fixture("minimal");
    std::fs::write(root.join("public-secret.txt"), "secret").unwrap();
    let server = Server::start(&root);
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/..%2fsite.toml",
        "/%2e%2e%2fsite.toml",
        "/..%5csite.toml",
        "/papers/../../site.toml",
        "//etc/passwd",
        "/../public-secret.txt",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url") && !body.contains("secret"), "{path}: {body}");
    }
    assert_eq!(server.get("/index.html").0, 200);
}

#[test]
fn deleting_and_renaming_papers_update_the_served_site() {
    let (_dir, root) = copy_fixture("minimal");
    let server = Server::start(&root);
    let events = server.listen();
    assert_eq!(server.get("/papers/weaving/").0, 200);

    let papers = root.join("content/papers");
    std::fs::rename(papers.join("weaving.md"), papers.join("looms.md")).unwrap();
    wait_for_event(&events, "reload", 1);
    wait_for("the renamed page", || server.get("/papers/looms/").0 == 200);
    assert_eq!(server.get("/papers/weaving/").0, 404);
    assert!(!root.join("public/papers/weaving").exists());
    assert!(server.get("/").1.contains("/papers/looms/"));

    std::fs::remove_file(papers.join("looms.md")).unwrap();
    wait_for_event(&events, "reload", 2);
    wait_for("the deleted page to go", || server.get("/papers/looms/").0 == 404);
    let home = server.get("/").1;
    assert!(!home.contains("Weaving Algebraic Patterns"), "{home}");
    assert!(!root.join("public/years/2024").exists(), "a year left without papers goes too");

    std::fs::write(
        papers.join("fresh.md"),
        "+++\ntitle = \"A Fresh Paper\"\ndate = 2025-06-01\ntopics = [\"LG\"]\n+++\nNew.\n",
    )
    .unwrap();
    wait_for_event(&events, "reload", 3);
    assert!(server.get("/papers/fresh/").1.contains("A Fresh Paper"));
    assert!(server.get("/years/2025/").1.contains("A Fresh Paper"));
}

#[test]
fn a_template_change_rebuilds_every_page() {
    let (_dir, root) = copy_fixture("minimal");
    let server = Server::start(&root);
    let events = server.listen();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>Custom missing page</h1>{% endblock main %}",
    )
    .unwrap();
    wait_for_event(&events, "reload", 1);
    wait_for("the new 404 page", || server.get("/nowhere").1.contains("Custom missing page"));
    edit(&root.join("site.toml"), "title = \"Ada Lovelace\"", "title = \"Countess of Lovelace\"");
    wait_for_event(&events, "reload", 2);
    assert!(server.get("/papers/weaving/").1.contains("Countess of Lovelace"));
}

#[test]
fn an_edit_reloads_once_with_its_pages_written_and_the_exports_follow() {
    let (_dir, root) = copy_fixture("minimal");
    let server = Server::start(&root);
    let events = server.listen();
    edit(&root.join("content/papers/weaving.md"), "Weaving Algebraic Patterns", "Woven Patterns");
    wait_for_event(&events, "reload", 1);
    // The reload is sent once the pages are written: they show the edit when it arrives.
    for page in ["/papers/weaving/", "/", "/years/2024/"] {
        assert!(server.get(page).1.contains("Woven Patterns"), "{page}");
    }
    // The exports are made and written just after.
    wait_for("the exports", || {
        server.get("/publications.bib").1.contains("Woven Patterns")
            && server.get("/publications.json").1.contains("Woven Patterns")
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(events.lock().unwrap().matches("event: reload\n").count(), 1, "one reload per edit");
}

#[test]
fn co_author_pages_follow_edits_of_author_lists() {
    let (_dir, root) = copy_fixture("minimal");
    let server = Server::start(&root);
    let events = server.listen();
    let weaving = root.join("content/papers/weaving.md");
    assert_eq!(server.get("/authors/mary-somerville/").0, 200);
    // A title edit keeps every author and place: the co-author pages stay as they were.
    edit(&weaving, "Weaving Algebraic Patterns", "Woven Patterns");
    wait_for_event(&events, "reload", 1);
    let (status, page) = server.get("/authors/mary-somerville/");
    assert_eq!(status, 200);
    assert!(page.contains("Woven Patterns"), "{page}");
    // A changed author list changes the index: a new co-author page, the old one gone.
    edit(&weaving, "\"Mary Somerville\"", "\"Caroline Herschel\"");
    wait_for_event(&events, "reload", 2);
    let (status, page) = server.get("/authors/caroline-herschel/");
    assert_eq!(status, 200);
    assert!(page.contains("Woven Patterns"));
    assert_eq!(server.get("/authors/mary-somerville/").0, 404);
    assert!(server.get("/authors/").1.contains("Caroline Herschel"));
}

#[test]
fn serve_and_watch_refuse_a_folder_that_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["serve", "watch"] {
        let output = Command::new(env!("CARGO_BIN_EXE_pubsite"))
            .args([command, "--root"])
            .arg(dir.path())
            .args(if command == "serve" { &["--port", "0"][..] } else { &[][..] })
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{command}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("site.toml"), "{command}");
    }
}

#[test]
fn watch_rebuilds_without_a_server() {
    let (_dir, root) = copy_fixture("minimal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_pubsite"))
        .args(["watch", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let guard = KillOnDrop(child);
    assert!(lines.next().unwrap().unwrap().starts_with("Rebuilt site"));
    assert!(lines.next().unwrap().unwrap().starts_with("Watching"));
    edit(&root.join("content/papers/weaving.md"), "Weaving Algebraic Patterns", "Weaving, Watched");
    let line = lines.next().unwrap().unwrap();
    assert!(line.starts_with("Updated content/papers/weaving.md"), "{line}");
    let page = std::fs::read_to_string(root.join("public/papers/weaving/index.html")).unwrap();
    assert!(page.contains("Weaving, Watched"));
    drop(guard);
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_list_page_that_empties_goes_away() {
    let (_dir, root) = copy_fixture("minimal");
    edit(&root.join("site.toml"), "description =", "paginate = 1\ndescription =");
    let server = Server::start(&root);
    let events = server.listen();
    assert!(server.get("/page/2/").1.contains("Notes on the Analytical Engine"));
    edit(&root.join("content/papers/engine-notes.md"), "Notes on the Analytical Engine", "Notes, Revised");
    wait_for_event(&events, "reload", 1);
    assert!(server.get("/page/2/").1.contains("Notes, Revised"), "the page holding the paper is redone");
    std::fs::remove_file(root.join("content/papers/weaving.md")).unwrap();
    wait_for_event(&events, "reload", 2);
    assert_eq!(server.get("/page/2/").0, 404, "one paper left: one page");
    assert!(server.get("/").1.contains("Notes, Revised"));
}

/// Peak resident memory of a process, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Sends `head` raw and returns the status code of the answer (0 when the server closed the
/// connection without one).
fn raw_status(port: u16, head: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    // The server may answer and close before it has read all of a huge request.
    let _ = stream.write_all(head);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn the_server_keeps_answering_under_abuse_with_bounded_memory() {
    let (_dir, root) = copy_fixture("minimal");
    let server = Server::start(&root);
    let port = server.port;

    // 1,000 clients that connect and say nothing, and 50 that send half a request head.
    let idle: Vec<TcpStream> = (0..1000).map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap()).collect();
    let slow: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a").unwrap();
            s
        })
        .collect();

    // Oversized and malformed requests get a status, not a hang.
    let long_url = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100_000));
    assert!(matches!(raw_status(port, long_url.as_bytes()), 414 | 431), "a 100 kB URL");
    let long_header = format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(200_000));
    assert_eq!(raw_status(port, long_header.as_bytes()), 431, "a 200 kB header");
    assert_eq!(raw_status(port, b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    assert_eq!(raw_status(port, b"DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n"), 405);
    assert_eq!(raw_status(port, b"\x00\x01garbage\r\n\r\n"), 400);

    // Meanwhile everyone else is served.
    for _ in 0..50 {
        let (status, body) = server.get("/papers/weaving/");
        assert_eq!(status, 200);
        assert!(body.contains("Weaving Algebraic Patterns"));
    }
    let peak = peak_rss_kib(server.child.id());
    assert!(peak < 200 * 1024, "peak RSS {peak} KiB");

    // A client that never finishes its request head is disconnected (after 10 s).
    let mut slowest = slow.into_iter().next().unwrap();
    slowest.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    let closed = slowest.read_to_end(&mut rest).is_ok();
    assert!(closed && started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    drop(idle);
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn a_hundred_broken_saves_in_a_row_then_a_good_one_recovers() {
    let (_dir, root) = copy_fixture("minimal");
    let server = Server::start(&root);
    let events = server.listen();
    let paper = root.join("content/papers/weaving.md");
    let good = std::fs::read_to_string(&paper).unwrap();
    for n in 1..=100 {
        // Each save broken in a different way: an unclosed string, a bad date, no front matter.
        let broken = match n % 3 {
            0 => good.replacen("title = \"", &format!("title = \"unclosed {n}"), 1).replacen("\"\n", "\n", 1),
            1 => good.replacen("date = ", &format!("date = 2024-02-{}\nx = ", 30 + n % 2), 1),
            _ => format!("no front matter {n}\n"),
        };
        std::fs::write(&paper, broken).unwrap();
        wait_for_event(&events, "build-error", n);
    }
    assert_eq!(server.get("/papers/weaving/").0, 200, "the last good page is still served");
    std::fs::write(&paper, good.replace("Weaving Algebraic Patterns", "Weaving, Recovered")).unwrap();
    wait_for_event(&events, "reload", 1);
    assert!(server.get("/papers/weaving/").1.contains("Weaving, Recovered"));
}
