//! The IPVS generic-netlink family as types, mirroring the kernel's
//! `include/uapi/linux/ip_vs.h` and nothing else: the commands, the command attributes,
//! and the nested attribute groups of services, destinations and sync daemons (one file
//! each). Attributes lvsc does not know are kept as `Other` so that a newer kernel's
//! replies still parse.

mod daemon;
mod dest;
mod service;

pub use daemon::DaemonAttr;
pub use dest::DestAttr;
pub use service::ServiceAttr;

/// The flag and enum values of each attribute group.
pub mod daemon_consts {
    pub use super::daemon::{STATE_BACKUP, STATE_MASTER};
}
pub mod dest_consts {
    pub use super::dest::{
        FWD_DROUTE, FWD_MASK, FWD_MASQ, FWD_TUNNEL, TUN_F_CSUM, TUN_F_REMCSUM, TUN_GRE, TUN_GUE, TUN_IPIP,
    };
}
pub mod service_consts {
    pub use super::service::{F_HASHED, F_ONEPACKET, F_PERSISTENT, F_SCHED1, F_SCHED2};
}

use netlink_packet_core::{
    DecodeError, DefaultNla, Emitable, Nla, NlaBuffer, NlasIterator, Parseable, ParseableParametrized,
};
use netlink_packet_generic::{GenlFamily, GenlHeader};

pub const FAMILY_NAME: &str = "IPVS";
pub const FAMILY_VERSION: u8 = 1;

/// `IPVS_CMD_*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Command {
    NewService = 1,
    SetService = 2,
    DelService = 3,
    GetService = 4,
    NewDest = 5,
    SetDest = 6,
    DelDest = 7,
    GetDest = 8,
    NewDaemon = 9,
    DelDaemon = 10,
    GetDaemon = 11,
    SetConfig = 12,
    GetConfig = 13,
    GetInfo = 15,
}

impl Command {
    fn from_u8(value: u8) -> Result<Command, DecodeError> {
        Ok(match value {
            1 => Command::NewService,
            2 => Command::SetService,
            3 => Command::DelService,
            4 => Command::GetService,
            5 => Command::NewDest,
            6 => Command::SetDest,
            7 => Command::DelDest,
            8 => Command::GetDest,
            9 => Command::NewDaemon,
            10 => Command::DelDaemon,
            11 => Command::GetDaemon,
            12 => Command::SetConfig,
            13 => Command::GetConfig,
            15 => Command::GetInfo,
            other => return Err(DecodeError::from(format!("unknown IPVS command {other}"))),
        })
    }
}

const CMD_ATTR_SERVICE: u16 = 1;
const CMD_ATTR_DEST: u16 = 2;
const CMD_ATTR_DAEMON: u16 = 3;
const CMD_ATTR_TIMEOUT_TCP: u16 = 4;
const CMD_ATTR_TIMEOUT_TCP_FIN: u16 = 5;
const CMD_ATTR_TIMEOUT_UDP: u16 = 6;
const NLA_F_NESTED: u16 = 0x8000;

/// `IPVS_CMD_ATTR_*`: the top-level attributes of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandAttr {
    Service(Vec<ServiceAttr>),
    Dest(Vec<DestAttr>),
    Daemon(Vec<DaemonAttr>),
    TimeoutTcp(u32),
    TimeoutTcpFin(u32),
    TimeoutUdp(u32),
    Other(DefaultNla),
}

impl Nla for CommandAttr {
    fn value_len(&self) -> usize {
        match self {
            CommandAttr::Service(a) => a.as_slice().buffer_len(),
            CommandAttr::Dest(a) => a.as_slice().buffer_len(),
            CommandAttr::Daemon(a) => a.as_slice().buffer_len(),
            CommandAttr::TimeoutTcp(_) | CommandAttr::TimeoutTcpFin(_) | CommandAttr::TimeoutUdp(_) => 4,
            CommandAttr::Other(nla) => nla.value_len(),
        }
    }

    fn kind(&self) -> u16 {
        match self {
            CommandAttr::Service(_) => CMD_ATTR_SERVICE | NLA_F_NESTED,
            CommandAttr::Dest(_) => CMD_ATTR_DEST | NLA_F_NESTED,
            CommandAttr::Daemon(_) => CMD_ATTR_DAEMON | NLA_F_NESTED,
            CommandAttr::TimeoutTcp(_) => CMD_ATTR_TIMEOUT_TCP,
            CommandAttr::TimeoutTcpFin(_) => CMD_ATTR_TIMEOUT_TCP_FIN,
            CommandAttr::TimeoutUdp(_) => CMD_ATTR_TIMEOUT_UDP,
            CommandAttr::Other(nla) => nla.kind(),
        }
    }

