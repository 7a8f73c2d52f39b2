//! A blocking generic-netlink socket to the kernel's IPVS family.
//!
//! Built on netlink-sys (the socket) and netlink-packet-core/-generic (the framing), the
//! rust-netlink crates: small, well kept, and synchronous use needs no runtime, which
//! suits a one-shot command better than an async client. Requests go out in batches,
//! many messages per `send`, each asking for an acknowledgement that is matched back to
//! its request by sequence number, so a batch reports exactly which requests failed.

use super::ipvs::{Command, CommandAttr, IpvsMessage, FAMILY_NAME};
use netlink_packet_core::{
    NetlinkDeserializable, NetlinkHeader, NetlinkMessage, NetlinkPayload, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST,
};
use netlink_packet_generic::ctrl::nlas::GenlCtrlAttrs;
use netlink_packet_generic::ctrl::{GenlCtrl, GenlCtrlCmd};
use netlink_packet_generic::GenlMessage;
use netlink_sys::{protocols::NETLINK_GENERIC, Socket, SocketAddr};
use std::io::Write;
use std::os::fd::AsRawFd;

/// The most requests that share one `send`: past a few dozen the kernel's own work sets
/// the pace (measured in the test VM), so larger batches buy nothing.
const MOST_PER_BATCH: usize = 1024;
/// The most bytes of requests in one `send`, well inside the default socket send buffer.
const SEND_BYTES: usize = 64 << 10;
/// The receive buffer asked for: room for the error replies of whole batches.
const RECEIVE_BUFFER: libc::c_int = 32 << 20;
/// What one error reply can take of the receive buffer (its `truesize`, with room for an
/// extended-ack message), so that a batch whose every request fails still fits.
const REPLY_BYTES: usize = 2048;

