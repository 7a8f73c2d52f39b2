//! The floor of the apply benchmark: a minimal raw generic-netlink IPVS client, written
//! for the benchmark and nothing else. It does the kernel-facing work of `lvsc apply` and
//! `lvsc dump` with nothing around it — no language, no checks, no diff, no rollback, no
//! crates but libc — so that its time in the VM is what any client must spend.
//!
//!   raw-netlink apply FILE   sends the `-A`, `-a` and `-e` lines of ipvsadm text (TCP/UDP
//!                            address services, NAT or DR) as NEW_SERVICE, NEW_DEST and
//!                            SET_DEST requests, 1024 to a `send`, the last one acknowledged
//!   raw-netlink dump         reads every service and its destinations and prints them as
//!                            `ipvsadm-save -n` does
//!
//! Built as a cargo example: `cargo build --release --example raw-netlink`.

use std::io::{BufRead, Write};
use std::net::Ipv4Addr;

const NETLINK_GENERIC: i32 = 16;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_ACK: u16 = 4;
const NLM_F_DUMP: u16 = 0x300;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const GENL_ID_CTRL: u16 = 16;
const CTRL_CMD_GETFAMILY: u8 = 3;
const CTRL_ATTR_FAMILY_ID: u16 = 1;
const CTRL_ATTR_FAMILY_NAME: u16 = 2;
const SOL_NETLINK: i32 = 270;
const NETLINK_CAP_ACK: i32 = 10;

// include/uapi/linux/ip_vs.h
const CMD_NEW_SERVICE: u8 = 1;
const CMD_GET_SERVICE: u8 = 4;
const CMD_NEW_DEST: u8 = 5;
const CMD_SET_DEST: u8 = 6;
const CMD_GET_DEST: u8 = 8;
const ATTR_SERVICE: u16 = 1;
const ATTR_DEST: u16 = 2;
const SVC_AF: u16 = 1;
const SVC_PROTOCOL: u16 = 2;
const SVC_ADDR: u16 = 3;
const SVC_PORT: u16 = 4;
const SVC_SCHED_NAME: u16 = 6;
const SVC_FLAGS: u16 = 7;
const SVC_TIMEOUT: u16 = 8;
const SVC_NETMASK: u16 = 9;
const DEST_ADDR: u16 = 1;
const DEST_PORT: u16 = 2;
const DEST_FWD_METHOD: u16 = 3;
const DEST_WEIGHT: u16 = 4;
const DEST_U_THRESH: u16 = 5;
const DEST_L_THRESH: u16 = 6;
const BATCH: usize = 1024;

struct Socket {
    fd: i32,
    family: u16,
    sequence: u32,
    /// Every datagram is received here (allocated once: 2,001 dumps must not zero a
    /// buffer each).
    buffer: Vec<u8>,
}

fn fail(what: &str) -> ! {
    eprintln!("raw-netlink: {what}: {}", std::io::Error::last_os_error());
    std::process::exit(1);
}

