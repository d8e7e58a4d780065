#!/usr/bin/env python3
"""Precision corpus generator for scrubline.

Writes synthetic logs in the formats of real systems (syslog/sshd, Apache,
IIS, Windows CBS and event text, log4net, Serilog CLEF, Java, HDFS, Hadoop,
BGL, HPC, Thunderbird, Android logcat, macOS, postfix/dovecot, ZooKeeper,
OpenStack, Proxifier, nginx) to tests/corpus/precision/out/ and the truth
file tests/corpus/precision/truth.jsonl.

Only the *formats* are modelled on public log collections; every value is
generated here.  Nearly all tokens are non-personal and must survive a
sanitizer ("keep"); a minority of lines carry one or two planted personal
values (public client IPs, logins, e-mails, names, phones, PESEL, EGN), all
synthetic: public IPs are random (never loopback/private/documentation, last
octet 1..254), names/logins are combined from invented lists, PESEL/EGN are
valid by checksum.

Deterministic: `python3 generate.py` always writes the same bytes (stdlib only).
"""
import argparse
import calendar
import json
import os
import re
import random
import string
from datetime import datetime, timedelta

SEED = 20250311
HERE = os.path.dirname(os.path.abspath(__file__))

MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

# --------------------------------------------------------------------------
# planted-value markers: \x01kind\x02value\x03 inside a rendered line
# --------------------------------------------------------------------------
MARK = re.compile("\x01([a-z_]+)\x02([^\x03]*)\x03")


def P(kind, value):
    return f"\x01{kind}\x02{value}\x03"


def IP(v):
    return P("ip", v)


def LG(v):
    return P("login", v)


def NM(v):
    return P("name", v)


def EM(v):
    return P("email", v)


def PH(v):
    return P("phone", v)


# --------------------------------------------------------------------------
# synthetic personal values
# --------------------------------------------------------------------------
FIRST = ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Beata", "Piotr", "Tomasz",
         "Krzysztof", "Pawel", "Michal", "Lukasz", "Jakub", "Wojciech", "Georgi", "Dimitar",
         "Nikolay", "Stoyan", "Tsvetan", "Elena", "Desislava", "Svetlana", "Radostina", "Yordanka",
         "Oliver", "Harriet", "Imogen", "Rupert", "Thea", "Lars", "Ingrid", "Matteo", "Lucia",
         "Hugo", "Chloe", "Ewald", "Miriam", "Ondrej", "Zuzana", "Teodora"]
LAST = ["Kowalska", "Nowakowski", "Wisniewska", "Wojcik", "Kaminska", "Lewandowski", "Zielinska",
        "Szymanski", "Dabrowska", "Kozlowski", "Jankowska", "Mazurek", "Krawczyk", "Petrov",
        "Ivanova", "Dimitrov", "Georgieva", "Todorov", "Stoyanova", "Nikolov", "Hristova",
        "Angelov", "Bennett", "Whitfield", "Ashworth", "Pemberton", "Lindqvist", "Moretti",
        "Castellano", "Fontaine", "Brennan", "Okafor", "Hruskova", "Novotny", "Kessler", "Vasquez"]
FIRST_DIA = ["Paweł", "Łukasz", "Małgorzata", "Michał", "Bożena", "Grażyna", "Zdzisław"]
LAST_DIA = ["Wiśniewska", "Wójcik", "Kamińska", "Dąbrowski", "Kozłowska", "Zieliński", "Krzyżanowski"]
ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def full_name(r, dia=False):
    if dia and r.random() < 0.5:
        return f"{r.choice(FIRST_DIA)} {r.choice(LAST_DIA)}"
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def login(r):
    f, l = r.choice(FIRST).lower(), r.choice(LAST).lower()
    style = r.random()
    if style < 0.45:
        s = f[0] + l
    elif style < 0.65:
        s = f[0] + l + str(r.randint(1, 99))
    elif style < 0.85:
        s = f + "." + l
    else:
        s = f[:3] + l[:4] + str(r.randint(10, 99))
    return s


def email(r, name=None):
    name = name or full_name(r)
    f, l = name.translate(ASCII).lower().split(" ", 1)
    dom = r.choice(["example.com", "example.org", "example.net", "mail.example.com",
                    "post.example.org", "customers.example.net"])
    local = r.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}{r.randint(1, 99)}", f"{l}.{f[0]}"])
    return f"{local}@{dom}"


def pub_ip(r):
    while True:
        a, b, c, d = r.randint(1, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)
        if a in (10, 127):
            continue
        if (a == 100 and 64 <= b <= 127) or (a == 169 and b == 254) or (a == 172 and 16 <= b <= 31):
            continue
        if a == 192 and (b == 168 or (b == 0 and c in (0, 2)) or (b == 88 and c == 99)):
            continue
        if (a == 198 and b in (18, 19)) or (a == 198 and b == 51 and c == 100) or (a == 203 and b == 0 and c == 113):
            continue
        return f"{a}.{b}.{c}.{d}"


def pesel(r):
    while True:
        y = r.randint(1945, 2007)
        m = r.randint(1, 12)
        d = r.randint(1, calendar.monthrange(y, m)[1])
        mm = m + (20 if y >= 2000 else 0)
        body = f"{y % 100:02d}{mm:02d}{d:02d}{r.randint(0, 9999):04d}"
        w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
        s = sum(int(c) * w[i] for i, c in enumerate(body))
        return body + str((10 - s % 10) % 10)


def egn(r):
    y = r.randint(1945, 2007)
    m = r.randint(1, 12)
    d = r.randint(1, calendar.monthrange(y, m)[1])
    mm = m + (40 if y >= 2000 else 0)
    body = f"{y % 100:02d}{mm:02d}{d:02d}{r.randint(0, 999):03d}"
    w = [2, 4, 8, 5, 10, 9, 7, 3, 6]
    c = sum(int(ch) * w[i] for i, ch in enumerate(body)) % 11
    return body + str(0 if c == 10 else c)


def phone(r):
    k = r.random()
    if k < 0.4:
        return f"+48 {r.choice('5678')}{r.randint(0, 99):02d} {r.randint(0, 999):03d} {r.randint(0, 999):03d}"
    if k < 0.6:
        return f"+48{r.choice('5678')}{r.randint(0, 99999999):08d}"
    if k < 0.8:
        return f"+359 {r.choice(['87', '88', '89'])} {r.randint(100, 999)} {r.randint(0, 9999):04d}"
    if k < 0.9:
        return f"+44 7700 900{r.randint(0, 999):03d}"
    return f"+1 202-555-01{r.randint(0, 99):02d}"


# --------------------------------------------------------------------------
# non-personal values (must be kept)
# --------------------------------------------------------------------------
def priv_ip(r):
    k = r.random()
    if k < 0.5:
        return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    if k < 0.75:
        return f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    return f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}"


def doc_ip(r):
    return f"{r.choice(['192.0.2', '198.51.100', '203.0.113'])}.{r.randint(1, 254)}"


def keep_ip(r):
    k = r.random()
    if k < 0.15:
        return "127.0.0.1"
    if k < 0.2:
        return "0.0.0.0"
    if k < 0.3:
        return doc_ip(r)
    return priv_ip(r)


def net_number(r):
    return r.choice([f"10.{r.randint(0, 255)}.0.0", f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.0",
                     f"172.{r.randint(16, 31)}.0.0", f"192.168.{r.randint(0, 255)}.0", "10.128.0.0",
                     "10.0.0.0", "169.254.0.0"])


def hexs(r, n, upper=False):
    s = "".join(r.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def guid(r, upper=False):
    s = f"{hexs(r, 8)}-{hexs(r, 4)}-4{hexs(r, 3)}-{r.choice('89ab')}{hexs(r, 3)}-{hexs(r, 12)}"
    return s.upper() if upper else s


def mac(r, sep=":", upper=False):
    b = [r.randint(0, 255) for _ in range(6)]
    b[0] = (b[0] | 2) & 0xFE  # locally administered, unicast
    s = sep.join(f"{x:02x}" for x in b)
    return s.upper() if upper else s


def port(r):
    return r.randint(1025, 65535)


def word_id(r, n=10):
    return "".join(r.choice(string.ascii_letters + string.digits) for _ in range(n))


UA = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.95 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.6167.164 Mobile Safari/537.36",
    "curl/7.68.0", "curl/8.5.0", "kube-probe/1.27", "Prometheus/2.45.0", "ELB-HealthChecker/2.0",
    "Go-http-client/1.1", "python-requests/2.31.0", "Apache-HttpClient/4.5.13 (Java/11.0.21)",
    "Zabbix 6.0.25", "check_http/v2.3.3 (nagios-plugins 2.3.3)", "Wget/1.21.2",
]


class Clock:
    def __init__(self, r, start, avg_step):
        self.r, self.t, self.avg = r, start, avg_step

    def tick(self):
        self.t += timedelta(seconds=self.r.expovariate(1.0 / self.avg),
                            microseconds=self.r.randint(0, 999999))
        return self.t


def syslog_ts(t):
    return f"{MON[t.month - 1]} {t.day:2d} {t:%H:%M:%S}"


def ctime(t, pad_day=False):
    day = f"{t.day:02d}" if pad_day else f"{t.day:2d}"
    return f"{WD[t.weekday()]} {MON[t.month - 1]} {day} {t:%H:%M:%S} {t.year}"


def epoch(t):
    return int((t - datetime(1970, 1, 1)).total_seconds())


def ms(t, n=3):
    return f"{t.microsecond:06d}"[:n]


def pick(r, weighted):
    """weighted: list of (weight, fn)"""
    tot = sum(w for w, _ in weighted)
    x = r.random() * tot
    for w, fn in weighted:
        x -= w
        if x <= 0:
            return fn
    return weighted[-1][1]


def render(marked):
    """marked line -> (clean text, [(start, end, kind, value), ...])"""
    out, spans, pos, last = [], [], 0, 0
    for m in MARK.finditer(marked):
        out.append(marked[last:m.start()])
        pos += m.start() - last
        kind, value = m.group(1), m.group(2)
        spans.append((pos, pos + len(value), kind, value))
        out.append(value)
        pos += len(value)
        last = m.end()
    out.append(marked[last:])
    return "".join(out), spans


def line_ok(marked):
    text, spans = render(marked)
    if "\n" in text or "\r" in text or any(c in text for c in "\x01\x02\x03"):
        return False
    for v in {sp[3] for sp in spans}:
        # a planted value must occur only where it was planted (no accidental
        # copies inside keep tokens or inside another planted value)
        if text.count(v) != sum(1 for sp in spans if sp[3] == v):
            return False
    return True


def drive(r, n, rate, keep, plant):
    out = []
    while len(out) < n:
        fn = pick(r, plant) if (plant and r.random() < rate) else pick(r, keep)
        res = fn()
        res = [res] if isinstance(res, str) else res
        if all(line_ok(x) for x in res):
            out.extend(res)
    return out


