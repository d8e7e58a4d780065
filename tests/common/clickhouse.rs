//! A real ClickHouse server for one test: Debian's `clickhouse-server` (18.16 on the build
//! machines) started as a plain process with its own config, data directory and free ports,
//! and killed when dropped. `bash scripts/setup.sh` installs it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct ClickHouse {
    pub http_port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

const USERS: &str = r#"<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>::1</ip><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
"#;

fn spawn(d: &std::path::Path) -> Child {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(d.join("log/stdout")).unwrap();
    Command::new(server_binary())
        .arg(format!("--config-file={}", d.join("config.xml").display()))
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("clickhouse-server starts")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn server_binary() -> String {
    for p in ["/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server", "/usr/bin/clickhouse"] {
        if std::path::Path::new(p).exists() {
            return p.to_string();
        }
    }
    panic!("clickhouse-server is not installed: run `bash scripts/setup.sh` (Debian package clickhouse-server)");
}

impl ClickHouse {
    pub fn start() -> ClickHouse {
        let ports = (free_port(), free_port());
        Self::start_with(ports, "")
    }

    /// Servers that form one cluster named `name`, one shard each (one replica, no
    /// ZooKeeper): Distributed tables work across them; `ON CLUSTER` DDL and replicated
    /// tables, which need ZooKeeper, do not. Each server's macros name its shard.
    #[allow(dead_code)]
    pub fn start_cluster(name: &str, servers: usize) -> Vec<ClickHouse> {
        let ports: Vec<(u16, u16)> = (0..servers).map(|_| (free_port(), free_port())).collect();
        let shards: String = ports
            .iter()
            .map(|(_, tcp)| format!("<shard><replica><host>127.0.0.1</host><port>{tcp}</port></replica></shard>"))
            .collect();
        ports
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let extra = format!(
                    "<remote_servers><{name}>{shards}</{name}></remote_servers>\n  <macros><shard>{}</shard><replica>r1</replica></macros>",
                    i + 1
                );
                Self::start_with(*p, &extra)
            })
            .collect()
    }

    fn start_with((http_port, tcp_port): (u16, u16), extra: &str) -> ClickHouse {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for sub in ["data", "tmp", "log", "user_files"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        std::fs::write(d.join("users.xml"), USERS).unwrap();
        let config = format!(
            r#"<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{d}/log/server.log</log><errorlog>{d}/log/err.log</errorlog></logger>
  <http_port>{http_port}</http_port>
  <tcp_port>{tcp_port}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{d}/data/</path>
  <tmp_path>{d}/tmp/</tmp_path>
  <user_files_path>{d}/user_files/</user_files_path>
  <users_config>{d}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  {extra}
</yandex>
"#,
            d = d.display()
        );
        std::fs::write(d.join("config.xml"), config).unwrap();
        let child = spawn(d);
        let ch = ClickHouse { http_port, child, dir };
        ch.wait_ready();
        ch
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.http("GET", "/ping", "").is_some_and(|(status, body)| status == 200 && body.starts_with("Ok.")) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(self.dir.path().join("log/stdout")).unwrap_or_default();
        panic!("ClickHouse did not answer /ping within 30 s; its output:\n{log}");
    }

    /// Kill the server (SIGKILL), as an outage would.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Start it again on the same data and ports.
    pub fn restart(&mut self) {
        self.child = spawn(self.dir.path());
        self.wait_ready();
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.http_port)
    }

    fn http(&self, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.http_port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
        write!(s, "{method} {path} HTTP/1.0\r\nContent-Length: {}\r\n\r\n{body}", body.len()).ok()?;
        let mut resp = Vec::new();
        s.read_to_end(&mut resp).ok()?;
        let text = String::from_utf8_lossy(&resp).into_owned();
        let status = text.split(' ').nth(1)?.parse().ok()?;
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        Some((status, body))
    }

    /// Run a query; panics with ClickHouse's message if it fails. Returns TSV.
    pub fn query(&self, sql: &str) -> String {
        let (status, body) = self.http("POST", "/", sql).expect("ClickHouse answers");
        assert_eq!(status, 200, "query failed: {sql}\n{body}");
        body
    }

    /// Run a query with `db` as the default database (as Grafana's data source does):
    /// (HTTP status, body).
    #[allow(dead_code)]
    pub fn query_in(&self, db: &str, sql: &str) -> (u16, String) {
        self.http("POST", &format!("/?database={db}"), sql).expect("ClickHouse answers")
    }
}

impl Drop for ClickHouse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