impl Socket {
    fn open() -> Socket {
        // SAFETY: plain socket calls with valid arguments; the descriptor is ours.
        let fd = unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, NETLINK_GENERIC) };
        if fd < 0 {
            fail("socket");
        }
        let size: i32 = 32 << 20;
        let one: i32 = 1;
        // SAFETY: valid descriptor and option values of the size given.
        unsafe {
            let len = std::mem::size_of::<i32>() as libc::socklen_t;
            libc::setsockopt(fd, libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, (&size as *const i32).cast(), len);
            libc::setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, (&one as *const i32).cast(), len);
        }
        let mut socket = Socket { fd, family: 0, sequence: 0, buffer: vec![0u8; 1 << 20] };
        socket.family = socket.resolve();
        socket
    }

    fn send(&self, bytes: &[u8]) {
        // SAFETY: the buffer is valid for its length.
        if unsafe { libc::send(self.fd, bytes.as_ptr().cast(), bytes.len(), 0) } < 0 {
            fail("send");
        }
    }

    /// One datagram into `self.buffer`; its length.
    fn receive(&mut self) -> usize {
        // SAFETY: the buffer is valid for its length.
        let n = unsafe { libc::recv(self.fd, self.buffer.as_mut_ptr().cast(), self.buffer.len(), 0) };
        if n < 0 {
            fail("recv");
        }
        n as usize
    }

    /// Starts a message (header and genl header) at the end of `out`; returns where.
    fn begin(&mut self, out: &mut Vec<u8>, kind: u16, flags: u16, command: u8) -> usize {
        self.sequence += 1;
        let start = out.len();
        out.extend_from_slice(&0u32.to_ne_bytes());
        out.extend_from_slice(&kind.to_ne_bytes());
        out.extend_from_slice(&flags.to_ne_bytes());
        out.extend_from_slice(&self.sequence.to_ne_bytes());
        out.extend_from_slice(&0u32.to_ne_bytes());
        out.extend_from_slice(&[command, 1, 0, 0]);
        start
    }

    fn resolve(&mut self) -> u16 {
        let mut out = Vec::new();
        let start = self.begin(&mut out, GENL_ID_CTRL, NLM_F_REQUEST, CTRL_CMD_GETFAMILY);
        attr(&mut out, CTRL_ATTR_FAMILY_NAME, b"IPVS\0");
        end(&mut out, start);
        self.send(&out);
        let n = self.receive();
        let mut family = None;
        for (kind, payload) in messages(&self.buffer[..n]) {
            if kind == NLMSG_ERROR {
                eprintln!("raw-netlink: no IPVS family");
                std::process::exit(1);
            }
            for (t, v) in attrs(&payload[4..]) {
                if t == CTRL_ATTR_FAMILY_ID {
                    family = Some(u16::from_ne_bytes([v[0], v[1]]));
                }
            }
        }
        family.unwrap_or_else(|| fail("family"))
    }

    /// Sends the requests, 1024 to a `send`, the last of each acknowledged; how many the
    /// kernel refused.
    fn apply(&mut self, requests: &[Request]) -> usize {
        let mut refused = 0;
        for batch in requests.chunks(BATCH) {
            let mut out = Vec::with_capacity(batch.len() * 128);
            let first = self.sequence + 1;
            for (i, request) in batch.iter().enumerate() {
                let flags = if i + 1 == batch.len() { NLM_F_REQUEST | NLM_F_ACK } else { NLM_F_REQUEST };
                let start = self.begin(&mut out, self.family, flags, request.command);
                let nest = begin_nest(&mut out, ATTR_SERVICE);
                service_identity(&mut out, request);
                if request.command == CMD_NEW_SERVICE {
                    attr(&mut out, SVC_SCHED_NAME, format!("{}\0", request.scheduler).as_bytes());
                    let mut flags = [0u8; 8];
                    flags[4..].copy_from_slice(&(!2u32).to_ne_bytes());
                    attr(&mut out, SVC_FLAGS, &flags);
                    attr(&mut out, SVC_TIMEOUT, &0u32.to_ne_bytes());
                    attr(&mut out, SVC_NETMASK, &u32::MAX.to_ne_bytes());
                }
                end_nest(&mut out, nest);
                if request.command != CMD_NEW_SERVICE {
                    let nest = begin_nest(&mut out, ATTR_DEST);
                    attr(&mut out, DEST_ADDR, &v4(request.dest));
                    attr(&mut out, DEST_PORT, &request.dest_port.to_be_bytes());
                    attr(&mut out, DEST_FWD_METHOD, &request.method.to_ne_bytes());
                    attr(&mut out, DEST_WEIGHT, &request.weight.to_ne_bytes());
                    attr(&mut out, DEST_U_THRESH, &0u32.to_ne_bytes());
                    attr(&mut out, DEST_L_THRESH, &0u32.to_ne_bytes());
                    end_nest(&mut out, nest);
                }
                end(&mut out, start);
            }
            self.send(&out);
            let last = self.sequence;
            'batch: loop {
                let n = self.receive();
                for (kind, payload) in messages(&self.buffer[..n]) {
                    if kind != NLMSG_ERROR {
                        continue;
                    }
                    let code = i32::from_ne_bytes([payload[0], payload[1], payload[2], payload[3]]);
                    let sequence = u32::from_ne_bytes([payload[12], payload[13], payload[14], payload[15]]);
                    if code != 0 && sequence >= first {
                        refused += 1;
                    }
                    if sequence == last {
                        break 'batch;
                    }
                }
            }
        }
        refused
    }

    /// Every reply of one dump request, each message's attributes after the genl header.
    fn dump(&mut self, command: u8, service: Option<&Service>) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let start = self.begin(&mut out, self.family, NLM_F_REQUEST | NLM_F_DUMP, command);
        if let Some(s) = service {
            let nest = begin_nest(&mut out, ATTR_SERVICE);
            attr(&mut out, SVC_AF, &2u16.to_ne_bytes());
            attr(&mut out, SVC_PROTOCOL, &s.protocol.to_ne_bytes());
            attr(&mut out, SVC_ADDR, &s.address);
            attr(&mut out, SVC_PORT, &s.port.to_be_bytes());
            end_nest(&mut out, nest);
        }
        end(&mut out, start);
        self.send(&out);
        let mut replies = Vec::new();
        loop {
            let n = self.receive();
            for (kind, payload) in messages(&self.buffer[..n]) {
                match kind {
                    NLMSG_DONE => return replies,
                    NLMSG_ERROR => fail("dump refused"),
                    _ => replies.push(payload[4..].to_vec()),
                }
            }
        }
    }
}

