//! `IPVS_DEST_ATTR_*`: a destination (real server) inside `IPVS_CMD_ATTR_DEST`.

use super::{address, u16_be, u16_ne, u32_ne};
use netlink_packet_core::{DecodeError, DefaultNla, Nla, NlaBuffer, Parseable};

const ADDR: u16 = 1;
const PORT: u16 = 2;
const FWD_METHOD: u16 = 3;
const WEIGHT: u16 = 4;
const U_THRESH: u16 = 5;
const L_THRESH: u16 = 6;
const ACTIVE_CONNS: u16 = 7;
const INACT_CONNS: u16 = 8;
const PERSIST_CONNS: u16 = 9;
const ADDR_FAMILY: u16 = 11;
const TUN_TYPE: u16 = 13;
const TUN_PORT: u16 = 14;
const TUN_FLAGS: u16 = 15;

/// `IP_VS_CONN_F_*` forwarding methods (`IP_VS_CONN_F_FWD_MASK` = 7).
pub const FWD_MASQ: u32 = 0;
pub const FWD_TUNNEL: u32 = 2;
pub const FWD_DROUTE: u32 = 3;
pub const FWD_MASK: u32 = 7;
/// `IP_VS_CONN_F_TUNNEL_TYPE_*`.
pub const TUN_IPIP: u8 = 0;
pub const TUN_GUE: u8 = 1;
pub const TUN_GRE: u8 = 2;
/// `IP_VS_TUNNEL_ENCAP_FLAG_*`.
pub const TUN_F_CSUM: u16 = 1;
pub const TUN_F_REMCSUM: u16 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DestAttr {
    Addr([u8; 16]),
    /// Host order here, network order on the wire.
    Port(u16),
    FwdMethod(u32),
    Weight(u32),
    UThresh(u32),
    LThresh(u32),
    ActiveConns(u32),
    InactConns(u32),
    PersistConns(u32),
    AddrFamily(u16),
    TunType(u8),
    /// Host order here, network order on the wire.
    TunPort(u16),
    TunFlags(u16),
    Other(DefaultNla),
}

impl Nla for DestAttr {
    fn value_len(&self) -> usize {
        match self {
            DestAttr::Addr(_) => 16,
            DestAttr::Port(_) | DestAttr::AddrFamily(_) | DestAttr::TunPort(_) | DestAttr::TunFlags(_) => 2,
            DestAttr::TunType(_) => 1,
            DestAttr::Other(nla) => nla.value_len(),
            _ => 4,
        }
    }

    fn kind(&self) -> u16 {
        match self {
            DestAttr::Addr(_) => ADDR,
            DestAttr::Port(_) => PORT,
            DestAttr::FwdMethod(_) => FWD_METHOD,
            DestAttr::Weight(_) => WEIGHT,
            DestAttr::UThresh(_) => U_THRESH,
            DestAttr::LThresh(_) => L_THRESH,
            DestAttr::ActiveConns(_) => ACTIVE_CONNS,
            DestAttr::InactConns(_) => INACT_CONNS,
            DestAttr::PersistConns(_) => PERSIST_CONNS,
            DestAttr::AddrFamily(_) => ADDR_FAMILY,
            DestAttr::TunType(_) => TUN_TYPE,
            DestAttr::TunPort(_) => TUN_PORT,
            DestAttr::TunFlags(_) => TUN_FLAGS,
            DestAttr::Other(nla) => nla.kind(),
        }
    }

    fn emit_value(&self, buffer: &mut [u8]) {
        match self {
            DestAttr::Addr(a) => buffer[..16].copy_from_slice(a),
            DestAttr::Port(v) | DestAttr::TunPort(v) => buffer[..2].copy_from_slice(&v.to_be_bytes()),
            DestAttr::AddrFamily(v) | DestAttr::TunFlags(v) => buffer[..2].copy_from_slice(&v.to_ne_bytes()),
            DestAttr::TunType(v) => buffer[0] = *v,
            DestAttr::FwdMethod(v)
            | DestAttr::Weight(v)
            | DestAttr::UThresh(v)
            | DestAttr::LThresh(v)
            | DestAttr::ActiveConns(v)
            | DestAttr::InactConns(v)
            | DestAttr::PersistConns(v) => buffer[..4].copy_from_slice(&v.to_ne_bytes()),
            DestAttr::Other(nla) => nla.emit_value(buffer),
        }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Parseable<NlaBuffer<&'a T>> for DestAttr {
    fn parse(buf: &NlaBuffer<&'a T>) -> Result<Self, DecodeError> {
        let v = buf.value();
        Ok(match buf.kind() {
            ADDR => DestAttr::Addr(address(v)?),
            PORT => DestAttr::Port(u16_be(v)?),
            FWD_METHOD => DestAttr::FwdMethod(u32_ne(v)?),
            WEIGHT => DestAttr::Weight(u32_ne(v)?),
            U_THRESH => DestAttr::UThresh(u32_ne(v)?),
            L_THRESH => DestAttr::LThresh(u32_ne(v)?),
            ACTIVE_CONNS => DestAttr::ActiveConns(u32_ne(v)?),
            INACT_CONNS => DestAttr::InactConns(u32_ne(v)?),
            PERSIST_CONNS => DestAttr::PersistConns(u32_ne(v)?),
            ADDR_FAMILY => DestAttr::AddrFamily(u16_ne(v)?),
            TUN_TYPE => DestAttr::TunType(*v.first().ok_or_else(|| DecodeError::from("empty tunnel type"))?),
            TUN_PORT => DestAttr::TunPort(u16_be(v)?),
            TUN_FLAGS => DestAttr::TunFlags(u16_ne(v)?),
            _ => DestAttr::Other(DefaultNla::parse(buf)?),
        })
    }
}