/// What went wrong talking to the kernel.
#[derive(Debug, thiserror::Error)]
pub enum KernelError {
    #[error("this kernel has no IPVS (the generic-netlink family IPVS is missing; try `modprobe ip_vs`)")]
    NoIpvs,
    #[error("changing or reading the IPVS table needs CAP_NET_ADMIN (run as root)")]
    NotPermitted,
    #[error("netlink: {0}")]
    Io(#[from] std::io::Error),
    #[error("the kernel's reply could not be read: {0}")]
    Decode(String),
    #[error("the live table holds what lvsc cannot model: {0}")]
    Unknown(#[from] super::translate::UnknownInDump),
    #[error("internal error: the dump thread stopped unexpectedly (please report this)")]
    DumpThreadPanicked,
    #[error("the kernel refused: {0}")]
    Refused(std::io::Error),
    #[error("the kernel dropped replies (ENOBUFS): which requests it carried out is not known")]
    Overrun,
}

impl KernelError {
    fn from_code(code: i32) -> KernelError {
        let error = std::io::Error::from_raw_os_error(-code);
        if error.kind() == std::io::ErrorKind::PermissionDenied {
            KernelError::NotPermitted
        } else {
            KernelError::Refused(error)
        }
    }
}

pub struct Connection {
    socket: Socket,
    family: u16,
    sequence: u32,
    /// Requests per batch, from the receive buffer the kernel granted.
    batch: usize,
    /// `LVSC_NETLINK_CAPTURE=FILE`: every datagram sent (`>`) and received (`<`), in hex,
    /// one a line: how the wire tests' kernel bytes were taken.
    capture: Option<std::fs::File>,
    /// Time spent in `send` of change requests: the kernel carries a batch out inside the
    /// call, so this is its own work, the floor under any apply.
    pub kernel_time: std::time::Duration,
    /// Where every datagram is received: one buffer for the connection's life.
    received: Vec<u8>,
}

/// The receive buffer: larger than any datagram the kernel sends (a dump's are at most
/// 32 KiB), so that one `recv` reads each whole.
const DATAGRAM_BYTES: usize = 256 << 10;

impl Connection {
    /// Opens a socket and resolves the IPVS family.
    pub fn open() -> Result<Connection, KernelError> {
        let mut socket = Socket::new(NETLINK_GENERIC)?;
        socket.bind_auto()?;
        socket.connect(&SocketAddr::new(0, 0))?;
        // Small acknowledgements (no copy of the request), and room for a batch of them.
        let _ = socket.set_cap_ack(true);
        let _ = socket.set_ext_ack(true);
        let granted = grow_receive_buffer(&socket);
        let batch = (granted / REPLY_BYTES).clamp(1, MOST_PER_BATCH);
        let capture = std::env::var_os("LVSC_NETLINK_CAPTURE")
            .and_then(|path| std::fs::OpenOptions::new().create(true).append(true).open(path).ok());
        let mut connection = Connection {
            socket,
            family: 0,
            sequence: 1,
            batch,
            capture,
            kernel_time: Default::default(),
            received: Vec::with_capacity(DATAGRAM_BYTES),
        };
        connection.family = connection.resolve_family()?;
        Ok(connection)
    }

    /// Whether this connection records its datagrams (`LVSC_NETLINK_CAPTURE`): then one
    /// connection must do all the work, so that the record is one conversation.
    pub fn captures(&self) -> bool {
        self.capture.is_some()
    }

    fn send(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.record('>', bytes);
        self.socket.send(bytes, 0)
    }

    /// One datagram, read whole in one `recv` (no peek for its size first).
    fn receive(&mut self) -> std::io::Result<&[u8]> {
        self.received.clear();
        let length = self.socket.recv(&mut self.received, libc::MSG_TRUNC)?;
        if length > self.received.len() {
            return Err(std::io::Error::other(format!("a netlink datagram of {length} bytes did not fit")));
        }
        if self.capture.is_some() {
            let data = self.received.clone();
            self.record('<', &data);
        }
        Ok(&self.received)
    }

    fn record(&mut self, direction: char, bytes: &[u8]) {
        if let Some(file) = self.capture.as_mut() {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let _ = writeln!(file, "{direction} {hex}");
        }
    }

    fn next_sequence(&mut self) -> u32 {
        self.sequence = self.sequence.wrapping_add(1);
        self.sequence
    }

    fn resolve_family(&mut self) -> Result<u16, KernelError> {
        let request =
            GenlCtrl { cmd: GenlCtrlCmd::GetFamily, nlas: vec![GenlCtrlAttrs::FamilyName(FAMILY_NAME.into())] };
        let mut genl = GenlMessage::from_payload(request);
        genl.finalize();
        let sequence = self.next_sequence();
        let mut message = NetlinkMessage::new(
            header(genl.family_id(), NLM_F_REQUEST | NLM_F_ACK, sequence),
            NetlinkPayload::InnerMessage(genl),
        );
        message.finalize();
        let mut buffer = vec![0; message.buffer_len()];
        message.serialize(&mut buffer);
        self.send(&buffer)?;
        let mut family = None;
        loop {
            for reply in netlink_messages::<GenlCtrl>(self.receive()?)? {
                match reply.payload {
                    NetlinkPayload::InnerMessage(genl) => {
                        for nla in genl.payload.nlas {
                            if let GenlCtrlAttrs::FamilyId(id) = nla {
                                family = Some(id);
                            }
                        }
                    }
                    NetlinkPayload::Error(e) if e.code.is_some() => {
                        let code = e.raw_code();
                        if -code == libc::ENOENT {
                            return Err(KernelError::NoIpvs);
                        }
                        return Err(KernelError::from_code(code));
                    }
                    NetlinkPayload::Error(_) => return family.ok_or(KernelError::NoIpvs),
                    _ => {}
                }
            }
        }
    }

    fn encode(&mut self, message: IpvsMessage, flags: u16) -> (u32, Vec<u8>) {
        let mut buffer = Vec::new();
        let sequence = self.encode_into(message, flags, &mut buffer);
        (sequence, buffer)
    }

    /// Appends the request to `buffer` (a batch is one buffer: no copy per request).
    fn encode_into(&mut self, message: IpvsMessage, flags: u16, buffer: &mut Vec<u8>) -> u32 {
        let sequence = self.next_sequence();
        frame(message, self.family, flags, sequence, buffer);
        sequence
    }

    /// Sends requests in batches; the outcome of each, in order.
    ///
    /// Only the last request of a batch asks for an acknowledgement: the kernel answers
    /// every refused request with an error carrying its sequence number whether or not
    /// it was asked to, so that one ack closes the batch and no failure goes unreported.
    /// A batch is small enough that all its error replies fit the receive buffer; if the
    /// kernel still had to drop replies (`ENOBUFS`), what it did is unknown and the
    /// caller is told so ([`KernelError::Overrun`]) instead of being given a guess.
    pub fn execute(&mut self, messages: Vec<IpvsMessage>) -> Result<Vec<Result<(), KernelError>>, KernelError> {
        let total = messages.len();
        let mut messages = messages.into_iter();
        let mut outcomes: Vec<Result<(), KernelError>> = Vec::with_capacity(total);
        let mut buffer = Vec::with_capacity(SEND_BYTES + 4096);
        let mut start = 0;
        while start < total {
            let first_sequence = self.sequence.wrapping_add(1);
            buffer.clear();
            let mut last_offset = 0;
            let mut end = start;
            while end - start < self.batch && buffer.len() < SEND_BYTES {
                let Some(message) = messages.next() else { break };
                last_offset = buffer.len();
                self.encode_into(message, NLM_F_REQUEST, &mut buffer);
                end += 1;
            }
            ask_for_ack(&mut buffer[last_offset..]);
            let count = end - start;
            outcomes.extend((0..count).map(|_| Ok(())));
            let sent = std::time::Instant::now();
            self.send(&buffer)?;
            self.kernel_time += sent.elapsed();
            let mut closed = false;
            while !closed {
                let data = match self.receive() {
                    Ok(data) => data,
                    Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => return Err(KernelError::Overrun),
                    Err(e) => return Err(e.into()),
                };
                for (sequence, code) in acknowledgements(data)? {
                    let position = sequence.wrapping_sub(first_sequence) as usize;
                    if position >= count {
                        continue;
                    }
                    if code != 0 {
                        outcomes[start + position] = Err(KernelError::from_code(code));
                    }
                    closed |= position + 1 == count;
                }
            }
            start = end;
        }
        Ok(outcomes)
    }

    /// One dump request; every reply message until the kernel says it is done.
    pub fn dump(&mut self, request: IpvsMessage) -> Result<Vec<IpvsMessage>, KernelError> {
        let (sequence, bytes) = self.encode(request, NLM_F_REQUEST | NLM_F_DUMP);
        self.send(&bytes)?;
        let mut messages = Vec::new();
        loop {
            for reply in replies(self.receive()?)? {
                match reply {
                    Reply::Message(s, message) if s == sequence => messages.push(message),
                    Reply::Done(s) if s == sequence => return Ok(messages),
                    Reply::Status(s, code) if s == sequence && code != 0 => return Err(KernelError::from_code(code)),
                    _ => {}
                }
            }
        }
    }

    /// A request that expects one reply (GET_CONFIG).
    pub fn get(&mut self, command: Command) -> Result<Vec<CommandAttr>, KernelError> {
        let (sequence, bytes) = self.encode(IpvsMessage { command, attrs: Vec::new() }, NLM_F_REQUEST | NLM_F_ACK);
        self.send(&bytes)?;
        let mut attrs = Vec::new();
        loop {
            for reply in replies(self.receive()?)? {
                match reply {
                    Reply::Message(s, message) if s == sequence => attrs.extend(message.attrs),
                    Reply::Status(s, 0) if s == sequence => return Ok(attrs),
                    Reply::Status(s, code) if s == sequence => return Err(KernelError::from_code(code)),
                    _ => {}
                }
            }
        }
    }
}

/// One netlink message the kernel sent, by sequence number.
#[derive(Debug)]
pub enum Reply {
    Message(u32, IpvsMessage),
    /// The end of a dump.
    Done(u32),
    /// An acknowledgement (0) or an error (a negative errno).
    Status(u32, i32),
}

/// The messages of one received datagram.
pub fn replies(data: &[u8]) -> Result<Vec<Reply>, KernelError> {
    let mut replies = Vec::new();
    for message in netlink_messages::<IpvsMessage>(data)? {
        let sequence = message.header.sequence_number;
        match message.payload {
            NetlinkPayload::InnerMessage(genl) => replies.push(Reply::Message(sequence, genl.payload)),
            NetlinkPayload::Done(_) => replies.push(Reply::Done(sequence)),
            NetlinkPayload::Error(e) => replies.push(Reply::Status(sequence, e.raw_code())),
            _ => {}
        }
    }
    Ok(replies)
}

/// The netlink messages of one datagram, each aligned to four bytes as the kernel packs them.
fn netlink_messages<F>(data: &[u8]) -> Result<Vec<NetlinkMessage<GenlMessage<F>>>, KernelError>
where
    GenlMessage<F>: NetlinkDeserializable,
{
    let mut messages = Vec::new();
    let mut offset = 0;
    while offset < data.len() {
        let message = NetlinkMessage::<GenlMessage<F>>::deserialize(&data[offset..])
            .map_err(|e| KernelError::Decode(e.to_string()))?;
        let length = message.header.length as usize;
        if length == 0 {
            break;
        }
        offset += (length + 3) & !3;
        messages.push(message);
    }
    Ok(messages)
}

/// Appends one request, framed for the family `family`, to `buffer`.
pub fn frame(message: IpvsMessage, family: u16, flags: u16, sequence: u32, buffer: &mut Vec<u8>) {
    let mut genl = GenlMessage::from_payload(message);
    genl.set_resolved_family_id(family);
    genl.finalize();
    let mut netlink = NetlinkMessage::new(header(family, flags, sequence), NetlinkPayload::InnerMessage(genl));
    netlink.finalize();
    let start = buffer.len();
    buffer.resize(start + netlink.buffer_len(), 0);
    netlink.serialize(&mut buffer[start..]);
}

/// Sets NLM_F_ACK in the header of the serialized message at the start of `bytes`.
fn ask_for_ack(bytes: &mut [u8]) {
    if let Some(field) = bytes.get_mut(6..8) {
        let flags = u16::from_ne_bytes([field[0], field[1]]) | NLM_F_ACK;
        field.copy_from_slice(&flags.to_ne_bytes());
    }
}

/// The receive buffer the kernel grants, in bytes. SO_RCVBUF is capped by
/// `net.core.rmem_max` (208 KiB by default: the replies of about a hundred requests);
/// SO_RCVBUFFORCE passes the cap and needs CAP_NET_ADMIN, which changing IPVS needs anyway.
fn grow_receive_buffer(socket: &Socket) -> usize {
    let size = RECEIVE_BUFFER;
    // SAFETY: a valid socket descriptor and a c_int option value of the size given.
    let forced = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUFFORCE,
            (&size as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if forced != 0 {
        let _ = socket.set_rx_buf_sz(size);
    }
    // The kernel reports twice what it counts against the buffer (its bookkeeping share).
    socket.get_rx_buf_sz().map_or(0, |granted| granted / 2)
}

fn header(family: u16, flags: u16, sequence: u32) -> NetlinkHeader {
    let mut header = NetlinkHeader::default();
    header.message_type = family;
    header.flags = flags;
    header.sequence_number = sequence;
    header
}

/// The (sequence, error code) of every acknowledgement in a receive buffer. Read from the
/// raw `nlmsgerr` layout: with NETLINK_CAP_ACK the kernel trims the echoed request.
fn acknowledgements(data: &[u8]) -> Result<Vec<(u32, i32)>, KernelError> {
    const NLMSG_ERROR: u16 = 2;
    let mut acks = Vec::new();
    let mut offset = 0;
    while offset + 16 <= data.len() {
        let length = u32::from_ne_bytes(data[offset..offset + 4].try_into().unwrap_or_default()) as usize;
        let kind = u16::from_ne_bytes(data[offset + 4..offset + 6].try_into().unwrap_or_default());
        if length < 16 {
            break;
        }
        if kind == NLMSG_ERROR && offset + 20 <= data.len() {
            let code = i32::from_ne_bytes(data[offset + 16..offset + 20].try_into().unwrap_or_default());
            // The echoed request header follows the code: its sequence names the request.
            let sequence = if offset + 32 <= data.len() {
                u32::from_ne_bytes(data[offset + 28..offset + 32].try_into().unwrap_or_default())
            } else {
                u32::from_ne_bytes(data[offset + 8..offset + 12].try_into().unwrap_or_default())
            };
            acks.push((sequence, code));
        }
        offset += (length + 3) & !3;
    }
    Ok(acks)
}
