//! A running `briefing serve` for the server tests: the real binary on a temp archive,
//! started on a free port, its output drained and kept, killed on drop so a failing test never
//! leaves a server behind.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// How long the server may take to announce itself (it builds first).
const START: Duration = Duration::from_secs(30);

pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The path of the announced URL (`/`, or the base URL's path).
    pub path: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// The same, with these variables added to the server's environment.
    pub fn start_with(root: &Path, env: &[(&str, &str)]) -> Server {
        let child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("CI", "true")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start briefing serve");
        let mut server = Server {
            child,
            addr: String::new(),
            path: String::new(),
            log: Arc::default(),
        };
        let (tx, rx) = mpsc::channel();
        // Drain both pipes for the server's whole life: a full pipe would block it.
        let stdout = server.child.stdout.take().unwrap();
        let stderr = server.child.stderr.take().unwrap();
        let log = Arc::clone(&server.log);
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = announced_url(&line) {
                    let _ = tx.send(url);
                }
                log.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let log = Arc::clone(&server.log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&format!("[stderr] {line}\n"));
            }
        });
        let url = rx.recv_timeout(START).expect("the server announces its address");
        let rest = url.strip_prefix("http://").expect("an http URL");
        let slash = rest.find('/').unwrap_or(rest.len());
        server.addr = rest[..slash].to_string();
        server.path = if slash < rest.len() {
            rest[slash..].to_string()
        } else {
            "/".into()
        };
        server
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The live log, for threads that watch it while the test goes on.
    pub fn log_handle(&self) -> Arc<Mutex<String>> {
        Arc::clone(&self.log)
    }

    /// Everything the server printed so far (stderr lines marked).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = self.log();
            // A burst logs a line per rebuild; the end is what matters.
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            eprintln!("--- server log (last lines) ---\n{}", tail.join("\n"));
        }
    }
}

/// `Serving ROOT at URL (press Ctrl-C to stop)` → URL.
fn announced_url(line: &str) -> Option<String> {
    let before = line.strip_prefix("Serving ")?.strip_suffix(" (press Ctrl-C to stop)")?;
    before.rsplit_once(" at ").map(|(_, url)| url.to_string())
}

/// An HTTP response as the test clients read it.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
