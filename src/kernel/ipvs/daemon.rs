//! `IPVS_DAEMON_ATTR_*`: a connection sync daemon inside `IPVS_CMD_ATTR_DAEMON`.

use super::{address, emit_string, string, u16_ne, u32_ne};
use netlink_packet_core::{DecodeError, DefaultNla, Nla, NlaBuffer, Parseable};

const STATE: u16 = 1;
const MCAST_IFN: u16 = 2;
const SYNC_ID: u16 = 3;
const SYNC_MAXLEN: u16 = 4;
const MCAST_GROUP: u16 = 5;
const MCAST_GROUP6: u16 = 6;
const MCAST_PORT: u16 = 7;
const MCAST_TTL: u16 = 8;

/// `IP_VS_STATE_*`.
pub const STATE_MASTER: u32 = 1;
pub const STATE_BACKUP: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaemonAttr {
    State(u32),
    McastIfn(String),
    SyncId(u32),
    SyncMaxLen(u16),
    McastGroup([u8; 4]),
    McastGroup6([u8; 16]),
    McastPort(u16),
    McastTtl(u8),
    Other(DefaultNla),
}

impl Nla for DaemonAttr {
    fn value_len(&self) -> usize {
        match self {
            DaemonAttr::State(_) | DaemonAttr::SyncId(_) | DaemonAttr::McastGroup(_) => 4,
            DaemonAttr::McastIfn(s) => s.len() + 1,
            DaemonAttr::SyncMaxLen(_) | DaemonAttr::McastPort(_) => 2,
            DaemonAttr::McastGroup6(_) => 16,
            DaemonAttr::McastTtl(_) => 1,
            DaemonAttr::Other(nla) => nla.value_len(),
        }
    }

    fn kind(&self) -> u16 {
        match self {
            DaemonAttr::State(_) => STATE,
            DaemonAttr::McastIfn(_) => MCAST_IFN,
            DaemonAttr::SyncId(_) => SYNC_ID,
            DaemonAttr::SyncMaxLen(_) => SYNC_MAXLEN,
            DaemonAttr::McastGroup(_) => MCAST_GROUP,
            DaemonAttr::McastGroup6(_) => MCAST_GROUP6,
            DaemonAttr::McastPort(_) => MCAST_PORT,
            DaemonAttr::McastTtl(_) => MCAST_TTL,
            DaemonAttr::Other(nla) => nla.kind(),
        }
    }

    fn emit_value(&self, buffer: &mut [u8]) {
        match self {
            DaemonAttr::State(v) | DaemonAttr::SyncId(v) => buffer[..4].copy_from_slice(&v.to_ne_bytes()),
            DaemonAttr::McastIfn(s) => emit_string(s, buffer),
            DaemonAttr::SyncMaxLen(v) | DaemonAttr::McastPort(v) => buffer[..2].copy_from_slice(&v.to_ne_bytes()),
            DaemonAttr::McastGroup(a) => buffer[..4].copy_from_slice(a),
            DaemonAttr::McastGroup6(a) => buffer[..16].copy_from_slice(a),
            DaemonAttr::McastTtl(v) => buffer[0] = *v,
            DaemonAttr::Other(nla) => nla.emit_value(buffer),
        }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for DaemonAttr {
    fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
        let v = buf.value();
        Ok(match buf.kind() {
            STATE => DaemonAttr::State(u32_ne(v)?),
            MCAST_IFN => DaemonAttr::McastIfn(string(v)),
            SYNC_ID => DaemonAttr::SyncId(u32_ne(v)?),
            SYNC_MAXLEN => DaemonAttr::SyncMaxLen(u16_ne(v)?),
            MCAST_GROUP => {
                let a = address(v)?;
                DaemonAttr::McastGroup([a[0], a[1], a[2], a[3]])
            }
            MCAST_GROUP6 => DaemonAttr::McastGroup6(address(v)?),
            MCAST_PORT => DaemonAttr::McastPort(u16_ne(v)?),
            MCAST_TTL => DaemonAttr::McastTtl(*v.first().ok_or_else(|| DecodeError::from("empty ttl"))?),
            _ => DaemonAttr::Other(DefaultNla::parse(buf)?),
        })
    }
}
