//! `scrubline scrub` end to end: directory trees, line-delimited JSON with bad lines,
//! unreadable input, standard input, and keys.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrubline"));
    c.env_remove("SCRUBLINE_KEY").env_remove("SCRUBLINE_KEY_FILE");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("scrubline runs")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn scrubs_a_tree_into_the_same_relative_paths() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    write(src.path(), "a/app.log", "login user=jkowalski from 81.2.69.142 PESEL 44051401359\n");
    write(src.path(), "a/b/contacts.csv", "imie;nazwisko;kwota\nXawery;Zzyzx;12,50\n");
    write(src.path(), "events.ndjson", "{\"email\":\"jan@firma.pl\",\"n\":1}\n{\"note\":\"ok\"}\n");
    write(src.path(), "jan.kowalski@firma.pl.txt", "nothing personal here\n");
    let o = run(&["scrub", "--out", out.path().to_str().unwrap(), src.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let log = std::fs::read_to_string(out.path().join("a/app.log")).unwrap();
    assert_eq!(log, "login user=[LOGIN] from [IP:81.2.69.0/24] PESEL [PESEL]\n");
    let csv = std::fs::read_to_string(out.path().join("a/b/contacts.csv")).unwrap();
    assert_eq!(csv, "imie;nazwisko;kwota\n[NAME];[NAME];12,50\n");
    let nd = std::fs::read_to_string(out.path().join("events.ndjson")).unwrap();
    assert_eq!(nd, "{\"email\":\"[EMAIL]\",\"n\":1}\n{\"note\":\"ok\"}\n");
    // File names are scrubbed too.
    assert!(out.path().join("[EMAIL].txt").exists());
    assert!(!out.path().join("jan.kowalski@firma.pl.txt").exists());
    // The summary gives counts per kind, never values.
    assert!(stderr.contains("scrubbed 4 file(s)"), "{stderr}");
    assert!(stderr.contains("pesel          1"), "{stderr}");
    assert!(stderr.contains("no pseudonym key configured"), "{stderr}");
    assert!(!stderr.contains("44051401359") && !stderr.contains("jkowalski"), "{stderr}");
}

#[test]
fn invalid_json_lines_are_quarantined_by_position_not_content() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    write(src.path(), "e.jsonl", "{\"pesel\": 44051401359}\n{\"email\": \"jan@firma.pl\"\n{\"ok\": true}\n");
    let o = run(&["scrub", "--out", out.path().to_str().unwrap(), src.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    let nd = std::fs::read_to_string(out.path().join("e.jsonl")).unwrap();
    // The layout of each line is kept; only the personal value changes.
    assert_eq!(nd, "{\"pesel\": \"[PESEL]\"}\n{\"ok\": true}\n");
    let q = std::fs::read_to_string(out.path().join(".scrubline/quarantine.ndjson")).unwrap();
    let rec: serde_json::Value = serde_json::from_str(q.lines().next().unwrap()).unwrap();
    assert_eq!(rec["file"], "e.jsonl");
    assert_eq!(rec["line"], 2);
    assert!(!q.contains("jan@firma.pl"), "{q}");
}

#[test]
fn a_structured_file_that_does_not_parse_leaves_no_output() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    write(src.path(), "config.json", "{\"password\": \"hunter2\", ");
    let o = run(&["scrub", "--out", out.path().to_str().unwrap(), src.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    assert!(!out.path().join("config.json").exists());
    let leftovers: Vec<_> =
        std::fs::read_dir(out.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from(".scrubline")], "no temporary files left behind");
}

#[test]
fn unreadable_input_fails_with_a_clear_message() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&["scrub", "--out", out.path().to_str().unwrap(), "/nonexistent/input.log"]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("cannot read /nonexistent/input.log"), "{stderr}");
}