/// One `-A`, `-a` or `-e` line.
struct Request {
    command: u8,
    protocol: u16,
    address: Ipv4Addr,
    port: u16,
    scheduler: String,
    dest: Ipv4Addr,
    dest_port: u16,
    method: u32,
    weight: u32,
}

struct Service {
    protocol: u16,
    address: [u8; 16],
    port: u16,
    scheduler: String,
}

fn v4(a: Ipv4Addr) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..4].copy_from_slice(&a.octets());
    out
}

fn service_identity(out: &mut Vec<u8>, r: &Request) {
    attr(out, SVC_AF, &2u16.to_ne_bytes());
    attr(out, SVC_PROTOCOL, &r.protocol.to_ne_bytes());
    attr(out, SVC_ADDR, &v4(r.address));
    attr(out, SVC_PORT, &r.port.to_be_bytes());
}

fn attr(out: &mut Vec<u8>, kind: u16, value: &[u8]) {
    out.extend_from_slice(&((4 + value.len()) as u16).to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    out.extend_from_slice(value);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

fn begin_nest(out: &mut Vec<u8>, kind: u16) -> usize {
    let start = out.len();
    out.extend_from_slice(&0u16.to_ne_bytes());
    out.extend_from_slice(&kind.to_ne_bytes());
    start
}

fn end_nest(out: &mut [u8], start: usize) {
    let length = (out.len() - start) as u16;
    out[start..start + 2].copy_from_slice(&length.to_ne_bytes());
}

fn end(out: &mut [u8], start: usize) {
    let length = (out.len() - start) as u32;
    out[start..start + 4].copy_from_slice(&length.to_ne_bytes());
}

/// (type, payload after the netlink header) of each message of a datagram.
fn messages(data: &[u8]) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    let mut offset = 0;
    while offset + 16 <= data.len() {
        let length = u32::from_ne_bytes([data[offset], data[offset + 1], data[offset + 2], data[offset + 3]]) as usize;
        if length < 16 || offset + length > data.len() {
            break;
        }
        let kind = u16::from_ne_bytes([data[offset + 4], data[offset + 5]]);
        out.push((kind, &data[offset + 16..offset + length]));
        offset += (length + 3) & !3;
    }
    out
}

/// (type, value) of each attribute.
fn attrs(mut data: &[u8]) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    while data.len() >= 4 {
        let length = u16::from_ne_bytes([data[0], data[1]]) as usize;
        if length < 4 || length > data.len() {
            break;
        }
        out.push((u16::from_ne_bytes([data[2], data[3]]) & 0x3fff, &data[4..length]));
        data = &data[((length + 3) & !3).min(data.len())..];
    }
    out
}

fn endpoint(text: &str) -> (Ipv4Addr, u16) {
    let (a, p) = text.rsplit_once(':').unwrap_or((text, "0"));
    (a.parse().unwrap_or(Ipv4Addr::UNSPECIFIED), p.parse().unwrap_or(0))
}

