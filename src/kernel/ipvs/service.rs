//! `IPVS_SVC_ATTR_*`: a virtual service inside `IPVS_CMD_ATTR_SERVICE`.

use super::{address, emit_string, string, u16_be, u16_ne, u32_ne};
use netlink_packet_core::{DecodeError, DefaultNla, Nla, NlaBuffer, Parseable};

const AF: u16 = 1;
const PROTOCOL: u16 = 2;
const ADDR: u16 = 3;
const PORT: u16 = 4;
const FWMARK: u16 = 5;
const SCHED_NAME: u16 = 6;
const FLAGS: u16 = 7;
const TIMEOUT: u16 = 8;
const NETMASK: u16 = 9;
const PE_NAME: u16 = 11;

/// `IP_VS_SVC_F_*` bits of `FLAGS`.
pub const F_PERSISTENT: u32 = 0x0001;
pub const F_HASHED: u32 = 0x0002;
pub const F_ONEPACKET: u32 = 0x0004;
pub const F_SCHED1: u32 = 0x0008;
pub const F_SCHED2: u32 = 0x0010;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceAttr {
    /// `AF_INET` or `AF_INET6`.
    Af(u16),
    /// `IPPROTO_*`.
    Protocol(u16),
    /// 16 bytes; an IPv4 address in the first 4.
    Addr([u8; 16]),
    /// Host order here, network order on the wire.
    Port(u16),
    Fwmark(u32),
    SchedName(String),
    /// `struct ip_vs_flags { flags, mask }`.
    Flags {
        flags: u32,
        mask: u32,
    },
    /// Persistence timeout in seconds.
    Timeout(u32),
    /// IPv4: the netmask's four bytes as the kernel keeps them (network order); IPv6: the
    /// prefix length.
    Netmask(u32),
    PeName(String),
    Other(DefaultNla),
}

impl Nla for ServiceAttr {
    fn value_len(&self) -> usize {
        match self {
            ServiceAttr::Af(_) | ServiceAttr::Protocol(_) | ServiceAttr::Port(_) => 2,
            ServiceAttr::Addr(_) => 16,
            ServiceAttr::Fwmark(_) | ServiceAttr::Timeout(_) | ServiceAttr::Netmask(_) => 4,
            ServiceAttr::SchedName(s) | ServiceAttr::PeName(s) => s.len() + 1,
            ServiceAttr::Flags { .. } => 8,
            ServiceAttr::Other(nla) => nla.value_len(),
        }
    }

    fn kind(&self) -> u16 {
        match self {
            ServiceAttr::Af(_) => AF,
            ServiceAttr::Protocol(_) => PROTOCOL,
            ServiceAttr::Addr(_) => ADDR,
            ServiceAttr::Port(_) => PORT,
            ServiceAttr::Fwmark(_) => FWMARK,
            ServiceAttr::SchedName(_) => SCHED_NAME,
            ServiceAttr::Flags { .. } => FLAGS,
            ServiceAttr::Timeout(_) => TIMEOUT,
            ServiceAttr::Netmask(_) => NETMASK,
            ServiceAttr::PeName(_) => PE_NAME,
            ServiceAttr::Other(nla) => nla.kind(),
        }
    }

    fn emit_value(&self, buffer: &mut [u8]) {
        match self {
            ServiceAttr::Af(v) | ServiceAttr::Protocol(v) => buffer[..2].copy_from_slice(&v.to_ne_bytes()),
            ServiceAttr::Port(v) => buffer[..2].copy_from_slice(&v.to_be_bytes()),
            ServiceAttr::Addr(a) => buffer[..16].copy_from_slice(a),
            ServiceAttr::Fwmark(v) | ServiceAttr::Timeout(v) | ServiceAttr::Netmask(v) => {
                buffer[..4].copy_from_slice(&v.to_ne_bytes())
            }
            ServiceAttr::SchedName(s) | ServiceAttr::PeName(s) => emit_string(s, buffer),
            ServiceAttr::Flags { flags, mask } => {
                buffer[..4].copy_from_slice(&flags.to_ne_bytes());
                buffer[4..8].copy_from_slice(&mask.to_ne_bytes());
            }
            ServiceAttr::Other(nla) => nla.emit_value(buffer),
        }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for ServiceAttr {
    fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
        let v = buf.value();
        Ok(match buf.kind() {
            AF => ServiceAttr::Af(u16_ne(v)?),
            PROTOCOL => ServiceAttr::Protocol(u16_ne(v)?),
            ADDR => ServiceAttr::Addr(address(v)?),
            PORT => ServiceAttr::Port(u16_be(v)?),
            FWMARK => ServiceAttr::Fwmark(u32_ne(v)?),
            SCHED_NAME => ServiceAttr::SchedName(string(v)),
            FLAGS => ServiceAttr::Flags { flags: u32_ne(v)?, mask: u32_ne(v.get(4..).unwrap_or(&[]))? },
            TIMEOUT => ServiceAttr::Timeout(u32_ne(v)?),
            NETMASK => ServiceAttr::Netmask(u32_ne(v)?),
            PE_NAME => ServiceAttr::PeName(string(v)),
            _ => ServiceAttr::Other(DefaultNla::parse(buf)?),
        })
    }
}