#[test]
fn missing_out_is_an_error() {
    let o = run(&["scrub", "some.log"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--out DIR is required"));
}

#[test]
fn stdin_to_stdout_with_a_key_file_pseudonymizes_consistently() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::write(&keys, "3 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut child = bin()
        .args(["scrub", "--key-file", keys.to_str().unwrap(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"mail Jan.Kowalski@Firma.pl\nagain jan.kowalski@firma.pl\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    let tokens: Vec<&str> = text.lines().map(|l| l.split(' ').nth(1).unwrap()).collect();
    assert!(tokens[0].starts_with("[EMAIL:k3:"), "{text}");
    assert_eq!(tokens[0], tokens[1]);
}

#[test]
fn a_world_readable_key_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::write(&keys, "1 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o644)).unwrap();
        let input = dir.path().join("in.txt");
        std::fs::write(&input, "text").unwrap();
        let o = run(&[
            "scrub",
            "--key-file",
            keys.to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains("readable by other users"), "{stderr}");
        assert!(!stderr.contains("000102"), "{stderr}");
    }
}

#[test]
fn a_pack_that_requires_keys_refuses_to_start_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let pack = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/default/pack.toml")).unwrap();
    std::fs::write(
        dir.path().join("pack.toml"),
        pack.replace("pseudonyms = \"optional\"", "pseudonyms = \"required\""),
    )
    .unwrap();
    let o = run(&["check-rules", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("requires pseudonyms"));
    let o = run(&["check-rules", "--rules", dir.path().to_str().unwrap(), "--ephemeral-key"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_bad_rule_pack_is_reported_with_its_file_and_kind() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.toml"), "name = \"x\"\nversion = 1\n[kinds]\ncard = { action = \"mask\" }\n")
        .unwrap();
    let o = run(&["check-rules", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("pack.toml") && stderr.contains("card") && stderr.contains("keep_last"), "{stderr}");
}

#[test]
fn a_mail_spool_is_scrubbed_mime_aware_with_manifests_and_quarantine() {
    use scrubline::synth::{mail, NamePool};
    let names = NamePool::from_pack(&scrubline::engine::RulePack::embedded_default());
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let p = mail::package(&names, 5);
    std::fs::write(src.path().join("ticket.eml"), &p.raw).unwrap();
    std::fs::create_dir_all(src.path().join("Maildir/cur")).unwrap();
    std::fs::write(src.path().join("Maildir/cur/1700000000.M1P1.host:2,S"), &p.raw).unwrap();
    let mut mbox = Vec::new();
    for seed in [6, 7] {
        mbox.extend_from_slice(b"From jan@firma.pl Mon Jan  1 00:00:00 2024\n");
        mbox.extend_from_slice(&mail::package(&names, seed).raw);
        mbox.push(b'\n');
    }
    std::fs::write(src.path().join("support.mbox"), &mbox).unwrap();
    std::fs::write(src.path().join("broken.eml"), b"\x00\x01 not mail at all").unwrap();
    let o = run(&["scrub", "--out", out.path().to_str().unwrap(), src.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "one package quarantined: {}", String::from_utf8_lossy(&o.stderr));
    for f in
        ["ticket.eml", "ticket.eml.manifest.json", "Maildir/cur/1700000000.M1P1.host:2,S.manifest.json", "support.mbox"]
    {
        assert!(out.path().join(f).exists(), "{f}");
    }
    assert!(!out.path().join("broken.eml").exists());
    let q = std::fs::read_to_string(out.path().join(".scrubline/quarantine.ndjson")).unwrap();
    assert!(q.contains("broken.eml") && q.contains("not_a_message"), "{q}");
    let manifests = std::fs::read_to_string(out.path().join("support.mbox.manifests.ndjson")).unwrap();
    assert_eq!(manifests.lines().count(), 2);
    let mut seen = Vec::new();
    for f in ["ticket.eml", "support.mbox", "Maildir/cur/1700000000.M1P1.host:2,S"] {
        seen.extend(std::fs::read(out.path().join(f)).unwrap());
    }
    let seen = String::from_utf8_lossy(&seen);
    // The raw output is MIME-encoded; a value left in a base64 body would be invisible here, so
    // the package tests decode everything. This checks headers and mbox separators.
    assert!(!seen.contains("jan@firma.pl"), "mbox separator addresses are not copied");
    for v in p.planted.iter().filter(|v| v.kind == scrubline::engine::Kind::Email) {
        assert!(!seen.contains(&v.value));
    }
}

#[test]
fn keys_rotate_adds_an_active_version_keeps_the_old_ones_and_never_prints_a_secret() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ring = dir.path().join("keyring");
    let r = ring.to_str().unwrap();
    let first = run(&["keys", "rotate", "--key-file", r]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(std::fs::metadata(&ring).unwrap().permissions().mode() & 0o777, 0o600);
    let v1 = std::fs::read_to_string(&ring).unwrap();
    let second = run(&["keys", "rotate", "--key-file", r]);
    let text = std::fs::read_to_string(&ring).unwrap();
    assert!(text.starts_with(&v1), "old keys are kept as they were");
    let secrets: Vec<&str> =
        text.lines().filter(|l| !l.starts_with('#')).map(|l| l.split_whitespace().nth(1).unwrap()).collect();
    assert_eq!(secrets.len(), 2);
    assert_ne!(secrets[0], secrets[1]);
    let list = run(&["keys", "list", "--key-file", r]);
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "versions [1, 2], active 2");
    for o in [&first, &second, &list] {
        let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        assert!(secrets.iter().all(|s| !all.contains(&s[..16])), "a secret was printed: {all}");
    }
    // New tokens carry the new version.
    let mut child = bin()
        .args(["scrub", "--key-file", r, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"mail jan.kowalski@firma.pl\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("[EMAIL:k2:"), "{}", String::from_utf8_lossy(&out.stdout));
    // A ring others can read is neither used nor extended.
    std::fs::set_permissions(&ring, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refused = run(&["keys", "rotate", "--key-file", r]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("readable by other users"));
    assert_eq!(std::fs::read_to_string(&ring).unwrap(), text);
}

#[test]
fn explain_says_where_what_and_why_without_values_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "mail.txt", "Dzie\u{144} dobry,\nPESEL 44051401359\nPozdrawiam\nJan Kowalski\n");
    let path = dir.path().join("mail.txt");
    let o = run(&["explain", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "line:col\tkind\taction\tevidence\trule");
    assert_eq!(lines[1], "2:7\tpesel\tredact\tchecksum_or_parse\tbuilt_in");
    assert_eq!(lines[2], "4:1\tname\tredact\tfield_or_context_word\tbuilt_in");
    assert!(!out.contains("44051401359") && !out.contains("Kowalski"), "{out}");
    let o = run(&["explain", "--show-values", path.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("2:7\tpesel\tredact\tchecksum_or_parse\tbuilt_in\t44051401359"), "{out}");
    // A custom rule of the default pack is named by its id.
    write(dir.path(), "cfg.ini", "api_url=https://maps.example\nfallback AIzaSyA1234567890abcdefghijklmnopqrstuv\n");
    let o = run(&["explain", dir.path().join("cfg.ini").to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("2:10\tsecret\tredact\tfield_or_context_word\tgoogle_api_key"), "{out}");
}

#[test]
fn a_windows_1250_letter_is_read_scrubbed_and_keeps_its_words() {
    // Another writer's encoding: a Polish letter saved as windows-1250 by an old Windows tool.
    let text = "Dzi\u{119}kuj\u{119} Pani Dorocie W\u{f3}jcik za szybk\u{105} odpowied\u{17a}.\r\nAdres odbioru: Kwiatowa 111/50, 6000 Stara Zagora\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1250.encode(text);
    assert!(!unmappable);
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("list.txt"), &bytes).unwrap();
    let o = run(&["scrub", "--out", out.path().to_str().unwrap(), src.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = std::fs::read_to_string(out.path().join("list.txt")).unwrap();
    assert!(!got.contains("Dorocie") && !got.contains("W\u{f3}jcik") && !got.contains("Kwiatowa"), "{got}");
    // What is not personal comes out whole, in UTF-8.
    assert!(got.starts_with("Dzi\u{119}kuj\u{119} Pani [NAME] za szybk\u{105} odpowied\u{17a}.\r\n"), "{got}");
    assert!(got.contains("Adres odbioru: [ADDRESS]"), "{got}");
}

/// `scrub -` with `args`, `input` on standard input; stdin is written from a thread so a
/// large input cannot dead-lock against a full stdout pipe.
fn scrub_stdin(args: &[&str], input: Vec<u8>) -> Output {
    let mut child = bin()
        .arg("scrub")
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    o
}

#[test]
fn a_large_stream_scrubbed_by_several_workers_comes_out_as_by_one() {
    // About 5 MiB: several 1 MiB chunks, so the workers really share the stream.
    let mut input = Vec::new();
    let mut seed = 7;
    while input.len() < 5 << 20 {
        input.extend_from_slice(scrubline::synth::log(seed, 2000, 0.25).text.as_bytes());
        seed += 1;
    }
    let one = scrub_stdin(&["--jobs", "1"], input.clone());
    let three = scrub_stdin(&["--jobs", "3"], input.clone());
    assert!(one.status.success() && three.status.success(), "{}", String::from_utf8_lossy(&three.stderr));
    assert!(one.stdout == three.stdout, "the output depends on the number of workers");
    let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
    assert_eq!(lines(&one.stdout), lines(&input));
    assert_ne!(one.stdout, input, "nothing was scrubbed");
}

#[test]
fn a_stream_that_turns_to_binary_stops_there_with_what_came_before_written() {
    let mut good = Vec::new();
    let mut seed = 11;
    while good.len() < 3 << 20 {
        good.extend_from_slice(scrubline::synth::log(seed, 2000, 0.25).text.as_bytes());
        seed += 1;
    }
    // Then 2 MiB of control bytes in lines, then readable text again that must not appear.
    let mut input = good.clone();
    for _ in 0..(2 << 20) / 64 {
        input.extend_from_slice(&[0x01; 63]);
        input.push(b'\n');
    }
    input.extend_from_slice(b"after the junk: PESEL 44051401359\n");
    let o = scrub_stdin(&["--jobs", "2"], input);
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("binary data, not text"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let clean = scrub_stdin(&["--jobs", "1"], good);
    assert!(
        !o.stdout.is_empty() && clean.stdout.starts_with(&o.stdout),
        "the written part is not the clean text's start"
    );
    assert!(!o.stdout.contains(&0x01) && !String::from_utf8_lossy(&o.stdout).contains("after the junk"));
}

#[test]
fn a_large_utf16_log_from_a_dotnet_tool_is_read_whole_by_several_workers() {
    // Another writer and encoding: a .NET tool's UTF-16LE log with a BOM and CRLF, about
    // 4 MiB as UTF-8, so the decoded text is cut into several chunks for the workers.
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 4 << 20 {
        text.push_str(&format!(
            "2026-11-28 10:{:02}:{:02}.123 +01:00 [INF] Zgłoszenie {i}: użytkownik Łukasz Wiśniewski \
             (lukasz.wisniewski@firma.pl) PESEL 44051401359, получател Калоян Петров ЕГН 7501020018\r\n",
            i / 60 % 60,
            i % 60
        ));
        i += 1;
    }
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let one = scrub_stdin(&["--jobs", "1"], utf16.clone());
    let three = scrub_stdin(&["--jobs", "3"], utf16);
    assert!(one.status.success() && three.status.success(), "{}", String::from_utf8_lossy(&three.stderr));
    assert!(one.stdout == three.stdout, "the output depends on the number of workers");
    let out = String::from_utf8(one.stdout).expect("output is UTF-8");
    // Nothing planted survives; every line and its non-personal words do.
    for planted in ["Wiśniewski", "lukasz.wisniewski", "44051401359", "Калоян", "Петров", "7501020018"] {
        assert!(!out.contains(planted), "{planted} survived");
    }
    assert_eq!(out.lines().count(), i);
    for (n, line) in out.lines().enumerate() {
        let kept = format!("[INF] Zgłoszenie {n}: użytkownik ");
        assert!(line.starts_with("2026-11-28 10:") && line.contains(&kept), "line {n} lost words: {line}");
    }
}
