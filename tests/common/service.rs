//! `scrubline serve` as a child process for the service tests, and running scrubline commands.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The service process, killed if the test ends early.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `scrubline serve ARGS --listen 127.0.0.1:<free port>`, once it accepts connections.
pub fn start(args: &[&str]) -> (Server, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_scrubline"))
            .args(["serve", "--listen", listen.as_str()])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "service did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, port)
}

pub fn scrubline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrubline")).args(args).env_remove("SCRUBLINE_KEY").output().unwrap()
}

/// Its standard output; fails the test with its standard error if it failed.
pub fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// A migrated ClickHouse (database `sl`) into which generated packages (seeds `seeds`) and
/// `extra` raw messages were ingested with a key file: the server, the folder holding the key
/// file, its path, the packages and the ingest report.
pub struct Ingested {
    pub ch: super::clickhouse::ClickHouse,
    pub dir: tempfile::TempDir,
    pub keys: std::path::PathBuf,
    pub packages: Vec<scrubline::synth::mail::Package>,
    pub report: String,
}

pub fn ingested(seeds: std::ops::Range<u64>, extra: &[(&str, Vec<u8>)]) -> Ingested {
    use scrubline::synth::{mail, NamePool};
    let ch = super::clickhouse::ClickHouse::start();
    let url = ch.url();
    let db = ["--clickhouse-url", url.as_str(), "--clickhouse-database", "sl"];
    ok(scrubline(&[&["migrate"][..], &db].concat()));
    let dir = tempfile::tempdir().unwrap();
    let keys = super::key_file(dir.path());
    let names = NamePool::from_pack(&scrubline::engine::RulePack::embedded_default());
    let packages: Vec<_> = seeds.map(|s| mail::package(&names, s)).collect();
    let spool = dir.path().join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    for (i, p) in packages.iter().enumerate() {
        std::fs::write(spool.join(format!("{i}.eml")), &p.raw).unwrap();
    }
    for (name, raw) in extra {
        std::fs::write(spool.join(name), raw).unwrap();
    }
    let ingest = scrubline(
        &[&["packages", "ingest"][..], &db, &["--key-file", keys.to_str().unwrap(), spool.to_str().unwrap()]].concat(),
    );
    let report = String::from_utf8_lossy(&ingest.stderr).into_owned();
    Ingested { ch, dir, keys, packages, report }
}