# ==========================================================================
# 1. Linux syslog with sshd, pam, cron, systemd, kernel, dhclient, ftpd ...
# ==========================================================================
def gen_syslog_sshd(r, n, rate):
    ck = Clock(r, datetime(2025, 3, 9, 6, 25, 1), 5200)
    hosts = ["LabSZ", "combo", "web-03", "bastion01", "ip-10-0-4-17", "db-replica-2"]
    state = {"host": "LabSZ"}

    def H():
        t = ck.tick()
        if r.random() < 0.03:
            state["host"] = r.choice(hosts)
        return f"{syslog_ts(t)} {state['host']}"

    pid = lambda: r.randint(300, 32000)
    ssh_fp = lambda: "SHA256:" + "".join(r.choice(string.ascii_letters + string.digits + "+/") for _ in range(43))
    keep = [
        (6, lambda: f"{H()} sshd[{pid()}]: Connection closed by {keep_ip(r)} port {port(r)} [preauth]"),
        (3, lambda: f"{H()} sshd[{pid()}]: Received disconnect from 127.0.0.1 port {port(r)}:11: disconnected by user"),
        (2, lambda: f"{H()} sshd[{pid()}]: Server listening on 0.0.0.0 port 22."),
        (2, lambda: f"{H()} sshd[{pid()}]: Server listening on :: port 22."),
        (4, lambda: f"{H()} sshd[{pid()}]: pam_unix(sshd:session): session opened for user root by (uid=0)"),
        (4, lambda: f"{H()} sshd[{pid()}]: pam_unix(sshd:session): session closed for user root"),
        (3, lambda: f"{H()} sshd[{pid()}]: Did not receive identification string from {priv_ip(r)}"),
        (2, lambda: f"{H()} sshd[{pid()}]: error: kex_exchange_identification: Connection closed by remote host"),
        (2, lambda: f"{H()} sshd[{pid()}]: Disconnected from authenticating user root {doc_ip(r)} port {port(r)} [preauth]"),
        (2, lambda: f"{H()} sshd[{pid()}]: Accepted publickey for root from {priv_ip(r)} port {port(r)} ssh2: ED25519 {ssh_fp()}"),
        (2, lambda: f"{H()} sshd[{pid()}]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={doc_ip(r)}  user=root"),
        (5, lambda: f"{H()} CRON[{pid()}]: pam_unix(cron:session): session opened for user root by (uid=0)"),
        (5, lambda: f"{H()} CRON[{pid()}]: pam_unix(cron:session): session closed for user root"),
        (3, lambda: f"{H()} CRON[{pid()}]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)"),
        (2, lambda: f"{H()} CRON[{pid()}]: (www-data) CMD (php /var/www/html/cron.php > /dev/null 2>&1)"),
        (3, lambda: f"{H()} systemd[1]: Started Session {r.randint(1, 9999)} of user root."),
        (2, lambda: f"{H()} systemd[1]: Starting Daily apt upgrade and clean activities..."),
        (2, lambda: f"{H()} systemd[1]: Started hello.service - Hello Service."),
        (2, lambda: f"{H()} systemd[1]: Started welcome-screen.service - Welcome Screen."),
        (1, lambda: f"{H()} systemd[1]: logrotate.service: Succeeded."),
        (1, lambda: f"{H()} systemd[1]: Finished Grace Period Cleanup."),
        (2, lambda: f"{H()} systemd-logind[{pid()}]: New session {r.randint(1, 9999)} of user root."),
        (2, lambda: f"{H()} systemd-logind[{pid()}]: Removed session {r.randint(1, 9999)}."),
        (3, lambda: f"{H()} kernel: [{r.randint(1, 9999999):7d}.{r.randint(0, 999999):06d}] e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx"),
        (2, lambda: f"{H()} kernel: [{r.randint(1, 9999999):7d}.{r.randint(0, 999999):06d}] IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready"),
        (2, lambda: f"{H()} kernel: [{r.randint(1, 9999999):7d}.{r.randint(0, 999999):06d}] [UFW BLOCK] IN=eth0 OUT= MAC={mac(r)}:{mac(r)}:08:00 SRC={priv_ip(r)} DST={priv_ip(r)} LEN=40 TOS=0x00 PREC=0x00 TTL=244 ID={r.randint(1, 65535)} PROTO=TCP SPT={port(r)} DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0"),
        (2, lambda: f"{H()} kernel: [{r.randint(1, 9999999):7d}.{r.randint(0, 999999):06d}] Out of memory: Killed process {pid()} (java) total-vm:{r.randint(10**6, 10**7)}kB, anon-rss:{r.randint(10**5, 10**6)}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:{r.randint(1000, 9999)}kB oom_score_adj:0"),
        (3, lambda: f"{H()} dhclient[{pid()}]: DHCPACK of {(lambda a: a)(priv_ip(r))} from {priv_ip(r)}"),
        (2, lambda: f"{H()} dhclient[{pid()}]: bound to {priv_ip(r)} -- renewal in {r.randint(600, 43200)} seconds."),
        (2, lambda: f"{H()} ntpd[{pid()}]: synchronized to {priv_ip(r)}, stratum {r.randint(1, 4)}"),
        (1, lambda: f"{H()} ntpd[{pid()}]: Listen normally on 2 lo 127.0.0.1:123"),
        (1, lambda: f"{H()} ntpd[{pid()}]: Listen normally on 3 lo [::1]:123"),
        (1, lambda: f"{H()} ntpd[{pid()}]: Listen and drop on 0 v6wildcard [::]:123"),
        (1, lambda: f"{H()} ntpd[{pid()}]: Listen normally on 4 eth0 [fe80::1%2]:123"),
        (2, lambda: f"{H()} rsyslogd: [origin software=\"rsyslogd\" swVersion=\"8.2001.0\" x-pid=\"{pid()}\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed"),
        (2, lambda: (lambda h: f"{h} ftpd[{pid()}]: connection from {priv_ip(r)} () at {ctime(ck.t)}")(H())),
        (2, lambda: f"{H()} wpa_supplicant[{pid()}]: wlan0: CTRL-EVENT-SCAN-RESULTS"),
        (2, lambda: f"{H()} wpa_supplicant[{pid()}]: wlan0: SME: Trying to authenticate with {mac(r)} (SSID='corp-wifi' freq={r.choice([2412, 2437, 2462, 5180, 5200, 5240])} MHz)"),
        (1, lambda: f"{H()} wpa_supplicant[{pid()}]: wlan0: scan channels 1 6 11 36 40 44 48"),
        (1, lambda: f"{H()} wpa_supplicant[{pid()}]: wlan0: freq_list 2412 2437 2462 5180 5200 5220 5240"),
        (2, lambda: f"{H()} avahi-daemon[{pid()}]: Registering new address record for {priv_ip(r)} on eth0.IPv4."),
        (1, lambda: f"{H()} avahi-daemon[{pid()}]: Joining mDNS multicast group on interface eth0.IPv4 with address {priv_ip(r)}."),
        (1, lambda: f"{H()} avahi-daemon[{pid()}]: Registering new address record for fe80::{hexs(r, 4)}:{hexs(r, 4)}:fe{hexs(r, 2)}:{hexs(r, 4)} on eth0.*."),
        (2, lambda: (lambda h: f"{h} NetworkManager[{pid()}]: <info>  [{epoch(ck.t)}.{ms(ck.t, 4)}] dhcp4 (eth0): address {priv_ip(r)}")(H())),
        (1, lambda: (lambda h: f"{h} NetworkManager[{pid()}]: <info>  [{epoch(ck.t)}.{ms(ck.t, 4)}] dhcp4 (eth0): plen 24 (255.255.255.0)")(H())),
        (1, lambda: (lambda h: f"{h} NetworkManager[{pid()}]: <info>  [{epoch(ck.t)}.{ms(ck.t, 4)}] dhcp4 (eth0): nameserver '127.0.0.53'")(H())),
        (1, lambda: f"{H()} sudo: pam_unix(sudo:session): session closed for user root"),
        (1, lambda: f"{H()} snapd[{pid()}]: storehelpers.go:{r.randint(100, 999)}: cannot refresh: snap has no updates available: \"core20\", \"lxd\""),
        (1, lambda: f"{H()} named[{pid()}]: client @0x7f{hexs(r, 10)} 127.0.0.1#{port(r)} (version.bind): query (cache) 'version.bind/TXT/CH' denied"),
    ]
    plant = [
        (6, lambda: f"{H()} sshd[{pid()}]: Invalid user {LG(login(r))} from {IP(pub_ip(r))} port {port(r)}"),
        (3, lambda: f"{H()} sshd[{pid()}]: Invalid user {LG(login(r))} from {IP(pub_ip(r))}"),
        (3, lambda: f"{H()} sshd[{pid()}]: input_userauth_request: invalid user {LG(login(r))} [preauth]"),
        (4, lambda: f"{H()} sshd[{pid()}]: Failed password for invalid user {LG(login(r))} from {IP(pub_ip(r))} port {port(r)} ssh2"),
        (5, lambda: f"{H()} sshd[{pid()}]: Failed password for root from {IP(pub_ip(r))} port {port(r)} ssh2"),
        (4, lambda: f"{H()} sshd[{pid()}]: Accepted password for {LG(login(r))} from {IP(pub_ip(r))} port {port(r)} ssh2"),
        (2, lambda: f"{H()} sshd[{pid()}]: Accepted publickey for {LG(login(r))} from {priv_ip(r)} port {port(r)} ssh2: RSA {ssh_fp()}"),
        (4, lambda: f"{H()} sshd[{pid()}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={IP(pub_ip(r))}  user={LG(login(r))}"),
        (3, lambda: f"{H()} sshd[{pid()}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={IP(pub_ip(r))}"),
        (2, lambda: f"{H()} sshd[{pid()}]: pam_unix(sshd:session): session opened for user {LG(login(r))} by (uid=0)"),
        (2, lambda: f"{H()} sshd[{pid()}]: Received disconnect from {IP(pub_ip(r))} port {port(r)}:11: Bye Bye [preauth]"),
        (2, lambda: f"{H()} sshd[{pid()}]: reverse mapping checking getaddrinfo for scanner.example.net [{IP(pub_ip(r))}] failed - POSSIBLE BREAK-IN ATTEMPT!"),
        (2, lambda: (lambda u: f"{H()} sudo: {LG(u)} : TTY=pts/{r.randint(0, 9)} ; PWD=/home/{LG(u)} ; USER=root ; COMMAND=/usr/bin/apt update")(login(r))),
        (2, lambda: (lambda h, ip: f"{h} ftpd[{pid()}]: connection from {IP(ip)} () at {ctime(ck.t)}")(H(), pub_ip(r))),
        (1, lambda: f"{H()} systemd-logind[{pid()}]: New session {r.randint(1, 9999)} of user {LG(login(r))}."),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# 2. Apache access (combined), 3. Apache error (2.4), 4. nginx error, 5. IIS
# ==========================================================================
PATHS = ["/", "/index.html", "/favicon.ico", "/robots.txt", "/healthz", "/server-status?auto",
         "/static/js/app.3f9a1c2b.js", "/static/css/main.8e21d0aa.css", "/images/logo@2x.png",
         "/api/v1/orders/{n}", "/api/v1/orders?page={p}&size=50&sort=createdAt,desc",
         "/api/v2/products/{n}/reviews", "/assets/fonts/roboto-v30-latin-regular.woff2",
         "/wp-login.php", "/.env", "/cgi-bin/luci/;stok=/locale", "/metrics", "/login",
         "/download/setup-6.1.7601.23505.exe", "/docs/v1.2.3.4/index.html", "/js/jquery-3.6.0.min.js?v=2.4.41.1",
         "/status?full&json", "/api/v1/health?probe=liveness", "/search?q=hello+service&lang=en",
         "/en/welcome-screen", "/checkout/step/2", "/graphql", "/api/v1/sessions/{g}"]


def url(r):
    return (r.choice(PATHS).replace("{n}", str(r.randint(1, 99999))).replace("{p}", str(r.randint(1, 40)))
            .replace("{g}", guid(r)))


def clf_ts(t, tz="+0100"):
    return f"[{t.day:02d}/{MON[t.month - 1]}/{t.year}:{t:%H:%M:%S} {tz}]"


def gen_apache_access(r, n, rate):
    ck = Clock(r, datetime(2025, 4, 26, 0, 0, 3), 9000)
    methods = ["GET"] * 8 + ["POST", "HEAD", "PUT", "DELETE", "OPTIONS"]
    refs = ["-", "-", "https://www.example.com/", "https://shop.example.org/checkout/step/1",
            "http://localhost:8080/", "https://www.example.com/en/welcome-screen"]

    def req(client, user="-"):
        t = ck.tick()
        st = r.choice([200] * 10 + [301, 302, 304, 304, 400, 401, 403, 404, 404, 500, 502, 503])
        size = "-" if st in (304,) else str(r.randint(0, 250000))
        proto = r.choice(["HTTP/1.1"] * 5 + ["HTTP/2.0", "HTTP/1.0"])
        return (f"{client} - {user} {clf_ts(t)} \"{r.choice(methods)} {url(r)} {proto}\" {st} {size} "
                f"\"{r.choice(refs)}\" \"{r.choice(UA)}\"")

    keep = [
        (10, lambda: req(r.choice(["127.0.0.1", "::1"]))),
        (25, lambda: req(priv_ip(r))),
        (6, lambda: req(doc_ip(r))),
        (1, lambda: (lambda t: f"127.0.0.1 - - {clf_ts(t)} \"GET /server-status?auto HTTP/1.1\" 200 {r.randint(400, 900)} \"-\" \"Apache/2.4.41 (Ubuntu) (internal dummy connection)\"")(ck.tick())),
        (1, lambda: (lambda t: f"::1 - - {clf_ts(t)} \"OPTIONS * HTTP/1.0\" 200 126 \"-\" \"Apache/2.4.57 (Debian) OpenSSL/3.0.11 (internal dummy connection)\"")(ck.tick())),
        (1, lambda: (lambda t: f"{priv_ip(r)} - - {clf_ts(t)} \"\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xfc\\x03\\x03\" 400 226 \"-\" \"-\"")(ck.tick())),
    ]
    plant = [
        (10, lambda: req(IP(pub_ip(r)))),
        (3, lambda: req(IP(pub_ip(r)), LG(login(r)))),
        (2, lambda: req(priv_ip(r), LG(login(r)))),
        (2, lambda: (lambda t: f"{priv_ip(r)} - - {clf_ts(t)} \"GET /~{LG(login(r))}/cv.pdf HTTP/1.1\" 200 {r.randint(1000, 90000)} \"-\" \"{r.choice(UA)}\"")(ck.tick())),
        (2, lambda: (lambda t: f"{IP(pub_ip(r))} - - {clf_ts(t)} \"GET /api/v1/users/{LG(login(r))}/avatar.png HTTP/1.1\" 200 {r.randint(1000, 90000)} \"-\" \"{r.choice(UA)}\"")(ck.tick())),
    ]
    return drive(r, n, rate, keep, plant)


def ap24_ts(t):
    return f"[{WD[t.weekday()]} {MON[t.month - 1]} {t.day:02d} {t:%H:%M:%S}.{t.microsecond:06d} {t.year}]"


def gen_apache_error(r, n, rate):
    ck = Clock(r, datetime(2025, 5, 30, 6, 25, 1), 4800)
    mainpid = [r.randint(500, 3000)]

    def hdr(mod, lvl, client=None):
        t = ck.tick()
        s = f"{ap24_ts(t)} [{mod}:{lvl}] [pid {r.randint(1000, 40000)}:tid {r.randint(139_000_000_000_000, 140_999_999_999_999)}]"
        if client:
            s += f" [client {client}:{port(r)}]"
        return s

    def mhdr(mod, lvl):
        t = ck.tick()
        return f"{ap24_ts(t)} [{mod}:{lvl}] [pid {mainpid[0]}:tid {r.randint(139_000_000_000_000, 140_999_999_999_999)}]"

    docroots = ["/var/www/html", "/srv/www/shop", "/usr/share/apache2/default-site"]
    keep = [
        (8, lambda: f"{hdr('core', 'error', keep_ip(r))} AH00128: File does not exist: {r.choice(docroots)}/favicon.ico"),
        (4, lambda: f"{hdr('core', 'info', priv_ip(r))} AH00128: File does not exist: {r.choice(docroots)}/wp-login.php"),
        (3, lambda: f"{hdr('authz_core', 'error', priv_ip(r))} AH01630: client denied by server configuration: /var/www/html/server-status"),
        (3, lambda: f"{mhdr('mpm_event', 'notice')} AH00489: Apache/2.4.41 (Ubuntu) OpenSSL/1.1.1f configured -- resuming normal operations"),
        (2, lambda: f"{mhdr('mpm_prefork', 'notice')} AH00163: Apache/2.4.57 (Debian) OpenSSL/3.0.11 mod_wsgi/4.9.4 Python/3.11 configured -- resuming normal operations"),
        (3, lambda: f"{mhdr('core', 'notice')} AH00094: Command line: '/usr/sbin/apache2'"),
        (2, lambda: f"{mhdr('mpm_event', 'notice')} AH00492: caught SIGWINCH, shutting down gracefully"),
        (2, lambda: f"{mhdr('mpm_event', 'notice')} AH00493: SIGUSR1 received.  Doing graceful restart"),
        (2, lambda: f"{mhdr('core', 'warn')} AH00098: pid file /var/run/apache2/apache2.pid overwritten -- Unclean shutdown of previous Apache run?"),
        (2, lambda: f"AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 127.0.1.1. Set the 'ServerName' directive globally to suppress this message"),
        (2, lambda: f"{hdr('ssl', 'warn')} AH01909: www.example.com:443:0 server certificate does NOT include an ID which matches the server name"),
        (3, lambda: f"{hdr('proxy', 'error', priv_ip(r))} (111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:{r.choice([8080, 8000, 9000, 3000])} (localhost) failed"),
        (3, lambda: f"{hdr('proxy_http', 'error', priv_ip(r))} (70007)The timeout specified has expired: AH01102: error reading status line from remote server 127.0.0.1:8080, referer: https://www.example.com/"),
        (2, lambda: f"{hdr('proxy', 'error', priv_ip(r))} AH00959: ap_proxy_connect_backend disabling worker for (localhost) for {r.choice([30, 60])}s"),
        (3, lambda: f"{hdr('php7', 'error', priv_ip(r))} PHP Fatal error:  Uncaught Error: Call to undefined function mysql_connect() in /var/www/html/legacy/db.php:{r.randint(5, 300)}"),
        (3, lambda: f"{hdr('php', 'warn', priv_ip(r))} PHP Warning:  Undefined array key \"page\" in /var/www/html/index.php on line {r.randint(5, 300)}, referer: http://localhost/"),
        (2, lambda: f"{hdr('cgi', 'error', priv_ip(r))} AH01215: (2)No such file or directory: exec of '/usr/lib/cgi-bin/status.sh' failed: /usr/lib/cgi-bin/status.sh"),
        (2, lambda: f"{hdr('core', 'error', priv_ip(r))} AH00126: Invalid URI in request GET /..%2f..%2fetc/passwd HTTP/1.1"),
        (2, lambda: f"{hdr('reqtimeout', 'info', doc_ip(r))} AH01382: Request header read timeout"),
        (2, lambda: f"{hdr('ssl', 'info', priv_ip(r))} AH02008: SSL library error 1 in handshake (server www.example.com:443)"),
        (1, lambda: f"{hdr('ssl', 'info')} SSL Library Error: error:0A000126:SSL routines::unexpected eof while reading"),
        (2, lambda: f"{hdr('mpm_event', 'error')} AH00485: scoreboard is full, not at MaxRequestWorkers"),
        (2, lambda: f"{hdr('negotiation', 'error', priv_ip(r))} AH00687: Negotiation: discovered file(s) matching request: /var/www/html/index (None could be negotiated)."),
        (1, lambda: f"{hdr('rewrite', 'trace2', priv_ip(r))} init rewrite engine with requested uri /en/welcome-screen"),
        (1, lambda: f"{hdr('wsgi', 'error')} mod_wsgi (pid={r.randint(1000, 40000)}): Initializing Python."),
        (1, lambda: f"{hdr('wsgi', 'error', priv_ip(r))} Hello Service ready, version 3.2.1.0, build 4410"),
        (1, lambda: f"{hdr('core', 'notice')} AH00052: child pid {r.randint(1000, 40000)} exit signal Segmentation fault (11)"),
        (1, lambda: f"{hdr('core', 'notice')} AH00051: child pid {r.randint(1000, 40000)} exit signal Aborted (6), possible coredump in /etc/apache2"),
    ]
    plant = [
        (8, lambda: f"{hdr('core', 'error', IP(pub_ip(r)))} AH00128: File does not exist: {r.choice(docroots)}/{r.choice(['.env', 'wp-login.php', 'phpmyadmin', 'xmlrpc.php', '.git/config'])}"),
        (3, lambda: f"{hdr('authz_core', 'error', IP(pub_ip(r)))} AH01630: client denied by server configuration: /var/www/html/server-status"),
        (3, lambda: (lambda u: f"{hdr('authz_core', 'error', priv_ip(r))} AH01630: client denied by server configuration: /home/{LG(u)}/public_html/.htpasswd")(login(r))),
        (3, lambda: f"{hdr('auth_basic', 'error', priv_ip(r))} AH01617: user {LG(login(r))}: authentication failure for \"/private\": Password Mismatch"),
        (2, lambda: f"{hdr('auth_basic', 'error', IP(pub_ip(r)))} AH01618: user {LG(login(r))} not found: /admin"),
        (2, lambda: f"{hdr('php7', 'error', priv_ip(r))} PHP Warning:  include(/home/{LG(login(r))}/public_html/config.inc.php): failed to open stream: Permission denied in /var/www/html/index.php on line {r.randint(5, 300)}"),
        (2, lambda: f"{hdr('core', 'error', IP(pub_ip(r)))} AH00126: Invalid URI in request GET /cgi-bin/.%2e/.%2e/.%2e/bin/sh HTTP/1.1"),
        (2, lambda: f"{hdr('ssl', 'info', IP(pub_ip(r)))} AH01964: Connection to child {r.randint(0, 300)} established (server www.example.com:443)"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_nginx_error(r, n, rate):
    ck = Clock(r, datetime(2025, 6, 28, 0, 0, 1), 4700)
    master = [r.randint(100, 2000)]

    def h(lvl):
        t = ck.tick()
        w = r.randint(master[0] + 1, master[0] + 40)
        return f"{t:%Y/%m/%d %H:%M:%S} [{lvl}] {w}#{w}: *{r.randint(1, 9999999)}"

    def mh(lvl):
        t = ck.tick()
        return f"{t:%Y/%m/%d %H:%M:%S} [{lvl}] {master[0]}#{master[0]}:"

    servers = ["localhost", "_", "www.example.com", "api.example.internal", "shop.example.org"]

    def tail(client, req=None):
        req = req or f"{r.choice(['GET', 'POST', 'HEAD'])} {url(r)} HTTP/1.1"
        s = f", client: {client}, server: {r.choice(servers)}, request: \"{req}\""
        if r.random() < 0.5:
            s += f", upstream: \"http://127.0.0.1:{r.choice([8080, 8000, 3000, 9000])}{url(r)}\""
        s += f", host: \"{r.choice(['www.example.com', 'localhost', '10.0.4.17', 'api.example.internal:8443'])}\""
        if r.random() < 0.3:
            s += ", referrer: \"https://www.example.com/en/welcome-screen\""
        return s

    keep = [
        (8, lambda: f"{h('error')} open() \"/usr/share/nginx/html/favicon.ico\" failed (2: No such file or directory){tail(keep_ip(r), 'GET /favicon.ico HTTP/1.1')}"),
        (6, lambda: f"{h('error')} upstream timed out (110: Connection timed out) while reading response header from upstream{tail(priv_ip(r))}"),
        (5, lambda: f"{h('error')} connect() failed (111: Connection refused) while connecting to upstream{tail(priv_ip(r))}"),
        (3, lambda: f"{h('warn')} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/{r.randint(1, 9)}/{r.randint(10, 99)}/{r.randint(10**9, 10**10 - 1)} while reading upstream{tail(priv_ip(r))}"),
        (3, lambda: f"{h('error')} recv() failed (104: Connection reset by peer) while reading response header from upstream{tail(priv_ip(r))}"),
        (3, lambda: f"{h('info')} client {priv_ip(r)} closed keepalive connection"),
        (2, lambda: f"{h('info')} client closed connection while waiting for request, client: {doc_ip(r)}, server: 0.0.0.0:443"),
        (2, lambda: f"{h('crit')} SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: {priv_ip(r)}, server: 0.0.0.0:443"),
        (2, lambda: f"{h('error')} limiting requests, excess: {r.randint(1, 50)}.{r.randint(0, 999):03d} by zone \"api\"{tail(priv_ip(r))}"),
        (2, lambda: f"{h('warn')} a client request body is buffered to a temporary file /var/cache/nginx/client_temp/{r.randint(10**9, 10**10 - 1)}{tail(priv_ip(r))}"),
        (2, lambda: f"{h('error')} directory index of \"/usr/share/nginx/html/static/\" is forbidden{tail('127.0.0.1', 'GET /static/ HTTP/1.1')}"),
        (3, lambda: f"{mh('notice')} using the \"epoll\" event method"),
        (3, lambda: f"{mh('notice')} nginx/1.18.0 (Ubuntu)"),
        (2, lambda: f"{mh('notice')} nginx/1.25.3"),
        (2, lambda: f"{mh('notice')} built by gcc 12.2.0 (Debian 12.2.0-14)"),
        (2, lambda: f"{mh('notice')} OS: Linux 6.1.0-18-amd64"),
        (2, lambda: f"{mh('notice')} getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
        (3, lambda: f"{mh('notice')} start worker processes"),
        (4, lambda: f"{mh('notice')} start worker process {r.randint(master[0] + 1, master[0] + 40)}"),
        (2, lambda: f"{mh('notice')} signal 1 (SIGHUP) received from {r.randint(1000, 40000)}, reconfiguring"),
        (2, lambda: f"{mh('notice')} signal 17 (SIGCHLD) received from {r.randint(1000, 40000)}"),
        (1, lambda: f"{mh('notice')} worker process {r.randint(1000, 40000)} exited with code 0"),
        (1, lambda: f"{mh('emerg')} bind() to 0.0.0.0:80 failed (98: Address already in use)"),
        (1, lambda: f"{mh('emerg')} bind() to [::]:443 failed (98: Address already in use)"),
        (1, lambda: f"{mh('warn')} conflicting server name \"localhost\" on 0.0.0.0:80, ignored"),
        (1, lambda: f"{mh('warn')} \"ssl_stapling\" ignored, issuer certificate not found for certificate \"/etc/ssl/certs/www.example.com.pem\""),
        (1, lambda: f"{mh('alert')} *{r.randint(1, 999999)} 1024 worker_connections are not enough while connecting to upstream"),
    ]
    plant = [
        (8, lambda: f"{h('error')} open() \"/usr/share/nginx/html/{r.choice(['.env', 'wp-login.php', 'phpmyadmin/index.php', 'config.json'])}\" failed (2: No such file or directory){tail(IP(pub_ip(r)))}"),
        (4, lambda: f"{h('error')} upstream timed out (110: Connection timed out) while reading response header from upstream{tail(IP(pub_ip(r)))}"),
        (3, lambda: f"{h('info')} client {IP(pub_ip(r))} closed keepalive connection"),
        (2, lambda: f"{h('error')} user \"{LG(login(r))}\" was not found in \"/etc/nginx/.htpasswd\"{tail(priv_ip(r), 'GET /admin/ HTTP/1.1')}"),
        (2, lambda: f"{h('error')} user \"{LG(login(r))}\": password mismatch{tail(IP(pub_ip(r)), 'GET /private/ HTTP/1.1')}"),
        (2, lambda: f"{h('error')} open() \"/home/{LG(login(r))}/public_html/index.html\" failed (13: Permission denied){tail(priv_ip(r))}"),
        (2, lambda: f"{h('error')} limiting requests, excess: {r.randint(1, 50)}.{r.randint(0, 999):03d} by zone \"login\"{tail(IP(pub_ip(r)), 'POST /login HTTP/1.1')}"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_iis(r, n, rate):
    ck = Clock(r, datetime(2025, 3, 3, 0, 0, 1), 4500)
    sip = "10.0.0.4"
    fields = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
              "cs(Referer) sc-status sc-substatus sc-win32-status time-taken")
    stems = ["/", "/default.aspx", "/api/health", "/api/orders", "/api/orders/{n}", "/Account/Login",
             "/Content/site.css", "/Scripts/jquery-3.6.0.min.js", "/favicon.ico", "/signalr/negotiate",
             "/ReportServer/Pages/ReportViewer.aspx", "/owa/auth/logon.aspx", "/EWS/Exchange.asmx",
             "/Autodiscover/Autodiscover.xml", "/api/v1/devices/{g}", "/bin/Contoso.Web.dll"]
    queries = ["-", "-", "-", "page=2&size=50", "v=6.1.7601.23505", "clientProtocol=2.1&connectionData=%5B%7B%22name%22%3A%22hub%22%7D%5D",
               "ReturnUrl=%2fdefault.aspx", "%2fReports%2fSales&rs:Command=Render", "ver=4.0.30319.42000", "id=1&lang=en-US"]
    state = {"day": None, "hdr": 0}
    out_hdr = []

    def head(t):
        return [f"#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                f"#Date: {t:%Y-%m-%d %H:%M:%S}", f"#Fields: {fields}"]

    def line(cip, user="-"):
        t = ck.tick()
        pre = []
        if state["day"] != t.date():
            state["day"] = t.date()
            pre = head(t)
        stem = r.choice(stems).replace("{n}", str(r.randint(1, 99999))).replace("{g}", guid(r))
        ua = r.choice(UA).replace(" ", "+")
        st = r.choice([200] * 8 + [301, 302, 304, 401, 401, 403, 404, 500])
        sub = {401: r.choice([1, 2]), 403: 14, 404: 0, 500: 19}.get(st, 0)
        win32 = {401: r.choice([5, 2148074254]), 500: 13}.get(st, 0)
        meth = r.choice(["GET"] * 6 + ["POST", "HEAD"])
        ref = r.choice(["-", "-", "https://intranet.example.com/default.aspx"])
        return pre + [f"{t:%Y-%m-%d %H:%M:%S} {sip} {meth} {stem} {r.choice(queries)} {r.choice([80, 443, 443])} {user} {cip} {ua} {ref} {st} {sub} {win32} {r.randint(0, 30000)}"]

    keep = [
        (20, lambda: line("10.0.1.5")),
        (8, lambda: line(priv_ip(r))),
        (4, lambda: line("127.0.0.1")),
        (2, lambda: line("::1")),
        (2, lambda: line(doc_ip(r))),
        (1, lambda: line("10.0.1.5", "IIS+APPPOOL\\DefaultAppPool")),
    ]
    plant = [
        (8, lambda: line(IP(pub_ip(r)))),
        (4, lambda: line(priv_ip(r), "CORP\\" + LG(login(r)))),
        (2, lambda: line(IP(pub_ip(r)), EM(email(r)))),
        (2, lambda: line(IP(pub_ip(r)), "CORP\\" + LG(login(r)))),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# 6. Windows CBS.log, 7. Windows event log as text (wevtutil qe /f:text)
# ==========================================================================
KBS = [2620704, 3123479, 2533552, 4474419, 4490628, 976902, 3020369, 3177467, 4054518, 5034169, 5031408]


def gen_windows_cbs(r, n, rate):
    ck = Clock(r, datetime(2025, 2, 24, 4, 30, 30), 1100)
    st = {"csi": 0, "session": r.randint(30546000, 30547000)}
    build = r.choice(["6.1.7601.23505", "6.1.7601.24499", "10.0.17763.5329", "10.0.19041.3996", "10.0.20348.2227"])
    arch = "amd64"

    def H(lvl="Info", src="CBS"):
        t = ck.tick() if r.random() < 0.6 else ck.t
        return f"{t:%Y-%m-%d %H:%M:%S}, {lvl:<22}{src:<7}"

    def csi(msg, stamp=True):
        st["csi"] += 1
        t = ck.t
        lt = t - timedelta(hours=8)
        seq = f"{st['csi']:08x}"
        if stamp:
            seq += f"@{lt.year}/{lt.month}/{lt.day}:{lt:%H:%M:%S}.{ms(t)}"
        return f"{H(src='CSI')}{seq} {msg}"

    def pkg():
        kb = r.choice(KBS)
        return f"Package_for_KB{kb}~31bf3856ad364e35~{arch}~~{r.choice(['6.1.1.0', '6.1.3.2', '10.0.1.8', '17763.5329.1.10'])}"

    stack = lambda: " ".join(f"@0x{hexs(r, r.choice([8, 11])).lstrip('0') or '1'}" for _ in range(6))
    keep = [
        (5, lambda: f"{H()}Loaded Servicing Stack v{build} with Core: C:\\Windows\\winsxs\\{arch}_microsoft-windows-servicingstack_31bf3856ad364e35_{build}_none_{hexs(r, 16)}\\cbscore.dll"),
        (6, lambda: f"{H()}Expecting attribute name [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]"),
        (6, lambda: f"{H()}Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]"),
        (8, lambda: f"{H()}Read out cached package applicability for package: {pkg()}, ApplicableState: {r.choice([80, 112])}, CurrentState:{r.choice([0, 112])}"),
        (6, lambda: (lambda s: f"{H()}Session: {s}_{r.randint(10**7, 4 * 10**9)} initialized by client {r.choice(['WindowsUpdateAgent', 'WindowsUpdateAgent', 'SPP', 'DISM Package Manager Provider'])}.")(st["session"])),
        (2, lambda: f"{H()}Warning: Unrecognized packageExtended attribute."),
        (2, lambda: f"{H()}Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]"),
        (2, lambda: f"{H()}SQM: Cleaning up report files older than 10 days."),
        (2, lambda: f"{H()}SQM: Failed to start standard sample upload. [HRESULT = 0x80004005 - E_FAIL]"),
        (1, lambda: f"{H()}SQM: Failed to start upload with file pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x2 [HRESULT = 0x80004005 - E_FAIL]"),
        (2, lambda: f"{H()}Reboot mark refs incremented to: {r.randint(0, 9)}"),
        (2, lambda: f"{H()}Scavenge: Starts"),
        (2, lambda: f"{H()}Scavenge: Completed, disposition: 0x{r.choice(['00000000', '00000001'])}"),
        (2, lambda: f"{H()}Starting TrustedInstaller initialization."),
        (2, lambda: f"{H()}Ending TrustedInstaller initialization."),
        (2, lambda: f"{H()}Starting the TrustedInstaller main loop."),
        (2, lambda: f"{H()}TrustedInstaller service starts successfully."),
        (2, lambda: f"{H()}No startup processing required, TrustedInstaller service was not set as autostart, or else a reboot is still pending."),
        (2, lambda: f"{H()}NonStart: Checking to ensure startup processing was not required."),
        (2, lambda: f"{H()}NonStart: Success, startup processing not required as expected."),
        (2, lambda: f"{H()}Startup processing thread terminated normally"),
        (2, lambda: f"{H()}Ending the TrustedInstaller main loop."),
        (1, lambda: f"{H()}Disabling manifest caching, because the image is not writeable."),
        (1, lambda: f"{H()}Offline image is: read-only"),
        (2, lambda: f"{H()}Exec: Processing started.  Client: WindowsUpdateAgent, Session(Stack): {st['session']}_{r.randint(10**7, 4 * 10**9)}, Package: {pkg()}, Update: {r.choice(['3123479-8_neutral_GDR', 'Hello-Service-Package', 'Welcome-Screen-Package'])}"),
        (2, lambda: f"{H()}Appl: detect Parent, Package: Microsoft-Windows-Foundation-Package~31bf3856ad364e35~{arch}~~{build}, Parent: Microsoft-Windows-Client-Features-Package~31bf3856ad364e35~{arch}~~{build}, Disposition = Detect, VersionComp: EQ, BuildComp: EQ, RevisionComp: GE, Exist: present"),
        (1, lambda: f"{H()}Failed to create backup log cab. [HRESULT = 0x80070001 - ERROR_INVALID_FUNCTION]"),
        (1, lambda: f"{H('Error')}Failed to resolve package '{pkg()}' [HRESULT = 0x800f0818 - CBS_E_IDENTITY_MISMATCH]"),
        (1, lambda: f"{H('Warning')}Unable to load the session, hr: 0x800f0826 - CBS_E_PENDING_VICTIM"),
        (1, lambda: f"{H()}Loading offline registry hive: SYSTEM, into registry key '{{bf1a281b-ad7b-4476-ac95-f47682990ce7}}C:/Windows/System32/config/SYSTEM' from path '\\\\?\\C:\\Windows\\System32\\config\\SYSTEM'."),
        (4, lambda: csi(f"WcpInitialize (wcp.dll version 0.0.0.6) called (stack {stack()})")),
        (3, lambda: csi(f"IAdvancedInstallerAwareStore_ResolvePendingTransactions (call 1) (flags = 00000004, progress = NULL, phase = 0, pdwDisposition = @0x{hexs(r, 6).lstrip('0')}", False)),
        (3, lambda: csi(f"Creating NT transaction (seq {r.randint(1, 9)}), objectname [6]\"(null)\"", False)),
        (3, lambda: csi(f"Created NT transaction (seq {r.randint(1, 9)}) result 0x00000000, handle @0x{hexs(r, 3).lstrip('0') or '4'}", False)),
        (3, lambda: csi("CSI perf trace:")),
        (2, lambda: f"CSIPERF:TXCOMMIT;{r.randint(10000, 9999999)}"),
        (3, lambda: csi(f"CSI Store {r.randint(10**6, 10**7)} (0x0000000000{hexs(r, 6)}) initialized", False)),
        (3, lambda: csi(f"CSI Transaction @0x{hexs(r, 7)} destroyed")),
        (3, lambda: csi(f"CSI Transaction @0x{hexs(r, 7)} initialized for deployment engine {{d16d444c-56d8-11d5-882d-0080c847b195}} with flags 00000002 and client id [10]\"TI5.{st['session']}_{r.randint(10**7, 4 * 10**9)}:1/\"")),
        (2, lambda: csi("PopulateComponentFamiliesKey - Begin")),
        (2, lambda: csi("PopulateComponentFamiliesKey - End")),
        (2, lambda: csi("Performing 1 operations; 1 are not lock/unlock and follow:", False)),
        (2, lambda: csi("Store coherency cookie matches last scavenge cookie, skipping scavenge.", False)),
        (2, lambda: csi(f"ICSITransaction::Commit calling IStorePendingTransaction::Apply - coldpatching=FALSE applyflags=7", False)),
        (1, lambda: csi(f"Direct SIL provider: Number of files opened: {r.randint(1, 999)}.", False)),
        (1, lambda: csi(f"Begin executing advanced installer phase 38 (0x00000026) index {r.randint(0, 99)} (sequence {r.randint(0, 999)})\n    Old component: [l:0]\"\"\n    New component: [ml:280{{140}},l:278{{139}}]\"Microsoft-Windows-Hello-Service, Culture=neutral, Version={build}, PublicKeyToken=31bf3856ad364e35, ProcessorArchitecture={arch}, versionScope=NonSxS\"\n    Install mode: install\n    Installer ID: {{81a34a10-4256-436a-89d6-794b97ca407c}}\n    Installer name: 'Generic Command Installer'", False).split("\n")),
    ]
    plant = [
        (3, lambda: (lambda u: f"{H()}Loading offline registry hive: C:\\Users\\{LG(u)}\\NTUSER.DAT, into registry key '{{bf1a281b-ad7b-4476-ac95-f47682990ce7}}C:/Users/{LG(u)}/NTUSER.DAT' from path '\\\\?\\C:\\Users\\{LG(u)}\\NTUSER.DAT'.")(login(r))),
        (2, lambda: f"{H()}Exec: Processing started.  Client: DISM Package Manager Provider, Session(Stack): {st['session']}_{r.randint(10**7, 4 * 10**9)}, Package: C:\\Users\\{LG(login(r))}\\Downloads\\windows6.1-kb{r.choice(KBS)}-x64.msu, Update: {r.choice(KBS)}"),
        (2, lambda: f"{H()}DISM Package Manager: PID={r.randint(1000, 20000)} TID={r.randint(1000, 20000)} Scratch directory set to 'C:\\Users\\{LG(login(r))}\\AppData\\Local\\Temp\\'. - CPackageManagerCLIHandler::Private_ProcessCommandLine"),
        (1, lambda: f"{H()}Failed to open file: C:\\Users\\{LG(login(r))}\\AppData\\Local\\Temp\\CBS_{hexs(r, 8, True)}.tmp [HRESULT = 0x80070002 - ERROR_FILE_NOT_FOUND]"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_windows_event(r, n, rate):
    ck = Clock(r, datetime(2025, 3, 11, 7, 58, 12), 2600)
    st = {"i": 0}
    comp = r.choice(["WS-0142", "WS-0871", "SRV-APP-03"])
    fq = f"{comp}.corp.example.com"

    def head(log, src, eid, task, lvl, opcode, kw, user="N/A", uname="N/A"):
        t = ck.tick()
        lines = [f"Event[{st['i']}]:", f"  Log Name: {log}", f"  Source: {src}",
                 f"  Date: {t:%Y-%m-%dT%H:%M:%S}.{ms(t)}", f"  Event ID: {eid}", f"  Task: {task}",
                 f"  Level: {lvl}", f"  Opcode: {opcode}", f"  Keyword: {kw}", f"  User: {user}",
                 f"  User Name: {uname}", f"  Computer: {fq}", "  Description: "]
        st["i"] += 1
        return lines

    def ev7036():
        svc = r.choice(["Windows Update", "Background Intelligent Transfer Service", "Hello Service",
                        "WinHTTP Web Proxy Auto-Discovery Service", "Windows Modules Installer", "Print Spooler",
                        "Windows Defender Antivirus Network Inspection Service", "Welcome Screen Host"])
        return head("System", "Service Control Manager", 7036, "N/A", "Information", "N/A", "Classic") + \
            [f"The {svc} service entered the {r.choice(['running', 'stopped'])} state."]

    def ev7040():
        return head("System", "Service Control Manager", 7040, "N/A", "Information", "N/A", "Classic",
                    "S-1-5-18", "NT AUTHORITY\\SYSTEM") + \
            ["The start type of the Background Intelligent Transfer Service service was changed from demand start to auto start."]

    def ev6005():
        return head("System", "EventLog", r.choice([6005, 6006]), "N/A", "Information", "N/A", "Classic") + \
            [r.choice(["The Event log service was started.", "The Event log service was stopped."])]

    def ev6013():
        return head("System", "EventLog", 6013, "N/A", "Information", "N/A", "Classic") + \
            [f"The system uptime is {r.randint(1000, 9999999)} seconds."]

    def ev1014():
        return head("System", "Microsoft-Windows-DNS-Client", 1014, "N/A", "Warning", "Info", "N/A",
                    "S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE") + \
            [f"Name resolution for the name {r.choice(['wpad.corp.example.com', 'settings-win.data.microsoft.com', 'ctldl.windowsupdate.com'])} timed out after none of the configured DNS servers responded."]

    def ev1():
        t = ck.t
        t2 = t - timedelta(seconds=r.randint(1, 90))
        lrm = "\u200e"
        return head("System", "Microsoft-Windows-Kernel-General", 1, "N/A", "Information", "Info", "Time",
                    "S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE") + \
            [f"The system time has changed to {lrm}{t:%Y}{lrm}-{lrm}{t:%m}{lrm}-{lrm}{t:%d}T{t:%H:%M:%S}.{t.microsecond:06d}000Z from {lrm}{t2:%Y}{lrm}-{lrm}{t2:%m}{lrm}-{lrm}{t2:%d}T{t2:%H:%M:%S}.{t2.microsecond:06d}000Z.",
             "", "Change Reason: System time synchronized with the hardware clock."]

    def ev1000(user_path=None):
        app = r.choice([("OUTLOOK.EXE", "16.0.17328.20142"), ("chrome.exe", "122.0.6261.95"),
                        ("Contoso.Agent.exe", "4.2.0.1"), ("HelloService.exe", "1.0.0.7")])
        mod = r.choice([("ntdll.dll", "10.0.19041.3996"), ("KERNELBASE.dll", "10.0.19041.3996"), ("clr.dll", "4.8.9181.0")])
        apath = f"C:\\Users\\{LG(user_path)}\\AppData\\Local\\Programs\\{app[0][:-4]}\\{app[0]}" if user_path else f"C:\\Program Files\\Contoso\\{app[0]}"
        return head("Application", "Application Error", 1000, "Application Crashing Events", "Error", "Info", "Classic") + \
            [f"Faulting application name: {app[0]}, version: {app[1]}, time stamp: 0x{hexs(r, 8)}",
             f"Faulting module name: {mod[0]}, version: {mod[1]}, time stamp: 0x{hexs(r, 8)}",
             f"Exception code: 0xc0000005", f"Fault offset: 0x00000000000{hexs(r, 5)}",
             f"Faulting process id: 0x{hexs(r, 4)}", f"Faulting application start time: 0x01da{hexs(r, 12)}",
             f"Faulting application path: {apath}", f"Faulting module path: C:\\Windows\\SYSTEM32\\{mod[0]}",
             f"Report Id: {guid(r)}", "Faulting package full name: ", "Faulting package-relative application ID: "]

    def ev1001():
        return head("Application", "Windows Error Reporting", 1001, "N/A", "Information", "N/A", "Classic") + \
            [f"Fault bucket {r.randint(10**9, 2 * 10**9)}, type {r.randint(1, 5)}", "Event Name: APPCRASH", "Response: Not available",
             f"Cab Id: 0", "", "Problem signature:", f"P1: HelloService.exe", f"P2: 1.0.0.7", f"P3: {hexs(r, 8)}",
             f"P4: KERNELBASE.dll", f"P5: 10.0.19041.3996", f"P6: {hexs(r, 8)}", f"P7: e0434352", f"P8: 000000000003{hexs(r, 4)}"]

    def ev4624(user=None, ip=None):
        lt = r.choice([2, 3, 5, 10]) if user else 5
        acct = LG(user) if user else r.choice(["SYSTEM", f"{comp}$", "DWM-1", "UMFD-0"])
        dom = "CORP" if user else r.choice(["NT AUTHORITY", "CORP", "Window Manager", "Font Driver Host"])
        sid = "S-1-5-21-3623811015-3361044348-30300820-1013" if user else "S-1-5-18"
        src = IP(ip) if ip else r.choice(["-", "127.0.0.1", "::1", priv_ip(r)])
        return head("Security", "Microsoft-Windows-Security-Auditing", 4624, "Logon", "Information", "Info", "Audit Success") + \
            ["An account was successfully logged on.", "", "Subject:", "\tSecurity ID:\t\tS-1-5-18",
             f"\tAccount Name:\t\t{comp}$", "\tAccount Domain:\t\tCORP", "\tLogon ID:\t\t0x3E7", "",
             "Logon Information:", f"\tLogon Type:\t\t{lt}", "\tRestricted Admin Mode:\t-", "\tVirtual Account:\t\tNo",
             f"\tElevated Token:\t\t{r.choice(['Yes', 'No'])}", "", "Impersonation Level:\t\tImpersonation", "", "New Logon:",
             f"\tSecurity ID:\t\t{sid}", f"\tAccount Name:\t\t{acct}", f"\tAccount Domain:\t\t{dom}",
             f"\tLogon ID:\t\t0x{hexs(r, 7, True)}", "\tLinked Logon ID:\t\t0x0", "\tNetwork Account Name:\t-",
             "\tNetwork Account Domain:\t-", "\tLogon GUID:\t\t{00000000-0000-0000-0000-000000000000}", "",
             "Process Information:", f"\tProcess ID:\t\t0x{hexs(r, 3)}", "\tProcess Name:\t\tC:\\Windows\\System32\\services.exe", "",
             "Network Information:", f"\tWorkstation Name:\t{comp}", f"\tSource Network Address:\t{src}",
             f"\tSource Port:\t\t{port(r) if ip else 0}", "", "Detailed Authentication Information:",
             "\tLogon Process:\t\tAdvapi  ", "\tAuthentication Package:\tNegotiate", "\tTransited Services:\t-",
             "\tPackage Name (NTLM only):\t-", "\tKey Length:\t\t0"]

    def ev4625(user, ip):
        return head("Security", "Microsoft-Windows-Security-Auditing", 4625, "Logon", "Information", "Info", "Audit Failure") + \
            ["An account failed to log on.", "", "Subject:", "\tSecurity ID:\t\tS-1-0-0", "\tAccount Name:\t\t-",
             "\tAccount Domain:\t\t-", "\tLogon ID:\t\t0x0", "", "Logon Type:\t\t\t3", "", "Account For Which Logon Failed:",
             "\tSecurity ID:\t\tS-1-0-0", f"\tAccount Name:\t\t{LG(user)}", "\tAccount Domain:\t\tCORP", "",
             "Failure Information:", "\tFailure Reason:\t\tUnknown user name or bad password.", "\tStatus:\t\t\t0xC000006D",
             "\tSub Status:\t\t0xC000006A", "", "Process Information:", "\tCaller Process ID:\t0x0", "\tCaller Process Name:\t-", "",
             "Network Information:", "\tWorkstation Name:\t-", f"\tSource Network Address:\t{IP(ip) if ip else priv_ip(r)}",
             f"\tSource Port:\t\t{port(r)}", "", "Detailed Authentication Information:", "\tLogon Process:\t\tNtLmSsp ",
             "\tAuthentication Package:\tNTLM", "\tTransited Services:\t-", "\tPackage Name (NTLM only):\t-", "\tKey Length:\t\t0"]

    def ev1074(user):
        return head("System", "User32", 1074, "N/A", "Information", "N/A", "Classic", "S-1-5-21-3623811015-3361044348-30300820-1013", f"CORP\\{LG(user)}") + \
            [f"The process C:\\Windows\\system32\\winlogon.exe ({comp}) has initiated the restart of computer {comp} on behalf of user CORP\\{LG(user)} for the following reason: No title for this reason could be found",
             " Reason Code: 0x500ff", " Shutdown Type: restart", " Comment: "]

    def ev11707(user):
        return head("Application", "MsiInstaller", 11707, "N/A", "Information", "N/A", "Classic", "S-1-5-21-3623811015-3361044348-30300820-1013", f"CORP\\{LG(user)}") + \
            ["Product: Contoso Agent 4.2.0.1 -- Installation completed successfully."]

    keep = [
        (10, ev7036), (2, ev7040), (2, ev6005), (2, ev6013), (3, ev1014), (2, ev1), (2, ev1000), (2, ev1001),
        (2, lambda: ev4624()),
        (1, lambda: head("Application", "MsiInstaller", 1033, "N/A", "Information", "N/A", "Classic", "S-1-5-18", "NT AUTHORITY\\SYSTEM") +
         ["Windows Installer installed the product. Product Name: Hello Service. Product Version: 3.2.1.0. Product Language: 1033. Manufacturer: Contoso Ltd.. Installation success or error status: 0."]),
        (1, lambda: head("Application", "Microsoft-Windows-Security-SPP", 16384, "N/A", "Information", "N/A", "Classic") +
         [f"Successfully scheduled Software Protection service for re-start at {(ck.t + timedelta(days=r.randint(1, 30))):%Y-%m-%dT%H:%M:%S}Z. Reason: RulesEngine."]),
    ]
    def ev1040(user):
        return head("Application", "MsiInstaller", 1040, "N/A", "Information", "N/A", "Classic", "S-1-5-21-3623811015-3361044348-30300820-1013", f"CORP\\{LG(user)}") + \
            [f"Beginning a Windows Installer transaction: C:\\Users\\{LG(user)}\\Downloads\\ContosoAgent-4.2.0.1-x64.msi. Client Process Id: {r.randint(1000, 20000)}."]

    def ev4776(user):
        return head("Security", "Microsoft-Windows-Security-Auditing", 4776, "Credential Validation", "Information", "Info",
                    r.choice(["Audit Success", "Audit Failure"])) + \
            ["The computer attempted to validate the credentials for an account.", "",
             "Authentication Package:\tMICROSOFT_AUTHENTICATION_PACKAGE_V1_0", f"Logon Account:\t{LG(user)}",
             f"Source Workstation:\t{r.choice(['WS-0142', 'WS-0871', 'SRV-APP-03'])}", f"Error Code:\t0x{r.choice(['0', 'C000006A', 'C0000064', 'C0000234'])}"]

    plant = [
        (4, lambda: ev4776(login(r))),
        (3, lambda: ev4624(login(r), pub_ip(r))),
        (1, lambda: ev4624(login(r), None)),
        (4, lambda: ev4625(login(r), pub_ip(r) if r.random() < 0.9 else None)),
        (3, lambda: ev1074(login(r))),
        (3, lambda: ev11707(login(r))),
        (4, lambda: ev1040(login(r))),
        (2, lambda: ev1000(login(r))),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# 8. log4net, 9. Serilog compact JSON, 10. Java / Spring Boot with stack traces
# ==========================================================================
NET_FRAMES = [
    "Contoso.Billing.InvoiceService.Generate(Int32 customerId) in C:\\build\\src\\Contoso.Billing\\InvoiceService.cs:line {l}",
    "Contoso.Billing.Api.Controllers.InvoicesController.Post(InvoiceRequest request) in C:\\build\\src\\Contoso.Billing.Api\\Controllers\\InvoicesController.cs:line {l}",
    "Contoso.Core.Data.SqlRepository`1.GetById(Guid id) in C:\\build\\src\\Contoso.Core\\Data\\SqlRepository.cs:line {l}",
    "System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection, Action`1 wrapCloseInAction)",
    "System.Data.SqlClient.TdsParser.TryRun(RunBehavior runBehavior, SqlCommand cmdHandler, SqlDataReader dataStream, BulkCopySimpleResultSet bulkCopyHandler, TdsParserStateObject stateObj, Boolean& dataReady)",
    "System.Net.Http.HttpClient.<SendAsync>d__65.MoveNext()",
    "System.Runtime.CompilerServices.TaskAwaiter.HandleNonSuccessAndDebuggerNotification(Task task)",
    "Contoso.Hello.HelloService.OnStart(String[] args) in C:\\build\\src\\Contoso.Hello\\HelloService.cs:line {l}",
    "System.ServiceProcess.ServiceBase.ServiceQueuedMainCallback(Object state)",
]
NET_LOGGERS = ["Contoso.Billing.InvoiceService", "Contoso.Billing.Api.Controllers.InvoicesController",
               "Contoso.Hello.HelloService", "Contoso.Core.Data.SqlRepository", "Contoso.Ui.WelcomeScreen",
               "NHibernate.Engine.StatefulPersistenceContext", "Quartz.Core.QuartzSchedulerThread",
               "Contoso.Payments.GracePeriodJob", "Contoso.Crm.CustomerImport"]


def gen_log4net(r, n, rate):
    ck = Clock(r, datetime(2025, 7, 28, 8, 0, 0), 3500)

    def H(lvl=None, logger=None):
        t = ck.tick()
        lvl = lvl or r.choice(["INFO"] * 6 + ["DEBUG"] * 3 + ["WARN", "ERROR"])
        return f"{t:%Y-%m-%d %H:%M:%S},{ms(t)} [{r.choice([str(r.randint(1, 64)), 'Worker-3', 'DefaultQuartzScheduler_Worker-1', '.NET ThreadPool Worker'])}] {lvl:<5} {logger or r.choice(NET_LOGGERS)} - "

    def frames(k):
        return ["   at " + r.choice(NET_FRAMES).replace("{l}", str(r.randint(10, 900))) for _ in range(k)]

    def exc():
        e = r.choice([
            f"System.Data.SqlClient.SqlException (0x80131904): Timeout expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.",
            f"System.InvalidOperationException: Sequence contains no elements",
            f"System.Net.Http.HttpRequestException: No connection could be made because the target machine actively refused it. (127.0.0.1:{r.choice([5000, 8080, 1433])})",
            f"System.IO.FileNotFoundException: Could not load file or assembly 'Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed' or one of its dependencies. The system cannot find the file specified.",
            f"System.TimeoutException: The operation has timed out after 00:00:30.",
        ])
        return [f"{H('ERROR')}Unhandled exception while processing batch {r.randint(1, 99999)}", e] + frames(r.randint(2, 6))

    keep = [
        (6, lambda: f"{H(None, 'Contoso.Billing.InvoiceService')}Invoice FV/{ck.t.year}/{ck.t.month:02d}/{r.randint(1, 99999):05d} generated for customer {r.randint(1000, 99999)} in {r.randint(5, 900)} ms"),
        (4, lambda: f"{H('INFO', 'Contoso.Hello.HelloService')}Hello Service started, version 3.2.1.0 (build 4410), listening on http://0.0.0.0:5000"),
        (3, lambda: f"{H('INFO', 'Contoso.Ui.WelcomeScreen')}Welcome Screen shown for session {guid(r)}"),
        (3, lambda: f"{H('DEBUG', 'Contoso.Core.Data.SqlRepository')}Executed DbCommand ({r.randint(1, 500)}ms) [Parameters=[@p0='{r.randint(1, 99999)}'], CommandType='Text', CommandTimeout='30']"),
        (3, lambda: f"{H('INFO', 'Contoso.Payments.GracePeriodJob')}Grace Period job finished: {r.randint(0, 500)} accounts checked, {r.randint(0, 20)} reminders queued"),
        (3, lambda: f"{H('INFO')}Loaded assembly Contoso.Billing, Version=4.2.0.1, Culture=neutral, PublicKeyToken=null"),
        (2, lambda: f"{H('INFO')}Loaded assembly System.Net.Http, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"),
        (3, lambda: f"{H('WARN')}Retry {r.randint(1, 5)}/5 after {r.choice([200, 400, 800, 1600])} ms: SQL Server 10.0.2.15,1433 not reachable"),
        (2, lambda: f"{H('DEBUG')}Cache hit ratio {r.randint(50, 99)}.{r.randint(0, 99):02d}% ({r.randint(1000, 999999)} hits, {r.randint(10, 9999)} misses)"),
        (2, lambda: f"{H('INFO', 'Quartz.Core.QuartzSchedulerThread')}Batch acquisition of 1 triggers"),
        (2, lambda: f"{H('INFO')}Page Size set to {r.choice([25, 50, 100])}, Max Retries {r.randint(1, 9)}"),
        (2, lambda: f"{H('INFO')}Summer Campaign banner enabled for region EU-West from {ck.t:%Y-%m-%d} until {(ck.t + timedelta(days=30)):%Y-%m-%d}"),
        (2, lambda: f"{H('INFO', 'Contoso.Crm.CustomerImport')}Import file C:\\ProgramData\\Contoso\\Import\\customers_{ck.t:%Y%m%d}.csv: {r.randint(100, 99999)} rows, {r.randint(0, 50)} rejected"),
        (2, lambda: f"{H('INFO', 'Contoso.Crm.CustomerImport')}Customer record {r.randint(100000, 999999)} updated (fields: Status, Segment)"),
        (1, lambda: f"{H('INFO')}Using connection string Server=10.0.2.15,1433;Database=Billing;Integrated Security=SSPI;Application Name=Contoso.Billing"),
        (1, lambda: f"{H('DEBUG')}Request 0HN{word_id(r, 9).upper()}:00000002 from 127.0.0.1:{port(r)} took {r.randint(1, 3000)} ms"),
        (2, lambda: f"{H('INFO')}Mark As Read processed {r.randint(1, 300)} notifications for tenant 7"),
        (3, exc),
    ]
    plant = [
        (4, lambda: f"{H('INFO', 'Contoso.Crm.CustomerImport')}Customer {NM(full_name(r, True))} updated (id {r.randint(100000, 999999)})"),
        (3, lambda: f"{H('WARN', 'Contoso.Crm.CustomerImport')}Row {r.randint(2, 99999)}: invalid PESEL: {P('pesel', pesel(r))} (date of birth mismatch)"),
        (2, lambda: f"{H('INFO', 'Contoso.Crm.CustomerImport')}Verified customer {NM(full_name(r, True))}, PESEL: {P('pesel', pesel(r))}"),
        (3, lambda: f"{H('WARN', 'Contoso.Crm.CustomerImport')}Row {r.randint(2, 99999)}: duplicate EGN {P('egn', egn(r))}, skipped"),
        (3, lambda: f"{H('INFO', 'Contoso.Billing.InvoiceService')}Sending SMS reminder to {PH(phone(r))} for invoice {r.randint(1, 99999)}"),
        (3, lambda: f"{H('INFO', 'Contoso.Billing.InvoiceService')}Invoice {r.randint(1, 99999)} e-mailed to {EM(email(r))}"),
        (2, lambda: f"{H('ERROR')}Could not write C:\\Users\\{LG(login(r))}\\AppData\\Local\\Contoso\\cache.db: access denied"),
        (2, lambda: f"{H('INFO', 'Contoso.Ui.WelcomeScreen')}Welcome Screen shown for user {LG(login(r))}"),
        (1, lambda: f"{H('INFO')}Callback requested by {NM(full_name(r))}, phone {PH(phone(r))}"),
    ]
    return drive(r, n, rate, keep, plant)


def clef(d):
    special = ["@t", "@mt", "@l", "@x", "@r"]
    d = {**{k: d[k] for k in special if k in d}, **{k: v for k, v in d.items() if k not in special}}
    s = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
    # keep planted-value markers intact through JSON encoding
    return s.replace("\\u0001", "\x01").replace("\\u0002", "\x02").replace("\\u0003", "\x03")


def gen_serilog(r, n, rate):
    """Serilog CompactJsonFormatter (CLEF) – one JSON object per line."""
    ck = Clock(r, datetime(2025, 8, 1, 6, 0, 0), 3100)
    machine = r.choice(["WEB-01", "WEB-02", "api-7d9f8c6b5-x2x4q"])

    def base(mt, lvl=None, ctx=None, **props):
        t = ck.tick()
        d = {"@t": f"{t:%Y-%m-%dT%H:%M:%S}.{t.microsecond:06d}0Z", "@mt": mt}
        if lvl:
            d["@l"] = lvl
        d.update(props)
        if ctx:
            d["SourceContext"] = ctx
        if r.random() < 0.3:
            d["RequestId"] = f"0HN{word_id(r, 9).upper()}:{r.randint(1, 99):08d}"
            d["RequestPath"] = props.get("RequestPath", url(r).split("?")[0])
        d["MachineName"] = machine
        d["ThreadId"] = r.randint(1, 64)
        return d

    def req():
        el = round(r.uniform(0.2, 3000), 4)
        path = url(r).split("?")[0]
        return clef(base("HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", None,
                         "Serilog.AspNetCore.RequestLoggingMiddleware", RequestMethod=r.choice(["GET", "POST"]),
                         RequestPath=path, StatusCode=r.choice([200, 200, 200, 201, 204, 304, 400, 404, 500]),
                         Elapsed=el, **{"@r": [f"{el:0.4f}"]}))

    def exc_text():
        return ("System.Net.Http.HttpRequestException: Connection refused (127.0.0.1:6379)\r\n ---> System.Net.Sockets.SocketException (111): Connection refused\r\n"
                "   at System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync(String host, Int32 port, HttpRequestMessage initialRequest, Boolean async, CancellationToken cancellationToken)\r\n"
                f"   at Contoso.Orders.OrderService.SubmitAsync(Order order) in /src/Contoso.Orders/OrderService.cs:line {r.randint(10, 400)}")

    keep = [
        (14, req),
        (3, lambda: clef(base("Now listening on: {address}", None, "Microsoft.Hosting.Lifetime", address=r.choice(["http://[::]:8080", "http://0.0.0.0:5000", "https://localhost:7001"])))),
        (2, lambda: clef(base("Application started. Press Ctrl+C to shut down.", None, "Microsoft.Hosting.Lifetime"))),
        (2, lambda: clef(base("Hosting environment: {EnvName}", None, "Microsoft.Hosting.Lifetime", EnvName="Production"))),
        (2, lambda: clef(base("Content root path: {ContentRoot}", None, "Microsoft.Hosting.Lifetime", ContentRoot="/app/"))),
        (3, lambda: clef(base("Executed DbCommand ({elapsed}ms) [Parameters=[{parameters}], CommandType='{commandType}', CommandTimeout='{commandTimeout}']{newLine}{commandText}", None,
                              "Microsoft.EntityFrameworkCore.Database.Command", elapsed=str(r.randint(1, 400)), parameters="@__id_0='?' (DbType = Int32)",
                              commandType="Text", commandTimeout=30, newLine="\n", commandText="SELECT TOP(1) [o].[Id], [o].[Status] FROM [Orders] AS [o] WHERE [o].[Id] = @__id_0"))),
        (3, lambda: clef(base("Order {OrderId} submitted with {ItemCount} items, total {Total}", None, "Contoso.Orders.OrderService",
                              OrderId=r.randint(10000, 999999), ItemCount=r.randint(1, 30), Total=round(r.uniform(1, 5000), 2)))),
        (2, lambda: clef(base("Hello Service heartbeat {Sequence} from {Node}", None, "Contoso.Hello.HelloService", Sequence=r.randint(1, 999999), Node="10.0.3.12:5000"))),
        (2, lambda: clef(base("Welcome Screen variant {Variant} served", "Debug", "Contoso.Ui.WelcomeScreen", Variant=r.choice(["A", "B"])))),
        (2, lambda: clef(base("Retrying {Operation} in {Delay} (attempt {Attempt} of {Max})", "Warning", "Polly", Operation="GetInventory",
                              Delay=f"00:00:0{r.randint(1, 9)}", Attempt=r.randint(1, 5), Max=5))),
        (2, lambda: clef(base("Cache {CacheName} statistics: {Hits} hits, {Misses} misses", "Debug", "Contoso.Caching", CacheName="products", Hits=r.randint(1000, 10**7), Misses=r.randint(0, 9999)))),
        (2, lambda: clef(dict(base("Unhandled exception in {Handler}", "Error", "Contoso.Orders.OrderService", Handler="SubmitOrderHandler"), **{"@x": exc_text()}))),
        (1, lambda: clef(base("Loaded plugin {Plugin} version {Version}", None, "Contoso.Plugins", Plugin="Contoso.Exporter", Version="2.4.41.3"))),
        (1, lambda: clef(base("Device {DeviceId} reported battery {Level}% via gateway {Gateway}", None, "Contoso.Iot", DeviceId=guid(r), Level=r.randint(1, 100), Gateway=mac(r, ":", True)))),
        (1, lambda: clef(base("Grace Period for plan {Plan} ends {End}", None, "Contoso.Billing", Plan="Max", End=f"{(ck.t + timedelta(days=14)):%A, %B %d, %Y}"))),
        (1, lambda: clef(base("Scheduled job {Job} next run {NextRun}", None, "Contoso.Jobs", Job="Sunday Backup Job", NextRun=f"{(ck.t + timedelta(days=3)):%a %b %d %H:%M:%S %Y}"))),
    ]
    plant = [
        (3, lambda: clef(base("Customer {CustomerName} registered with PESEL {Pesel}", None, "Contoso.Crm.Registration",
                              CustomerName=NM(full_name(r, True)), Pesel=P("pesel", pesel(r))))),
        (2, lambda: clef(base("EGN {Egn} failed validation for applicant {ApplicantId}", "Warning", "Contoso.Crm.Registration",
                              Egn=P("egn", egn(r)), ApplicantId=r.randint(10000, 99999)))),
        (3, lambda: clef(base("User {UserName} signed in from {ClientIp}", None, "Contoso.Identity.SignInManager",
                              UserName=LG(login(r)), ClientIp=IP(pub_ip(r))))),
        (3, lambda: clef(base("Password reset e-mail sent to {Email}", None, "Contoso.Identity.PasswordReset", Email=EM(email(r))))),
        (2, lambda: clef(base("SMS code sent to {PhoneNumber}", None, "Contoso.Identity.TwoFactor", PhoneNumber=PH(phone(r))))),
        (2, lambda: clef(base("Export written to {Path}", None, "Contoso.Reports", Path=f"C:\\Users\\{LG(login(r))}\\Documents\\report-{ck.t:%Y%m%d}.xlsx"))),
        (1, lambda: clef(base("Contact {ContactName} <{Email}> added to list {ListId}", None, "Contoso.Crm.Lists",
                              ContactName=NM(full_name(r)), Email=EM(email(r)), ListId=r.randint(1, 99)))),
    ]
    return drive(r, n, rate, keep, plant)


JAVA_FRAMES = [
    ("com.example.orders.service.OrderService.load", "OrderService.java", "orders-core-2.4.1.jar:2.4.1"),
    ("com.example.orders.web.OrderController.get", "OrderController.java", "orders-web-2.4.1.jar:2.4.1"),
    ("org.springframework.web.servlet.FrameworkServlet.service", "FrameworkServlet.java", "spring-webmvc-5.3.31.jar:5.3.31"),
    ("org.springframework.web.servlet.DispatcherServlet.doDispatch", "DispatcherServlet.java", "spring-webmvc-5.3.31.jar:5.3.31"),
    ("javax.servlet.http.HttpServlet.service", "HttpServlet.java", "tomcat-embed-core-9.0.83.jar:4.0.FR"),
    ("org.apache.catalina.core.ApplicationFilterChain.internalDoFilter", "ApplicationFilterChain.java", "tomcat-embed-core-9.0.83.jar:9.0.83"),
    ("com.zaxxer.hikari.pool.HikariPool.getConnection", "HikariPool.java", "HikariCP-4.0.3.jar:na"),
    ("org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert", "SqlExceptionHelper.java", "hibernate-core-5.6.15.Final.jar:5.6.15.Final"),
    ("com.example.hello.HelloService.greet", "HelloService.java", "hello-service-1.0.7.jar:1.0.7"),
    ("com.example.ui.WelcomeScreenController.show", "WelcomeScreenController.java", "ui-3.2.1.jar:3.2.1"),
    ("java.base/java.util.concurrent.ThreadPoolExecutor.runWorker", "ThreadPoolExecutor.java", None),
    ("java.base/java.lang.Thread.run", "Thread.java", None),
]


def gen_java(r, n, rate):
    ck = Clock(r, datetime(2025, 9, 1, 0, 0, 2), 3300)
    app_pid = r.randint(1000, 40000)
    loggers = ["c.e.orders.web.OrderController", "c.e.orders.service.OrderService", "o.s.b.w.embedded.tomcat.TomcatWebServer",
               "com.zaxxer.hikari.HikariDataSource", "o.h.engine.jdbc.spi.SqlExceptionHelper", "c.e.hello.HelloService",
               "c.e.ui.WelcomeScreenController", "o.a.c.c.C.[Tomcat].[localhost].[/]", "c.e.security.LoginAuditListener",
               "o.s.s.c.ThreadPoolTaskScheduler", "c.e.notify.SmsGateway"]

    def H(lvl=None, lg=None, th=None):
        t = ck.tick()
        lvl = lvl or r.choice(["INFO"] * 6 + ["DEBUG", "WARN", "ERROR"])
        th = th or r.choice([f"nio-8080-exec-{r.randint(1, 10)}", "main", f"scheduling-{r.randint(1, 4)}",
                             f"HikariPool-1 housekeeper", f"pool-{r.randint(1, 9)}-thread-{r.randint(1, 20)}"])
        return f"{t:%Y-%m-%d %H:%M:%S}.{ms(t)} {lvl:>5} {app_pid} --- [{th[-15:]:>15}] {(lg or r.choice(loggers))[:40]:<40} : "

    def frames(k, home=None):
        out = []
        for _ in range(k):
            m, f, jar = r.choice(JAVA_FRAMES)
            if jar:
                out.append(f"\tat {m}({f}:{r.randint(20, 2000)}) ~[{jar}]")
            else:
                out.append(f"\tat {m}({f}:{r.randint(20, 2000)}) ~[na:na]")
        if r.random() < 0.3:
            out.insert(1, f"\tat com.example.orders.service.OrderService$$EnhancerBySpringCGLIB$${hexs(r, 8)}.load(<generated>) ~[orders-core-2.4.1.jar:2.4.1]")
        if r.random() < 0.2:
            out.insert(1, f"\tat jdk.internal.reflect.GeneratedMethodAccessor{r.randint(10, 400)}.invoke(Unknown Source) ~[na:na]")
        out.append(f"\t... {r.randint(10, 90)} common frames omitted")
        return out

    def stack(home=None):
        ex = r.choice([
            f"java.lang.IllegalStateException: Order {r.randint(1, 999999)} not found",
            "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            "org.springframework.dao.DataIntegrityViolationException: could not execute statement; SQL [n/a]; constraint [uk_orders_number]",
            f"java.net.ConnectException: Connection refused (Connection refused) to 127.0.0.1:{r.choice([5432, 6379, 9200])}",
            f"java.lang.NullPointerException: Cannot invoke \"com.example.orders.model.Order.getItems()\" because \"order\" is null",
            f"java.util.concurrent.TimeoutException: Timed out after 5000 ms waiting for com.example.hello.HelloService@{hexs(r, 7)}",
        ])
        lines = [f"{H('ERROR', 'o.a.c.c.C.[.[.[/].[dispatcherServlet]')}Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed; nested exception is {ex.split(':')[0]}] with root cause", "", ex]
        lines += frames(r.randint(3, 8))
        if r.random() < 0.4:
            lines.append("Caused by: org.postgresql.util.PSQLException: Connection to 10.0.2.15:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.")
            lines += frames(r.randint(2, 4))
        return lines

    keep = [
        (8, lambda: f"{H('INFO', 'c.e.orders.web.OrderController')}GET /api/v1/orders/{r.randint(1, 99999)} -> 200 in {r.randint(1, 999)} ms"),
        (2, lambda: f"{H('INFO', 'o.s.b.w.embedded.tomcat.TomcatWebServer', 'main')}Tomcat started on port(s): 8080 (http) with context path ''"),
        (2, lambda: f"{H('INFO', 'c.e.orders.OrdersApplication', 'main')}Started OrdersApplication in {r.randint(3, 40)}.{r.randint(100, 999)} seconds (JVM running for {r.randint(4, 50)}.{r.randint(100, 999)})"),
        (2, lambda: f"{H('INFO', 'c.e.orders.OrdersApplication', 'main')}Starting OrdersApplication v2.4.1 using Java 17.0.10 on orders-7d9f8c6b5-x2x4q with PID {app_pid} (/app/orders.jar started by root in /app)"),
        (2, lambda: f"{H('INFO', 'com.zaxxer.hikari.HikariDataSource', 'main')}HikariPool-1 - Start completed."),
        (2, lambda: f"{H('WARN', 'com.zaxxer.hikari.pool.HikariPool', 'HikariPool-1 housekeeper')}HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=1m{r.randint(1, 59)}s{r.randint(1, 999)}ms)."),
        (3, lambda: f"{H('DEBUG', 'c.e.hello.HelloService')}Hello Service greeting cache size={r.randint(0, 5000)} ttl=PT{r.randint(1, 60)}M"),
        (2, lambda: f"{H('INFO', 'c.e.ui.WelcomeScreenController')}Welcome Screen rendered in {r.randint(1, 300)} ms (template welcome-v{r.randint(1, 9)}.html)"),
        (2, lambda: f"{H('INFO', 'o.s.s.c.ThreadPoolTaskScheduler')}Initializing ExecutorService 'taskScheduler'"),
        (2, lambda: f"{H('WARN', 'o.h.engine.jdbc.spi.SqlExceptionHelper')}SQL Error: 0, SQLState: 08001"),
        (2, lambda: f"{H('INFO', 'c.e.orders.service.OrderService')}Processed batch {r.randint(1, 9999)}: {r.randint(0, 500)} orders, {r.randint(0, 20)} failed, object com.example.orders.model.Batch@{hexs(r, 7)}"),
        (2, lambda: f"{H('INFO', 'o.a.k.clients.consumer.KafkaConsumer')}[Consumer clientId=consumer-orders-1, groupId=orders] Subscribed to topic(s): orders.v1"),
        (1, lambda: f"{H('INFO', 'o.a.k.common.utils.AppInfoParser')}Kafka version: 3.1.2"),
        (1, lambda: f"{H('INFO', 'o.a.k.common.utils.AppInfoParser')}Kafka commitId: {hexs(r, 16)}"),
        (1, lambda: f"{H('INFO', 'o.a.k.common.utils.AppInfoParser')}Kafka startTimeMs: {epoch(ck.t)}{ms(ck.t)}"),
        (1, lambda: f"{H('INFO', 'c.e.security.LoginAuditListener')}Login attempt for account type SERVICE from 127.0.0.1 accepted"),
        (1, lambda: f"{H('INFO', 'c.e.security.LoginAuditListener')}Will retry token refresh in 30 s, May cause brief outage"),
        (4, stack),
    ]
    plant = [
        (3, lambda: f"{H('WARN', 'c.e.security.LoginAuditListener')}Authentication failed for user '{LG(login(r))}' from {IP(pub_ip(r))}: Bad credentials"),
        (2, lambda: f"{H('INFO', 'c.e.security.LoginAuditListener')}User {LG(login(r))} logged in (session {hexs(r, 32, True)})"),
        (2, lambda: f"{H('ERROR', 'c.e.orders.service.OrderService')}Could not read /home/{LG(login(r))}/orders/import-{ck.t:%Y%m%d}.csv: java.nio.file.AccessDeniedException"),
        (2, lambda: f"{H('INFO', 'c.e.notify.SmsGateway')}SMS queued for {PH(phone(r))} (template ORDER_SHIPPED)"),
        (2, lambda: f"{H('WARN', 'c.e.orders.service.OrderService')}com.example.orders.CustomerNotFoundException: No account for {EM(email(r))}"),
        (2, lambda: f"{H('INFO', 'c.e.orders.service.OrderService')}Shipping label printed for {NM(full_name(r))}, order {r.randint(1, 999999)}"),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# 11. HDFS, 12. Hadoop MR AppMaster, 13. ZooKeeper, 14. OpenStack nova
# ==========================================================================
def blk(r):
    v = r.randint(1, 2 ** 63 - 1)
    return f"blk_{'-' if r.random() < 0.5 else ''}{v}"


def gen_hdfs(r, n, rate):
    ck = Clock(r, datetime(2008, 11, 9, 20, 35, 15), 140)
    dn = [f"10.250.{r.randint(0, 19)}.{r.randint(1, 254)}" for _ in range(12)] + \
         [f"10.251.{r.randint(0, 127)}.{r.randint(1, 254)}" for _ in range(12)]
    st = {"blocks": [blk(r) for _ in range(30)]}

    def H(lvl="INFO"):
        t = ck.tick()
        return f"{t:%y%m%d %H%M%S} {r.choice([r.randint(13, 40), r.randint(100, 32000)])} {lvl} "

    def B():
        if r.random() < 0.3:
            st["blocks"][r.randrange(30)] = blk(r)
        return r.choice(st["blocks"])

    size = lambda: r.choice([67108864, 67108864, 67108864, r.randint(1000, 67108863)])
    task = lambda: f"_task_{ck.t:%Y%m%d%H%M}_{r.randint(1, 30):04d}_{r.choice('mr')}_{r.randint(0, 2000):06d}_{r.randint(0, 3)}"
    keep = [
        (10, lambda: f"{H()}dfs.DataNode$PacketResponder: PacketResponder {r.randint(0, 2)} for block {B()} terminating"),
        (8, lambda: f"{H()}dfs.DataNode$PacketResponder: Received block {B()} of size {size()} from /{r.choice(dn)}"),
        (8, lambda: f"{H()}dfs.DataNode$DataXceiver: Receiving block {B()} src: /{r.choice(dn)}:{port(r)} dest: /{r.choice(dn)}:50010"),
        (8, lambda: f"{H()}dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: {r.choice(dn)}:50010 is added to {B()} size {size()}"),
        (5, lambda: (lambda p: f"{H()}dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/root/{r.choice(['rand', 'sortrand', 'rand8', 'randtxt'])}/_temporary/{task()}/part-{p:05d}. {B()}")(r.randint(0, 2000))),
        (4, lambda: (lambda b: f"{H()}dfs.FSDataset: Deleting block {b} file /mnt/hadoop/dfs/data/current/subdir{r.randint(0, 63)}/{b}")(B())),
        (4, lambda: f"{H()}dfs.DataNode$DataXceiver: {r.choice(dn)}:50010 Served block {B()} to /{r.choice(dn)}"),
        (3, lambda: f"{H('WARN')}dfs.DataNode$DataXceiver: {r.choice(dn)}:50010:Got exception while serving {B()} to /{r.choice(dn)}:"),
        (3, lambda: f"{H()}dfs.FSNamesystem: BLOCK* NameSystem.delete: {B()} is added to invalidSet of {r.choice(dn)}:50010"),
        (2, lambda: f"{H()}dfs.DataBlockScanner: Verification succeeded for {B()}"),
        (2, lambda: f"{H()}dfs.DataNode: {r.choice(dn)}:50010 Starting thread to transfer block {B()} to {r.choice(dn)}:50010"),
        (2, lambda: f"{H()}dfs.DataNode$BlockReceiver: Exception in receiveBlock for block {B()} java.io.IOException: Connection reset by peer"),
        (2, lambda: f"{H()}dfs.FSNamesystem: BLOCK* ask {r.choice(dn)}:50010 to replicate {B()} to datanode(s) {r.choice(dn)}:50010"),
        (1, lambda: f"{H()}dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: Redundant addStoredBlock request received for {B()} on {r.choice(dn)}:50010 size {size()}"),
        (1, lambda: f"{H()}dfs.DataNode: DatanodeRegistration(10.250.{r.randint(0, 19)}.{r.randint(1, 254)}:50010, storageID=DS-{r.randint(10**8, 2 * 10**9)}-10.250.{r.randint(0, 19)}.{r.randint(1, 254)}-50010-{epoch(ck.t)}{ms(ck.t)}, infoPort=50075, ipcPort=50020) Served block {B()} to /{r.choice(dn)}"),
    ]
    plant = [
        (6, lambda: (lambda p: f"{H()}dfs.FSNamesystem: BLOCK* NameSystem.allocateBlock: /user/{LG(login(r))}/{r.choice(['rand', 'sortrand', 'logs', 'tmp'])}/_temporary/{task()}/part-{p:05d}. {B()}")(r.randint(0, 2000))),
        (2, lambda: f"{H()}dfs.FSNamesystem: BLOCK* NameSystem.delete: {B()} is added to invalidSet of {r.choice(dn)}:50010 (file /user/{LG(login(r))}/.Trash/Current/part-{r.randint(0, 999):05d})"),
        (1, lambda: f"{H()}dfs.DataNode$DataXceiver: Receiving block {B()} src: /{IP(pub_ip(r))}:{port(r)} dest: /{r.choice(dn)}:50010"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_hadoop(r, n, rate):
    ck = Clock(r, datetime(2015, 10, 18, 18, 1, 47), 60)
    ts = 1445144423722 + r.randint(0, 10 ** 7)
    app = r.randint(1, 40)
    nms = [f"MININT-{word_id(r, 7).upper()}.fareast.corp.example.com" for _ in range(4)]
    rm = "nn-01.cluster.example.internal"

    def H(lvl="INFO", th=None):
        t = ck.tick()
        th = th or r.choice(["main", "AsyncDispatcher event handler", f"IPC Server handler {r.randint(0, 29)} on 62270",
                             f"ContainerLauncher #{r.randint(0, 9)}", "RMCommunicator Allocator"])
        return f"{t:%Y-%m-%d %H:%M:%S},{ms(t)} {lvl} [{th}] "

    att = lambda: f"attempt_{ts}_{app:04d}_{r.choice('mr')}_{r.randint(0, 12):06d}_{r.randint(0, 2)}"
    cont = lambda: f"container_{ts}_{app:04d}_01_{r.randint(1, 30):06d}"
    keep = [
        (10, lambda: f"{H(th=f'IPC Server handler {r.randint(0, 29)} on 62270')}org.apache.hadoop.mapred.TaskAttemptListenerImpl: Progress of TaskAttempt {att()} is : 0.{r.randint(10 ** 7, 10 ** 8 - 1)}"),
        (5, lambda: f"{H(th='AsyncDispatcher event handler')}org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: {att()} TaskAttempt Transitioned from {r.choice(['NEW to UNASSIGNED', 'UNASSIGNED to ASSIGNED', 'ASSIGNED to RUNNING', 'RUNNING to SUCCESS_CONTAINER_CLEANUP'])}"),
        (4, lambda: f"{H(th='AsyncDispatcher event handler')}org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: TaskAttempt: [{att()}] using containerId: [{cont()} on NM: [{r.choice(nms)}:{port(r)}]"),
        (4, lambda: f"{H(th=f'ContainerLauncher #{r.randint(0, 9)}')}org.apache.hadoop.mapreduce.v2.app.launcher.ContainerLauncherImpl: Processing the event EventType: CONTAINER_REMOTE_LAUNCH for container {cont()} taskAttempt {att()}"),
        (3, lambda: f"{H(th=f'ContainerLauncher #{r.randint(0, 9)}')}org.apache.hadoop.mapreduce.v2.app.launcher.ContainerLauncherImpl: Launching {att()}"),
        (3, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_{ts}_{app:04d}_000001"),
        (3, lambda: f"{H('WARN', 'LeaseRenewer:hdfs@' + rm + ':9000')}org.apache.hadoop.hdfs.LeaseRenewer: Failed to renew lease for [DFSClient_NONMAPREDUCE_{r.randint(10 ** 9, 2 * 10 ** 9)}_1] for {r.randint(30, 400)} seconds.  Will retry shortly ..."),
        (3, lambda: f"{H('WARN', 'RMCommunicator Allocator')}org.apache.hadoop.ipc.Client: Address change detected. Old: {rm}/10.190.{r.randint(0, 255)}.{r.randint(1, 254)}:8030 New: {rm}:8030"),
        (3, lambda: f"{H(th='RMCommunicator Allocator')}org.apache.hadoop.ipc.Client: Retrying connect to server: {rm}:8030. Already tried {r.randint(0, 9)} time(s); retry policy is RetryUpToMaximumCountWithFixedSleep(maxRetries=10, sleepTime=1000 MILLISECONDS)"),
        (2, lambda: f"{H('ERROR', 'RMCommunicator Allocator')}org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: ERROR IN CONTACTING RM. "),
        (3, lambda: f"{H(th='RMCommunicator Allocator')}org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Before Scheduling: PendingReds:{r.randint(0, 1)} ScheduledMaps:{r.randint(0, 10)} ScheduledReds:0 AssignedMaps:{r.randint(0, 10)} AssignedReds:0 CompletedMaps:{r.randint(0, 10)} CompletedReds:0 ContAlloc:{r.randint(0, 12)} ContRel:0 HostLocal:{r.randint(0, 10)} RackLocal:0"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Default file system [hdfs://{rm}:9000]"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.yarn.client.RMProxy: Connecting to ResourceManager at {rm}/10.190.{r.randint(0, 255)}.{r.randint(1, 254)}:8030"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Executing with tokens:"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Kind: YARN_AM_RM_TOKEN, Service: , Ident: (appAttemptId {{ application_id {{ id: {app} cluster_timestamp: {ts} }} attemptId: 1 }} keyId: {r.randint(-2 ** 31, 2 ** 31)})"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.http.HttpServer2: Added global filter 'safety' (class=org.apache.hadoop.http.HttpServer2$QuotingInputFilter)"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.http.HttpServer2: Jetty bound to port {port(r)}"),
        (1, lambda: f"{H(th='main')}org.mortbay.log: jetty-6.1.26"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl: Input size for job job_{ts}_{app:04d} = {r.randint(10 ** 6, 10 ** 10)}. Number of splits = {r.randint(1, 20)}"),
        (2, lambda: f"{H(th='AsyncDispatcher event handler')}org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: Diagnostics report from {att()}: Container killed by the ApplicationMaster."),
        (1, lambda: f"{H('WARN', 'ResponseProcessor for block BP-' + str(r.randint(10 ** 8, 2 * 10 ** 9)) + '-10.190.173.170-' + str(ts) + ':blk_' + str(r.randint(10 ** 9, 2 * 10 ** 9)) + '_' + str(r.randint(1000, 9999)))}org.apache.hadoop.hdfs.DFSClient: DFSOutputStream ResponseProcessor exception  for block BP-{r.randint(10 ** 8, 2 * 10 ** 9)}-10.190.173.170-{ts}:blk_{r.randint(10 ** 9, 2 * 10 ** 9)}_{r.randint(1000, 9999)}"),
    ]
    plant = [
        (4, lambda: f"{H('WARN', 'LeaseRenewer:' + LG(login(r)) + '@' + rm + ':9000')}org.apache.hadoop.hdfs.LeaseRenewer: Failed to renew lease for [DFSClient_NONMAPREDUCE_{r.randint(10 ** 9, 2 * 10 ** 9)}_1] for {r.randint(30, 400)} seconds.  Will retry shortly ..."),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.v2.app.MRAppMaster: OutputCommitter set in config null; staging dir /tmp/hadoop-yarn/staging/{LG(login(r))}/.staging/job_{ts}_{app:04d}"),
        (2, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.jobhistory.JobHistoryEventHandler: Emitting job history data to hdfs://{rm}:9000/user/{LG(login(r))}/history/done_intermediate"),
        (1, lambda: f"{H(th='main')}org.apache.hadoop.mapreduce.v2.app.client.MRClientService: Web app /mapreduce started at {port(r)} for user {LG(login(r))}"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_zookeeper(r, n, rate):
    ck = Clock(r, datetime(2015, 7, 29, 17, 41, 44), 1500)
    peers = ["10.10.34.11", "10.10.34.12", "10.10.34.13"]
    clients = [f"10.10.34.{r.randint(14, 40)}" for _ in range(8)]
    sess = lambda: f"0x{r.choice(['14', '24', '34'])}ed{hexs(r, 10).lstrip('0')}"

    def H(lvl, th, cls, line):
        t = ck.tick()
        return f"{t:%Y-%m-%d %H:%M:%S},{ms(t)} - {lvl:<5} [{th}:{cls}@{line}] - "

    NIO = "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181"
    QP = "QuorumPeer[myid={}]/0:0:0:0:0:0:0:0:2181"
    keep = [
        (6, lambda: f"{H('INFO', NIO, 'NIOServerCnxnFactory', 197)}Accepted socket connection from /{r.choice(clients)}:{port(r)}"),
        (6, lambda: f"{H('INFO', NIO, 'NIOServerCnxn', 1001)}Closed socket connection for client /{r.choice(clients)}:{port(r)} which had sessionid {sess()}"),
        (4, lambda: f"{H('WARN', NIO, 'NIOServerCnxn', 349)}caught end of stream exception"),
        (4, lambda: f"{H('INFO', NIO, 'ZooKeeperServer', 839)}Client attempting to establish new session at /{r.choice(clients)}:{port(r)}"),
        (3, lambda: f"{H('INFO', 'CommitProcessor:' + str(r.randint(1, 3)), 'ZooKeeperServer', 595)}Established session {sess()} with negotiated timeout {r.choice([10000, 20000, 40000])} for client /{r.choice(clients)}:{port(r)}"),
        (3, lambda: f"{H('INFO', 'SessionTracker', 'ZooKeeperServer', 325)}Expiring session {sess()}, timeout of {r.choice([10000, 20000, 40000])}ms exceeded"),
        (3, lambda: f"{H('INFO', 'ProcessThread(sid:' + str(r.randint(1, 3)) + ' cport:-1):', 'PrepRequestProcessor', 476)}Processed session termination for sessionid: {sess()}"),
        (3, lambda: f"{H('INFO', QP.format(r.randint(1, 3)), 'FastLeaderElection', 774)}Notification time out: {r.choice([200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000])}"),
        (2, lambda: f"{H('INFO', 'WorkerReceiver[myid=' + str(r.randint(1, 3)) + ']', 'FastLeaderElection', 542)}Notification: {r.randint(1, 3)} (n.leader), 0x{hexs(r, 9).lstrip('0')} (n.zxid), 0x{r.randint(1, 9)} (n.round), LOOKING (n.state), {r.randint(1, 3)} (n.sid), 0x{r.randint(1, 9)} (n.peerEPoch), FOLLOWING (my state)"),
        (3, lambda: f"{H('WARN', 'SendWorker:' + str(r.choice([188978561024, 1, 2, 3])), 'QuorumCnxManager$SendWorker', 688)}Send worker leaving thread"),
        (3, lambda: f"{H('WARN', 'RecvWorker:188978561024', 'QuorumCnxManager$RecvWorker', 765)}Interrupting SendWorker"),
        (2, lambda: f"{H('WARN', 'RecvWorker:188978561024', 'QuorumCnxManager$RecvWorker', 762)}Connection broken for id 188978561024, my id = {r.randint(1, 3)}, error = "),
        (3, lambda: (lambda p: f"{H('INFO', '/' + p + ':3888', 'QuorumCnxManager$Listener', 493)}Received connection request /{r.choice(peers)}:{port(r)}")(r.choice(peers))),
        (3, lambda: f"{H('WARN', QP.format(r.randint(1, 3)), 'QuorumCnxManager', 368)}Cannot open channel to {r.randint(1, 3)} at election address /{r.choice(peers)}:3888"),
        (1, lambda: f"{H('INFO', QP.format(r.randint(1, 3)), 'Follower', 63)}FOLLOWING - LEADER ELECTION TOOK - {r.randint(10, 9999)}"),
        (1, lambda: f"{H('INFO', 'main', 'QuorumPeerConfig', 101)}Reading configuration from: /etc/zookeeper/conf/zoo.cfg"),
        (1, lambda: f"{H('INFO', 'main', 'QuorumPeer', 913)}maxSessionTimeout set to {r.choice([40000, 60000])}"),
        (1, lambda: f"{H('INFO', 'main', 'Environment', 100)}Server environment:zookeeper.version=3.4.5--1, built on 06/10/2013 17:26 GMT"),
        (1, lambda: f"{H('INFO', 'main', 'Environment', 100)}Server environment:java.version=1.7.0_79"),
        (1, lambda: f"{H('INFO', 'main', 'Environment', 100)}Server environment:user.name=zookeeper"),
        (1, lambda: f"{H('INFO', 'main', 'Environment', 100)}Server environment:user.home=/var/lib/zookeeper"),
        (1, lambda: f"{H('INFO', QP.format(r.randint(1, 3)), 'Learner', 325)}Getting a snapshot from leader"),
        (1, lambda: f"{H('INFO', 'LearnerHandler-/' + r.choice(peers) + ':' + str(port(r)), 'LearnerHandler', 330)}Follower sid: {r.randint(1, 3)} : info : org.apache.zookeeper.server.quorum.QuorumPeer$QuorumServer@{hexs(r, 7)}"),
        (1, lambda: f"{H('INFO', 'SyncThread:' + str(r.randint(1, 3)), 'FileTxnLog', 199)}Creating new log file: log.{hexs(r, 9).lstrip('0')}"),
        (1, lambda: f"{H('INFO', NIO, 'NIOServerCnxn', 1040)}******* GOODBYE /{r.choice(clients)}:{port(r)} ********"),
        (1, lambda: f"{H('INFO', 'ProcessThread(sid:1 cport:-1):', 'PrepRequestProcessor', 645)}Got user-level KeeperException when processing sessionid:{sess()} type:create cxid:0x{hexs(r, 2)} zxid:0x{hexs(r, 9)} txntype:-1 reqpath:n/a Error Path:/hbase/online-snapshot/acquired Error:KeeperErrorCode = NodeExists for /hbase/online-snapshot/acquired"),
    ]
    plant = [
        (5, lambda: f"{H('INFO', NIO, 'NIOServerCnxnFactory', 197)}Accepted socket connection from /{IP(pub_ip(r))}:{port(r)}"),
        (3, lambda: f"{H('INFO', NIO, 'ZooKeeperServer', 839)}Client attempting to establish new session at /{IP(pub_ip(r))}:{port(r)}"),
        (2, lambda: f"{H('INFO', NIO, 'NIOServerCnxn', 1001)}Closed socket connection for client /{IP(pub_ip(r))}:{port(r)} (no session established for client)"),
        (1, lambda: f"{H('INFO', 'main', 'Environment', 100)}Server environment:user.home=/home/{LG(login(r))}"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_openstack(r, n, rate):
    ck = Clock(r, datetime(2017, 5, 16, 0, 0, 0), 55)
    users = [hexs(r, 32) for _ in range(3)]
    tenants = [hexs(r, 32) for _ in range(3)]
    insts = [guid(r) for _ in range(8)]
    base_file = hexs(r, 40)
    api_pids = [r.randint(20000, 30000) for _ in range(3)]
    cpu_pid = r.randint(2000, 3000)
    api_log = f"nova-api.log.1.{ck.t:%Y-%m-%d}_13:53:08"
    cpu_log = f"nova-compute.log.1.{ck.t:%Y-%m-%d}_13:55:31"
    sch_log = f"nova-scheduler.log.1.{ck.t:%Y-%m-%d}_13:54:20"

    def H(which, lvl, mod, ctx=True):
        t = ck.tick()
        f = {"api": api_log, "cpu": cpu_log, "sch": sch_log}[which]
        pid = {"api": r.choice(api_pids), "cpu": cpu_pid, "sch": cpu_pid + 11}[which]
        c = f"[req-{guid(r)} {r.choice(users)} {r.choice(tenants)} - - -]" if ctx else f"[req-{guid(r)} - - - - -]"
        return f"{f} {t:%Y-%m-%d %H:%M:%S}.{ms(t)} {pid} {lvl} {mod} {c} "

    def api(client, path=None):
        tnt = r.choice(tenants)
        path = path or r.choice([f"/v2/{tnt}/servers/detail", f"/v2/{tnt}/servers/{r.choice(insts)}", f"/v2/{tnt}/os-server-external-events", f"/v2/{tnt}/flavors/detail"])
        m = "POST" if "events" in path else r.choice(["GET", "GET", "GET", "DELETE"])
        return f"{H('api', 'INFO', 'nova.osapi_compute.wsgi.server')}{client} \"{m} {path} HTTP/1.1\" status: {r.choice([200, 200, 202, 204, 404])} len: {r.randint(200, 3000)} time: {r.uniform(0.1, 1.5):.7f}"

    I = lambda: f"[instance: {r.choice(insts)}]"
    keep = [
        (14, lambda: api("10.11.10.1")),
        (4, lambda: f"{H('api', 'INFO', 'nova.metadata.wsgi.server', False)}10.11.21.{r.randint(100, 200)},10.11.10.1 \"GET /openstack/2013-10-17 HTTP/1.1\" status: 200 len: {r.randint(100, 400)} time: {r.uniform(0.1, 0.5):.7f}"),
        (2, lambda: f"{H('api', 'INFO', 'nova.metadata.wsgi.server', False)}10.11.21.{r.randint(100, 200)},10.11.10.1 \"GET /latest/meta-data/ HTTP/1.1\" status: 200 len: 328 time: {r.uniform(0.1, 0.5):.7f}"),
        (2, lambda: f"{H('api', 'INFO', 'nova.api.openstack.wsgi')}HTTP exception thrown: No instances found for any event"),
        (3, lambda: f"{H('cpu', 'INFO', 'nova.compute.manager')}{I()} Took {r.uniform(0.5, 25):.2f} seconds to {r.choice(['build instance.', 'spawn the instance on the hypervisor.', 'destroy the instance on the hypervisor.', 'deallocate network for instance.'])}"),
        (3, lambda: f"{H('cpu', 'INFO', 'nova.compute.manager')}{I()} VM {r.choice(['Started', 'Stopped', 'Paused', 'Resumed'])} (Lifecycle Event)"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.compute.manager', False)}{I()} During sync_power_state the instance has a pending task (spawning). Skip."),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.compute.claims')}{I()} Attempting claim: memory {r.choice([512, 2048, 4096])} MB, disk {r.choice([1, 20, 40])} GB, vcpus {r.choice([1, 2, 4])} CPU"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.compute.claims')}{I()} Total memory: 64172 MB, used: {r.randint(512, 60000)}.00 MB"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.compute.claims')}{I()} Claim successful"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.virt.libvirt.driver')}{I()} Creating image"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.virt.libvirt.driver')}{I()} Deleting instance files /var/lib/nova/instances/{r.choice(insts)}_del"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.virt.libvirt.imagecache', False)}image {guid(r)} at (/var/lib/nova/instances/_base/{base_file}): checking"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.virt.libvirt.imagecache', False)}image {guid(r)} at (/var/lib/nova/instances/_base/{base_file}): in use: on this node 1 local, 0 on other nodes sharing this instance storage"),
        (2, lambda: f"{H('cpu', 'WARNING', 'nova.virt.libvirt.imagecache', False)}Unknown base file: /var/lib/nova/instances/_base/{base_file}"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.virt.libvirt.imagecache', False)}Active base files: /var/lib/nova/instances/_base/{base_file}"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.compute.resource_tracker', False)}Final resource view: name=cp-1.cloud.example.internal phys_ram=64172MB used_ram={r.randint(512, 60000)}MB phys_disk=15GB used_disk={r.randint(0, 15)}GB total_vcpus=16 used_vcpus={r.randint(0, 16)} pci_stats=[]"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.compute.resource_tracker', False)}Auditing locally available compute resources for node cp-1.cloud.example.internal"),
        (2, lambda: f"{H('cpu', 'INFO', 'nova.compute.resource_tracker', False)}Compute_service record updated for cp-1:cp-1.cloud.example.internal"),
        (1, lambda: f"{H('cpu', 'INFO', 'nova.compute.manager', False)}Running instance usage audit for host cp-1 from {(ck.t - timedelta(hours=1)):%Y-%m-%d %H}:00:00 to {ck.t:%Y-%m-%d %H}:00:00. {r.randint(0, 9)} instances."),
        (1, lambda: f"{H('cpu', 'INFO', 'os_vif', False)}Successfully plugged vif VIFBridge(active=False,address=fa:16:3e:{hexs(r, 2)}:{hexs(r, 2)}:{hexs(r, 2)},bridge_name='qbr{hexs(r, 8)}-{hexs(r, 2)}',has_traffic_filtering=True,id={guid(r)},network=Network({guid(r)}),plugin='ovs',port_profile=VIFPortProfileBase,preserve_on_delete=False,vif_name='tap{hexs(r, 8)}-{hexs(r, 2)}')"),
        (1, lambda: f"{H('sch', 'INFO', 'nova.scheduler.host_manager', False)}Successfully synced instances from host 'cp-1'."),
        (1, lambda: f"{H('api', 'INFO', 'nova.api.openstack.compute.server_external_events')}Creating event network-vif-plugged:{guid(r)} for instance {r.choice(insts)}"),
    ]
    plant = [
        (8, lambda: api(IP(pub_ip(r)))),
        (2, lambda: api(f"{IP(pub_ip(r))},10.11.10.1")),
        (2, lambda: f"{H('api', 'WARNING', 'keystonemiddleware.auth_token', False)}Authorization failed for token; user {LG(login(r))} from {IP(pub_ip(r))}"),
        (1, lambda: f"{H('cpu', 'INFO', 'nova.compute.manager')}{I()} Instance created by {EM(email(r))} via Horizon"),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# 15. BGL, 16. HPC (LANL), 17. Thunderbird
# ==========================================================================
def bgl_loc(r):
    return f"R{r.randint(0, 77):02d}-M{r.randint(0, 1)}-N{r.choice('0123456789ABCDEF')}-{r.choice('CCCI')}:J{r.randint(2, 18):02d}-U{r.choice(['01', '11'])}"


def gen_bgl(r, n, rate):
    ck = Clock(r, datetime(2005, 6, 3, 15, 42, 50), 3800)

    def H(comp="KERNEL", lvl="INFO", loc=None, alert="-", typ="RAS"):
        t = ck.tick()
        loc = loc or bgl_loc(r)
        return f"{alert} {epoch(t)} {t:%Y.%m.%d} {loc} {t:%Y-%m-%d-%H.%M.%S}.{t.microsecond:06d} {loc} {typ} {comp} {lvl} "

    keep = [
        (10, lambda: f"{H()}instruction cache parity error corrected"),
        (6, lambda: f"{H()}generating core.{r.randint(100, 30000)}"),
        (4, lambda: f"{H()}{r.randint(1, 99999999)} double-hummer alignment exceptions"),
        (4, lambda: f"{H()}{r.randint(1, 999)} floating point alignment exceptions"),
        (3, lambda: f"{H()}CE sym {r.randint(0, 31)}, at 0x{hexs(r, 8)}, mask 0x{hexs(r, 2)}"),
        (3, lambda: f"{H(lvl='FATAL', alert=r.choice(['KERNDTLB', 'KERNSTOR', '-']))}data TLB error interrupt"),
        (3, lambda: f"{H(lvl='FATAL')}instruction address space.........0"),
        (3, lambda: f"{H()}exception syndrome register: 0x{hexs(r, 8)}"),
        (3, lambda: f"{H()}iar 00{hexs(r, 6)} dear 0{hexs(r, 7)}"),
        (3, lambda: f"{H()}ciod: Received signal {r.choice([6, 11, 15])}, code={r.randint(0, 3)}, errno=0, address=0x{hexs(r, 8)}"),
        (2, lambda: f"{H(lvl='FATAL')}size of scratchpad portion of L3.........0 (0M)"),
        (2, lambda: f"{H()}{r.randint(1, 9)} ddr error(s) detected and corrected on rank 0, symbol {r.randint(0, 31)} over {r.randint(1000, 99999)} seconds"),
        (2, lambda: f"{H()}{r.randint(1, 99)} L3 EDRAM error(s) (dcr 0x0157) detected and corrected over {r.randint(100, 9999)} seconds"),
        (2, lambda: f"{H()}{r.randint(1, 9)} torus receiver z+ input pipe error(s) (dcr 0x02ec) detected and corrected"),
        (2, lambda: f"{H()}{r.randint(1, 99)} tree receiver 2 in re-synch state event(s) (dcr 0x019a) detected over {r.randint(100, 9999)} seconds"),
        (2, lambda: f"{H('DISCOVERY', 'INFO', 'UNKNOWN_LOCATION', typ='NULL')}New ido chip inserted into the database: {':'.join(hexs(r, 2, True) for _ in range(12))} ip=10.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(1, 254)} v=13 t=4"),
        (2, lambda: f"{H('DISCOVERY', 'WARNING', 'UNKNOWN_LOCATION', typ='NULL')}Node card VPD check: U{r.randint(1, 32):02d} node in processor card slot J{r.randint(2, 18):02d} do not match. VPD ecid 0{hexs(r, 27, True)}, found 0{hexs(r, 27, True)}"),
        (2, lambda: f"{H('MMCS', 'ERROR', typ='NULL')}idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=1043 Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)"),
        (2, lambda: f"{H('APP', 'FATAL')}ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to 172.16.{r.randint(96, 127)}.{r.randint(1, 254)}:{port(r)}: Link has been severed"),
        (2, lambda: f"{H('APP', 'FATAL')}ciod: failed to read message prefix on control stream (CioStream socket to 172.16.{r.randint(96, 127)}.{r.randint(1, 254)}:{port(r)}"),
        (1, lambda: f"{H('HARDWARE', 'SEVERE', typ='NULL')}Temperature Over Limit on link card"),
        (1, lambda: f"{H('MONITOR', 'FAILURE', typ='NULL')}monitor caught java.lang.IllegalStateException: while executing CONTROL Operation"),
        (1, lambda: f"{H()}{r.randint(1000, 99999)} total interrupts. 0 critical input interrupts. 0 microseconds total spent on critical input interrupts, 0 microseconds max time in a critical input interrupt."),
        (1, lambda: f"{H()}total of {r.randint(1, 30)} ddr error(s) detected and corrected over {r.randint(100, 99999)} seconds"),
        (1, lambda: f"{H()}chip id fe80:{hexs(r, 4)}:{hexs(r, 4)} rev 2 ok"),
        (1, lambda: f"{H()}machine check: i-fetch......................0"),
    ]
    plant = [
        (5, lambda: f"{H()}ciod: generated {r.randint(1, 128)} core files for program /home/{LG(login(r))}/{r.choice(['HPCC_IBM/Urgent/COP/64K/opt_co_dc.rts', 'bench/linpack/xhpl', 'runs/md/a.out'])}"),
        (3, lambda: f"{H('APP', 'FATAL')}ciod: LOGIN chdir(/home/{LG(login(r))}/run) failed: No such file or directory"),
        (2, lambda: f"{H('APP', 'FATAL')}ciod: Error loading /home/{LG(login(r))}/bin/mpi_test: invalid or missing program image, Permission denied"),
        (1, lambda: f"{H('APP', 'FATAL')}ciod: Error creating node map from file /home/{LG(login(r))}/map.txt: Permission denied"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_hpc(r, n, rate):
    ck = Clock(r, datetime(2004, 1, 10, 8, 0, 0), 30000)
    nid = [r.randint(10000, 3000000)]

    def H(src, comp, state):
        t = ck.tick()
        nid[0] += r.randint(1, 5000)
        return f"{nid[0]} {src} {comp} {state} {epoch(t)} 1 "

    node = lambda: f"node-{r.randint(0, 255)}"
    wwid = lambda: f"\\042SCSI-WWID:01000010:{hexs(r, 4)}-{hexs(r, 4)}-{hexs(r, 4)}-00c6-0006-3000-003d-0000\\042"
    keep = [
        (6, lambda: f"{H(f'Interconnect-0N0{r.randint(0, 3)}', 'switch_module', 'fan')}Fan speeds ( {' '.join(str(r.randint(3300, 4200)) for _ in range(6))} )"),
        (6, lambda: f"{H(f'Interconnect-0N0{r.randint(0, 3)}', 'switch_module', 'error')}Linkerror event interval expired"),
        (4, lambda: f"{H(node(), 'node', 'status')}not responding"),
        (3, lambda: f"{H(node(), 'node', 'status')}configured out"),
        (3, lambda: f"{H(node(), 'node', 'status')}running"),
        (4, lambda: f"{H(f'gige{r.randint(0, 9)}', 'gige', 'temperature')}normal"),
        (4, lambda: f"{H(node(), 'node', 'temperature')}ambient={r.randint(18, 40)}"),
        (4, lambda: (lambda x: f"{H(x, 'unix.hw', 'net.niff.up')}NIFF: node {x} has detected an available network connection on network {r.choice(['10.128.0.0', '10.96.0.0', '5.5.226.0', '0.0.0.0', '10.192.0.0'])} via interface {r.choice(['ee0', 'alt0', 'scip0'])}")(node())),
        (2, lambda: (lambda x: f"{H(x, 'unix.hw', 'net.niff.down')}NIFF: node {x} detected a failed network connection on network {r.choice(['10.128.0.0', '10.96.0.0', '5.5.226.0'])} via interface alt0")(node())),
        (3, lambda: f"{H(node(), 'unix.hw', 'state_change.unavailable')}Component State Change: Component {wwid()} is in the unavailable state (HWID={r.randint(1000, 9999)})"),
        (3, lambda: f"{H(node(), 'action', 'start')}boot  (command {r.randint(1, 9999)})"),
        (2, lambda: f"{H(node(), 'action', 'start')}halt  (command {r.randint(1, 9999)})"),
        (2, lambda: f"{H(node(), 'action', 'error')}boot (command {r.randint(1, 9999)}) Error: HALT asserted\\  cannot continue"),
        (2, lambda: f"{H(node(), 'action', 'error')}risBoot (command {r.randint(1, 9999)}) Error: Timed out while waiting for SRM prompt: <ABORT code completed>"),
        (2, lambda: f"{H(f'Interconnect-1T0{r.randint(0, 3)}', 'switch_module', 'error')}Link error on broadcast tree Interconnect-1T0{r.randint(0, 3)}:00:{r.randint(0, 3)}:{r.randint(0, 9)}"),
        (1, lambda: f"{H(node(), 'node', 'psu')}psu failure\\ ambient={r.randint(18, 40)}"),
        (1, lambda: f"{H(node(), 'node', 'temperature')}Temperature ({r.randint(60, 95)}C) exceeds warning threshold"),
        (1, lambda: f"{H('server-1', 'domain', 'partial')}ServerFileSystem: ServerFileSystem domain storage{r.randint(1, 9)} is no longer served by node {node()}"),
        (1, lambda: f"{H(node(), 'action', 'start')}clusterAddMember  (command {r.randint(1, 9999)})"),
        (1, lambda: f"{H('partition-1', 'cluster', 'nodesets')}inconsistent nodesets node-{r.randint(0, 255)} 0x1fffffffe <ok> node-{r.randint(0, 255)} 0x1fffffffe <ok> node-{r.randint(0, 255)} 0x1fffffffe <ok>"),
        (1, lambda: f"{H(node(), 'unix.hw', 'wifi')}radio scan channels 1 6 11 36 40 44 48 mac {mac(r)}"),
    ]
    plant = [
        (3, lambda: f"{H('server-1', 'domain', 'full')}ServerFileSystem: ServerFileSystem domain home is full (/home/{LG(login(r))} 100%)"),
        (2, lambda: f"{H(node(), 'unix.hw', 'rshd.login')}rsh connection from {IP(pub_ip(r))} as user {LG(login(r))}"),
        (1, lambda: f"{H(node(), 'action', 'start')}boot  (command {r.randint(1, 9999)}) requested by {LG(login(r))}"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_thunderbird(r, n, rate):
    ck = Clock(r, datetime(2005, 11, 9, 12, 1, 1), 5500)
    admin = "tbird-admin1"

    def H(node=None, local=False, alert="-"):
        t = ck.tick()
        node = node or r.choice([f"dn{r.randint(1, 999)}", f"bn{r.randint(1, 999)}", f"cn{r.randint(1, 999)}", f"en{r.randint(1, 99)}"])
        src = f"local@{node}" if local else f"{node}/{node}"
        return f"{alert} {epoch(t)} {t:%Y.%m.%d} {node} {MON[t.month - 1]} {t.day} {t:%H:%M:%S} {src} "

    keep = [
        (8, lambda: f"{H()}crond(pam_unix)[{r.randint(100, 32000)}]: session closed for user root"),
        (6, lambda: f"{H()}crond(pam_unix)[{r.randint(100, 32000)}]: session opened for user root by (uid=0)"),
        (6, lambda: f"{H()}ntpd[{r.randint(100, 32000)}]: synchronized to 10.100.{r.randint(16, 30)}.250, stratum {r.randint(2, 3)}"),
        (8, lambda: f"{H(admin, True)}/apps/x86_64/system/ganglia-3.0.1/sbin/gmetad[{r.randint(1000, 2000)}]: data_thread() got not answer from any [Thunderbird_{r.choice('ABCD')}{r.randint(1, 9)}] datasource"),
        (3, lambda: f"{H(admin, True)}syslog-ng[{r.randint(1000, 2000)}]: syslog-ng version 1.6.7 starting"),
        (3, lambda: f"{H(admin, True)}ACPI: LAPIC_NMI (acpi_id[0x{r.randint(0, 15):02x}] high edge lint[0x1])"),
        (3, lambda: f"{H(admin, True)}xinetd[{r.randint(1000, 2000)}]: Reading included configuration file: /etc/xinetd.d/time [file=/etc/xinetd.d/time] [line=18]"),
        (3, lambda: f"{H(None, True)}dhcpd: DHCPDISCOVER from {mac(r)} via eth1"),
        (3, lambda: f"{H(None, True)}dhcpd: DHCPACK on 10.100.{r.randint(0, 30)}.{r.randint(1, 254)} to {mac(r)} via eth1"),
        (2, lambda: f"{H(None, True)}dhcpd: DHCPREQUEST for 10.100.{r.randint(0, 30)}.{r.randint(1, 254)} (10.100.0.250) from {mac(r)} via eth1: unknown lease 10.100.{r.randint(0, 30)}.{r.randint(1, 254)}."),
        (3, lambda: f"{H()}kernel: eth0: e1000_watchdog: NIC Link is Up 1000 Mbps Full Duplex"),
        (2, lambda: f"{H()}kernel: Intel(R) Xeon(TM) CPU 3.60GHz stepping 03"),
        (2, lambda: f"{H()}kernel: HPET id: 0x8086a201 base: 0xfed00000"),
        (2, lambda: f"{H()}kernel: IOAPIC (id[0x0{r.randint(8, 9)}] address[0xfec{hexs(r, 5)}] gsi_base[{r.choice([0, 24, 48])}])"),
        (2, lambda: f"{H()}kernel: Calibrating delay loop... {r.randint(6000, 7300)}.{r.randint(10, 99)} BogoMIPS"),
        (2, lambda: f"{H()}kernel: Dentry cache hash table entries: 131072 (order: 8, 1048576 bytes)"),
        (2, lambda: f"{H()}smartd[{r.randint(1000, 9000)}]: Device: /dev/sda, Temperature changed {r.randint(-3, 3)} Celsius to {r.randint(25, 45)} Celsius since last report"),
        (2, lambda: f"{H()}sendmail[{r.randint(1000, 32000)}]: k{word_id(r, 13)}: from=root, size={r.randint(200, 9000)}, class=0, nrcpts=1, msgid=<{ck.t:%Y%m%d%H%M}.k{word_id(r, 11)}@{r.choice(['dn228', 'bn661', 'cn591'])}>, relay=root@localhost"),
        (2, lambda: f"{H()}sendmail[{r.randint(1000, 32000)}]: k{word_id(r, 13)}: to=root, ctladdr=root (0/0), delay=00:00:0{r.randint(0, 9)}, xdelay=00:00:00, mailer=relay, pri={r.randint(30000, 99999)}, relay=[127.0.0.1] [127.0.0.1], dsn=4.0.0, stat=Deferred: Connection refused by [127.0.0.1]"),
        (1, lambda: f"{H(admin, True, r.choice(['ECC', 'VAPI', 'CPU']))}kernel: EDAC k8 MC0: general bus error: participating processor(local node response), time-out(no timeout) memory transaction type(generic read), mem or i/o(mem access), cache level(generic)"),
        (1, lambda: f"{H()}kernel: Disk quotas dquot_6.5.1"),
        (1, lambda: f"{H()}kernel: CentOS-4 (Kernel Module GPG key)"),
    ]
    plant = [
        (4, lambda: f"{H()}sshd(pam_unix)[{r.randint(100, 32000)}]: session opened for user {LG(login(r))} by (uid=0)"),
        (3, lambda: f"{H()}sshd[{r.randint(100, 32000)}]: Accepted publickey for {LG(login(r))} from 10.100.{r.randint(0, 30)}.{r.randint(1, 254)} port {port(r)} ssh2"),
        (2, lambda: f"{H(admin, True)}sshd[{r.randint(100, 32000)}]: Failed password for {LG(login(r))} from {IP(pub_ip(r))} port {port(r)} ssh2"),
        (2, lambda: f"{H()}pbs_mom: Job;{r.randint(10000, 99999)}.tbird-sched;task_check, cannot tm_reply to {LG(login(r))} task 1"),
        (1, lambda: f"{H()}kernel: nfs: server tbird-nfs1 not responding, still trying (/home/{LG(login(r))})"),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# 18. Android logcat (threadtime), 19. macOS syslog
# ==========================================================================
def gen_android(r, n, rate):
    ck = Clock(r, datetime(2025, 5, 17, 16, 13, 38), 700)
    sys_pid, ui_pid, ph_pid = 1702, 2227, 2626
    pkgs = ["com.android.phone", "com.android.systemui", "com.example.dialer", "com.google.android.gms",
            "com.android.chrome", "com.example.hello", "com.android.settings", "com.android.providers.contacts"]

    def H(pid, lvl, tag, tid=None):
        t = ck.tick()
        return f"{t:%m-%d %H:%M:%S}.{ms(t)} {pid:5d} {tid or r.choice([pid, r.randint(pid, 32000)]):5d} {lvl} {tag}: "

    keep = [
        (6, lambda: f"{H(ui_pid, 'I', 'PhoneStatusBar', ui_pid)}setSystemUiVisibility vis=0 mask=1 oldVal=40000500 newVal=40000500 diff=0 fullscreenStackVis=0 dockedStackVis=0, fullscreenStackBounds=Rect(0, 0 - 0, 0), dockedStackBounds=Rect(0, 0 - 0, 0)"),
        (5, lambda: (lambda p: f"{H(sys_pid, 'D', 'PowerManagerService')}acquire lock={r.randint(10 ** 8, 10 ** 9)}, flags=0x1, tag=\"View Lock\", name={p}, ws=null, uid={r.randint(1000, 10200)}, pid={r.randint(1000, 30000)}")(r.choice(pkgs))),
        (5, lambda: (lambda p: f"{H(sys_pid, 'D', 'PowerManagerService')}release:lock={r.randint(10 ** 8, 10 ** 9)}, flg=0x0, tag=\"View Lock\", name={p}\", ws=null, uid={r.randint(1000, 10200)}, pid={r.randint(1000, 30000)}")(r.choice(pkgs))),
        (3, lambda: f"{H(sys_pid, 'D', 'PowerManagerService')}ready=true,policy=3,wakefulness=1,wksummary=0x1,uasummary=0x1,bootcompleted=true,boostinprogress=false,waitmodeenable=false,mode=false,manual=38,auto=-1,adj=0.0userId=0"),
        (3, lambda: f"{H(ph_pid, 'W', 'PhoneInterfaceManager')}shouldBlockLocation running ..."),
        (2, lambda: f"{H(ph_pid, 'I', 'PhoneInterfaceManager')}shouldBlockLocation  ret:false"),
        (3, lambda: f"{H(sys_pid, 'I', 'DisplayPowerController')}HBM brightnessIn ={r.randint(1, 255)}"),
        (2, lambda: f"{H(ui_pid, 'V', 'PhoneStatusBar', ui_pid)}setLightsOn(true)"),
        (2, lambda: f"{H(ui_pid, 'I', 'PanelView', ui_pid)}closeQs"),
        (3, lambda: f"{H(sys_pid, 'I', 'ActivityManager')}Start proc {r.randint(1000, 32000)}:{r.choice(pkgs)}/u0a{r.randint(10, 200)} for service {r.choice(pkgs)}/.HelloService"),
        (3, lambda: f"{H(sys_pid, 'I', 'ActivityManager')}START u0 {{act=android.intent.action.MAIN cat=[android.intent.category.LAUNCHER] flg=0x10200000 cmp=com.example.dialer/.WelcomeScreenActivity bnds=[{r.randint(0, 720)},{r.randint(0, 1280)}][{r.randint(0, 720)},{r.randint(0, 1280)}]}} from uid 10037"),
        (2, lambda: f"{H(sys_pid, 'D', 'ActivityManager')}Skipping, withExcluded: false, tr.intent:Intent {{ flg=0x18800000 cmp=com.example.dialer/.InCallActivity (has extras) }}"),
        (2, lambda: f"{H(sys_pid, 'I', 'WindowManager')}Destroying surface Surface(name=com.example.dialer/com.example.dialer.WelcomeScreenActivity) called by com.android.server.wm.WindowStateAnimator.destroySurface:{r.randint(100, 3000)}"),
        (2, lambda: f"{H(sys_pid, 'D', 'WindowManager')}printFreezingDisplayLogsopening app wtoken = AppWindowToken{{{hexs(r, 7)} token=Token{{{hexs(r, 7)} ActivityRecord{{{hexs(r, 7)} u0 com.example.hello/.MainActivity t{r.randint(100, 999)}}}}}}}, allDrawn= false"),
        (3, lambda: f"{H(sys_pid, 'D', 'WifiStateMachine')}scan channels 1 6 11 36 40 44 48 149 153 157 161"),
        (2, lambda: f"{H(sys_pid, 'D', 'WifiStateMachine')}connected to BSSID {mac(r)} freq={r.choice([2412, 2437, 2462, 5180, 5745])} rssi=-{r.randint(30, 90)} linkspeed={r.choice([72, 144, 433, 866])}"),
        (2, lambda: f"{H(sys_pid, 'D', 'ConnectivityService')}NetworkAgentInfo [WIFI () - {r.randint(100, 999)}] validation passed, LinkAddresses: [ fe80::{hexs(r, 4)}:{hexs(r, 4)}:{hexs(r, 4)}:{hexs(r, 4)}/64,192.168.1.{r.randint(2, 254)}/24 ] DnsAddresses: [ 192.168.1.1 ] "),
        (2, lambda: f"{H(sys_pid, 'I', 'DhcpClient')}Received packet: {mac(r)} ACK: your new IP /192.168.1.{r.randint(2, 254)}, netmask /255.255.255.0, gateway /192.168.1.1 DNS servers: /192.168.1.1 lease time {r.choice([3600, 86400])}"),
        (2, lambda: f"{H(sys_pid, 'V', 'BroadcastQueue')}ACTION_BATTERY_CHANGED AMP: {r.randint(-900, 2000)}; Volt: {r.randint(3500, 4400)}"),
        (2, lambda: f"{H(sys_pid, 'I', 'chatty')}uid=1000(system) Binder:1702_{r.randint(1, 20):X} identical {r.randint(1, 40)} lines"),
        (2, lambda: f"{H(r.randint(3000, 30000), 'D', 'OkHttp')}--> GET https://api.example.com/v1/config?app=com.example.dialer&ver=4.2.0.1 h2"),
        (2, lambda: f"{H(r.randint(3000, 30000), 'I', 'Telephony')}TelephonyRegistry: notifyServiceStateForSubscriber: subId=1 phoneId=0 state=0 voice=LTE data=LTE"),
        (2, lambda: f"{H(ph_pid, 'D', 'PhoneIntfMgr')}[PhoneIntfMgr] getDataEnabled: subId=1 phoneId=0"),
        (2, lambda: f"{H(sys_pid, 'W', 'NotificationService')}cancelNotificationWithTag pid {r.randint(1000, 30000)},uid = {r.randint(10000, 10200)},tag = null,pkg =com.example.dialer,id ={r.randint(1, 9999)}"),
        (1, lambda: f"{H(r.randint(3000, 30000), 'E', 'AndroidRuntime')}FATAL EXCEPTION: main"),
        (1, lambda: f"{H(r.randint(3000, 30000), 'E', 'AndroidRuntime')}Process: com.example.hello, PID: {r.randint(3000, 30000)}"),
        (1, lambda: f"{H(r.randint(3000, 30000), 'E', 'AndroidRuntime')}\tat com.example.hello.WelcomeScreen.onCreate(WelcomeScreen.java:{r.randint(20, 500)})"),
        (1, lambda: f"{H(r.randint(3000, 30000), 'I', 'Hello Service')}Hello Service bound, version 3.2.1.0"),
        (1, lambda: f"{H(sys_pid, 'D', 'GnssLocationProvider')}reportLocation: accuracy=12.0 provider=gps time={epoch(ck.t)}{ms(ck.t)}"),
    ]
    plant = [
        (3, lambda: f"{H(r.randint(3000, 30000), 'D', 'InCallController')}onCallAdded: TC@{r.randint(1, 99)}, number {PH(phone(r))}"),
        (2, lambda: f"{H(ph_pid, 'D', 'Telephony')}SMS sent to {PH(phone(r))} status=0"),
        (2, lambda: f"{H(r.randint(3000, 30000), 'I', 'ContactsProvider')}Inserted contact {NM(full_name(r))} raw_contact_id={r.randint(1, 9999)}"),
        (2, lambda: f"{H(sys_pid, 'D', 'AccountManagerService')}addAccountExplicitly: Account {{name={EM(email(r))}, type=com.google}}"),
        (2, lambda: f"{H(r.randint(3000, 30000), 'D', 'OkHttp')}--> POST https://api.example.com/v1/login user={LG(login(r))} h2"),
        (1, lambda: f"{H(r.randint(3000, 30000), 'I', 'GCoreUlr')}Upload from {IP(pub_ip(r))} accepted"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_macos(r, n, rate):
    ck = Clock(r, datetime(2025, 6, 1, 9, 0, 55), 5000)
    hosts = ["calvisitor-10-105-160-95", "calvisitor-10-105-162-178", "airbears2-10-142-110-255", "MacBook-Pro-3", "mbp-office-17"]
    st = {"h": hosts[0]}

    def H(proc, pid=None):
        t = ck.tick()
        if r.random() < 0.05:
            st["h"] = r.choice(hosts)
        pid = 0 if proc == "kernel" else (pid or r.randint(40, 60000))
        return f"{syslog_ts(t)} {st['h']} {proc}[{pid}]: "

    keep = [
        (6, lambda: f"{H('kernel')}ARPT: {r.randint(100000, 999999)}.{r.randint(0, 999999):06d}: AirPort_Brcm43xx::powerChange: System {r.choice(['Sleep', 'Wake'])}"),
        (4, lambda: f"{H('kernel')}IOThunderboltSwitch<0>(0x0)::listenerCallback - Thunderbolt HPD packet for route = 0x0 port = {r.randint(1, 12)} unplug = {r.randint(0, 1)}"),
        (3, lambda: f"{H('kernel')}AirPort: Link {r.choice(['Up', 'Down'])} on {r.choice(['awdl0', 'en0'])}"),
        (3, lambda: f"{H('kernel')}polled file major 1, minor 0, blocksize 4096, pollers 5"),
        (3, lambda: f"{H('kernel')}in6_unlink_ifa: IPv6 address 0x{hexs(r, 16)} has no prefix"),
        (3, lambda: f"{H('kernel')}PM response took {r.randint(100, 3000)} ms ({r.randint(20, 300)}, powerd)"),
        (3, lambda: f"{H('com.apple.cts', 258)}com.apple.CacheDelete.daily: scheduler_evaluate_activity told me to run this job; however, but the start time isn't for {r.randint(100, 86400)} seconds.  Ignoring."),
        (3, lambda: f"{H('com.apple.AddressBook.InternetAccountsBridge')}dnssd_clientstub ConnectToServer: connect() failed path:/var/run/mDNSResponder Socket:4 Err:-1 Errno:1 Operation not permitted"),
        (3, lambda: f"{H('corecaptured')}CCFile::captureLogRun Skipping current file Dir file [{ck.t:%Y-%m-%d_%H,%M,%S}.{ck.t.microsecond:06d}]-CCIOReporter-{r.randint(1, 99):03d}.xml, Current File [{ck.t:%Y-%m-%d_%H,%M,%S}.{ck.t.microsecond:06d}]-CCIOReporter-{r.randint(1, 99):03d}.xml"),
        (2, lambda: f"{H('corecaptured')}CCXPCService::setStreamEventHandler Registered for notification callback."),
        (2, lambda: f"{H('sharingd')}{ck.t:%H:%M:%S}.{ms(ck.t)} : Scanning mode Contacts Only"),
        (2, lambda: f"{H('com.apple.CDScheduler', 258)}Thermal pressure state: {r.randint(0, 1)} Memory pressure state: {r.randint(0, 1)}"),
        (2, lambda: f"{H('Safari')}KeychainGetICDPStatus: status: off"),
        (2, lambda: f"{H('networkd', 195)}nw_connection_endpoint_report [C{r.randint(1, 999)}] {r.choice(['10.105.160.1', '127.0.0.1', '::1', 'fe80::1%lo0'])}:{port(r)} connected"),
        (2, lambda: f"{H('mDNSResponder', 91)}mDNS_Execute: SendQueries didn't send all its queries ({r.randint(1, 9)} remaining)"),
        (2, lambda: f"{H('symptomsd', 215)}__73-[NetworkAnalyticsEngine observeValueForKeyPath:ofObject:change:context:]_block_invoke unexpected switch value 2"),
        (2, lambda: f"{H('com.apple.xpc.launchd', 1)}(com.apple.mdworker.bundles[{r.randint(1000, 60000)}]) Service exited with abnormal code: 78"),
        (2, lambda: f"{H('com.apple.xpc.launchd', 1)}(com.example.HelloService) Service only ran for 0 seconds. Pushing respawn out by 10 seconds."),
        (2, lambda: f"{H('loginwindow', 97)}-[LWBuiltInScreenLockAuthLockUI windowDidResignKey:] | Welcome Screen dismissed"),
        (2, lambda: f"{H('BezelServices 255.10', 94)}ASSERTION FAILED: dvcAddrRef != ((void *)0) -[DriverServices getDeviceAddress:] line: 2789"),
        (1, lambda: f"{H('WindowServer', 238)}CGXDisplayDidWakeNotification [{r.randint(10 ** 12, 10 ** 13)}]: posting kCGSDisplayDidWake"),
        (1, lambda: f"{H('bluetoothd', 103)}Device {mac(r, '-', True)} connected: Magic Keyboard version 3.2.1.0"),
        (1, lambda: f"{H('kernel')}en0: channel changed to {r.choice([1, 6, 11, 36, 40, 44, 48, 149])}"),
        (1, lambda: f"{H('configd', 54)}network changed: v4(en0+:10.105.{r.randint(160, 163)}.{r.randint(1, 254)}) DNS+ Proxy+ SMB"),
        (1, lambda: f"{H('Mail')}Will retry in 60 seconds, May be offline"),
    ]
    plant = [
        (3, lambda: f"{H('com.apple.xpc.launchd', 1)}(com.apple.quicklook.ThumbnailsAgent) Service exited due to signal: Killed: 9 sent by /Users/{LG(login(r))}/Library/Application Support/Sync/agent"),
        (2, lambda: f"{H('mdworker')}Failed to import /Users/{LG(login(r))}/Documents/Budget {ck.t.year}.numbers"),
        (2, lambda: f"{H('sharingd')}{ck.t:%H:%M:%S}.{ms(ck.t)} : Discovered AirDrop peer \"{NM(full_name(r))}'s iPhone\""),
        (2, lambda: f"{H('networkd', 195)}__42-[NETClientConnection evaluateCrazyIvan46]_block_invoke CI46 - Hit by torpedo! QQ.{r.randint(1000, 99999)} tc{r.randint(1000, 99999)} {IP(pub_ip(r))}:{r.choice([80, 443, 5223])}"),
        (1, lambda: f"{H('accountsd')}[Accounts] Failed to update account with identifier {guid(r, True)}, username {EM(email(r))}"),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# 20. postfix + dovecot syslog, 21. Proxifier
# ==========================================================================
def gen_mail(r, n, rate):
    ck = Clock(r, datetime(2025, 7, 27, 0, 0, 4), 4400)
    host = "mx1"
    mx_ip = "192.0.2.25"
    qid = lambda: hexs(r, r.choice([10, 11]), True)

    def H(proc, pid=None):
        t = ck.tick()
        return f"{syslog_ts(t)} {host} {proc}[{pid or r.randint(1000, 60000)}]: "

    sess = lambda: word_id(r, 16)
    keep = [
        (6, lambda: f"{H('postfix/smtpd')}connect from localhost[127.0.0.1]"),
        (6, lambda: f"{H('postfix/smtpd')}disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"),
        (4, lambda: f"{H('postfix/smtpd')}connect from app-{r.randint(1, 9)}.corp.example.com[{priv_ip(r)}]"),
        (4, lambda: f"{H('postfix/qmgr', 1127)}{qid()}: from=<>, size={r.randint(1000, 90000)}, nrcpt=1 (queue active)"),
        (3, lambda: f"{H('postfix/qmgr', 1127)}{qid()}: removed"),
        (3, lambda: f"{H('postfix/cleanup')}{qid()}: message-id=<{ck.t:%Y%m%d%H%M%S}.{qid()}@mx1.example.net>"),
        (2, lambda: f"{H('postfix/cleanup')}{qid()}: message-id=<{guid(r)}@app-3.corp.example.com>"),
        (3, lambda: f"{H('postfix/smtp')}{qid()}: to=<root@localhost>, orig_to=<root>, relay=local, delay=0.{r.randint(1, 99)}, delays=0.{r.randint(1, 9)}/0/0/0.{r.randint(1, 9)}, dsn=2.0.0, status=sent (delivered to mailbox)"),
        (3, lambda: f"{H('postfix/smtp')}{qid()}: to=<MAILER-DAEMON@mx1.example.net>, relay=none, delay={r.randint(1, 9)}.{r.randint(1, 99)}, delays=0.01/0/{r.randint(1, 9)}.{r.randint(1, 9)}/0, dsn=4.4.1, status=deferred (connect to mx.example.org[198.51.100.{r.randint(1, 254)}]:25: Connection timed out)"),
        (2, lambda: f"{H('postfix/smtp')}connect to mx.example.org[2001:db8::{hexs(r, 2)}]:25: Network is unreachable"),
        (2, lambda: f"{H('postfix/anvil', 1130)}statistics: max connection rate {r.randint(1, 30)}/60s for (smtp:{doc_ip(r)}) at {syslog_ts(ck.t)}"),
        (2, lambda: f"{H('postfix/anvil', 1130)}statistics: max cache size {r.randint(1, 30)} at {syslog_ts(ck.t)}"),
        (2, lambda: f"{H('postfix/master', 1120)}daemon started -- version 3.4.13, configuration /etc/postfix"),
        (2, lambda: f"{H('postfix/smtpd')}warning: hostname mail.example.invalid does not resolve to address {doc_ip(r)}"),
        (2, lambda: f"{H('postfix/smtpd')}lost connection after AUTH from unknown[{doc_ip(r)}]"),
        (2, lambda: f"{H('postfix/postscreen')}CONNECT from [{doc_ip(r)}]:{port(r)} to [{mx_ip}]:25"),
        (2, lambda: f"{H('postfix/postscreen')}PASS OLD [{priv_ip(r)}]:{port(r)}"),
        (2, lambda: f"{H('postfix/tlsmgr')}warning: request to update table btree:/var/lib/postfix/smtpd_scache in non-postfix directory /var/lib/postfix"),
        (2, lambda: f"{H('opendkim', 980)}{qid()}: DKIM-Signature field added (s=mail, d=example.net)"),
        (4, lambda: f"{H('dovecot', 870)}imap-login: Disconnected: Connection closed (no auth attempts in 0 secs): user=<>, rip=127.0.0.1, lip=127.0.0.1, secured, session=<{sess()}>"),
        (3, lambda: f"{H('dovecot', 870)}lmtp({r.randint(1000, 60000)}): Disconnect from local: Connection closed (state=READY)"),
        (2, lambda: f"{H('dovecot', 870)}master: Dovecot v2.3.16 (7e2e900c1a) starting up for imap, pop3, lmtp (core dumps disabled)"),
        (2, lambda: f"{H('dovecot', 870)}auth: Warning: Event 0x{hexs(r, 12)} leaked (parent=(nil)): auth-client-connection.c:338"),
        (2, lambda: f"{H('dovecot', 870)}imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip={doc_ip(r)}, lip={mx_ip}, TLS handshaking: SSL_accept() failed: error:14209102:SSL routines:tls_early_post_process_client_hello:unsupported protocol, session=<{sess()}>"),
        (1, lambda: f"{H('dovecot', 870)}lmtp({r.randint(1000, 60000)}): Connect from local"),
        (1, lambda: f"{H('dovecot', 870)}lmtp({r.randint(1000, 60000)}): Disconnect from local: Client has quit the connection (state=READY)"),
        (1, lambda: f"{H('postfix/smtpd')}NOQUEUE: reject: RCPT from unknown[{doc_ip(r)}]: 554 5.7.1 Service unavailable; Client host [{doc_ip(r)}] blocked using zen.spamhaus.org; from=<> to=<postmaster@mx1.example.net> proto=ESMTP helo=<WIN-{word_id(r, 11).upper()}>"),
    ]
    plant = [
        (5, lambda: f"{H('postfix/smtpd')}connect from unknown[{IP(pub_ip(r))}]"),
        (3, lambda: f"{H('postfix/smtpd')}disconnect from unknown[{IP(pub_ip(r))}] ehlo=1 auth=0/1 quit=1 commands=2/3"),
        (4, lambda: f"{H('postfix/qmgr', 1127)}{qid()}: from=<{EM(email(r))}>, size={r.randint(1000, 90000)}, nrcpt=1 (queue active)"),
        (4, lambda: f"{H('postfix/smtp')}{qid()}: to=<{EM(email(r))}>, relay=mx.example.org[198.51.100.{r.randint(1, 254)}]:25, delay={r.randint(0, 9)}.{r.randint(1, 99)}, delays=0.1/0.01/0.{r.randint(1, 99)}/0.{r.randint(1, 99)}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {qid()})"),
        (2, lambda: f"{H('postfix/lmtp')}{qid()}: to=<{EM(email(r))}>, relay=mx1.example.net[private/dovecot-lmtp], delay=0.{r.randint(1, 99)}, delays=0.{r.randint(1, 9)}/0/0/0.{r.randint(1, 9)}, dsn=2.0.0, status=sent (250 2.0.0 <{EM(email(r))}> {sess()} Saved)"),
        (3, lambda: f"{H('postfix/smtpd')}warning: unknown[{IP(pub_ip(r))}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6"),
        (2, lambda: f"{H('postfix/smtpd')}{qid()}: client=unknown[{IP(pub_ip(r))}], sasl_method=PLAIN, sasl_username={LG(login(r))}"),
        (5, lambda: f"{H('dovecot', 870)}imap-login: Login: user=<{LG(login(r))}>, method=PLAIN, rip={IP(pub_ip(r))}, lip={mx_ip}, mpid={r.randint(1000, 60000)}, TLS, session=<{sess()}>"),
        (3, lambda: f"{H('dovecot', 870)}pop3-login: Aborted login (auth failed, 1 attempts in 2 secs): user=<{LG(login(r))}>, method=PLAIN, rip={IP(pub_ip(r))}, lip={mx_ip}, TLS, session=<{sess()}>"),
        (3, lambda: f"{H('dovecot', 870)}imap({EM(email(r))})<{r.randint(1000, 60000)}><{sess()}>: Logged out in={r.randint(10, 999)} out={r.randint(100, 99999)} deleted=0 expunged=0 trashed=0"),
        (2, lambda: f"{H('dovecot', 870)}auth-worker({r.randint(1000, 60000)}): pam({LG(login(r))},{IP(pub_ip(r))},<{sess()}>): unknown user"),
    ]
    return drive(r, n, rate, keep, plant)


def gen_proxifier(r, n, rate):
    ck = Clock(r, datetime(2025, 7, 26, 13, 54, 12), 1800)
    apps = ["chrome.exe", "chrome.exe *64", "firefox.exe", "OUTLOOK.EXE", "Teams.exe", "svchost.exe *64",
            "QQProtectUpd.exe", "OneDrive.exe *64", "HelloService.exe", "git-remote-https.exe *64"]
    dests = ["www.example.com:443", "api.example.net:443", "update.example.org:80", "login.microsoftonline.com:443",
             "outlook.office365.com:443", "github.com:443", "13.client-channel.google.com:443", "127.0.0.1:5037",
             "10.0.4.17:8080", "192.168.1.10:445", "cdn.example.net:443", "ntp.example.org:123", "203.0.113.45:443"]
    proxy = r.choice(["proxy.example.net:5070", "proxy.corp.example.com:3128", "10.0.0.8:1080"])

    def ts():
        t = ck.tick()
        return f"[{t:%m.%d %H:%M:%S}]"

    def kb(x):
        return f"{x} bytes" if x < 1024 else f"{x} bytes ({x / 1024:.2f} KB)" if x < 1048576 else f"{x} bytes ({x / 1048576:.1f} MB)"

    def life():
        s = r.randint(0, 3599)
        return "<1 sec" if s == 0 else f"{s // 60:02d}:{s % 60:02d}"

    keep = [
        (10, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} open through proxy {proxy} HTTPS"),
        (3, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} open through proxy {proxy} SOCKS5"),
        (10, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} close, {kb(r.randint(0, 5000000))} sent, {kb(r.randint(0, 50000000))} received, lifetime {life()}"),
        (3, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} error : Could not connect to proxy {proxy} - connection attempt failed with error 10061"),
        (2, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} error : Could not connect through proxy {proxy} - Proxy server cannot establish a connection with the target, status code 403"),
        (2, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} error : Could not connect through proxy {proxy} - Proxy closed the connection unexpectedly."),
        (1, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} error : A connection request was canceled before the completion."),
        (1, lambda: f"{ts()} {r.choice(apps)} - {r.choice(dests)} error : Could not connect to proxy {proxy} - Could not resolve {proxy.split(':')[0]} error 11001"),
    ]
    plant = [
        (6, lambda: f"{ts()} {r.choice(apps)} - {IP(pub_ip(r))}:{r.choice([443, 80, 8443, 5222])} open through proxy {proxy} HTTPS"),
        (5, lambda: f"{ts()} {r.choice(apps)} - {IP(pub_ip(r))}:{r.choice([443, 80])} close, {kb(r.randint(0, 5000000))} sent, {kb(r.randint(0, 50000000))} received, lifetime {life()}"),
        (1, lambda: f"{ts()} {r.choice(apps)} - {IP(pub_ip(r))}:443 error : Could not connect to proxy {proxy} - connection attempt failed with error 10060"),
    ]
    return drive(r, n, rate, keep, plant)


# ==========================================================================
# driver: files, tokens, truth
# ==========================================================================
FILES = [
    # name, generator, lines (at least), share of entries that carry planted values
    ("syslog-sshd.log", gen_syslog_sshd, 1600, 0.13),
    ("thunderbird.log", gen_thunderbird, 1500, 0.07),
    ("apache-access.log", gen_apache_access, 1500, 0.11),
    ("apache-error.log", gen_apache_error, 1500, 0.10),
    ("nginx-error.log", gen_nginx_error, 1500, 0.09),
    ("iis-w3c.log", gen_iis, 1500, 0.08),
    ("windows-cbs.log", gen_windows_cbs, 1500, 0.055),
    ("windows-event.txt", gen_windows_event, 2600, 0.9),
    ("log4net.log", gen_log4net, 1500, 0.12),
    ("serilog.ndjson", gen_serilog, 1400, 0.12),
    ("java-stacktrace.log", gen_java, 1500, 0.15),
    ("hdfs.log", gen_hdfs, 1500, 0.055),
    ("hadoop.log", gen_hadoop, 1400, 0.065),
    ("bgl.log", gen_bgl, 1500, 0.06),
    ("hpc.log", gen_hpc, 1500, 0.055),
    ("android-logcat.log", gen_android, 1500, 0.07),
    ("macos.log", gen_macos, 1500, 0.075),
    ("dovecot-postfix.log", gen_mail, 1500, 0.15),
    ("zookeeper.log", gen_zookeeper, 1500, 0.06),
    ("openstack.log", gen_openstack, 1400, 0.08),
    ("proxifier.log", gen_proxifier, 1500, 0.09),
]

WS_TOKEN = re.compile(r"\S+")
JSON_LEX = re.compile(r'"((?:[^"\\]|\\.)*)"|[^\s",:{}\[\]]+')


def raw_tokens(text, is_json):
    """(start, end, token) of the line's tokens.

    Plain text: whitespace-separated tokens, unchanged.  JSON lines (Serilog
    CLEF has no whitespace between members): the whitespace-separated pieces of
    every string literal (keys and values, as they appear escaped in the raw
    line) and every bare literal (numbers, true/false/null)."""
    if not is_json:
        return [(m.start(), m.end(), m.group()) for m in WS_TOKEN.finditer(text)]
    out = []
    for m in JSON_LEX.finditer(text):
        if m.group(1) is None:
            out.append((m.start(), m.end(), m.group()))
            continue
        base = m.start(1)
        for w in WS_TOKEN.finditer(m.group(1)):
            out.append((base + w.start(), base + w.end(), w.group()))
    return out


def keep_tokens(text, spans, is_json):
    seen, out = set(), []
    for s, e, tok in raw_tokens(text, is_json):
        if not any(ch.isalnum() for ch in tok):
            continue  # bare punctuation ("-", "|", "---") says nothing
        if any(s < pe and ps < e for ps, pe, _, _ in spans):
            continue  # is, contains or overlaps a planted value
        if tok not in seen:
            seen.add(tok)
            out.append(tok)
    return out


def build(root):
    outdir = os.path.join(root, "out")
    os.makedirs(outdir, exist_ok=True)
    truth, stats = [], []
    for name, fn, n, rate in FILES:
        r = random.Random(f"{SEED}:{name}")
        marked = fn(r, n, rate)
        is_json = name.endswith((".ndjson", ".jsonl"))
        texts, planted, keep_lines, flat, seen = [], [], {}, [], set()
        for i, ml in enumerate(marked, 1):
            text, spans = render(ml)
            if is_json:
                json.loads(text)  # must stay valid JSON
            texts.append(text)
            done = set()
            for s, e, kind, value in spans:
                if (kind, value) not in done:
                    done.add((kind, value))
                    planted.append({"kind": kind, "value": value, "line": i})
            toks = keep_tokens(text, spans, is_json)
            if toks:
                keep_lines[str(i)] = toks
            for t in toks:
                if t not in seen:
                    seen.add(t)
                    flat.append(t)
        with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(texts) + "\n")
        truth.append({"file": f"out/{name}", "planted": planted, "keep": flat, "keep_lines": keep_lines})
        plines = len({p["line"] for p in planted})
        kinds = {}
        for p in planted:
            kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
        stats.append((name, len(texts), plines, sum(len(v) for v in keep_lines.values()), kinds,
                      os.path.getsize(os.path.join(outdir, name))))
    with open(os.path.join(root, "truth.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for obj in truth:
            f.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n")
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=HERE, help="where out/ and truth.jsonl are written (default: next to this script)")
    a = ap.parse_args()
    stats = build(a.root)
    tl = tp = tk = tb = 0
    kinds = {}
    for name, lines, plines, keeps, k, size in stats:
        print(f"{name:24} {lines:6d} lines  {plines:5d} planted ({100.0 * plines / lines:4.1f}%)  {keeps:7d} keep  {size:8d} B  {k}")
        tl, tp, tk, tb = tl + lines, tp + plines, tk + keeps, tb + size
        for kk, v in k.items():
            kinds[kk] = kinds.get(kk, 0) + v
    print(f"{'TOTAL':24} {tl:6d} lines  {tp:5d} planted ({100.0 * tp / tl:4.1f}%)  {tk:7d} keep  {tb:8d} B  {dict(sorted(kinds.items()))}")
    print(f"truth.jsonl {os.path.getsize(os.path.join(a.root, 'truth.jsonl'))} B")


if __name__ == "__main__":
    main()