    fn emit_value(&self, buffer: &mut [u8]) {
        match self {
            CommandAttr::Service(a) => a.as_slice().emit(buffer),
            CommandAttr::Dest(a) => a.as_slice().emit(buffer),
            CommandAttr::Daemon(a) => a.as_slice().emit(buffer),
            CommandAttr::TimeoutTcp(v) | CommandAttr::TimeoutTcpFin(v) | CommandAttr::TimeoutUdp(v) => {
                buffer[..4].copy_from_slice(&v.to_ne_bytes())
            }
            CommandAttr::Other(nla) => nla.emit_value(buffer),
        }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for CommandAttr {
    fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
        let value = buf.value();
        Ok(match buf.kind() & !NLA_F_NESTED {
            CMD_ATTR_SERVICE => CommandAttr::Service(parse_nested(value)?),
            CMD_ATTR_DEST => CommandAttr::Dest(parse_nested(value)?),
            CMD_ATTR_DAEMON => CommandAttr::Daemon(parse_nested(value)?),
            CMD_ATTR_TIMEOUT_TCP => CommandAttr::TimeoutTcp(u32_ne(value)?),
            CMD_ATTR_TIMEOUT_TCP_FIN => CommandAttr::TimeoutTcpFin(u32_ne(value)?),
            CMD_ATTR_TIMEOUT_UDP => CommandAttr::TimeoutUdp(u32_ne(value)?),
            _ => CommandAttr::Other(DefaultNla::parse(buf)?),
        })
    }
}

/// Parses a list of attributes of one group.
pub(crate) fn parse_nested<A>(value: &[u8]) -> Result<Vec<A>, DecodeError>
where
    A: for<'b> Parseable<NlaBuffer<&'b [u8]>>,
{
    NlasIterator::new(value).map(|nla| nla.and_then(|nla| A::parse(&nla))).collect()
}

/// The first `N` bytes of an attribute's value, or an error naming how many were wanted.
fn leading<const N: usize>(value: &[u8]) -> Result<[u8; N], DecodeError> {
    value.get(..N).and_then(|b| b.try_into().ok()).ok_or_else(|| DecodeError::from(format!("expected {N} bytes")))
}

pub(crate) fn u32_ne(value: &[u8]) -> Result<u32, DecodeError> {
    leading(value).map(u32::from_ne_bytes)
}

pub(crate) fn u16_ne(value: &[u8]) -> Result<u16, DecodeError> {
    leading(value).map(u16::from_ne_bytes)
}

pub(crate) fn u16_be(value: &[u8]) -> Result<u16, DecodeError> {
    leading(value).map(u16::from_be_bytes)
}

pub(crate) fn address(value: &[u8]) -> Result<[u8; 16], DecodeError> {
    let mut out = [0u8; 16];
    let n = value.len().min(16);
    out[..n].copy_from_slice(&value[..n]);
    Ok(out)
}

/// A C string attribute: the text and its NUL.
pub(crate) fn string(value: &[u8]) -> String {
    let end = value.iter().position(|b| *b == 0).unwrap_or(value.len());
    String::from_utf8_lossy(&value[..end]).into_owned()
}

pub(crate) fn emit_string(text: &str, buffer: &mut [u8]) {
    buffer[..text.len()].copy_from_slice(text.as_bytes());
    buffer[text.len()] = 0;
}

/// One IPVS message: a command and its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpvsMessage {
    pub command: Command,
    pub attrs: Vec<CommandAttr>,
}

impl GenlFamily for IpvsMessage {
    fn family_name() -> &'static str {
        FAMILY_NAME
    }

    fn command(&self) -> u8 {
        self.command as u8
    }

    fn version(&self) -> u8 {
        FAMILY_VERSION
    }
}

impl Emitable for IpvsMessage {
    fn buffer_len(&self) -> usize {
        self.attrs.as_slice().buffer_len()
    }

    fn emit(&self, buffer: &mut [u8]) {
        self.attrs.as_slice().emit(buffer)
    }
}

impl ParseableParametrized<[u8], GenlHeader> for IpvsMessage {
    fn parse_with_param(buf: &[u8], header: GenlHeader) -> Result<Self, DecodeError> {
        Ok(IpvsMessage { command: Command::from_u8(header.cmd)?, attrs: parse_nested(buf)? })
    }
}
