//! The IPVS wire types against bytes a real kernel (Debian's 6.1, in the kernel VM) sent
//! and took: what lvsc sends for a table is, byte for byte, what it sent when the kernel
//! accepted it, and what the kernel answers to a dump reads back as that table.
//!
//! The fixtures in `tests/fixtures/netlink/` were taken with `LVSC_NETLINK_CAPTURE=FILE`
//! (one datagram a line, in hex) around `lvsc apply --yes one.lvs` and `lvsc dump` on
//! this file, as `kernel/run-in-vm` runs them:
//!
//! ```text
//! cluster web { vip 10.1.0.1 port tcp 80 scheduler sh sh-port persistence 10m netmask 255.255.255.0
//!               forward nat backend 10.2.0.1:8080 weight 3 u-threshold 100 l-threshold 50 }
//! cluster tun6 { vip 2001:db8::1 port udp 53 scheduler wrr one-packet
//!                forward tunnel gue port 6080 csum backend 2001:db8:1::2 weight 2 }
//! ```

use lvsc::change::{plan, Operation, Scope};
use lvsc::kernel::connection::{frame, replies, Reply};
use lvsc::kernel::ipvs::CommandAttr;
use lvsc::kernel::translate::request;
use lvsc::kernel::translate::{dest_from, service_from};
use lvsc::model::{Config, Destination, Family, Service};
use std::path::Path;

const ONE_LVS: &str = "cluster web {\n vip 10.1.0.1\n port tcp 80\n scheduler sh sh-port\n \
    persistence 10m netmask 255.255.255.0\n forward nat\n backend 10.2.0.1:8080 weight 3 u-threshold 100 l-threshold 50\n}\n\
    cluster tun6 {\n vip 2001:db8::1\n port udp 53\n scheduler wrr\n one-packet\n \
    forward tunnel gue port 6080 csum\n backend 2001:db8:1::2 weight 2\n}\n";
/// The id the controller gave the IPVS family in that boot.
const FAMILY: u16 = 0x20;
const NLM_F_REQUEST: u16 = 1;
const NLM_F_ACK: u16 = 4;

fn fixture(name: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(Path::new("tests/fixtures/netlink").join(name)).expect("fixture");
    let hex: String = text.lines().filter(|l| !l.starts_with('#')).collect();
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")).collect()
}

fn table() -> Config {
    let loaded = lvsc::syntax::load("one.lvs", Path::new("one.lvs"), ONE_LVS.to_string());
    lvsc::check::check(&loaded).config.expect("one.lvs checks")
}

fn service_of(config: &Config, family: Family) -> Service {
    config.services.iter().find(|s| s.family() == family).cloned().expect("service")
}

#[test]
fn the_requests_for_a_table_are_the_bytes_the_kernel_accepted() {
    let operations = plan(&Config::default(), &table(), Scope::default()).operations;
    assert_eq!(operations.len(), 4, "{operations:?}");
    let mut sent = Vec::new();
    for (i, operation) in operations.iter().enumerate() {
        // The batch's last request asks for the ack.
        let flags = if i + 1 == operations.len() { NLM_F_REQUEST | NLM_F_ACK } else { NLM_F_REQUEST };
        frame(request(operation), FAMILY, flags, 6 + i as u32, &mut sent);
    }
    assert_eq!(hex(&sent), hex(&fixture("apply-batch.hex")));
}

/// The top-level attributes of every message of a captured reply.
fn attributes(name: &str) -> Vec<CommandAttr> {
    let mut attrs = Vec::new();
    for reply in replies(&fixture(name)).expect("the kernel's reply parses") {
        if let Reply::Message(_, message) = reply {
            attrs.extend(message.attrs);
        }
    }
    attrs
}

fn services_in(name: &str) -> Vec<Service> {
    let nests =
        attributes(name).into_iter().filter_map(|a| if let CommandAttr::Service(n) = a { Some(n) } else { None });
    nests.map(|nest| service_from(&nest).expect("a service")).collect()
}

fn destinations_in(name: &str, family: Family) -> Vec<Destination> {
    let nests = attributes(name).into_iter().filter_map(|a| if let CommandAttr::Dest(n) = a { Some(n) } else { None });
    nests.map(|nest| dest_from(&nest, family).0).collect()
}

const DEST_DUMPS: [(&str, Family); 2] = [("dest-dump-nat.hex", Family::Ipv4), ("dest-dump-gue.hex", Family::Ipv6)];

#[test]
fn a_service_dump_reads_back_as_the_table() {
    let wanted = table();
    let read = services_in("service-dump.hex");
    assert_eq!(read.len(), 2);
    for service in read {
        let want = service_of(&wanted, service.family());
        assert_eq!(service, Service { destinations: Vec::new(), ..want });
    }
}

#[test]
fn destination_dumps_read_back_with_thresholds_and_tunnels() {
    let wanted = table();
    for (name, family) in DEST_DUMPS {
        assert_eq!(destinations_in(name, family), service_of(&wanted, family).destinations, "{name}");
    }
}

#[test]
fn an_applied_table_plans_empty_against_its_dump() {
    let wanted = table();
    let mut live = Config { services: services_in("service-dump.hex"), ..Config::default() };
    for (name, family) in DEST_DUMPS {
        let service = live.services.iter_mut().find(|s| s.family() == family).expect("service");
        service.destinations = destinations_in(name, family);
    }
    live.canonicalize();
    let operations: Vec<Operation> = plan(&live, &wanted, Scope::default()).operations;
    assert!(operations.is_empty(), "{operations:?}");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