fn read_requests(path: &str) -> Vec<Request> {
    let file = std::fs::File::open(path).unwrap_or_else(|_| fail(path));
    let mut requests = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.unwrap_or_default();
        let words: Vec<&str> = line.split_whitespace().collect();
        let command = match words.first() {
            Some(&"-A") => CMD_NEW_SERVICE,
            Some(&"-a") => CMD_NEW_DEST,
            Some(&"-e") => CMD_SET_DEST,
            _ => continue,
        };
        let mut r = Request {
            command,
            protocol: 6,
            address: Ipv4Addr::UNSPECIFIED,
            port: 0,
            scheduler: "wlc".into(),
            dest: Ipv4Addr::UNSPECIFIED,
            dest_port: 0,
            method: 3,
            weight: 1,
        };
        let mut i = 1;
        while i < words.len() {
            let value = words.get(i + 1).copied().unwrap_or("");
            match words[i] {
                "-t" | "-u" => {
                    r.protocol = if words[i] == "-u" { 17 } else { 6 };
                    (r.address, r.port) = endpoint(value);
                    i += 1;
                }
                "-s" => {
                    r.scheduler = value.to_string();
                    i += 1;
                }
                "-r" => {
                    (r.dest, r.dest_port) = endpoint(value);
                    i += 1;
                }
                "-w" => {
                    r.weight = value.parse().unwrap_or(1);
                    i += 1;
                }
                "-m" => r.method = 0,
                "-g" => r.method = 3,
                _ => {}
            }
            i += 1;
        }
        requests.push(r);
    }
    requests
}

fn dump(socket: &mut Socket) {
    let mut services = Vec::new();
    for reply in socket.dump(CMD_GET_SERVICE, None) {
        for (kind, nested) in attrs(&reply) {
            if kind != ATTR_SERVICE {
                continue;
            }
            let mut s = Service { protocol: 0, address: [0; 16], port: 0, scheduler: String::new() };
            for (t, v) in attrs(nested) {
                match t {
                    SVC_PROTOCOL => s.protocol = u16::from_ne_bytes([v[0], v[1]]),
                    SVC_ADDR => s.address.copy_from_slice(&v[..16]),
                    SVC_PORT => s.port = u16::from_be_bytes([v[0], v[1]]),
                    SVC_SCHED_NAME => s.scheduler = String::from_utf8_lossy(&v[..v.len() - 1]).into_owned(),
                    _ => {}
                }
            }
            services.push(s);
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for s in &services {
        let flag = if s.protocol == 17 { "-u" } else { "-t" };
        let address = Ipv4Addr::new(s.address[0], s.address[1], s.address[2], s.address[3]);
        let _ = writeln!(out, "-A {flag} {address}:{} -s {}", s.port, s.scheduler);
        for reply in socket.dump(CMD_GET_DEST, Some(s)) {
            for (kind, nested) in attrs(&reply) {
                if kind != ATTR_DEST {
                    continue;
                }
                let (mut dest, mut port, mut method, mut weight) = (Ipv4Addr::UNSPECIFIED, 0, 0, 0);
                for (t, v) in attrs(nested) {
                    match t {
                        DEST_ADDR => dest = Ipv4Addr::new(v[0], v[1], v[2], v[3]),
                        DEST_PORT => port = u16::from_be_bytes([v[0], v[1]]),
                        DEST_FWD_METHOD => method = u32::from_ne_bytes([v[0], v[1], v[2], v[3]]),
                        DEST_WEIGHT => weight = u32::from_ne_bytes([v[0], v[1], v[2], v[3]]),
                        _ => {}
                    }
                }
                let method = if method & 7 == 0 { "-m" } else { "-g" };
                let _ = writeln!(out, "-a {flag} {address}:{} -r {dest}:{port} {method} -w {weight}", s.port);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut socket = Socket::open();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("apply"), Some(path)) => {
            let requests = read_requests(path);
            let refused = socket.apply(&requests);
            if refused > 0 {
                eprintln!("raw-netlink: the kernel refused {refused} of {} requests", requests.len());
                std::process::exit(1);
            }
        }
        (Some("dump"), None) => dump(&mut socket),
        _ => {
            eprintln!("usage: raw-netlink apply FILE | raw-netlink dump");
            std::process::exit(2);
        }
    }
}
